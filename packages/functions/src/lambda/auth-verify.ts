import { assetsApp } from "../apps/assets/index.js";
import { authApp } from "../apps/auth/index.js";
import { healthApp } from "../apps/health.js";
import { staffContactsApp } from "../apps/staff-contacts/index.js";
import { staffHomeApp } from "../apps/staff-home/index.js";
import { verifyApp } from "../apps/verify/index.js";
import { defineFunction } from "./handler.js";

/**
 * Staff sign-in, the staff home page and one's contacts for parents, health, the pages' static script
 * and public document verification; API Gateway sends it every path no workflow function claims (see
 * manifest.ts). Add an app: one `.route` line.
 */
export const authVerify = defineFunction((app, services) => {
  app.route("/", healthApp);
  app.route("/", assetsApp);
  app.route("/", authApp);
  app.route("/", staffHomeApp);
  app.route("/", staffContactsApp);
  app.route("/", verifyApp(services));
});

export const handler = authVerify.handler;

// Lambda runs this during the container's initialisation (ESM top-level await).
await authVerify.initialise();
