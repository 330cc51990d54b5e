import { createRouter } from "../../router.ts";
import * as handlers from "./handlers.ts";
import * as routes from "./routes.ts";

export const areas = createRouter().openapi(routes.list, handlers.list).openapi(routes.get, handlers.get);
