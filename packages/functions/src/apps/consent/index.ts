import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { hooksApp } from "../messages/hooks.js";
import { messagesApp } from "../messages/index.js";
import { studentsApp } from "../students/index.js";
import { parentApi } from "./api/parent.js";
import { consentApi } from "./api/staff.js";
import { parentPages } from "./pages/parent.js";
import { rosterPages } from "./pages/roster.js";
import { consentStaffPages } from "./pages/staff.js";

/**
 * Parent consent or refusal through a personal link (clauses 1.8, 2.3, 2.5, 2.9, 2.10): the
 * parent's pages and JSON API, the roster and links, the staff dashboards and exports.
 */
export const consentApp = new Hono<AppEnv>()
  .route("/", parentPages)
  .route("/", parentApi)
  .route("/", consentApi)
  .route("/", consentStaffPages)
  .route("/", rosterPages)
  // Students' movement and the roster preview share the consent function (manifest.ts).
  .route("/", studentsApp)
  // The unsubscribe link of the parents' e-mails (messages/invitations in core).
  .route("/", messagesApp)
  // Providers' delivery reports (SES through SNS, SMS.ru's callback): public webhooks.
  .route("/", hooksApp);
