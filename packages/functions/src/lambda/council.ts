import { councilApp } from "../apps/council/index.js";
import { regulationApp } from "../apps/regulation/index.js";
import { defineFunction } from "./handler.js";

/** Regulation versions and pedagogical council meetings (paths in manifest.ts). Add an app: one `.route` line. */
export const council = defineFunction((app) => {
  app.route("/", regulationApp);
  app.route("/", councilApp);
});

export const handler = council.handler;

// Lambda runs this during the container's initialisation (ESM top-level await).
await council.initialise();
