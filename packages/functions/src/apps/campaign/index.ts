import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { campaignApi } from "./api.js";
import { campaignPages } from "./pages.js";

/** The administrator's campaign view (answers per day, reminder waves, chat invitations); consent function. */
export const campaignApp = new Hono<AppEnv>().route("/", campaignPages).route("/", campaignApi);
