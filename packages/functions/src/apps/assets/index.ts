import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { STAFF_TOOLS_JS } from "./staff-tools.js";

/** Path of the staff pages' script; pages load it with `<script src defer>`. */
export const STAFF_TOOLS_PATH = "/assets/staff-tools.js";

/**
 * Same-origin static files of the pages (the CSP allows scripts from 'self' only). The script holds
 * nothing personal; signed-in requests still get no-store from the common middleware, which is
 * harmless for a file this small.
 */
export const assetsApp = new Hono<AppEnv>().get(STAFF_TOOLS_PATH, (c) => {
  c.header("Content-Type", "text/javascript; charset=utf-8");
  c.header("Cache-Control", "public, max-age=300");
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(STAFF_TOOLS_JS);
});
