import type { PrepareInput } from "@soglasie/core/documents/service";
import { SYSTEM } from "./app.js";

/**
 * The smallest document a test can prepare without a workflow: an empty extract of the orders
 * register (no personal data), owned by `ownerId`. For tests of storage, orphans and the sweep.
 */
export const emptyRegisterExtract = (ownerId: string): PrepareInput => ({
  type: "orders-register",
  data: {
    signer: { name: "Иванова Светлана Петровна", position: "Директор" },
    year: 2026,
    generatedAt: new Date().toISOString(),
    rows: [],
  },
  owner: { type: "test", id: ownerId },
  actor: SYSTEM,
});
