import { parentContactsSchema, setParentContacts } from "@soglasie/core/staff/parent-contacts";
import { Hono } from "hono";
import { actorOf } from "../../http/actor.js";
import { requireStaff } from "../../http/auth.js";
import { jsonBody } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";

/**
 *   GET /api/staff/me/parent-contacts   {phone?, email?, note?}: what parents see
 *   PUT /api/staff/me/parent-contacts   the same shape; omitted or empty fields are not shown
 */
export const staffContactsApi = new Hono<AppEnv>()
  .get("/api/staff/me/parent-contacts", requireStaff, (c) => c.json(c.get("user").staff.parentContacts ?? {}))
  .put("/api/staff/me/parent-contacts", requireStaff, jsonBody(parentContactsSchema), async (c) => {
    const user = c.get("user");
    const updated = await setParentContacts(
      c.get("services"),
      user.staff.staffId,
      c.req.valid("json"),
      actorOf(c),
    );
    return c.json(updated.parentContacts ?? {});
  });
