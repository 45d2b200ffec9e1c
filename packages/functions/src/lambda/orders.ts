import { ordersApp } from "../apps/orders/index.js";
import { defineFunction, servicesFromRuntime } from "./handler.js";

/** The director's orders (paths in manifest.ts). Add an app: one `.route` line. */
// Warmed with the kind of document the director issues most: an appointment order.
export const orders = defineFunction(
  (app) => {
    app.route("/", ordersApp);
  },
  () => servicesFromRuntime("order-appoint-administrator"),
);

export const handler = orders.handler;

// Lambda runs this during the container's initialisation (ESM top-level await).
await orders.initialise();
