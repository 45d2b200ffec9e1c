import type { Role } from "@soglasie/core/staff/roles";

/** Who sees the council's meetings and rules; the secretary records, the director sets the rules. */
export const COUNCIL_READERS: Role[] = ["council_secretary", "director", "administrator"];
