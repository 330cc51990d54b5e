// The browser build: pure JavaScript, the same in workerd and Node (the Node build imports
// `module`, which clashes with the self-hosted bundle's own `createRequire`).

import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate/browser";
import { concatBytes } from "../lib/encoding.ts";
import { type Cell, type ExportFormat, iterate, pulled, type Sheet } from "./table.ts";

// An XLSX file is a zip of a few XML parts (ECMA-376, SpreadsheetML). They are written here by
// hand and streamed through fflate's streaming Zip, a sheet's rows deflated as they are read:
// the libraries that write XLSX either build the whole workbook in memory or need Node streams,
// and this has to run in workerd and on Node alike (docs/architecture.md).

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text as XML character data: escaped, and without the control characters XML 1.0 forbids. */
function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** `0` → `A`, `26` → `AA`. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * One row. Text is an inline string, never a formula, so a cell beginning with "=" stays text;
 * style 1 is the header's bold.
 */
function rowXml(cells: Cell[], r: number, style = 0): string {
  const s = style ? ` s="${style}"` : "";
  const body = cells
    .map((cell, i) => {
      const ref = `${columnName(i)}${r}`;
      if (cell === null || (typeof cell === "number" && !Number.isFinite(cell))) return "";
      if (typeof cell === "number") return `<c r="${ref}"${s}><v>${cell}</v></c>`;
      return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(cell)}</t></is></c>`;
    })
    .join("");
  return `<row r="${r}">${body}</row>`;
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetNames(sheets: Sheet[]): string[] {
  const seen = new Set<string>();
  return sheets.map((sheet, i) => {
    let name = sheet.name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || `Sheet${i + 1}`;
    if (seen.has(name)) name = `${name.slice(0, 28)} ${i + 1}`;
    seen.add(name);
    return name;
  });
}

function packageParts(names: string[]): [string, string][] {
  const sheetTypes = names
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  return [
    [
      "[Content_Types].xml",
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheetTypes}</Types>`,
    ],
    [
      "_rels/.rels",
      `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${names
        .map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join("")}</sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${HEAD}<Relationships xmlns="${PKG_REL}">${names
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join("")}<Relationship Id="rId${names.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      "xl/styles.xml",
      `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`,
    ],
  ];
}

function writeXlsx(sheets: Sheet[]): ReadableStream<Uint8Array> {
  const names = sheetNames(sheets);
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else out.push(chunk);
    if (final) finished = true;
  });
  const take = () => {
    if (failure) throw failure;
    return concatBytes(out.splice(0));
  };
  for (const [path, xml] of packageParts(names)) {
    const part = new ZipPassThrough(path);
    zip.add(part);
    part.push(strToU8(xml), true);
  }
  let sheet = -1;
  let file: ZipDeflate | null = null;
  let iterator: AsyncIterator<Cell[][]> | null = null;
  let r = 0;
  return pulled(
    async () => {
      while (!finished) {
        if (!file) {
          sheet++;
          if (sheet >= sheets.length) {
            zip.end();
            break;
          }
          file = new ZipDeflate(`xl/worksheets/sheet${sheet + 1}.xml`, { level: 6 });
          zip.add(file);
          iterator = iterate(sheets[sheet]!.chunks);
          r = 1;
          file.push(strToU8(`${HEAD}<worksheet xmlns="${MAIN}"><sheetData>${rowXml(sheets[sheet]!.header, r, 1)}`));
        }
        const next = await iterator!.next();
        if (next.done) {
          file.push(strToU8("</sheetData></worksheet>"), true);
          file = null;
        } else {
          file.push(strToU8(next.value.map((cells) => rowXml(cells, ++r)).join("")));
        }
        if (out.length > 0) return take();
      }
      return out.length > 0 ? take() : finished ? null : take();
    },
    () => iterator?.return?.(),
  );
}

export const XLSX: ExportFormat = {
  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extension: "xlsx",
  write: writeXlsx,
};
