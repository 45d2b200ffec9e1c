import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { staffHomePages } from "./pages.js";

/** `/staff`: who you are and where you can go. Workflow apps add their own sections (http/nav.tsx). */
export const staffHomeApp = new Hono<AppEnv>().route("/", staffHomePages);
