import { createRouter } from "../../router.ts";
import * as handlers from "./handlers.ts";
import * as routes from "./routes.ts";

export const track = createRouter()
  .openapi(routes.track, handlers.track)
  .openapi(routes.feedback, handlers.feedback)
  .openapi(routes.supplement, handlers.supplement)
  .openapi(routes.urge, handlers.urge);
