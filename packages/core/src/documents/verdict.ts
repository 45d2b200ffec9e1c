import type { DocumentRecord, DocumentStatus, VerifyResult } from "./types.js";

/**
 * The one answer a check gives people: what a file or a registered document is, in one word.
 *   valid     issued here, unaltered (or the registered record itself), in force
 *   replaced  issued here and unaltered, but superseded by a newer document
 *   withdrawn issued here and unaltered, but withdrawn (not in force)
 *   altered   claims a document issued here (its id, our certificate) but its bytes are not the issued ones
 *   foreign   not issued here: no signature, another signer's, or no such document
 * An altered or foreign file is never "in force", whatever the status of the document it names.
 */
export type VerifyVerdict = "valid" | "replaced" | "withdrawn" | "altered" | "foreign";

const BY_STATUS: Record<DocumentStatus, VerifyVerdict> = {
  current: "valid",
  superseded: "replaced",
  withdrawn: "withdrawn",
};

/** The verdict of a registered document looked up by its id (the QR code's page). */
export const recordVerdict = (record: Pick<DocumentRecord, "status">): VerifyVerdict =>
  BY_STATUS[record.status];

/** The verdict of an uploaded file's check. */
export function fileVerdict(v: Pick<VerifyResult, "issued" | "unaltered" | "status">): VerifyVerdict {
  if (!v.issued) return "foreign";
  if (!v.unaltered) return "altered";
  return BY_STATUS[v.status ?? "current"];
}

/** Whether the file in hand (or the record) is a document in force: only a valid one is. */
export const inForce = (verdict: VerifyVerdict): boolean => verdict === "valid";
