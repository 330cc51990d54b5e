import { and, eq, gt, lte, type SQL, sql } from "drizzle-orm";
import { hsdsPairing } from "../../schema/hsds-pairing.ts";
import type { Database } from "../db.ts";
import { fnv1a } from "../lib/encoding.ts";
import { pairingColumns, pairings } from "./pairings.ts";

/** The order of `/hsds/service_at_locations`: by station, its own services first, then the circle. */
const LIST_ORDER = sql`code, source DESC, kind, service_id`;

/** Every pairing of every active station, computed from the directory as it is. */
export const everyPairing = sql`(${pairings(sql`1 = 1`)}) AS pairing`;

/** The live pairings in the list's order: what the ready rows hold, row for row. */
export function livePairingsQuery(db: Database) {
  return db.select(pairingColumns).from(everyPairing).orderBy(LIST_ORDER);
}

const COLUMNS = sql.raw(Object.keys(pairingColumns).join(", "));

/**
 * Stores every pairing with its place in the list, unless the rows of this build are there
 * already (`position` 1 of this build: one statement writes them all, and any directory change
 * deletes them all). Rows past the end that an earlier, longer build left keep that build's
 * version, so they are never read, until the next directory change empties the table.
 */
function refillStatement(version: string) {
  // Written into the SQL (hex digits only): drizzle 0.45 cannot batch `db.run` with bound values.
  const v = sql.raw(`'${version}'`);
  const updates = sql.raw(["version", "total", ...Object.keys(pairingColumns)].map((c) => `${c} = excluded.${c}`).join(", "));
  return sql`
    INSERT INTO ${hsdsPairing} (position, version, total, ${COLUMNS})
    SELECT row_number() OVER (ORDER BY ${LIST_ORDER}), ${v}, count(*) OVER (), ${COLUMNS}
    FROM ${everyPairing}
    WHERE NOT EXISTS (SELECT 1 FROM ${hsdsPairing} r WHERE r.position = 1 AND r.version = ${v})
    ON CONFLICT (position) DO UPDATE SET ${updates}`;
}

let version: string | undefined;

/** The build of the ready rows, named by the SQL that writes them: rows of another build are never read. */
export function pairingVersion(db: Database): string {
  version ??= fnv1a(db.run(refillStatement("")).getQuery().sql);
  return version;
}

/**
 * Stores the pairings if the table holds none of this build. Rides in the batch of every directory
 * write (whose triggers have just emptied the table, migrations/0029), and on the cron.
 */
export function refillPairings(db: Database) {
  return db.run(refillStatement(pairingVersion(db)));
}

/** How many pairings the ready rows hold; no row when they are not ready (emptied, or of another build). */
export function readyTotal(db: Database) {
  return db
    .select({ total: hsdsPairing.total })
    .from(hsdsPairing)
    .where(and(eq(hsdsPairing.position, 1), eq(hsdsPairing.version, pairingVersion(db))));
}

/** The ready rows `where` selects, read only when `readyTotal` finds them ready. */
export const readyRows = (db: Database, where: SQL | undefined) =>
  db
    .select(pairingColumns)
    .from(hsdsPairing)
    .where(and(eq(hsdsPairing.version, pairingVersion(db)), where));

/** One page of the unfiltered list: a range of positions. */
export const readyPage = (db: Database, window: { limit: number; offset: number }) =>
  readyRows(db, and(gt(hsdsPairing.position, window.offset), lte(hsdsPairing.position, window.offset + window.limit))).orderBy(
    hsdsPairing.position,
  );
