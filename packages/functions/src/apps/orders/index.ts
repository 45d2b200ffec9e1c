import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { ordersApi } from "./api.js";
import { ordersPages } from "./pages.js";

/**
 * The director's orders (clauses 2.1, 2.3, 2.4): appointment of the Sferum administrator, the
 * class-teacher distribution, the orders register and downloads. The director issues; the
 * administrator reads the register and downloads.
 */
export const ordersApp = new Hono<AppEnv>().route("/", ordersApi).route("/", ordersPages);
