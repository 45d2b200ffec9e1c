import type { Services } from "@soglasie/core/services";
import type { Hono } from "hono";
import { assetsApp } from "./apps/assets/index.js";
import { authApp } from "./apps/auth/index.js";
import { campaignApp } from "./apps/campaign/index.js";
import { consentApp } from "./apps/consent/index.js";
import { councilApp } from "./apps/council/index.js";
import { groupChatApp } from "./apps/group-chat/index.js";
import { healthApp } from "./apps/health.js";
import { ordersApp } from "./apps/orders/index.js";
import { pepRulesApp } from "./apps/pep-rules/index.js";
import { regulationApp } from "./apps/regulation/index.js";
import { staffContactsApp } from "./apps/staff-contacts/index.js";
import { staffHomeApp } from "./apps/staff-home/index.js";
import { verifyApp } from "./apps/verify/index.js";
import { createBaseApp } from "./base-app.js";
import type { AppEnv } from "./http/env.js";

// The common middleware lives in its own module so a Lambda bundle that imports it does not pull
// in every app registered below.
export { createBaseApp, MAX_BODY_BYTES } from "./base-app.js";

/** Every route of the service, as the local server serves it. */
export function createApp(services: Services): Hono<AppEnv> {
  const app = createBaseApp(services);
  app.route("/", healthApp);
  app.route("/", assetsApp);
  app.route("/", authApp);
  app.route("/", staffHomeApp);
  app.route("/", staffContactsApp);
  app.route("/", ordersApp);
  app.route("/", regulationApp);
  app.route("/", councilApp);
  app.route("/", consentApp);
  app.route("/", groupChatApp);
  app.route("/", campaignApp);
  app.route("/", pepRulesApp);
  app.route("/", verifyApp(services));
  return app;
}
