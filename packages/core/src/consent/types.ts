import type { AlternativeChannel, Relation } from "../documents/schemas.js";
import type { AgeStatement, Respondent } from "../students/rules.js";

/**
 * What a parent said last through the link: consent (with a separate personal-data consent),
 * refusal, or withdrawal of the personal-data consent (152-FZ art. 9 p. 2), after which the
 * consent to the platform cannot stand.
 */
export type DecisionKind = "consent" | "refusal" | "withdrawal";

/** What a staff dashboard shows for one student. */
export type ConsentStatus = "consented" | "refused" | "withdrawn" | "pending" | "expired" | "revoked";

/** The statuses of a request with a decision. */
export type DecidedStatus = "consented" | "refused" | "withdrawn";

export const STATUS_LABELS: Record<ConsentStatus, string> = {
  consented: "Согласие",
  refused: "Отказ",
  withdrawn: "Согласие отозвано",
  pending: "Ожидает ответа",
  expired: "Ссылка истекла",
  revoked: "Ссылка аннулирована",
};

/**
 * The parent's simple electronic signature (Federal law 63-FZ, art. 9): the personal link sent by
 * the college plus the typed full name, with the moment, address and browser of the submission.
 */
export interface SignatureRecord {
  /** «+code»: a confirmation code sent to the parent's contact was typed too (consent/confirmation-codes.ts). */
  method: "personal-link+typed-name" | "personal-link+typed-name+code";
  /** Where the code went, masked («+7 914 ***-**-01»). */
  confirmation?: { channel: "email" | "sms"; to: string };
  typedName: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  /** Which issue of the link was used (re-issues raise it). */
  linkGeneration: number;
  /** The rules of the simple electronic signature it was made under (63-FZ art. 9 p. 2). */
  rules?: { version: number; documentId: string };
}

/** The personal-data consent signed with a consent (its values live only in its PDF). */
export interface PersonalDataConsentRef {
  documentId: string;
  documentNumber: string;
  /** Keyed fingerprint of the form's values (personal-data/fingerprint.ts): repeats are recognised. */
  fingerprint: string;
}

/** The withdrawal of a personal-data consent signed with a decision (a withdrawal, or a refusal after a consent). */
export interface WithdrawalRef {
  documentId: string;
  documentNumber: string;
  /** The personal-data consent withdrawn. */
  consentDocumentId: string;
  consentNumber: string;
  /** ISO date the college received it, and the last day it stops processing and destroys (152-FZ art. 21 p. 5). */
  receivedOn: string;
  deadline: string;
}

export interface Decision {
  decision: DecisionKind;
  documentId: string;
  documentNumber: string;
  documentDate: string;
  /** The signer's name as typed: the parent's, or the student's own when `respondent` is "student". */
  parentName: string;
  /** The parent's relation; absent when the student answered personally. */
  relation?: Relation;
  /** Who answered: absent in records from before adult students (the representative). */
  respondent?: Respondent;
  /** The signer's statement of the student's age, recorded when the date of birth was unknown. */
  ageStatement?: AgeStatement;
  /** Alternatives of clause 1.8 the parent prefers (refusals only). */
  alternatives: AlternativeChannel[];
  decidedAt: string;
  signature: SignatureRecord;
  personalData?: PersonalDataConsentRef;
  withdrawal?: WithdrawalRef;
}

/** Every document a decision produced (the main one first). */
export const decisionDocumentIds = (d: Pick<Decision, "documentId" | "personalData" | "withdrawal">) =>
  [d.documentId, d.personalData?.documentId, d.withdrawal?.documentId].filter(
    (id, i, all): id is string => typeof id === "string" && all.indexOf(id) === i,
  );

/** Earlier decisions of the same request (their documents are marked superseded). */
export interface PastDecision {
  decision: DecisionKind;
  documentId: string;
  documentNumber: string;
  decidedAt: string;
  /** Every document of that decision (absent in records from before personal-data consents: the main one only). */
  documentIds?: string[];
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
  /** "student": the current link was issued to the adult student personally (links.ts, issueStudentLink). */
  linkHolder?: "student";
  /**
   * Set while the student has left (roster/student-repository.ts, Enrolment): the request is out of
   * the group's lists and counters; its documents and decision stay.
   */
  leftAt?: string;
  decision?: Decision;
  history: PastDecision[];
  /** The parents' signature rules accepted through this link (the latest acceptance). */
  pepRules?: { version: number; documentId: string; acceptedAt: string };
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Status of a request on `today` (ISO date in the organisation's zone). */
export function statusOf(
  request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">,
  today: string,
): ConsentStatus {
  if (request.decision) return decidedStatus(request.decision.decision);
  if (request.linkRevokedAt) return "revoked";
  if (request.expiresOn < today) return "expired";
  return "pending";
}

export function decidedStatus(kind: DecisionKind): DecidedStatus {
  return kind === "consent" ? "consented" : kind === "refusal" ? "refused" : "withdrawn";
}

/** Whether the personal link can still be used on `today`. */
export function linkActive(
  request: Pick<ConsentRequest, "linkRevokedAt" | "expiresOn">,
  today: string,
): boolean {
  return !request.linkRevokedAt && request.expiresOn >= today;
}
