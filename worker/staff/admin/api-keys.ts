import { desc, eq } from "drizzle-orm";
import { apiKey } from "../../../schema/api-key.ts";
import { forgetApiKeys } from "../../auth/api-key.ts";
import type { Database, Extra } from "../../db.ts";
import { DomainError } from "../../domain-error.ts";

export function listApiKeys(db: Database) {
  return db
    .select({
      id: apiKey.id,
      name: apiKey.name,
      scopes: apiKey.scopes,
      areaPath: apiKey.areaPath,
      revokedAt: apiKey.revokedAt,
      createdAt: apiKey.createdAt,
    })
    .from(apiKey)
    .orderBy(desc(apiKey.createdAt));
}

export async function revokeApiKey(db: Database, id: string, extras: Extra[] = []) {
  const found = await db.query.apiKey.findFirst({ where: eq(apiKey.id, id), columns: { id: true } });
  if (!found) throw new DomainError("not_found", `There is no API key ${id}.`);
  await db.batch([db.update(apiKey).set({ revokedAt: new Date() }).where(eq(apiKey.id, id)), ...extras]);
  forgetApiKeys();
}
