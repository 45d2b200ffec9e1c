import { canManageGroup, canSeeGroup, isClassTeacherOf } from "@soglasie/core/roster/access";
import { describe, expect, it } from "vitest";

const group = { classTeacherIds: ["t1"] };

describe("who sees and manages a group (clauses 2.3, 2.5)", () => {
  it("lets a class teacher see and manage only the groups the distribution bound them to (clause 2.5)", () => {
    const teacher = { staffId: "t1", roles: ["class_teacher"] as const };
    const other = { staffId: "t2", roles: ["class_teacher"] as const };
    expect(isClassTeacherOf(teacher, group)).toBe(true);
    expect(canSeeGroup(teacher, group) && canManageGroup(teacher, group)).toBe(true);
    expect(isClassTeacherOf(other, group)).toBe(false);
    expect(canSeeGroup(other, group) || canManageGroup(other, group)).toBe(false);
    // Bound to the group but no longer holding the role (the order ended it): no access.
    expect(isClassTeacherOf({ staffId: "t1", roles: ["teacher"] }, group)).toBe(false);
  });

  it("lets the administrator manage every group and the director only see it (clauses 2.3, 2.4)", () => {
    const admin = { staffId: "a", roles: ["administrator"] as const };
    const director = { staffId: "d", roles: ["director"] as const };
    expect(canSeeGroup(admin, group) && canManageGroup(admin, group)).toBe(true);
    expect(canSeeGroup(director, group)).toBe(true);
    expect(canManageGroup(director, group)).toBe(false);
  });
});
