import { createApp } from "./app.ts";
import { databaseFor } from "./db.ts";
import type { Bindings } from "./env.ts";
import { fillMissingHsdsIds } from "./hsds/backfill.ts";
import { runScheduler } from "./scheduler.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const retentionDays = Number(env.RETENTION_DAYS) || undefined;
    const db = databaseFor(env.DB);
    const result = await runScheduler(db, new Date(controller.scheduledTime), { retentionDays });
    const hsdsIds = await fillMissingHsdsIds(db);
    console.log(JSON.stringify({ msg: "scheduler", cron: controller.cron, ...result, hsdsIds }));
  },
} satisfies ExportedHandler<Bindings>;
