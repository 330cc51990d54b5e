import { createApp } from "./app.ts";
import { databaseFor } from "./db.ts";
import type { Bindings } from "./env.ts";
import { runScheduler } from "./scheduler.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const retentionDays = Number(env.RETENTION_DAYS) || undefined;
    const result = await runScheduler(databaseFor(env.DB), new Date(controller.scheduledTime), { retentionDays });
    console.log(JSON.stringify({ msg: "scheduler", cron: controller.cron, ...result }));
  },
} satisfies ExportedHandler<Bindings>;
