import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { staffContactsApi } from "./api.js";
import { staffContactsPages } from "./pages.js";

/**
 * `/staff/contacts`: a staff member chooses how parents of the groups they lead may reach them;
 * the parents' pages show exactly that beside the class teacher's name. JSON: /api/staff/me/parent-contacts.
 */
export const staffContactsApp = new Hono<AppEnv>()
  .route("/", staffContactsPages)
  .route("/", staffContactsApi);
