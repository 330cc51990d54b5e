import { and, asc, eq, gt } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import type { CircleRole } from "../../schema/constants.ts";
import { contact, type NewContact } from "../../schema/contact.ts";
import { department } from "../../schema/department.ts";
import { type Database, type Extra, writeWith } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { circleEntryIds } from "../hsds/ids.ts";
import { refillPairings } from "../hsds/pairing-store.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";
import { refillStationPages } from "../resident/station-page-store.ts";
import { directoryChanged } from "./changes.ts";
import { nextRevision, staleRevision } from "./revision.ts";

export interface ContactListQuery {
  area?: string | undefined;
  role?: CircleRole | undefined;
  active: boolean;
  limit: number;
  cursor?: string | undefined;
}

export async function listContacts(db: Database, query: ContactListQuery) {
  const after = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = db
    .select()
    .from(contact)
    .where(
      and(
        eq(contact.active, query.active),
        query.area ? eq(contact.areaId, query.area) : undefined,
        query.role ? eq(contact.role, query.role) : undefined,
        after === undefined ? undefined : gt(contact.id, after),
      ),
    )
    .orderBy(asc(contact.id))
    .limit(query.limit + 1);
  if (!query.area) return paginate(await rows, query.limit, (row) => [row.id]);
  // An unknown area is a mistake worth naming, as on stations, cases and statistics, not an empty page.
  const [found, page] = await db.batch([db.select({ id: area.id }).from(area).where(eq(area.id, query.area)).limit(1), rows]);
  if (found.length === 0) throw new DomainError("not_found", `There is no area ${query.area}.`);
  return paginate(page, query.limit, (row) => [row.id]);
}

/** Foreign keys named in a body must exist; say which one does not instead of a constraint error. */
async function checkReferences(db: Database, refs: { areaId?: string; departmentId?: string | null }) {
  const [areas, departments] = await db.batch([
    db
      .select({ id: area.id })
      .from(area)
      .where(eq(area.id, refs.areaId ?? "")),
    db
      .select({ id: department.id })
      .from(department)
      .where(eq(department.id, refs.departmentId ?? "")),
  ]);
  const problems = [];
  if (refs.areaId !== undefined && areas.length === 0) {
    problems.push({ path: "area_id", message: `there is no area ${refs.areaId}` });
  }
  if (refs.departmentId && departments.length === 0) {
    problems.push({ path: "department_id", message: `there is no department ${refs.departmentId}` });
  }
  if (problems.length > 0) {
    throw new DomainError("validation_failed", "The body names something that does not exist.", { details: problems });
  }
}

export async function createContact(db: Database, input: NewContact, extras: Extra[] = []) {
  await checkReferences(db, input);
  const [row] = await writeWith(
    db,
    db
      .insert(contact)
      .values({ ...input, ...(await circleEntryIds(input)) })
      .returning(),
    [...extras, refillStationPages(db), refillPairings(db)],
  );
  directoryChanged();
  return row!;
}

/** Changes a circle contact; `fromRevision` as for `updateStation`. */
export async function updateContact(
  db: Database,
  id: number,
  changes: Omit<Partial<NewContact>, "revision">,
  extras: Extra[] = [],
  fromRevision?: number,
) {
  await checkReferences(db, changes);
  const current = await db.query.contact.findFirst({
    where: eq(contact.id, id),
    columns: { areaId: true, role: true, organization: true },
  });
  if (!current) throw new DomainError("not_found", `There is no contact ${id}.`);
  // Area, role and organization name the entry's HSDS service and organization.
  const key = {
    areaId: changes.areaId ?? current.areaId,
    role: changes.role ?? current.role,
    organization: changes.organization === undefined ? current.organization : changes.organization,
  };
  const ids = await circleEntryIds(key);
  const write = db
    .update(contact)
    .set({ ...changes, ...ids, revision: nextRevision(contact.revision, fromRevision) })
    .where(eq(contact.id, id))
    .returning();
  const [row] = await writeWith(db, write, [...extras, refillStationPages(db), refillPairings(db)]).catch((error) => {
    throw staleRevision(error, `Contact ${id}`) ?? error;
  });
  directoryChanged();
  if (!row) throw new DomainError("not_found", `There is no contact ${id}.`);
  return row;
}
