import { orgPk } from "../storage/table.js";

/**
 * The regulation's items share one small partition (a college has a handful of versions): versions,
 * the in-force pointer, the version counter and the acknowledgment sheet pointers. Acknowledgments
 * of a version have a partition of their own (hundreds of staff).
 */
export const regulationPk = (orgId: string) => orgPk(orgId, "REGULATION");

export const versionKey = (orgId: string, versionId: string) => ({
  pk: regulationPk(orgId),
  sk: `VERSION#${versionId}`,
});
export const VERSION_SK_PREFIX = "VERSION#";

/** The in-force pointer: conditional writes on it make concurrent approvals exclusive. */
export const currentKey = (orgId: string) => ({ pk: regulationPk(orgId), sk: "CURRENT" });

/** The last version number given ({no}). */
export const versionCounterKey = (orgId: string) => ({ pk: regulationPk(orgId), sk: "COUNTER" });

export const ackSheetKey = (orgId: string, versionId: string) => ({
  pk: regulationPk(orgId),
  sk: `ACKSHEET#${versionId}`,
});

export const ackPk = (orgId: string, versionId: string) => orgPk(orgId, "REGULATION-ACK", versionId);
export const ackKey = (orgId: string, versionId: string, staffId: string) => ({
  pk: ackPk(orgId, versionId),
  sk: `STAFF#${staffId}`,
});

/** Owner type of the documents (regulation PDF, approval order, acknowledgment sheets) of a version. */
export const REGULATION_OWNER = "regulation-version";
