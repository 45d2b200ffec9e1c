import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { groupChatApi } from "./api.js";
import { groupChatPages } from "./pages.js";

/**
 * The parents' chat of a group in Sferum/MAX (clauses 2.3, 2.5): its invitation link, shown only to
 * consenting parents (consent app, receipt page), handed out and revoked. Served by the consent function.
 */
export const groupChatApp = new Hono<AppEnv>().route("/", groupChatPages).route("/", groupChatApi);
