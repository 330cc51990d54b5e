import { etag } from "hono/etag";
import { secureHeaders } from "hono/secure-headers";

/**
 * Pages load nothing from elsewhere and run only this site's own scripts (the report form's
 * enhancement, which shrinks a photo through a blob: URL and sends it with XMLHttpRequest); the
 * policy says so to the browser.
 */
export const pageSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    connectSrc: ["'self'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:"],
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
