import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { studentsApi } from "./api.js";
import { studentsPages } from "./pages.js";

/** Students' records and movement (clause 2.3), and the roster upload's preview and confirmation. */
export const studentsApp = new Hono<AppEnv>().route("/", studentsApi).route("/", studentsPages);
