import { caseEvent, caseTable } from "../../schema/case.ts";
import { preparedInsert } from "../lib/prepared-insert.ts";

/** A new case row, as a D1 statement for the batch that files it with its event and counters. */
export const insertCaseRows = preparedInsert(caseTable);

/** Case events, as D1 statements for the batch of the write they record. */
export const insertCaseEvents = preparedInsert(caseEvent);
