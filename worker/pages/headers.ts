import { etag } from "hono/etag";
import { secureHeaders } from "hono/secure-headers";

/** Pages run no script and load nothing from elsewhere; the policy says so to the browser. */
export const pageSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: "same-origin",
  xFrameOptions: "DENY",
  // A station's QR code (/s/{code}/qr.svg) is meant to be embedded by other sites and apps.
  crossOriginResourcePolicy: false,
});

/**
 * A weak tag of a page's bytes, and 304 when the browser already has them: a second scan of the
 * same poster costs a few bytes. Only GET answers of 2xx get one.
 */
export const pageETag = etag({ weak: true });
