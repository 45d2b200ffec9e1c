import { ordersApp } from "../apps/orders/index.js";
import { defineFunction } from "./handler.js";

/** The director's orders (paths in manifest.ts). Add an app: one `.route` line. */
export const orders = defineFunction((app) => {
  app.route("/", ordersApp);
});

export const handler = orders.handler;

// Lambda runs this during the container's initialisation (ESM top-level await).
await orders.initialise();
