import type { Actor } from "../audit/types.js";
import type { PepAudience } from "../documents/types.js";

export const PEP_AUDIENCES: readonly PepAudience[] = ["parents", "staff"];

/** One issued version of the rules of the simple electronic signature for an audience. */
export interface PepRulesVersion {
  audience: PepAudience;
  version: number;
  /** The signed PDF of this version. */
  documentId: string;
  number: string;
  /** ISO yyyy-mm-dd, the version's date. */
  date: string;
  issuedAt: string;
  issuedBy: Actor;
}
