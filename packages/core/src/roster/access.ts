import { ForbiddenError, NotFoundError } from "../errors.js";
import type { Role } from "../staff/roles.js";
import type { Group } from "./group-repository.js";

/** The signed-in person as access rules see them. */
export interface Viewer {
  staffId: string;
  roles: readonly Role[];
}

/** Administrators and the director see every group (clauses 2.3, 2.4). */
export const seesAllGroups = (viewer: Viewer) =>
  viewer.roles.includes("administrator") || viewer.roles.includes("director");

/**
 * Clause 2.5: the class teacher coordinates the work «в группе» — their own group: they hold the
 * class_teacher role and the director's distribution bound them to this group.
 */
export const isClassTeacherOf = (viewer: Viewer, group: Pick<Group, "classTeacherIds">): boolean =>
  viewer.roles.includes("class_teacher") && group.classTeacherIds.includes(viewer.staffId);

/** A class teacher sees the groups bound to them (clause 2.5); others see none. */
export function canSeeGroup(viewer: Viewer, group: Pick<Group, "classTeacherIds">): boolean {
  return seesAllGroups(viewer) || isClassTeacherOf(viewer, group);
}

/** Changing links and rosters: the administrator (clause 2.3), or the group's class teacher (not the director). */
export function canManageGroup(viewer: Viewer, group: Pick<Group, "classTeacherIds">): boolean {
  return viewer.roles.includes("administrator") || isClassTeacherOf(viewer, group);
}

export function assertSeesGroup(viewer: Viewer, group: Group | undefined): Group {
  if (!group) throw new NotFoundError("Группа не найдена");
  if (!canSeeGroup(viewer, group))
    throw new ForbiddenError("Эта группа закреплена за другим классным руководителем");
  return group;
}

export function assertManagesGroup(viewer: Viewer, group: Group | undefined): Group {
  const seen = assertSeesGroup(viewer, group);
  if (!canManageGroup(viewer, seen))
    throw new ForbiddenError("Изменять ссылки группы могут администратор и классный руководитель группы");
  return seen;
}
