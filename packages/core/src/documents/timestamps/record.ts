import type { DocumentRecord, RecordedTimestamp, VerifyLongTerm } from "../types.js";
import { type LongTermInfo, lastTimestampExpiry } from "./long-term.js";

/**
 * What the document record keeps of a file's long-term signature, and when the timestamp job must
 * look at it again: at once below B-LTA; for B-LTA, `RENEW_BEFORE_DAYS` before the certificate of
 * its last timestamp expires (after that the timestamp can no longer be checked, so a newer one must
 * cover it first: the archive timestamp chain of ETSI EN 319 142-1 §5.5).
 */
export const RENEW_BEFORE_DAYS = 365;
/** At most this often: an authority whose own certificate is near its end gives no later expiry. */
export const RENEW_AGAIN_AFTER_DAYS = 30;

export type LongTermFields = Pick<DocumentRecord, "level" | "timestamps" | "timestampDueAt">;

export function longTermFields(info: LongTermInfo, now: Date): LongTermFields {
  const timestamps: RecordedTimestamp[] = [info.signatureTimestamp, ...info.documentTimestamps]
    .filter((t) => t?.valid)
    .map((t) => ({ kind: t?.kind ?? "document", time: t?.time ?? "", authority: t?.authority ?? "" }));
  const expiry = lastTimestampExpiry(info);
  const due =
    info.level === "B-LTA" && expiry ? new Date(Date.parse(expiry) - RENEW_BEFORE_DAYS * 86_400_000) : now;
  return { level: info.level, timestamps, timestampDueAt: due.toISOString() };
}

/** The part of a verification result about timestamps (no certificates, nothing personal). */
export function verifyLongTerm(info: LongTermInfo): VerifyLongTerm {
  return {
    level: info.level,
    timestamps: [info.signatureTimestamp, ...info.documentTimestamps]
      .filter((t) => t !== undefined)
      .map((t) => ({
        kind: t.kind,
        time: t.time,
        authority: t.authority,
        imprintMatches: t.imprintMatches,
        signatureValid: t.signatureValid,
      })),
    timestampsValid: info.timestampsValid,
    ...(info.dss ? { dss: info.dss } : {}),
  };
}
