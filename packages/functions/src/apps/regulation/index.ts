import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { regulationApi } from "./api.js";
import { regulationPages } from "./pages.js";

/**
 * The regulation's versions (clause 1.3): drafts by the administrator, approval by the director's
 * order once the council has adopted them, staff acknowledgment, and the public in-force PDF.
 */
export const regulationApp = new Hono<AppEnv>().route("/", regulationPages).route("/", regulationApi);
