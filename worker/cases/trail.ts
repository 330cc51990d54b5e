import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { type CaseEventRow, caseEvent, caseTable, residentReadsText } from "../../schema/case.ts";
import { DISTRICT_CENTRE_WORDS, GRADE_WORDS, LEVEL_WORDS, TRAIL_WORDS, type TrailLine, type Words } from "../../schema/case-words.ts";
import { AREA_LEVELS, type AreaLevel, type CaseLevel, FEEDBACK_GRADES, type FeedbackGrade } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import type { Database } from "../db.ts";

// The resident's trail in plain words: each event says where the case is and who has it, by name
// (DESIGN.md, "What residents read, what staff read"). The resident page, the track API and the
// staff case page (what the resident sees of each event) read it from here.

type TrailEvent = Pick<CaseEventRow, "action" | "actor" | "public" | "textPublic" | "text" | "toLevel" | "toStatus" | "data" | "createdAt">;

/** The names a case's trail needs: the areas on its path, the departments its dispatches named. */
export interface TrailNames {
  areas: { level: AreaLevel; name: string; nameEn: string | null }[];
  departments: { id: string; name: string; nameEn: string | null }[];
}

/**
 * The two lookups naming a case's trail, to add to the batch that reads it (never a query per
 * event): the case's street, community, grid and micro-grid (staff see the place by these names)
 * and the district, and the departments named by its dispatches. `where` picks the case row.
 */
export function trailNameQueries(db: Database, where: SQL) {
  const onPath = or(
    eq(area.id, caseTable.streetId),
    eq(area.id, caseTable.communityId),
    eq(area.id, caseTable.gridId),
    eq(area.id, caseTable.microGridId),
    isNull(area.parentId),
  );
  const dispatchedTo = db
    .select({ id: sql<string>`json_extract(${caseEvent.data}, '$.department_id')` })
    .from(caseEvent)
    .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
    .where(and(where, eq(caseEvent.action, "dispatch")));
  return [
    db.select({ level: area.level, name: area.name, nameEn: area.nameEn }).from(caseTable).innerJoin(area, onPath).where(where),
    db
      .select({ id: department.id, name: department.name, nameEn: department.nameEn })
      .from(department)
      .where(inArray(department.id, dispatchedTo)),
  ] as const;
}

/** `{name}` and friends replaced, in both languages. */
function fill(words: Words, values: Record<string, Words>): Words {
  const put = (text: string, lang: keyof Words) => text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key]?.[lang] ?? whole);
  return { zh: put(words.zh, "zh"), en: put(words.en, "en") };
}

/** Who holds the case at a level, by name; the level's plain word when the name is unknown. */
export function holderAt(level: CaseLevel, departmentId: string | null, names: TrailNames): Words {
  if (level === "department") {
    const found = names.departments.find((d) => d.id === departmentId);
    return found ? { zh: found.name, en: found.nameEn ?? found.name } : LEVEL_WORDS.department;
  }
  const found = names.areas.find((a) => a.level === level);
  if (!found) return LEVEL_WORDS[level];
  const named = { zh: found.name, en: found.nameEn ?? found.name };
  return level === "district" ? fill(DISTRICT_CENTRE_WORDS, { name: named }) : named;
}

/** The grade a feedback event recorded (events before grades recorded only yes or no). */
function gradeOf(data: Record<string, unknown> | null): FeedbackGrade | null {
  const grade = data?.grade;
  if (typeof grade === "string" && (FEEDBACK_GRADES as readonly string[]).includes(grade)) return grade as FeedbackGrade;
  if (typeof data?.satisfied === "boolean") return data.satisfied ? "satisfied" : "unsatisfied";
  return null;
}

export interface TrailEntry {
  at: Date;
  event: TrailEvent;
  /** On the resident's trail at all. */
  onTrail: boolean;
  summary: Words;
  handledBy: Words;
  /** The text when the resident may read it. */
  text: string | null;
  photoKey: string | null;
  grade: FeedbackGrade | null;
}

/** The place's areas by name, from the street down (同心园社区 › 3号楼); the district's name when nothing below is known. */
export function placeNames(names: TrailNames): Words[] {
  const known = [...names.areas].sort((a, b) => AREA_LEVELS.indexOf(a.level) - AREA_LEVELS.indexOf(b.level));
  const below = known.filter((a) => a.level !== "district");
  return (below.length > 0 ? below : known).map((a) => ({ zh: a.name, en: a.nameEn ?? a.name }));
}

/** Each event (oldest first) as the resident reads it. */
export function describeTrail(events: readonly TrailEvent[], names: TrailNames): TrailEntry[] {
  let departmentId: string | null = null;
  return events.map((event) => {
    const data = event.data;
    if (event.action === "dispatch" && typeof data?.department_id === "string") departmentId = data.department_id;
    const handledBy = holderAt(event.toLevel, departmentId, names);
    const photoKey = typeof data?.photo_key === "string" ? data.photo_key : null;
    const grade = event.action === "feedback" ? gradeOf(data) : null;
    const line: TrailLine =
      event.action === "urge" && event.actor === "resident"
        ? "urge_by_resident"
        : event.action === "supplement" && photoKey
          ? "supplement_with_photo"
          : event.action === "resolve" && photoKey
            ? "resolve_with_photo"
            : event.action;
    return {
      at: event.createdAt,
      event,
      onTrail: event.public,
      summary: fill(TRAIL_WORDS[line], { name: handledBy, grade: grade ? GRADE_WORDS[grade] : { zh: "", en: "" } }),
      handledBy,
      text: residentReadsText(event) ? event.text : null,
      photoKey,
      grade,
    };
  });
}
