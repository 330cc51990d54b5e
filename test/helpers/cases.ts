import { expect } from "vitest";
import { type CaseJson, CaseSchema } from "../../schema/api/case.ts";
import type { CaseAction } from "../../schema/constants.ts";
import { call, json, keyHeaders, sendJson } from "./worker.ts";

let filer: Record<string, string> | undefined;
let counter = 0;

export const REPORT = {
  category: "safety_hazard",
  description: "3号楼楼道堆放杂物，堵塞消防通道",
  station_code: "JH0501V",
  reporter: { name: "王女士", phone: "13812345678" },
} as const;

/** Files a case through the API as a third party with cases:write; returns the parsed case. */
export async function fileCase(body: Record<string, unknown> = REPORT): Promise<CaseJson> {
  filer ??= await keyHeaders("cases:write", "cases:read");
  const res = await call("/api/v1/cases", sendJson("POST", body, { ...filer, "idempotency-key": `test-${++counter}-${Date.now()}` }));
  expect(res.status, await res.clone().text()).toBe(201);
  return CaseSchema.parse(await res.json());
}

/** Takes an action as this staff member and returns the raw response. */
export function act(caseId: string, action: CaseAction, headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  return call(`/api/v1/cases/${caseId}/actions/${action}`, sendJson("POST", payload, headers));
}

/** Takes an action that must succeed; returns the case after it. */
export async function actOk(caseId: string, action: CaseAction, headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  const res = await act(caseId, action, headers, payload);
  expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
  return CaseSchema.parse(await json(res));
}
