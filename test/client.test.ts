import { beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../clients/ts/index.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, keyHeaders } from "./helpers/worker.ts";

let apiKey: string;
beforeAll(async () => {
  await seedDemo();
  apiKey = (await keyHeaders("cases:write", "cases:read")).authorization.slice("Bearer ".length);
});

describe("the typed client (clients/ts)", () => {
  it("files a case and follows it, as a third party would", async () => {
    // The worker itself stands in for https://grid.example.cn.
    const api = createClient({
      baseUrl: "https://grid.example.cn",
      apiKey,
      fetch: (request) => call(new URL(request.url).pathname + new URL(request.url).search, request),
    });
    const { data: filed, error } = await api.POST("/api/v1/cases", {
      params: { header: { "idempotency-key": "hotline-20261127-0001" } },
      body: { category: "safety_hazard", description: "5号楼楼道堆放纸箱", station_code: "JH0501V" },
    });
    if (error) throw new Error(error.error.message);
    expect(filed.status).toBe("submitted");
    const { data: progress } = await api.GET("/api/v1/track/{tracking_code}", {
      params: { path: { tracking_code: filed.tracking_code } },
    });
    expect(progress?.status_text.zh).toBe("已受理，待处理");
    expect(progress?.events.length).toBe(1);
  });

  it("returns the typed error envelope", async () => {
    const api = createClient({ baseUrl: "https://grid.example.cn", fetch: (request) => call(new URL(request.url).pathname, request) });
    const { error, response } = await api.GET("/api/v1/stations/{code}", { params: { path: { code: "JH9999V" } } });
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe("not_found");
  });
});
