import type { Services } from "@soglasie/core/services";
import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { verifyApi } from "./api.js";
import { verifyPages } from "./pages.js";

/**
 * Public verification of issued documents: pages and JSON API. Built from the services so it also
 * runs on its own, without the common middleware. Pages show no personal data: consents and
 * refusals appear by their type only.
 */
export function verifyApp(services: Services): Hono<AppEnv> {
  return new Hono<AppEnv>().route("/", verifyPages(services)).route("/", verifyApi(services));
}
