import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../schema/audit.ts";
import { contact } from "../schema/contact.ts";
import { staff } from "../schema/staff.ts";
import { station } from "../schema/station.ts";
import { D1_MAX_PARAMETERS } from "../worker/db.ts";
import { recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

let admin: Record<string, string>;
let csrf: string;

beforeAll(async () => {
  await seedDemo();
  admin = (await signIn("admin")).headers;
  csrf = await csrfOf("/staff/admin", admin);
});

async function audit(action: string) {
  return db().select().from(auditEvent).where(eq(auditEvent.action, action));
}

describe("administration", () => {
  it("is for admins only", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    for (const path of ["/staff/admin", "/staff/admin/staff", "/staff/admin/api-keys"])
      expect((await call(path, { headers: grid })).status).toBe(403);
    const gridCsrf = await csrfOf("/staff", grid);
    const res = await postForm("/staff/admin/api-keys", { csrf: gridCsrf, name: "sneaky", scopes: "cases:read" }, grid);
    expect(res.status).toBe(403);
    expect(await audit("api_key.create")).toEqual([]);
    expect((await call("/staff/admin", { redirect: "manual" })).status).toBe(303);
  });

  it("creates staff, changes their role and area (ending their sessions), resets passwords, deactivates; all logged", async () => {
    const created = await postForm(
      "/staff/admin/staff",
      { csrf, name: "新网格员", phone: "13700001234", role: "grid_worker", area: "/xhl/jh/jh05/jh0502/", password: "a good long password" },
      admin,
    );
    expect(created.status).toBe(303);
    const [member] = await db().select().from(staff).where(eq(staff.phone, "13700001234"));
    expect(member).toMatchObject({ role: "grid_worker", areaId: "jh0502", active: true });
    const { startSession } = await import("../worker/auth/session.ts");
    const theirs = await startSession(db(), member!.id);
    const cookie = { cookie: `gs_session=${theirs.token}` };
    expect((await call("/staff", { headers: cookie })).status).toBe(200);

    const moved = await postForm(
      `/staff/admin/staff/${member!.id}`,
      { csrf, role: "community_staff", area: "jh05", active: "true", password: "" },
      admin,
    );
    expect(moved.status).toBe(200);
    expect(await db().query.staff.findFirst({ where: eq(staff.id, member!.id) })).toMatchObject({
      role: "community_staff",
      areaPath: "/xhl/jh/jh05/",
    });
    expect((await call("/staff", { headers: cookie, redirect: "manual" })).status).toBe(303);

    await postForm(
      `/staff/admin/staff/${member!.id}`,
      { csrf, role: "community_staff", area: "jh05", password: "another long password" },
      admin,
    );
    const after = await db().query.staff.findFirst({ where: eq(staff.id, member!.id) });
    expect(after?.active).toBe(false);
    const logged = await audit("staff.update");
    expect(logged.at(-1)).toMatchObject({ entityId: String(member!.id), actorName: "管理员" });
    expect(JSON.stringify(logged)).not.toContain("another long password");
    expect(JSON.stringify(logged)).toContain('"password":"reset"');
    expect(await audit("staff.create")).toHaveLength(1);
  });

  it("refuses bad staff input with the reason on the page", async () => {
    const res = await postForm(
      "/staff/admin/staff",
      { csrf, name: "x", phone: "123", role: "grid_worker", area: "jh0501", password: "short" },
      admin,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("phone");
    expect(html).toContain("password");
  });

  it("creates an API key shown once, which works until revoked", async () => {
    const res = await postForm("/staff/admin/api-keys", { csrf, name: "12345热线", scopes: "cases:read", area: "/xhl/jh/" }, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const key = /gs_[0-9a-f]{8}_[\w-]{43}/.exec(html)![0];
    expect((await call("/api/v1/cases", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const again = await (await call("/staff/admin/api-keys", { headers: admin })).text();
    expect(again).not.toContain(key);
    const id = key.slice(3, 11);
    expect((await postForm(`/staff/admin/api-keys/${id}/revoke`, { csrf }, admin)).status).toBe(200);
    expect((await call("/api/v1/cases", { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    expect((await audit("api_key.create"))[0]?.details).toEqual({ name: "12345热线", scopes: ["cases:read"], area: "/xhl/jh/" });
    expect(await audit("api_key.revoke")).toHaveLength(1);
  });

  it("creates and edits stations, adds and deactivates circle contacts", async () => {
    const created = await postForm(
      "/staff/admin/stations",
      { csrf, code: "JH0502W", grid_id: "jh0502", name: "同心园社区第2网格第二微站", address: "胜利街99号" },
      admin,
    );
    expect(created.status).toBe(303);
    const edited = await postForm(
      "/staff/admin/stations/JH0502W",
      { csrf, name: "同心园第二微站", address: "胜利街100号", services: "tea_water", active: "true" },
      admin,
    );
    expect(edited.status).toBe(200);
    expect(await db().query.station.findFirst({ where: eq(station.code, "JH0502W") })).toMatchObject({
      name: "同心园第二微站",
      services: ["tea_water"],
    });
    const duplicate = await postForm(
      "/staff/admin/stations",
      { csrf, code: "JH0502W", grid_id: "jh0502", name: "重复", address: "某处" },
      admin,
    );
    expect(duplicate.status).toBe(400);

    const added = await postForm(
      "/staff/admin/contacts",
      { csrf, area_id: "jh0502", role: "legal_consultant", name: "王律师", organization: "晋阳律所", phone: "13912340000" },
      admin,
    );
    expect(added.status).toBe(200);
    const [row] = await db().select().from(contact).where(eq(contact.name, "王律师"));
    expect((await postForm(`/staff/admin/contacts/${row!.id}/deactivate`, { csrf }, admin)).status).toBe(200);
    expect((await db().query.contact.findFirst({ where: eq(contact.id, row!.id) }))?.active).toBe(false);
    const page = await (await call("/staff/admin/audit", { headers: admin })).text();
    for (const action of ["station.create", "station.update", "contact.create", "contact.deactivate"]) expect(page).toContain(action);
  });

  it("refuses a station edit made from an older revision, keeping what the admin typed", async () => {
    const page = await (await call("/staff/admin/stations/JH0503V", { headers: admin })).text();
    const revision = /name="revision" value="(\d+)"/.exec(page)![1]!;
    const first = await postForm(
      "/staff/admin/stations/JH0503V",
      { csrf, revision, name: "第一位管理员改的名字", address: "胜利街1号", active: "true" },
      admin,
    );
    expect(first.status).toBe(200);
    const before = (await audit("station.update")).length;
    const second = await postForm(
      "/staff/admin/stations/JH0503V",
      { csrf, revision, name: "第二位管理员改的名字", address: "胜利街2号", active: "true" },
      admin,
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("保存前已有他人修改了这条记录");
    expect(html).toContain('value="第二位管理员改的名字"'); // the input is kept
    expect(html).toContain("第一位管理员改的名字 · 胜利街1号"); // and the latest version shown
    expect(html).toContain(`name="revision" value="${Number(revision) + 1}"`);
    expect((await db().query.station.findFirst({ where: eq(station.code, "JH0503V") }))!.name).toBe("第一位管理员改的名字");
    expect(await audit("station.update")).toHaveLength(before); // nothing of the refused edit was written
  });

  it("refuses a contact's deactivation from an older revision", async () => {
    const [row] = await db().select().from(contact).where(eq(contact.areaId, "jh0503")).limit(1);
    await db()
      .update(contact)
      .set({ name: "别人改过", revision: row!.revision + 1 })
      .where(eq(contact.id, row!.id));
    const res = await postForm(`/staff/admin/contacts/${row!.id}/deactivate`, { csrf, revision: String(row!.revision) }, admin);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("这位联系人已被他人修改");
    expect((await db().query.contact.findFirst({ where: eq(contact.id, row!.id) }))!.active).toBe(true);
  });

  it("edits departments", async () => {
    const res = await postForm("/staff/admin/departments", { csrf, id: "water_affairs", name: "区水务局", phone: "0351-1111111" }, admin);
    expect(res.status).toBe(200);
    expect((await call("/api/v1/departments")).ok).toBe(true);
    const list = (await (await call("/api/v1/departments")).json()) as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).toContain("water_affairs");
  });
});

describe("/staff/posters", () => {
  const sheetsOf = (html: string) => html.match(/<section class="poster-sheet">[\s\S]*?<\/section>/g) ?? [];
  const english = { "accept-language": "en-GB,en;q=0.9" };

  it("prints every poster of a community, each the station's own poster, and not outside one's area", async () => {
    const community = (await signIn("community_staff", { area: "jh05" })).headers;
    const res = await call("/staff/posters?area=/xhl/jh/jh05/", { headers: { ...community, ...english } });
    expect(res.status).toBe(200);
    const sheets = sheetsOf(await res.text());
    const stations = (await db().select().from(station))
      .filter((s) => s.active && s.areaPath.startsWith("/xhl/jh/jh05/"))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(stations.length).toBeGreaterThanOrEqual(4);
    expect(sheets).toHaveLength(stations.length);
    // The same sheet, byte for byte, as the single poster: name, code, scan line, QR code, the key
    // contacts with names and phones, 12345 and the emergency box.
    for (const [i, s] of stations.entries()) {
      const single = sheetsOf(await (await call(`/s/${s.code}/poster`)).text());
      expect(single, s.code).toHaveLength(1);
      expect(sheets[i], s.code).toBe(single[0]);
      for (const text of [s.name, `/s/${s.code}`, "扫码反映问题", "社区民警 · ", "市民热线", "12345", "紧急情况请先拨打"])
        expect(sheets[i], s.code).toContain(text);
    }
    expect((await call("/staff/posters?area=/xhl/jh/jh01/", { headers: community })).status).toBe(403);
  });

  it("are Chinese whatever the browser's language, English only when the address asks", async () => {
    const community = (await signIn("community_staff", { area: "jh05" })).headers;
    const chinese = await call("/staff/posters?area=/xhl/jh/jh05/jh0501/", { headers: { ...community, ...english } });
    expect(chinese.headers.get("content-language")).toBe("zh-CN");
    const html = await chinese.text();
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).toContain("常用电话");
    expect(html).not.toContain("Key numbers");
    const asked = await call("/staff/posters?area=/xhl/jh/jh05/jh0501/&lang=en", { headers: community });
    expect(asked.headers.get("content-language")).toBe("en");
    const sheets = sheetsOf(await asked.text());
    expect(sheets.length).toBeGreaterThan(0);
    for (const sheet of sheets)
      for (const text of ["Key numbers", "Grid chief · ", "City hotline", "Police 110"]) expect(sheet).toContain(text);
  });

  it("reads the posters of 120 stations in as many round trips as those of one, within D1's 100 bound values", async () => {
    const community = (await signIn("community_staff", { area: "jh05" })).headers;
    // Each measured right after a first request, so the session comes from this isolate's cache both times.
    const measured = async (path: string) => {
      await call(path, { headers: community });
      return recordRequest(path, { headers: community });
    };
    const one = await measured("/staff/posters?area=/xhl/jh/jh05/jh0503/");
    expect(sheetsOf(await one.response.text())).toHaveLength(1);
    const inGrid = async () => (await db().select().from(station)).filter((s) => s.active && s.areaPath === "/xhl/jh/jh05/jh0502/").length;
    const before = await inGrid();
    // 120 more stations on grid jh0502, as a large street has.
    await db().run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
      INSERT INTO station (code, name, grid_id, area_path, address, opening_hours, services, created_at, updated_at)
      SELECT printf('TS%04dP', n.i), printf('测试微站%d', n.i), s.grid_id, s.area_path, s.address, s.opening_hours, s.services, s.created_at, s.updated_at
      FROM n, station s WHERE s.code = 'JH0502V'`);
    const many = await measured("/staff/posters?area=/xhl/jh/jh05/jh0502/");
    expect(many.response.status).toBe(200);
    const sheets = sheetsOf(await many.response.text());
    expect(await inGrid()).toBe(before + 120);
    expect(sheets).toHaveLength(before + 120);
    expect(many.log.roundTrips).toBe(one.log.roundTrips);
    const ofStations = (log: typeof one.log) => log.statements.filter((s) => s.sql.includes('"station"'));
    expect(ofStations(many.log)).toHaveLength(2);
    expect(ofStations(one.log)).toHaveLength(2);
    expect(Math.max(...many.log.statements.map((s) => s.params.length))).toBeLessThanOrEqual(D1_MAX_PARAMETERS);
    // The circles are read through indexes, never by scanning a table.
    const circles = many.log.statements.find((s) => s.sql.includes("JOIN contact ct"));
    expect(circles).toBeDefined();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${circles!.sql}`)
      .bind(...circles!.params)
      .all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).filter((detail) => /^SCAN /.test(detail))).toEqual([]);
    // Every sheet carries its grid's key contacts, as the station's own poster does.
    const grid = sheetsOf(await (await call("/s/JH0502V/poster")).text())[0]!;
    const numbers = grid.slice(grid.indexOf('<div class="poster-numbers">'));
    expect(numbers).toContain("网格长 · ");
    for (const sheet of sheets) expect(sheet).toContain(numbers);
    expect(sheets.filter((sheet) => sheet.includes("/s/TS0120P"))).toHaveLength(1);
  });
});

describe("/staff/admin/staff: roles and areas by name, paged and searchable", () => {
  const entries = (html: string) => [...html.matchAll(/<a class="who" href="\/staff\/admin\/staff\/(\d+)/g)].map((m) => Number(m[1]));
  const staffCount = async () => (await db().select({ n: sql<number>`count(*)` }).from(staff))[0]!.n;

  it("names roles by their titles, in Chinese and with ?lang=en in English", async () => {
    const zh = await (await call("/staff/admin/staff?q=崔丽", { headers: admin })).text();
    expect(zh).toContain('<option value="grid_worker">专职网格员</option>');
    expect(zh).toContain('<option value="district_dispatcher">区综治中心调度员</option>');
    expect(zh).toMatch(/崔丽 <small>专职网格员 · 同心园社区第1网格 · 18781195636<\/small>/);
    expect(zh).not.toMatch(/>grid_worker</);
    const en = await (await call("/staff/admin/staff?q=崔丽&lang=en", { headers: admin })).text();
    expect(en).toContain('<option value="grid_worker">Grid worker</option>');
    expect(en).toContain("Grid worker · 同心园社区第1网格");
    const [member] = await db().select().from(staff).where(eq(staff.phone, "18781195636"));
    const page = await (await call(`/staff/admin/staff/${member!.id}`, { headers: admin })).text();
    expect(page).toContain('<option value="grid_worker" selected="">专职网格员</option>');
  });

  it("offers areas by name, grouped by street and indented by level, and takes the one chosen", async () => {
    const html = await (await call("/staff/admin/staff", { headers: admin })).text();
    const select = /<select id="area" name="area">([\s\S]*?)<\/select>/.exec(html)![1]!;
    expect(select).toContain('<option value="xhl">杏花岭区</option>');
    expect(select).toContain('<optgroup label="涧河街道">');
    expect(select).toContain('<option value="jh05">\u3000同心园社区</option>');
    expect(select).toContain('<option value="jh0501">\u3000\u3000同心园社区第1网格</option>');
    expect(select).toContain('<option value="jh0501-02">\u3000\u3000\u30002号楼</option>');
    // Each grid's micro-grids follow it.
    expect(select.indexOf('value="jh0501-02"')).toBeGreaterThan(select.indexOf('value="jh0501"'));
    expect(select.indexOf('value="jh0501-02"')).toBeLessThan(select.indexOf('value="jh0502"'));
    const department = /<select id="department" name="department">([\s\S]*?)<\/select>/.exec(html)![1]!;
    expect(department).toContain('<option value="market_supervision">区市场监督管理局</option>');

    const created = await postForm(
      "/staff/admin/staff",
      {
        csrf,
        name: "新助理员",
        phone: "13700005678",
        role: "grid_assistant",
        area: "jh0501-02",
        department: "",
        password: "a good long password",
      },
      admin,
    );
    expect(created.status).toBe(303);
    const [member] = await db().select().from(staff).where(eq(staff.phone, "13700005678"));
    expect(member).toMatchObject({ areaId: "jh0501-02", areaPath: "/xhl/jh/jh05/jh0501/jh0501-02/" });
    const page = await (await call(`/staff/admin/staff/${member!.id}`, { headers: admin })).text();
    expect(page).toContain('<option value="jh0501-02" selected="">');
    const officer = await postForm(
      "/staff/admin/staff",
      {
        csrf,
        name: "新部门",
        phone: "13700005679",
        role: "department_officer",
        area: "",
        department: "justice",
        password: "a good long password",
      },
      admin,
    );
    expect(officer.status).toBe(303);
    expect((await db().select().from(staff).where(eq(staff.phone, "13700005679")))[0]).toMatchObject({
      departmentId: "justice",
      areaId: null,
    });
  });

  it("pages the list with its total, previous and next, and keeps the search in the links", async () => {
    const total = await staffCount();
    expect(total).toBeGreaterThan(50);
    const first = await (await call("/staff/admin/staff", { headers: admin })).text();
    expect(first).toContain(`共 ${total} 人`);
    expect(first).toContain(`第 1 / ${Math.ceil(total / 25)} 页`);
    expect(entries(first)).toHaveLength(25);
    expect(first).toContain('href="/staff/admin/staff?page=2" rel="next"');
    expect(first).not.toContain('rel="prev"');
    const second = await (await call("/staff/admin/staff?page=2", { headers: admin })).text();
    expect(second).toContain('href="/staff/admin/staff" rel="prev"');
    expect(entries(second)[0]).toBeGreaterThan(entries(first).at(-1)!);
    const last = Math.ceil(total / 25);
    const end = await (await call(`/staff/admin/staff?page=${last}&lang=en`, { headers: admin })).text();
    expect(entries(end)).toHaveLength(total - (last - 1) * 25);
    expect(end).toContain(`page ${last} of ${last}`);
    expect(end).not.toContain('rel="next"');
    // Nonsense pages are the first page, not an error.
    expect((await call("/staff/admin/staff?page=-3", { headers: admin })).status).toBe(200);

    const byName = await (await call(`/staff/admin/staff?q=${encodeURIComponent("崔丽")}`, { headers: admin })).text();
    expect(byName).toContain("共 1 人");
    const byPhone = await (await call("/staff/admin/staff?q=1878119", { headers: admin })).text();
    expect(entries(byPhone)).toHaveLength(1);
    // A search of more than a page keeps its words in the pager's links.
    const many = await (await call("/staff/admin/staff?q=1", { headers: admin })).text();
    expect(many).toContain('href="/staff/admin/staff?q=1&amp;page=2" rel="next"');
  });
});

describe("areas chosen by name on the station and API key forms", () => {
  it("offers only grids for a new station, and areas by path for an API key's scope", async () => {
    const stations = await (await call("/staff/admin/stations", { headers: admin })).text();
    const grids = /<select id="grid_id" name="grid_id" required="">([\s\S]*?)<\/select>/.exec(stations)![1]!;
    expect(grids).toContain('<option value="jh0502">\u3000\u3000同心园社区第2网格</option>');
    expect(grids).toContain('<option value="jh05" disabled="">\u3000同心园社区</option>');
    expect(grids).not.toContain("jh0502-01");
    const keys = await (await call("/staff/admin/api-keys", { headers: admin })).text();
    const scope = /<select id="area" name="area">([\s\S]*?)<\/select>/.exec(keys)![1]!;
    expect(scope).toContain('<option value="/xhl/jh/jh05/">\u3000同心园社区</option>');
  });
});
