import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.ts";
import { pageError, pagesFailed } from "../pages/errors.tsx";
import { pageETag } from "../pages/headers.ts";
import { MAX_PHOTO_BYTES } from "../photos/clean.ts";
import { homePages } from "./home.tsx";
import { stationPages } from "./station.tsx";
import { trackPages } from "./track.tsx";

/**
 * The resident portal: finding a station (`/`), its page, poster, QR code and report form
 * (`/s/…`), and following a case (`/t/…`). Pages only; what goes wrong is a page too.
 */
export function residentSurface() {
  const app = new Hono<AppEnv>();
  // Forms up to the photo limit plus the text fields (the report, a resident's supplement);
  // feedback and urging are a few lines.
  const photoForm = bodyLimit({ maxSize: MAX_PHOTO_BYTES + 64 * 1024, onError: (c) => pageError(c, 413) });
  const textForm = bodyLimit({ maxSize: 16 * 1024, onError: (c) => pageError(c, 413) });
  app.use("/s/*", photoForm, pageETag);
  app.use("/t/*", (c, next) => (c.req.path.endsWith("/supplement") ? photoForm : textForm)(c, next));
  app.on("GET", "/", pageETag);
  app.route("/", homePages()).route("/", stationPages()).route("/", trackPages());
  app.onError(pagesFailed);
  return app;
}
