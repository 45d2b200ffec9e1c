import type { Actor } from "@soglasie/core/audit/types";
import type { Role } from "@soglasie/core/staff/roles";
import type { Context } from "hono";
import type { StaffEnv } from "./env.js";

/**
 * The signed-in staff member as the actor of an audited change, recorded with the first role of
 * `prefer` they hold (the role that allows the action); without a preference, their first role.
 */
export function actorOf(c: Context<StaffEnv>, ...prefer: Role[]): Actor {
  const user = c.get("user");
  const role = prefer.length > 0 ? prefer.find((r) => user.roles.includes(r)) : user.roles[0];
  return { type: "staff", id: user.staff.staffId, ...(role ? { role } : {}) };
}
