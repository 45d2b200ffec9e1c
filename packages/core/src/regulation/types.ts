import type { Actor } from "../audit/types.js";

/**
 * Life of one version (редакция) of the regulation. Clause 1.3: the pedagogical council adopts it,
 * the director approves it by an order; clause 4.1: it is in force from approval until a new act
 * replaces it (superseded) or it is declared void (repealed).
 */
export const VERSION_STATES = ["draft", "adopted", "in_force", "superseded", "repealed"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const VERSION_STATE_LABELS: Record<VersionState, string> = {
  draft: "Проект",
  adopted: "Принято педсоветом, ждёт утверждения",
  in_force: "Действует",
  superseded: "Заменено новой редакцией",
  repealed: "Утратило силу",
};

export type VersionSource = "template" | "upload";

/** The council decision that adopted a version. */
export interface Adoption {
  meetingId: string;
  /** ISO date of the meeting. */
  date: string;
  protocolNumber: string;
  /** The signed protocol extract (выписка из протокола). */
  extractDocumentId: string;
}

/** The director's order that approved a version. */
export interface Approval {
  orderId: string;
  number: string;
  /** ISO date of the order: the version is in force from this day (clause 4.1)… */
  date: string;
  /** …or from the later day the order sets («ввести в действие с»). */
  effectiveDate?: string;
  orderDocumentId: string;
}

export interface RegulationVersion {
  entity: "regulation-version";
  versionId: string;
  /** Sequential number of the version in the organisation: 1, 2, 3… */
  no: number;
  state: VersionState;
  title: string;
  /** What changed, as the administrator describes it (optional). */
  note?: string;
  source: VersionSource;
  /** SHA-256 of the version's text (the template source, UTF-8, LF line ends). */
  textSha256: string;
  /** The text as stored in S3 ("uploads", content-addressed). */
  textKey: string;
  textSize: number;
  adoption?: Adoption;
  approval?: Approval;
  /** The signed regulation PDF with both marks, issued with the approval order. */
  documentId?: string;
  /** ISO date the version came into force (the order's date). */
  inForceFrom?: string;
  /** ISO date it stopped being in force, and why. */
  inForceTo?: string;
  supersededBy?: string;
  repealReason?: string;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  /** Optimistic concurrency revision: +1 on every change. */
  version: number;
}

/** The in-force pointer: one item per organisation, so "what is in force" is a single read. */
export interface CurrentRegulation {
  versionId: string;
  no: number;
  documentId: string;
  orderId: string;
  orderNumber: string;
  /** ISO date of the approval order (= in force from). */
  orderDate: string;
  adoption: { date: string; protocolNumber: string };
  /** Incremented on each change of the pointer. */
  rev: number;
}

/** One staff member's confirmation «Ознакомлен(а)» of an in-force version. */
export interface Acknowledgment {
  versionId: string;
  staffId: string;
  /**
   * The record's own id, printed on the sheet (first 8 characters: «запись № 3F2A9C1B»); absent on
   * confirmations recorded before records had one.
   */
  ackId?: string;
  fullName: string;
  position: string;
  gender?: "male" | "female";
  /** ISO date in the organisation's time zone. */
  date: string;
  at: string;
}

/** The latest acknowledgment sheet of a version. */
export interface AcknowledgmentSheet {
  versionId: string;
  documentId: string;
  /** Staff ids whose confirmations the sheet lists. */
  includes: string[];
  rev: number;
  updatedAt: string;
}
