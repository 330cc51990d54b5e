import { type Cell, type ExportFormat, iterate, pulled, type Sheet } from "./table.ts";

const BOM = "\uFEFF";

/**
 * A cell as RFC 4180 text. Text a spreadsheet would read as a formula (=, +, -, @, or a tab or
 * carriage return before one: OWASP's CSV injection list) gets a leading apostrophe, which Excel
 * and WPS show as plain text; numbers stay numbers.
 */
export function csvCell(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * The sheets as one CSV file: UTF-8 with a byte-order mark (without it Excel reads Chinese as
 * GBK), CRLF line ends; a file of several sheets gives each its name on a line of its own and a
 * blank line between them.
 */
function writeCsv(sheets: Sheet[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const titled = sheets.length > 1;
  let sheet = 0;
  let iterator: AsyncIterator<Cell[][]> | null = null;
  let started = false;
  return pulled(
    async () => {
      let text = started ? "" : BOM;
      started = true;
      while (sheet < sheets.length) {
        const current = sheets[sheet]!;
        if (!iterator) {
          iterator = iterate(current.chunks);
          text += `${sheet > 0 ? "\r\n" : ""}${titled ? line([current.name]) : ""}${line(current.header)}`;
        }
        const next = await iterator.next();
        if (!next.done) return encoder.encode(text + next.value.map(line).join(""));
        iterator = null;
        sheet++;
      }
      return text ? encoder.encode(text) : null;
    },
    () => iterator?.return?.(),
  );
}

export const CSV: ExportFormat = { contentType: "text/csv; charset=utf-8", extension: "csv", write: writeCsv };
