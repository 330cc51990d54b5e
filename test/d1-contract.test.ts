// The D1 behaviours the app relies on, asserted as literals. This file runs in workerd against
// D1 and on Node against selfhost/d1.ts: the same assertions passing in both is the contract.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";

const db = () => env.DB;

beforeAll(async () => {
  await db().exec(
    "CREATE TABLE contract (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL, flag INTEGER, data BLOB, amount REAL)",
  );
});

describe("the D1 contract", () => {
  it("binds booleans as 1/0, keeps numbers, text and null, and returns rows as objects", async () => {
    const insert = await db().prepare("INSERT INTO contract (name, flag, amount) VALUES (?, ?, ?)").bind("一", true, 1.5).run();
    expect(insert.success).toBe(true);
    expect(insert.meta.changes).toBe(1);
    expect(insert.meta.last_row_id).toBe(1);
    await db().prepare("INSERT INTO contract (name, flag, amount) VALUES (?, ?, ?)").bind("二", false, null).run();
    const { results } = await db().prepare("SELECT id, name, flag, amount FROM contract ORDER BY id").all();
    expect(results).toEqual([
      { id: 1, name: "一", flag: 1, amount: 1.5 },
      { id: 2, name: "二", flag: 0, amount: null },
    ]);
  });

  it("answers first() with the row, a column, or null, and raw() with arrays", async () => {
    expect(await db().prepare("SELECT name FROM contract WHERE id = ?").bind(2).first()).toEqual({ name: "二" });
    expect(await db().prepare("SELECT name FROM contract WHERE id = ?").bind(2).first("name")).toBe("二");
    expect(await db().prepare("SELECT name FROM contract WHERE id = ?").bind(99).first()).toBeNull();
    expect(await db().prepare("SELECT id, name FROM contract ORDER BY id").raw()).toEqual([
      [1, "一"],
      [2, "二"],
    ]);
    expect(await db().prepare("SELECT id, name FROM contract WHERE id = 1").raw({ columnNames: true })).toEqual([
      ["id", "name"],
      [1, "一"],
    ]);
  });

  it("binds numbered parameters by their number", async () => {
    expect(await db().prepare("SELECT ?2 AS b, ?1 AS a, ?2 AS again").bind("first", "second").first()).toEqual({
      b: "second",
      a: "first",
      again: "second",
    });
  });

  it("stores blobs from typed arrays and returns them as arrays of bytes", async () => {
    await db()
      .prepare("UPDATE contract SET data = ? WHERE id = 1")
      .bind(new Uint8Array([0, 1, 254, 255]))
      .run();
    expect(await db().prepare("SELECT data FROM contract WHERE id = 1").first("data")).toEqual([0, 1, 254, 255]);
  });

  it("counts changes of updates and deletes, and of writes that return rows", async () => {
    expect((await db().prepare("UPDATE contract SET amount = 2 WHERE id IN (1, 2)").run()).meta.changes).toBe(2);
    const returned = await db().prepare("UPDATE contract SET amount = 3 WHERE id = 1 RETURNING id, amount").all();
    expect(returned.results).toEqual([{ id: 1, amount: 3 }]);
    expect((await db().prepare("DELETE FROM contract WHERE id = 99").run()).meta.changes).toBe(0);
  });

  it("reports a unique violation in its message, as the app's checks read it", async () => {
    const error = await db()
      .prepare("INSERT INTO contract (name) VALUES (?)")
      .bind("一")
      .run()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "D1_ERROR: UNIQUE constraint failed: contract.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)",
    );
  });

  it("runs a batch as one unit: results per statement, and nothing of it when one statement fails", async () => {
    const [inserted, counted] = await db().batch([
      db().prepare("INSERT INTO contract (name) VALUES (?) RETURNING id").bind("三"),
      db().prepare("SELECT count(*) AS n FROM contract"),
    ]);
    expect(inserted!.results).toEqual([{ id: 3 }]);
    expect(counted!.results).toEqual([{ n: 3 }]);
    const failed = await db()
      .batch([
        db().prepare("INSERT INTO contract (name) VALUES (?)").bind("四"),
        db().prepare("INSERT INTO contract (name) VALUES (?)").bind("一"),
      ])
      .catch((e: unknown) => e);
    expect(String(failed)).toContain("UNIQUE constraint failed");
    expect(await db().prepare("SELECT count(*) AS n FROM contract WHERE name = '四'").first("n")).toBe(0);
  });

  it("enforces foreign keys", async () => {
    const error = await db()
      .prepare(
        "INSERT INTO station (code, name, grid_id, area_path, address, opening_hours, services, created_at, updated_at) VALUES ('ZZ0101V', 'x', 'no-such-grid', '/x/', 'x', '[]', '[]', 0, 0)",
      )
      .run()
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)",
    );
  });
});
