import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Each test file gets storage built from the real migrations, as `wrangler d1 migrations apply` would.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
