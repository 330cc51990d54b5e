import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.ts";
import { pageError, pagesFailed } from "../pages/errors.tsx";
import { pageETag } from "../pages/headers.ts";
import { MAX_PHOTO_BYTES } from "../photos/clean.ts";
import { canonicalStationCode } from "./canonical-station.ts";
import { homePages } from "./home.tsx";
import { myCasesPages } from "./mine.tsx";
import { stationPages } from "./station.tsx";
import { trackPages } from "./track.tsx";

/**
 * The resident portal: finding a station (`/`), its page, poster, QR code and report form
 * (`/s/…`), following a case (`/t/…`), and the cases this phone filed (`/my`). Pages only; what
 * goes wrong is a page too.
 */
export function residentSurface() {
  const app = new Hono<AppEnv>();
  app.use("/s/*", canonicalStationCode);
  // Forms up to the photo limit plus the text fields; feedback is a few lines; keeping or forgetting a case, one code.
  app.use("/s/*", bodyLimit({ maxSize: MAX_PHOTO_BYTES + 64 * 1024, onError: (c) => pageError(c, 413) }), pageETag);
  app.use("/t/*", bodyLimit({ maxSize: 16 * 1024, onError: (c) => pageError(c, 413) }));
  app.use("/my/*", bodyLimit({ maxSize: 4 * 1024, onError: (c) => pageError(c, 413) }));
  app.on("GET", "/", pageETag);
  app.route("/", homePages()).route("/", stationPages()).route("/", trackPages()).route("/", myCasesPages());
  app.onError(pagesFailed);
  return app;
}
