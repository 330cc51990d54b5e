// Copies browser bundles the worker serves itself (nothing may load from a third-party host in
// mainland China) from node_modules into public/, which wrangler serves as static assets.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");

const bundles = [
  {
    from: join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js"),
    to: join(root, "public/docs/assets/scalar-api-reference.js"),
  },
];

for (const { from, to } of bundles) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
