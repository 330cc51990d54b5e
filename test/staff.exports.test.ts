import { parse } from "csv-parse/sync";
import { desc, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../schema/audit.ts";
import { EXPORT_PAGE } from "../worker/exports/case-export.ts";
import { fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;
const WORD = "导出测试";
/** More than one page of the export's keyset reads. */
const COUNT = EXPORT_PAGE + 25;

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  for (let i = 0; i < COUNT - 2; i++) await fileCase({ ...REPORT, description: `${WORD}第${i}件` });
  // Text a spreadsheet would run as a formula, and quotes, commas and a line break to quote.
  await fileCase({ ...REPORT, description: `=HYPERLINK("http://x.example","${WORD}")` });
  await fileCase({ ...REPORT, description: `${WORD}，含"引号",逗号\n和换行` });
}, 120_000); // 125 cases filed through the API: seconds on a busy two-core machine

/** The body read chunk by chunk, as a download would: the chunks and the bytes. */
async function download(res: Response) {
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { chunks: chunks.length, bytes };
}

/** The tracking codes of the list the export comes from, in its order, through the API. */
async function listedCodes(query: string, headers: Record<string, string>) {
  const codes: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { tracking_code: string }[]; next_cursor: string | null } = await json(
      await call(`/api/v1/cases?${query}&limit=100${cursor ? `&cursor=${cursor}` : ""}`, { headers }),
    );
    codes.push(...page.items.map((c) => c.tracking_code));
    cursor = page.next_cursor;
  } while (cursor);
  return codes;
}

/** The rows of a sheet as text, read from its XML (inline strings and numbers). */
function sheetRows(xml: string): string[][] {
  const fromXml = (s: string) => s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  return [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)].map(([, , body]) => {
    const cells: string[] = [];
    for (const [, ref, content] of body!.matchAll(/<c r="([A-Z]+)\d+"[^>]*>(.*?)<\/c>/gs)) {
      const column = [...ref!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      while (cells.length < column) cells.push("");
      cells.push(
        fromXml(
          content!
            .match(/<t[^>]*>(.*?)<\/t>|<v>(.*?)<\/v>/s)!
            .slice(1)
            .find((v) => v !== undefined) ?? "",
        ),
      );
    }
    return cells;
  });
}

async function latestAudit(action: string) {
  const [row] = await db().select().from(auditEvent).where(eq(auditEvent.action, action)).orderBy(desc(auditEvent.id)).limit(1);
  return row;
}

describe("case list export", () => {
  it("CSV: BOM, CRLF, every matching case in the list's order over several pages, formulas defused, audited", async () => {
    const res = await call(`/staff/exports/cases.csv?q=${WORD}&sort=oldest`, { headers: people.grid });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="cases-\d{8}-\d{4}\.csv"$/);
    const { chunks, bytes } = await download(res);
    expect(chunks).toBeGreaterThan(1);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n").length).toBeGreaterThan(COUNT);
    const [header, ...records] = parse(text, { bom: true, relax_column_count: false }) as string[][];
    expect(header!.slice(0, 3)).toEqual(["受理编号", "登记时间", "类别"]);
    expect(records).toHaveLength(COUNT);
    expect(records.map((r) => r[0])).toEqual(await listedCodes(`q=${WORD}&sort=oldest`, people.grid));
    const description = header!.indexOf("描述");
    expect(records.map((r) => r[description])).toContain(`'=HYPERLINK("http://x.example","${WORD}")`);
    expect(records.map((r) => r[description])).toContain(`${WORD}，含"引号",逗号\n和换行`);
    expect(records[0]![header!.indexOf("类别")]).toBe("安全隐患");
    // The grid worker holds these cases (they are at the grid): the number is theirs to call.
    expect(new Set(records.map((r) => r[header!.indexOf("联系电话")]))).toEqual(new Set([REPORT.reporter.phone]));
    const audit = await latestAudit("export.cases");
    expect(audit?.details).toMatchObject({ format: "csv", rows: COUNT, complete: true, filters: { q: WORD, sort: "oldest" } });
  });

  it("XLSX: a zip whose sheet holds the same rows as the list, phone masked for who does not hold the cases", async () => {
    const res = await call(`/staff/exports/cases.xlsx?q=${WORD}`, { headers: people.community });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const files = unzipSync((await download(res)).bytes);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
      ]),
    );
    expect(strFromU8(files["xl/workbook.xml"]!)).toContain('<sheet name="案件"');
    const [header, ...records] = sheetRows(strFromU8(files["xl/worksheets/sheet1.xml"]!));
    expect(records).toHaveLength(COUNT);
    expect(records.map((r) => r[0])).toEqual(await listedCodes(`q=${WORD}`, people.community));
    const phone = header!.indexOf("联系电话");
    expect(new Set(records.map((r) => r[phone]))).toEqual(new Set(["138****5678"]));
    expect(new Set(records.map((r) => r[header!.indexOf("反映人")]))).toEqual(new Set(["王**"]));
    expect(records.map((r) => r[header!.indexOf("描述")])).toContain(`=HYPERLINK("http://x.example","${WORD}")`);
    expect((await latestAudit("export.cases"))?.details).toMatchObject({ format: "xlsx", rows: COUNT, complete: true });
  });

  it("is refused for an area outside the member's, and holds nothing from another grid", async () => {
    const before = await latestAudit("export.cases");
    const res = await call("/staff/exports/cases.csv?area=/xhl/jh/jh05/jh0501/", { headers: people.otherGrid });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await latestAudit("export.cases"))?.id).toBe(before?.id);
    const own = new TextDecoder().decode(
      (await download(await call(`/staff/exports/cases.csv?q=${WORD}`, { headers: people.otherGrid }))).bytes,
    );
    expect(parse(own, { bom: true })).toHaveLength(1); // the header alone
    expect((await latestAudit("export.cases"))?.details).toMatchObject({ rows: 0, complete: true });
  });

  it("answers a bad filter with a page, not a file", async () => {
    const res = await call("/staff/exports/cases.xlsx?from=yesterday", { headers: people.grid });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("请检查这些筛选条件");
  });
});

describe("statistics export", () => {
  it("gives the area's figures and its children's scorecards as the statistics API does, in CSV and XLSX", async () => {
    const stats = await json<{ total: number; children: { area: { name: string }; total: number; open: number }[] }>(
      await call("/api/v1/stats?area=/xhl/jh/jh05/", { headers: people.community }),
    );
    const csv = await call("/staff/exports/stats.csv?area=/xhl/jh/jh05/", { headers: people.community });
    expect(csv.status).toBe(200);
    const rows = parse(new TextDecoder().decode((await download(csv)).bytes), { bom: true, relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(["概况"]);
    expect(rows).toContainEqual(["总数", String(stats.total)]);
    const childrenAt = rows.findIndex((r) => r[0] === "下级区域");
    const childRows = rows.slice(childrenAt + 2, childrenAt + 2 + stats.children.length);
    expect(childRows.map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(stats.children.map((c) => [c.area.name, c.total, c.open]));
    expect(stats.total).toBeGreaterThanOrEqual(COUNT);

    const xlsx = await call("/staff/exports/stats.xlsx?area=/xhl/jh/jh05/", { headers: people.community });
    const files = unzipSync((await download(xlsx)).bytes);
    const children = sheetRows(strFromU8(files["xl/worksheets/sheet2.xml"]!));
    expect(children.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(stats.children.map((c) => [c.area.name, c.total]));
    expect((await latestAudit("export.stats"))?.details).toMatchObject({ format: "xlsx", area: "/xhl/jh/jh05/" });
  });

  it("is refused above or beside the member's area", async () => {
    expect((await call("/staff/exports/stats.csv?area=/xhl/jh/jh05/", { headers: people.otherCommunity })).status).toBe(403);
    expect((await call("/staff/exports/stats.xlsx?area=/xhl/jh/", { headers: people.community })).status).toBe(403);
    expect((await call("/staff/exports/stats.csv?area=/xhl/jh/", { headers: people.market })).status).toBe(403);
  });

  it("is linked from the dashboard and the list", async () => {
    const dashboard = await (await call("/staff", { headers: people.community })).text();
    expect(dashboard).toContain('href="/staff/exports/stats.csv?area=%2Fxhl%2Fjh%2Fjh05%2F"');
    expect(dashboard).toContain('href="/staff/exports/stats.xlsx?area=%2Fxhl%2Fjh%2Fjh05%2F"');
    const list = await (await call(`/staff/cases?q=${WORD}&sort=due`, { headers: people.grid })).text();
    expect(list).toContain(`href="/staff/exports/cases.csv?q=${encodeURIComponent(WORD)}&amp;sort=due"`);
  });
});
