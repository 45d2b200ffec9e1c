import { consentApp } from "../apps/consent/index.js";
import { pepRulesApp } from "../apps/pep-rules/index.js";
import { defineFunction } from "./handler.js";

/** Parent consent forms, the roster and personal links (paths in manifest.ts). Add an app: one `.route` line. */
export const consent = defineFunction((app) => {
  app.route("/", consentApp);
  // The parents' form links the signature rules; version 1 is issued (signed) on first need.
  app.route("/", pepRulesApp);
});

export const handler = consent.handler;
