import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

/** Paths opened by a parent's personal link: pages, receipts, documents and the link's JSON API. */
const PERSONAL_LINK_PATH = /^\/(c|api\/consent)\//;

/**
 * `Cache-Control: no-store` on every answer to a signed-in staff member and on every answer of a
 * personal link: dashboards with live parents' links, rosters and documents must not stay in the
 * browser's cache (Back after signing out) or in a shared proxy. Set after the route, so it covers
 * redirects and error pages too and wins over anything the route set.
 */
export const privateResponses: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.get("user") || PERSONAL_LINK_PATH.test(c.req.path)) c.header("Cache-Control", "no-store");
};
