import type { CaseRow } from "../../schema/case.ts";
import type { TrailEntry } from "./trail.ts";

/**
 * A case's photos in two sides: before (the report's photo and those the resident added) and
 * after (what those resolving it attached), oldest first. `kept` are the case's `case_photo`
 * keys: retention erases those rows with the reporter's data, and only a kept photo is shown.
 */
export function photoSides(row: Pick<CaseRow, "photoKey">, trail: readonly TrailEntry[], kept: readonly string[]) {
  const keptSet = new Set(kept);
  const added = (action: string) =>
    trail.flatMap((entry) => (entry.event.action === action && entry.photoKey && keptSet.has(entry.photoKey) ? [entry.photoKey] : []));
  const before = [...new Set([...(row.photoKey ? [row.photoKey] : []), ...added("supplement")])];
  return { before, after: [...new Set(added("resolve"))] };
}

/**
 * The photo of the result a resident sees on their answered case: the latest answer's, while the
 * case stands answered or closed (a reopened case's old result is not the answer any more).
 */
export function residentResultPhoto(row: Pick<CaseRow, "status">, trail: readonly TrailEntry[], kept: readonly string[]): string | null {
  if (row.status !== "resolved" && row.status !== "closed") return null;
  const answer = trail.findLast((entry) => entry.event.action === "resolve");
  return answer?.photoKey && kept.includes(answer.photoKey) ? answer.photoKey : null;
}
