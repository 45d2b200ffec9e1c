import { consentApp } from "../apps/consent/index.js";
import { defineFunction } from "./handler.js";

/** Parent consent forms, the roster and personal links (paths in manifest.ts). Add an app: one `.route` line. */
export const consent = defineFunction((app) => {
  app.route("/", consentApp);
});

export const handler = consent.handler;
