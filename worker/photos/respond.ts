import type { PhotoStore } from "../services.ts";

type StoredPhoto = NonNullable<Awaited<ReturnType<PhotoStore["get"]>>>;

/** A kept photo as the answer to its page's <img>: private to the one who may see it, never sniffed. */
export function photoResponse(object: StoredPhoto): Response {
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    },
  });
}
