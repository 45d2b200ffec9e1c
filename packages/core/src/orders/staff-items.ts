import { ConflictError } from "../errors.js";
import type { Services } from "../services.js";
import type { Role, RoleGrant } from "../staff/roles.js";
import { type StaffMember, staffKey } from "../staff/staff-repository.js";
import type { TxItem } from "../storage/database.js";

/**
 * The write that changes a staff member's roles and role grants, for an order's transaction:
 * an update (the password hash and other fields stay untouched) guarded by the version read.
 */
export function staffRolesItem(
  services: Services,
  staff: StaffMember,
  change: { roles: Role[]; roleGrants: RoleGrant[] },
): TxItem {
  return {
    update: staffKey(services.config.orgId, staff.staffId),
    expression: "SET #roles = :roles, roleGrants = :grants, version = :next, updatedAt = :now",
    condition: "version = :v",
    names: { "#roles": "roles" },
    values: {
      ":roles": change.roles,
      ":grants": change.roleGrants,
      ":v": staff.version,
      ":next": staff.version + 1,
      ":now": services.now().toISOString(),
    },
    onConflict: () =>
      new ConflictError(
        `Данные сотрудника ${staff.fullName} изменились во время подписания приказа. Повторите.`,
      ),
  };
}

/** Ends a grant at `to` (exclusive); a grant that would end before it starts becomes empty. */
export function endGrant(grant: RoleGrant, to: string): RoleGrant {
  return { ...grant, to: to < grant.from ? grant.from : to };
}

/** Whether a grant is still in effect on `date` or later. */
export const grantOpenOn = (grant: RoleGrant, date: string) => !grant.to || grant.to > date;
