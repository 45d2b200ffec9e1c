import { GroupRepository } from "@soglasie/core/roster/group-repository";
import type { ImportScope } from "@soglasie/core/roster/import";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";

/** Administrators import any group and create new ones; class teachers only their own groups. */
export async function importScope(c: Context<AppEnv>): Promise<ImportScope> {
  const user = c.get("user")!;
  if (user.roles.includes("administrator")) return { createGroups: true };
  const own = await new GroupRepository(c.get("services")).listForStaff(user.staff.staffId);
  return { createGroups: false, groupIds: new Set(own.map((g) => g.groupId)) };
}
