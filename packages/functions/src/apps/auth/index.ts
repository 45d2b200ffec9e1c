import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { authApi } from "./api.js";
import { authPages } from "./pages.js";

/** Staff sign-in and sign-out: the sign-in page (session cookie) and the API token. */
export const authApp = new Hono<AppEnv>().route("/", authPages).route("/", authApi);
