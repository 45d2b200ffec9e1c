import type { Role } from "@soglasie/core/staff/roles";

/** Who may see the register and download orders; only the director issues them (clauses 2.1, 2.4). */
export const ORDER_READERS: Role[] = ["director", "administrator"];
