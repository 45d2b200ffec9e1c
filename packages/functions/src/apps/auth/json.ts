import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { SessionUser } from "../../http/env.js";
import { SESSION_TTL_SECONDS } from "../../http/session.js";

/** The answer to an API sign-in: the bearer token and whom it belongs to. */
export function tokenJson(token: string, staff: StaffMember, now: Date) {
  return {
    token,
    tokenType: "Bearer",
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
    staff: { staffId: staff.staffId, fullName: staff.fullName, email: staff.email },
  };
}

/** `GET /api/me`: the signed-in person, roles and the CSRF token for cookie-based scripts. */
export function meJson(user: SessionUser) {
  const { staffId, fullName, email, position, pedagogical } = user.staff;
  return {
    staffId,
    fullName,
    email,
    position,
    pedagogical,
    roles: user.roles,
    csrfToken: user.csrfToken,
  };
}
