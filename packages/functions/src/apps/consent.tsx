import { Hono } from "hono";
import type { AppEnv } from "../http/env.js";
import { consentApi } from "./consent/api.js";
import { parentApp } from "./consent/parent.js";
import { consentStaffApp } from "./consent/staff.js";

/**
 * Parent consent or refusal through a personal link (clauses 1.8, 2.3, 2.5, 2.9, 2.10): the
 * parent's page and JSON API, the roster and links, the staff dashboards and exports.
 */
export const consentApp = new Hono<AppEnv>()
  .route("/", parentApp)
  .route("/", consentApi)
  .route("/", consentStaffApp);
