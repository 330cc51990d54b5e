import { and, inArray, lt, sql } from "drizzle-orm";
import { casePhoto, caseTable } from "../../schema/case.ts";
import { photoHold } from "../../schema/photo-hold.ts";
import type { Database } from "../db.ts";
import type { CleanPhoto } from "../photos/clean.ts";
import { storePhoto } from "../photos/store.ts";
import type { PhotoStore } from "../services.ts";
import { signFormToken, verifyFormToken } from "./form-token.ts";

/** As long as the form's token: a form may be sent up to a day after the page was loaded. */
const HOLD_MS = 26 * 3600 * 1000;
const REFERENCE = /^([0-9a-f]{64})\.(jpg|png|webp|heic)\.([1-9]\d{0,11}\.[A-Za-z0-9_-]{32})$/;

const subject = (key: string) => `held-photo|${key}`;

/**
 * Keeps a photo that came with a form sent back for another field, and answers the reference the
 * form carries to the next try: the photo's key, signed, so a form can only name a photo this
 * site held for it.
 */
export async function holdPhoto(db: Database, photos: PhotoStore, secret: string, photo: CleanPhoto, now: Date): Promise<string> {
  const key = await storePhoto(photos, photo);
  const heldUntil = new Date(now.getTime() + HOLD_MS);
  await db.insert(photoHold).values({ photoKey: key, heldUntil }).onConflictDoUpdate({ target: photoHold.photoKey, set: { heldUntil } });
  const [, digest, ext] = /^photos\/([0-9a-f]{64})\.(\w+)$/.exec(key)!;
  return `${digest}.${ext}.${await signFormToken(secret, subject(key), now)}`;
}

/** The key of the photo a form's reference names, or null when it is not one this site signed lately. */
export async function heldPhotoKey(secret: string, reference: string, now: Date): Promise<string | null> {
  const match = REFERENCE.exec(reference);
  if (!match) return null;
  const key = `photos/${match[1]}.${match[2]}`;
  return (await verifyFormToken(secret, subject(key), match[3]!, now)) ? key : null;
}

/**
 * Lets go of photos held longer than a form may wait: deleted from the store unless a case took
 * them (a photo is one object per content, which a case may name). At most `limit` a run.
 */
export async function releaseHeldPhotos(db: Database, photos: Pick<PhotoStore, "delete">, now: Date, limit = 100): Promise<number> {
  const due = await db.select({ key: photoHold.photoKey }).from(photoHold).where(lt(photoHold.heldUntil, now)).limit(limit);
  if (due.length === 0) return 0;
  const keys = due.map((row) => row.key);
  // A case may show it as its photo, or as one a resident added later (the same content, one object).
  const [onCases, added] = await db.batch([
    db
      .select({ key: caseTable.photoKey })
      .from(caseTable)
      .where(and(sql`${caseTable.photoKey} is not null`, inArray(caseTable.photoKey, keys))),
    db.select({ key: casePhoto.photoKey }).from(casePhoto).where(inArray(casePhoto.photoKey, keys)),
  ]);
  const takenKeys = new Set([...onCases, ...added].map((row) => row.key));
  const unused = keys.filter((key) => !takenKeys.has(key));
  // The objects go before the rows that name them: a failure in between leaves the rows to a later run.
  if (unused.length > 0) await photos.delete(unused);
  await db.delete(photoHold).where(inArray(photoHold.photoKey, keys));
  return due.length;
}
