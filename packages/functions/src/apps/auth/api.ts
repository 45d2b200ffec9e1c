import { login } from "@soglasie/core/staff/auth";
import { revokeSession } from "@soglasie/core/staff/session-revocations";
import { z } from "@soglasie/core/validation";
import { Hono } from "hono";
import { requireStaff } from "../../http/auth.js";
import { clientAddress, jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { meJson, tokenJson } from "./json.js";
import { deviceTokens, issueSession, setDeviceCookie } from "./session-cookie.js";

const apiLoginSchema = z.object({ email: z.string(), password: z.string() });

export const authApi = new Hono<AppEnv>()
  .post("/api/auth/login", jsonBody(apiLoginSchema), async (c) => {
    const services = c.get("services");
    const { staff, devices } = await login(services, c.req.valid("json"), {
      address: clientAddress(c),
      devices: deviceTokens(c),
    });
    setDeviceCookie(c, devices);
    return c.json(tokenJson(issueSession(c, staff), staff, services.now()));
  })
  .get("/api/me", requireStaff, (c) => c.json(meJson(c.get("user"))))
  // Ends this token (or cookie session) only; the person's other sessions stay.
  .post("/api/auth/logout", requireStaff, async (c) => {
    const { session } = c.get("user");
    await revokeSession(c.get("services"), session.id, session.expiresAt);
    return c.body(null, 204);
  });
