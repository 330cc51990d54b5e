import { Hono } from "hono";
import { REPORT_FORM_SCRIPT, REPORT_FORM_SCRIPT_PATH } from "../../portal/scripts/report-form.ts";
import type { AppEnv } from "../env.ts";
import { limitBody } from "../lib/body-limit.ts";
import { pageError, pagesFailed } from "../pages/errors.tsx";
import { pageETag } from "../pages/headers.ts";
import { switchView } from "../pages/view.ts";
import { MAX_UPLOAD_BYTES } from "../photos/prepare.ts";
import { canonicalStationCode } from "./canonical-station.ts";
import { homePages } from "./home.tsx";
import { myCasesPages } from "./mine.tsx";
import { report, reportTooLarge } from "./report.tsx";
import { stationPages } from "./station.tsx";
import { trackPages } from "./track.tsx";

/**
 * The resident portal: finding a station (`/`), its page, poster, QR code and report form
 * (`/s/…`), following a case (`/t/…`), and the cases this phone filed (`/my`). Pages only; what
 * goes wrong is a page too.
 */
export function residentSurface() {
  const app = new Hono<AppEnv>();
  // Station codes typed in lower case go to the canonical page (printed QR codes are upper case).
  app.use("/s/*", canonicalStationCode);
  app.use("/s/*", pageETag);
  app.on("GET", "/", pageETag);
  // The report form and a resident's supplement up to the photo limit plus their text fields;
  // feedback and urging are a few lines; keeping or forgetting a case on this phone, one code.
  app.post("/s/:code/report", limitBody({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: reportTooLarge }), report);
  const photoForm = limitBody({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => pageError(c, 413) });
  const textForm = limitBody({ maxSize: 16 * 1024, onError: (c) => pageError(c, 413) });
  app.use("/t/*", (c, next) => (c.req.path.endsWith("/supplement") ? photoForm : textForm)(c, next));
  app.use("/my/*", limitBody({ maxSize: 4 * 1024, onError: (c) => pageError(c, 413) }));
  app.get("/view", switchView);
  app.get("/assets/report-form.js", (c) =>
    // Its address carries its version (portal/scripts/report-form.ts): kept a year, but only under
    // its own version, so that an older isolate during a deploy never fills a newer address.
    REPORT_FORM_SCRIPT_PATH.endsWith(`?v=${c.req.query("v")}`)
      ? c.body(REPORT_FORM_SCRIPT, 200, {
          "content-type": "text/javascript; charset=utf-8",
          "cache-control": "public, max-age=31536000, immutable",
        })
      : c.body("", 404, { "cache-control": "no-store" }),
  );
  app.route("/", homePages()).route("/", stationPages()).route("/", trackPages()).route("/", myCasesPages());
  app.onError(pagesFailed);
  return app;
}
