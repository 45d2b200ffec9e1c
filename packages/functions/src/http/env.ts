import type { Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";

export interface SessionUser {
  staff: StaffMember;
  roles: Role[];
  /** How the request authenticated: cookie-based requests need a CSRF token on unsafe methods. */
  via: "cookie" | "bearer";
  csrfToken: string;
  /** The session's id and expiry (epoch seconds), for signing out. */
  session: { id: string; expiresAt: number };
}

interface CommonVariables {
  services: Services;
  requestId: string;
}

/** What every request's context has, for helpers that need only the services (any route may call them). */
export interface ServicesEnv {
  Variables: { services: Services };
}

/** Every request: the session user is there only when the request carries a valid session. */
export interface AppEnv {
  Variables: CommonVariables & { user?: SessionUser };
}

/** Routes behind `requireRoles`/`requireStaff`: the user is always there. */
export interface StaffEnv {
  Variables: CommonVariables & { user: SessionUser };
}
