import type { AlternativeChannel, Relation } from "../documents/schemas.js";

export type DecisionKind = "consent" | "refusal";

/** What a staff dashboard shows for one student. */
export type ConsentStatus = "consented" | "refused" | "pending" | "expired" | "revoked";

export const STATUS_LABELS: Record<ConsentStatus, string> = {
  consented: "Согласие",
  refused: "Отказ",
  pending: "Ожидает ответа",
  expired: "Ссылка истекла",
  revoked: "Ссылка аннулирована",
};

/**
 * The parent's simple electronic signature (Federal law 63-FZ, art. 9): the personal link sent by
 * the college plus the typed full name, with the moment, address and browser of the submission.
 */
export interface SignatureRecord {
  method: "personal-link+typed-name";
  typedName: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  /** Which issue of the link was used (re-issues raise it). */
  linkGeneration: number;
}

export interface Decision {
  decision: DecisionKind;
  documentId: string;
  documentNumber: string;
  documentDate: string;
  parentName: string;
  relation: Relation;
  /** Alternatives of clause 1.8 the parent prefers (refusals only). */
  alternatives: AlternativeChannel[];
  decidedAt: string;
  signature: SignatureRecord;
}

/** Earlier decisions of the same request (their documents are marked superseded). */
export interface PastDecision {
  decision: DecisionKind;
  documentId: string;
  documentNumber: string;
  decidedAt: string;
}

/** One student's consent request: the personal link and the current decision. */
export interface ConsentRequest {
  requestId: string;
  groupId: string;
  studentId: string;
  /** The student's key inside the group (normalised name, roster/keys.ts). */
  nameKey: string;
  /** SHA-256 of the current link token; the token itself is never stored (see links.ts). */
  tokenHash: string;
  linkSeed: string;
  linkGeneration: number;
  linkIssuedAt: string;
  /** Last day (inclusive, organisation's time zone) the link works. */
  expiresOn: string;
  linkRevokedAt?: string;
  decision?: Decision;
  history: PastDecision[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Status of a request on `today` (ISO date in the organisation's zone). */
export function statusOf(
  request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">,
  today: string,
): ConsentStatus {
  if (request.decision) return request.decision.decision === "consent" ? "consented" : "refused";
  if (request.linkRevokedAt) return "revoked";
  if (request.expiresOn < today) return "expired";
  return "pending";
}

/** Whether the personal link can still be used on `today`. */
export function linkActive(
  request: Pick<ConsentRequest, "linkRevokedAt" | "expiresOn">,
  today: string,
): boolean {
  return !request.linkRevokedAt && request.expiresOn >= today;
}
