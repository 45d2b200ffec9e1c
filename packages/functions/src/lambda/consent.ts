import { campaignApp } from "../apps/campaign/index.js";
import { consentApp } from "../apps/consent/index.js";
import { groupChatApp } from "../apps/group-chat/index.js";
import { pepRulesApp } from "../apps/pep-rules/index.js";
import { defineFunction } from "./handler.js";

/** Parent consent forms, the roster and personal links (paths in manifest.ts). Add an app: one `.route` line. */
export const consent = defineFunction((app) => {
  app.route("/", consentApp);
  app.route("/", groupChatApp);
  app.route("/", campaignApp);
  // The parents' form links the signature rules; version 1 is issued (signed) on first need.
  app.route("/", pepRulesApp);
});

export const handler = consent.handler;

// Lambda runs this during the container's initialisation (ESM top-level await).
await consent.initialise();
