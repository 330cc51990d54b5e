import { asc, eq } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { areaNotifyGroup } from "../../schema/notification.ts";
import type { Database, Extra } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { type Keys, seal } from "../lib/secret-box.ts";

// Each area's staff group on WeChat Work: the group robot's webhook URL, set by admins. The URL
// carries the robot's key (whoever has it can post to the group), so it is sealed like webhook
// secrets and shown masked.

export const groupContext = (areaId: string) => `notify-group|${areaId}`;

/** Robot URLs are https (http only on a development machine, for a fake robot). */
function checkedUrl(text: string, development: boolean): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {}
  if (!url || !(url.protocol === "https:" || (development && url.protocol === "http:"))) {
    throw new DomainError("validation_failed", "The group robot's address must be an https URL.", {
      details: [{ path: "url", message: "an https URL such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" }],
    });
  }
  return url.toString();
}

/** Sets (or, with an empty URL, removes) an area's group robot; `extras` (the audit entry) ride in the same batch. */
export async function setAreaGroup(
  db: Database,
  keys: Keys,
  input: { areaId: string; url: string },
  options: { development: boolean; now: Date; extras?: (areaName: string) => Extra[] },
) {
  const found = await db.query.area.findFirst({ where: eq(area.id, input.areaId) });
  if (!found || found.level === "micro_grid") {
    throw new DomainError("validation_failed", `There is no area ${input.areaId} with a staff group.`, {
      details: [{ path: "area", message: "choose a grid, community, street or the district" }],
    });
  }
  const extras = options.extras?.(found.name) ?? [];
  if (input.url.trim() === "") {
    await db.batch([db.delete(areaNotifyGroup).where(eq(areaNotifyGroup.areaId, found.id)), ...extras]);
    return { area: found, removed: true };
  }
  const box = await seal(keys, checkedUrl(input.url.trim(), options.development), groupContext(found.id));
  await db.batch([
    db
      .insert(areaNotifyGroup)
      .values({ areaId: found.id, urlBox: box, createdAt: options.now, updatedAt: options.now })
      .onConflictDoUpdate({ target: areaNotifyGroup.areaId, set: { urlBox: box, updatedAt: options.now } }),
    ...extras,
  ]);
  return { area: found, removed: false };
}

/** The areas that have a group robot, by their path (the URLs stay sealed). */
export function listAreaGroups(db: Database) {
  return db
    .select({ areaId: area.id, name: area.name, level: area.level, path: area.path, updatedAt: areaNotifyGroup.updatedAt })
    .from(areaNotifyGroup)
    .innerJoin(area, eq(area.id, areaNotifyGroup.areaId))
    .orderBy(asc(area.path))
    .limit(500);
}
