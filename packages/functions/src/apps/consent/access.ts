import type { Actor } from "@soglasie/core/audit/types";
import { assertManagesGroup, assertSeesGroup, type Viewer } from "@soglasie/core/roster/access";
import { type Group, GroupRepository } from "@soglasie/core/roster/group-repository";
import type { ImportScope } from "@soglasie/core/roster/import";
import type { Role } from "@soglasie/core/staff/roles";
import type { Context } from "hono";
import { actorOf } from "../../http/actor.js";
import type { StaffEnv } from "../../http/env.js";

/** Roles that see consent dashboards (clause 2.3 administrator, 2.4 administration, 2.5 class teacher). */
export const CONSENT_READERS: Role[] = ["administrator", "director", "class_teacher"];
/** Roles that import rosters and manage links. */
export const ROSTER_MANAGERS: Role[] = ["administrator", "class_teacher"];

/** The staff actor of a change to links or the roster, with the role that allows it (most specific first). */
export const staffActor = (c: Context<StaffEnv>): Actor =>
  actorOf(c, "administrator", "class_teacher", "director");

export function viewerOf(c: Context<StaffEnv>): Viewer {
  const user = c.get("user");
  return { staffId: user.staff.staffId, roles: user.roles };
}

/** The group of the route, if the signed-in person may see it (403/404 otherwise). */
export async function visibleGroup(
  c: Context<StaffEnv>,
  groupId = c.req.param("groupId") ?? "",
): Promise<Group> {
  return assertSeesGroup(viewerOf(c), await new GroupRepository(c.get("services")).get(groupId));
}

/** The group of the route, if the signed-in person may change its links. */
export async function managedGroup(
  c: Context<StaffEnv>,
  groupId = c.req.param("groupId") ?? "",
): Promise<Group> {
  return assertManagesGroup(viewerOf(c), await new GroupRepository(c.get("services")).get(groupId));
}

/** Administrators import any group and create new ones; class teachers only their own groups. */
export async function importScope(c: Context<StaffEnv>): Promise<ImportScope> {
  const user = c.get("user");
  if (user.roles.includes("administrator")) return { createGroups: true };
  const own = await new GroupRepository(c.get("services")).listForStaff(user.staff.staffId);
  return { createGroups: false, groupIds: new Set(own.map((g) => g.groupId)) };
}
