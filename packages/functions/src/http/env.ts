import type { Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";

export interface SessionUser {
  staff: StaffMember;
  roles: Role[];
  /** How the request authenticated: cookie-based requests need a CSRF token on unsafe methods. */
  via: "cookie" | "bearer";
  csrfToken: string;
}

export interface AppEnv {
  Variables: {
    services: Services;
    user?: SessionUser;
    requestId: string;
  };
}
