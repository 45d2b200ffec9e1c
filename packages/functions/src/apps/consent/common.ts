import type { Actor } from "@soglasie/core/audit/types";
import { assertManagesGroup, assertSeesGroup, type Viewer } from "@soglasie/core/roster/access";
import { type Group, GroupRepository } from "@soglasie/core/roster/group-repository";
import type { Role } from "@soglasie/core/staff/roles";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";

/** Roles that see consent dashboards (clause 2.3 administrator, 2.4 administration, 2.5 class teacher). */
export const CONSENT_READERS: Role[] = ["administrator", "director", "class_teacher"];
/** Roles that import rosters and manage links. */
export const ROSTER_MANAGERS: Role[] = ["administrator", "class_teacher"];

export function viewerOf(c: Context<AppEnv>): Viewer {
  const user = c.get("user")!;
  return { staffId: user.staff.staffId, roles: user.roles };
}

/** The staff actor, with the role that allows the action (most specific first). */
export function staffActor(
  c: Context<AppEnv>,
  prefer: Role[] = ["administrator", "class_teacher", "director"],
): Actor {
  const user = c.get("user")!;
  const role = prefer.find((r) => user.roles.includes(r));
  return { type: "staff", id: user.staff.staffId, ...(role ? { role } : {}) };
}

/** The group of the route, if the signed-in person may see it (403/404 otherwise). */
export async function visibleGroup(
  c: Context<AppEnv>,
  groupId = c.req.param("groupId") ?? "",
): Promise<Group> {
  return assertSeesGroup(viewerOf(c), await new GroupRepository(c.get("services")).get(groupId));
}

/** The group of the route, if the signed-in person may change its links. */
export async function managedGroup(
  c: Context<AppEnv>,
  groupId = c.req.param("groupId") ?? "",
): Promise<Group> {
  return assertManagesGroup(viewerOf(c), await new GroupRepository(c.get("services")).get(groupId));
}

/** `Content-Disposition` with a Russian file name (ASCII fallback for old clients). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A file name from a group code («ТМ-21» → «ТМ-21», slashes and the like replaced). */
export const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_");

export const PRIVATE_HEADERS = { "cache-control": "no-store", "x-robots-tag": "noindex, nofollow" } as const;
