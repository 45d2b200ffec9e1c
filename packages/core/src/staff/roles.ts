/** Roles from the regulation. `teacher` and `employee` are every pedagogical or other worker. */
export const ROLES = [
  "director",
  "council_secretary",
  "administrator",
  "class_teacher",
  "teacher",
  "employee",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  director: "Директор",
  council_secretary: "Секретарь педагогического совета",
  administrator: "Администратор ИКОП «Сферум»",
  class_teacher: "Классный руководитель",
  teacher: "Педагогический работник",
  employee: "Работник",
};

/** A role held for a period, granted by an order (e.g. the Sferum administrator, clause 2.1). */
export interface RoleGrant {
  role: Role;
  /** ISO date, inclusive. */
  from: string;
  /** ISO date, exclusive; absent while the grant is current. */
  to?: string;
  orderId?: string;
}

/** Roles in effect on `today` (ISO date): permanent roles plus grants whose period covers it. */
export function effectiveRoles(staff: { roles: Role[]; roleGrants?: RoleGrant[] }, today: string): Role[] {
  const roles = new Set<Role>(staff.roles);
  for (const grant of staff.roleGrants ?? []) {
    if (grant.from <= today && (!grant.to || today < grant.to)) roles.add(grant.role);
  }
  return ROLES.filter((r) => roles.has(r));
}
