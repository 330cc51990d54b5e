import { beforeAll, describe, expect, it } from "vitest";
import { ContactSchema } from "../schema/api/contact.ts";
import { pageOf } from "../schema/api/pagination.ts";
import { expectError } from "./helpers/expect-error.ts";
import { demoDirectory, seedDemo } from "./helpers/seed.ts";
import { call, json, keyHeaders, sendJson } from "./helpers/worker.ts";

const ContactPage = pageOf(ContactSchema, "ContactPage");
let reader: Record<string, string>;
let writer: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  reader = await keyHeaders("directory:read");
  writer = await keyHeaders("directory:write");
});

describe("GET /api/v1/contacts", () => {
  it("needs a key with directory:read", async () => {
    await expectError(await call("/api/v1/contacts"), 401, "unauthorized");
    const casesOnly = await keyHeaders("cases:read");
    await expectError(await call("/api/v1/contacts", { headers: casesOnly }), 403, "forbidden");
  });

  it("pages through every contact once, by id", async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : "";
      const page = ContactPage.parse(await json(await call(`/api/v1/contacts?limit=25${after}`, { headers: reader })));
      ids.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(ids.length).toBe(demoDirectory().contacts.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("filters by area and role", async () => {
    const page = ContactPage.parse(await json(await call("/api/v1/contacts?area=jh05&role=community_police", { headers: reader })));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ area_id: "jh05", role: "community_police", active: true });
    const utilities = ContactPage.parse(await json(await call("/api/v1/contacts?role=water", { headers: reader })));
    expect(utilities.items.map((c) => [c.area_id, c.organization, c.phone])).toEqual([["xhl", "太原供水集团", "0351-96677"]]);
    await expectError(await call("/api/v1/contacts?role=mayor", { headers: reader }), 400, "validation_failed");
  });
});

describe("contact writes", () => {
  it("creates, changes and deactivates a contact", async () => {
    const created = await call(
      "/api/v1/contacts",
      sendJson(
        "POST",
        { area_id: "jh01", role: "legal_consultant", name: "李律师", organization: "晋阳律师事务所", phone: "13912345678" },
        writer,
      ),
    );
    expect(created.status).toBe(201);
    const contact = ContactSchema.parse(await created.json());
    expect(contact).toMatchObject({ area_id: "jh01", role: "legal_consultant", name: "李律师", department_id: null, active: true });
    expect(created.headers.get("location")).toBe(`/api/v1/contacts/${contact.id}`);

    const changed = ContactSchema.parse(
      await json(await call(`/api/v1/contacts/${contact.id}`, sendJson("PATCH", { phone: "0351-7654321" }, writer))),
    );
    expect(changed).toEqual({ ...contact, phone: "0351-7654321", revision: contact.revision + 1 });

    const gone = ContactSchema.parse(await json(await call(`/api/v1/contacts/${contact.id}`, { method: "DELETE", headers: writer })));
    expect(gone.active).toBe(false);
    const list = ContactPage.parse(
      await json(await call("/api/v1/contacts?area=jh01&role=legal_consultant&active=false", { headers: reader })),
    );
    expect(list.items.map((c) => c.id)).toEqual([contact.id]);
  });

  it("refuses a change from an older revision with 412", async () => {
    const created = await call(
      "/api/v1/contacts",
      sendJson("POST", { area_id: "jh01", role: "legal_consultant", name: "赵律师", phone: "13912340001" }, writer),
    );
    const etag = created.headers.get("etag")!;
    const { id, revision } = await json(created);
    expect(etag).toBe(`"${revision}"`);
    const first = await call(`/api/v1/contacts/${id}`, sendJson("PATCH", { name: "赵律师（所长）" }, { ...writer, "if-match": etag }));
    expect([first.status, first.headers.get("etag")]).toEqual([200, `"${revision + 1}"`]);
    await expectError(
      await call(`/api/v1/contacts/${id}`, sendJson("PATCH", { phone: "13912340002" }, { ...writer, "if-match": etag })),
      412,
      "precondition_failed",
    );
    const now = await json(await call(`/api/v1/contacts?area=jh01&role=legal_consultant&limit=100`, { headers: reader }));
    expect(now.items.find((c: { id: number }) => c.id === id)).toMatchObject({
      name: "赵律师（所长）",
      phone: "13912340001",
      revision: revision + 1,
    });
  });

  it("names what does not exist and what is malformed", async () => {
    const unknown = await expectError(
      await call(
        "/api/v1/contacts",
        sendJson("POST", { area_id: "zz01", role: "power", name: "X", phone: "95598", department_id: "nope" }, writer),
      ),
      400,
      "validation_failed",
    );
    expect(unknown.details).toEqual([
      { path: "area_id", message: "there is no area zz01" },
      { path: "department_id", message: "there is no department nope" },
    ]);
    const malformed = await expectError(
      await call("/api/v1/contacts", sendJson("POST", { area_id: "jh01", role: "power", name: "", phone: "call me" }, writer)),
      400,
      "validation_failed",
    );
    expect((malformed.details as { path: string }[]).map((d) => d.path).sort()).toEqual(["name", "phone"]);
    await expectError(await call("/api/v1/contacts/999999", sendJson("PATCH", { name: "无人" }, writer)), 404, "not_found");
    await expectError(await call("/api/v1/contacts/abc", sendJson("PATCH", { name: "无人" }, writer)), 400, "validation_failed");
  });

  it("needs directory:write", async () => {
    await expectError(await call("/api/v1/contacts", sendJson("POST", {}, reader)), 403, "forbidden");
    await expectError(await call("/api/v1/contacts/1", { method: "DELETE" }), 401, "unauthorized");
  });
});
