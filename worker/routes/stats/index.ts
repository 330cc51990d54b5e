import { createRouter } from "../../router.ts";
import * as handlers from "./handlers.ts";
import * as routes from "./routes.ts";

export const stats = createRouter().openapi(routes.stats, handlers.stats);
