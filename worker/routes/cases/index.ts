import { createRouter } from "../../router.ts";
import * as handlers from "./handlers.ts";
import * as routes from "./routes.ts";

// `similar` goes before `{id}` so that it is not taken for a case id.
export const cases = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.similar, handlers.similar)
  .openapi(routes.get, handlers.get)
  .openapi(routes.events, handlers.events)
  .openapi(routes.act, handlers.act);
