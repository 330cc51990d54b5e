import { ascii, check, viewOf } from "./bytes.ts";

interface Box {
  type: string;
  /** Where the box's content starts (after its header) and where the box ends. */
  start: number;
  end: number;
}

/** The boxes laid out between `from` and `to` (ISO/IEC 14496-12 §4.2). */
function boxes(bytes: Uint8Array, from: number, to: number): Box[] {
  const view = viewOf(bytes);
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    check(at + 8 <= to, "a box header is cut short");
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      check(at + 16 <= to, "a large box header is cut short");
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    check(size >= header && at + size <= to, "a box is longer than its parent");
    out.push({ type: ascii(bytes, at + 4, at + 8), start: at + header, end: at + size });
    at += size;
  }
  return out;
}

function uint(view: DataView, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return view.getUint32(at);
  if (size === 8) return Number(view.getBigUint64(at));
  check(size === 2, "an unusual field size");
  return view.getUint16(at);
}

/** Item ids and types from `iinf` (ISO/IEC 14496-12 §8.11.6); items of old entries carry MIME data. */
function itemTypes(bytes: Uint8Array, iinf: Box): Map<number, string> {
  const view = viewOf(bytes);
  const version = bytes[iinf.start]!;
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  const types = new Map<number, string>();
  for (const infe of boxes(bytes, first, iinf.end)) {
    check(infe.type === "infe", "an item entry that is not infe");
    const v = bytes[infe.start]!;
    const at = infe.start + 4;
    if (v >= 2) {
      const id = v === 2 ? view.getUint16(at) : view.getUint32(at);
      types.set(id, ascii(bytes, at + (v === 2 ? 4 : 6), at + (v === 2 ? 8 : 10)));
    } else {
      types.set(view.getUint16(at), "mime");
    }
  }
  return types;
}

interface Extent {
  item: number;
  offset: number;
  length: number;
}

/** Where each item's bytes are, as file offsets (§8.11.3); `idat` is the item data box, if any. */
function itemExtents(bytes: Uint8Array, iloc: Box, idat: Box | undefined): Extent[] {
  const view = viewOf(bytes);
  const version = bytes[iloc.start]!;
  let at = iloc.start + 4;
  const offsetSize = bytes[at]! >> 4;
  const lengthSize = bytes[at]! & 15;
  const baseSize = bytes[at + 1]! >> 4;
  const indexSize = version >= 1 ? bytes[at + 1]! & 15 : 0;
  at += 2;
  const count = version < 2 ? view.getUint16(at) : view.getUint32(at);
  at += version < 2 ? 2 : 4;
  const extents: Extent[] = [];
  for (let i = 0; i < count; i++) {
    check(at + 16 <= iloc.end, "the item locations are cut short");
    const item = version < 2 ? view.getUint16(at) : view.getUint32(at);
    at += version < 2 ? 2 : 4;
    const method = version >= 1 ? view.getUint16(at) & 15 : 0;
    if (version >= 1) at += 2;
    at += 2; // data_reference_index: the data is in this file
    const base = uint(view, at, baseSize);
    at += baseSize;
    const extentCount = view.getUint16(at);
    at += 2;
    check(method === 0 || (method === 1 && idat), "item data outside this file");
    const origin = method === 1 ? idat!.start : 0;
    const limit = method === 1 ? idat!.end : bytes.length;
    for (let e = 0; e < extentCount; e++) {
      at += indexSize;
      const offset = origin + base + uint(view, at, offsetSize);
      at += offsetSize;
      const length = uint(view, at, lengthSize);
      at += lengthSize;
      check(length > 0 && offset + length <= limit, "an item's data lies outside the file");
      extents.push({ item, offset, length });
    }
  }
  check(at <= iloc.end, "the item locations overrun their box");
  return extents;
}

/** Items that describe the picture rather than draw it: EXIF, XMP and other MIME data, URIs. */
const METADATA_ITEMS = new Set(["Exif", "mime", "uri "]);

/**
 * A HEIC/HEIF whose metadata items (EXIF with its GPS position and maker notes, XMP) are
 * overwritten with zeros. The file's layout stays as it was, so every offset in it still holds and
 * the images decode as before; rewriting the boxes would need the whole file re-laid. A file whose
 * boxes do not hold together throws.
 */
export function cleanHeic(bytes: Uint8Array): Uint8Array {
  const top = boxes(bytes, 0, bytes.length);
  check(top[0]?.type === "ftyp", "no file type box first");
  const meta = top.find((b) => b.type === "meta");
  check(meta, "no meta box");
  const children = boxes(bytes, meta.start + 4, meta.end);
  const find = (type: string) => children.find((b) => b.type === type);
  const [hdlr, iinf, iloc] = [find("hdlr"), find("iinf"), find("iloc")];
  check(hdlr && ascii(bytes, hdlr.start + 8, hdlr.start + 12) === "pict", "not a picture");
  check(find("pitm") && iinf && iloc, "no primary item, item list or item locations");
  const types = itemTypes(bytes, iinf);
  const out = bytes.slice();
  for (const extent of itemExtents(bytes, iloc, find("idat"))) {
    if (METADATA_ITEMS.has(types.get(extent.item) ?? "")) out.fill(0, extent.offset, extent.offset + extent.length);
  }
  return out;
}
