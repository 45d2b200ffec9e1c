import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { councilApi } from "./api.js";
import { councilPages } from "./pages.js";

/**
 * The pedagogical council adopts the regulation (clause 1.3): the secretary records meetings with
 * the signed protocol scan; the organisation's quorum and majority rules decide the outcome.
 */
export const councilApp = new Hono<AppEnv>().route("/", councilPages).route("/", councilApi);
