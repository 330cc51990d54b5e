import type { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The methods a router answers at a path, for a 405's `Allow` when another method was asked: its
 * routes (not its middleware, registered for every method) matched again with the path. Made when
 * first asked, once the router has all its routes.
 */
// biome-ignore lint/suspicious/noExplicitAny: any router's environment; only its route table is read
export function allowedMethods(app: Hono<any>): (path: string) => string[] {
  let router: PatternRouter<true> | undefined;
  return (path) => {
    if (!router) {
      router = new PatternRouter<true>();
      for (const route of app.routes) {
        if (route.method === "ALL") continue;
        router.add(route.method, route.path, true);
        // Hono answers HEAD with the GET route.
        if (route.method === "GET") router.add("HEAD", route.path, true);
      }
    }
    const known = router;
    return METHODS.filter((method) => known.match(method, path)[0].length > 0);
  };
}
