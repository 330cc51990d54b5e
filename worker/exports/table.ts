/** One cell of an export: text, a number, or nothing. */
export type Cell = string | number | null;

/**
 * A sheet of an export: its name, its header row, and its rows as they are read, a chunk (one
 * page of a query) at a time, so that a writer never holds more than one chunk.
 */
export interface Sheet {
  name: string;
  header: string[];
  chunks: AsyncIterable<Cell[][]> | Iterable<Cell[][]>;
}

/** How a file of sheets is written: its media type, its name's extension, and the byte stream. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  write(sheets: Sheet[]): ReadableStream<Uint8Array>;
}

/**
 * A byte stream that asks for the next piece only when the reader wants it (`pull`), so a slow
 * download holds one chunk in memory, not the file. `next` returns null when there is no more.
 */
export function pulled(next: () => Promise<Uint8Array | null>, onCancel: () => unknown): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // An empty piece (a deflater still filling its window) is not an answer: read on.
      for (;;) {
        const piece = await next();
        if (piece === null) return controller.close();
        if (piece.byteLength > 0) return controller.enqueue(piece);
      }
    },
    // A download given up ends the rows' reading too (and whatever its end does, like an audit entry).
    async cancel() {
      await onCancel();
    },
  });
}

/** A sheet's chunks as one async iterator, whether it reads them from a query or has them at hand. */
export function iterate(chunks: Sheet["chunks"]): AsyncIterator<Cell[][]> {
  if (Symbol.asyncIterator in chunks) return chunks[Symbol.asyncIterator]();
  const items = chunks[Symbol.iterator]();
  return { next: async () => items.next() };
}
