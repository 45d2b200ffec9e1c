import type { PepAudience } from "../documents/types.js";
import { orgPk } from "../storage/table.js";

/**
 * Keys of the rules of the simple electronic signature: one partition per organisation, one item
 * per issued version and one pointer to the version in force per audience.
 *   pk ORG#{org}#PEP-RULES   sk CURRENT#{audience}              the version in force
 *   pk ORG#{org}#PEP-RULES   sk VERSION#{audience}#{000001}      every version ever issued
 */
export const pepRulesPk = (orgId: string) => orgPk(orgId, "PEP-RULES");
export const currentSk = (audience: PepAudience) => `CURRENT#${audience}`;
export const versionPrefix = (audience: PepAudience) => `VERSION#${audience}#`;
export const versionSk = (audience: PepAudience, version: number) =>
  `${versionPrefix(audience)}${String(version).padStart(6, "0")}`;

/** Owner of the rules' documents (DocumentRecord.owner): `{type: "pep-rules", id: audience}`. */
export const PEP_RULES_OWNER = "pep-rules";
