import type { Actor } from "../audit/types.js";

/** Every kind of document the service issues; each has a template in `templates/` and a data schema. */
export const DOCUMENT_TYPES = [
  "regulation",
  "protocol-extract",
  "order-approve-regulation",
  "order-appoint-administrator",
  "order-assign-class-teachers",
  "order-cancel",
  "consent",
  "refusal",
  "acknowledgment",
  "orders-register",
  "order-acknowledgment",
  "personal-data-consent",
  "personal-data-consent-withdrawal",
  "pep-rules",
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Russian names of the types, for pages and listings. */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  regulation: "Положение",
  "protocol-extract": "Выписка из протокола заседания педагогического совета",
  "order-approve-regulation": "Приказ об утверждении Положения",
  "order-appoint-administrator": "Приказ о назначении администратора ИКОП «Сферум»",
  "order-assign-class-teachers": "Приказ о закреплении классных руководителей за группами",
  "order-cancel": "Приказ об отмене (о признании утратившим силу) приказа",
  consent: "Согласие родителя (законного представителя)",
  refusal: "Отказ родителя (законного представителя)",
  acknowledgment: "Лист ознакомления с Положением",
  "orders-register": "Выписка из журнала регистрации приказов",
  "order-acknowledgment": "Лист ознакомления с приказом",
  "personal-data-consent": "Согласие на обработку персональных данных",
  "personal-data-consent-withdrawal": "Отзыв согласия на обработку персональных данных",
  "pep-rules": "Правила использования простой электронной подписи",
};

export const isDocumentType = (value: unknown): value is DocumentType =>
  typeof value === "string" && (DOCUMENT_TYPES as readonly string[]).includes(value);

export type DocumentStatus = "current" | "superseded" | "withdrawn";

/** What a person sees of the signing certificate (stored with every record). */
export interface CertificateInfo {
  /** Distinguished name, most significant first: «C=RU, L=Чита, O=…, CN=ГПОУ «ЧПТК»». */
  subject: string;
  /** The CN (or O) of the subject: the owner shown in the signature mark. */
  owner: string;
  /** Serial number, upper-case hex without separators. */
  serial: string;
  /** ISO 8601 instants. */
  validFrom: string;
  validTo: string;
}

export interface DocumentOwner {
  /** The entity the document belongs to: "consent-request", "council-meeting", "order", "regulation"... */
  type: string;
  id: string;
}

/** A document record as stored in DynamoDB (without the table keys). */
export interface DocumentRecord {
  entity: "document";
  orgId: string;
  documentId: string;
  type: DocumentType;
  /** A title without personal data (it appears in listings and on the public verification page). */
  title: string;
  number: string;
  /** ISO yyyy-mm-dd, the document's date in the organisation's time zone. */
  date: string;
  status: DocumentStatus;
  /** SHA-256 (hex) of the final signed PDF bytes. */
  sha256: string;
  s3Key: string;
  size: number;
  owner: DocumentOwner;
  signer: CertificateInfo;
  /** The signing time written into the PDF signature dictionary (ISO instant). */
  signedAt: string;
  createdAt: string;
  createdBy: Actor;
  supersedes?: string[];
  supersededBy?: string;
  statusChangedAt?: string;
  withdrawnReason?: string;
  /** The rules of the simple electronic signature the signatory signed under (documents signed by a person). */
  pepRules?: { audience: PepAudience; version: number; documentId: string };
  /** Revision of the record: 1 when issued, +1 on every status change (optimistic concurrency). */
  version: number;
  /** PAdES level of the stored file (absent on records from before timestamps: B-B). */
  level?: SignatureLevel;
  /** The timestamps in the stored file, oldest first (signature timestamp, document timestamps). */
  timestamps?: RecordedTimestamp[];
  /**
   * SHA-256 of each later revision of the file (incremental updates by the timestamp job), oldest
   * first; the stored object is the last one. `sha256` stays the hash of the file as issued.
   */
  revisions?: string[];
  /** When the timestamp job must next look at the document (ISO instant): now for B-B…B-LT, the
   *  renewal date (a year before the last timestamp's certificate expires) for B-LTA. */
  timestampDueAt?: string;
}

/** PAdES baseline levels (ETSI EN 319 142-1). */
export type SignatureLevel = "B-B" | "B-T" | "B-LT" | "B-LTA";

export interface RecordedTimestamp {
  kind: "signature" | "document";
  /** ISO instant of the token (TSTInfo.genTime). */
  time: string;
  /** The timestamp authority (its certificate's owner). */
  authority: string;
}

/**
 * Who signed a document and how: the person named in the «Подпись» requisite and in the electronic
 * signature mark (ГОСТ Р 7.0.97-2025 names the signer, not the organisation). The organisation's
 * PAdES seal (its certificate) is separate: it proves the file's integrity and origin.
 */
export interface Signatory {
  /** Full name, nominative: «Иванова Светлана Петровна». */
  fullName: string;
  /** Position as printed in the signature requisite, nominative: «Директор». */
  position?: string;
  /**
   * The person's simple electronic signature in the service: a signed-in staff member's action,
   * a parent's personal link (with a confirmation code when one was required).
   */
  method: "staff-session" | "personal-link" | "personal-link+code";
  /** ISO instant the person signed. */
  signedAt: string;
}

/** Who the rules of the simple electronic signature are for: parents (and later adult students), staff. */
export type PepAudience = "parents" | "staff";

/** Whose rules a signature method falls under: staff sign in a session, parents through their link. */
export const pepAudienceOf = (method: Signatory["method"]): PepAudience =>
  method === "staff-session" ? "staff" : "parents";

/**
 * The rules of the simple electronic signature (63-FZ art. 9 p. 2) in force when a person signed:
 * stamped on every document with a signatory (DocumentService.prepare), so templates can cite them
 * as `{{pep.reference}}` or `{{pep.version}}` / `{{pep.date|date}}`.
 */
export interface PepStamp {
  audience: PepAudience;
  /** Version number: 1, 2, … */
  version: number;
  /** ISO yyyy-mm-dd: the date of the version. */
  date: string;
  /** The signed PDF of that version. */
  documentId: string;
  /** Public URL of that version's PDF. */
  url: string;
  /** «Правилами использования простой электронной подписи (редакция № 1 от 25.11.2026)», instrumental. */
  reference: string;
}

/** The document's registration data that is not part of the type's own data. */
export interface DocumentMeta {
  documentId: string;
  /** Registration number («12-од», «3»...). */
  number: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  /** Signing time (default: now). */
  signedAt?: Date;
  /** Full verification URL encoded in the QR code: `${publicBaseUrl}/verify/${documentId}`. */
  verifyUrl: string;
  /** Time zone for times printed in the document (decision times of consents). */
  timeZone?: string;
  /** Who signed the document (absent: only the organisation's seal). */
  signatory?: Signatory;
  /** The signature rules the signatory signed under (templates: `{{pep.*}}`). */
  pep?: PepStamp;
}

/** Result of checking a PDF's bytes against the service's records. */
export interface VerifyResult {
  /** The PDF is a document this service issued (found by its SHA-256, or by its embedded id with our valid signature). */
  issued: boolean;
  /** The bytes are exactly the issued ones: SHA-256 equals the record and the CMS signature is valid. */
  unaltered: boolean;
  /** The document is still in force: status "current" (not superseded or withdrawn). */
  current: boolean;
  /** The embedded CMS signature is cryptographically valid over the signed byte range. */
  signatureValid: boolean;
  /** SHA-256 of the bytes that were checked. */
  sha256: string;
  documentId?: string;
  type?: DocumentType;
  title?: string;
  number?: string;
  date?: string;
  status?: DocumentStatus;
  signer?: CertificateInfo;
  signedAt?: string;
  /** The long-term signature of the checked file (levels and timestamps: timestamps/long-term.ts). */
  longTerm?: VerifyLongTerm;
  /** A short explanation in Russian for people. */
  message: string;
}

/** What verification says of a file's timestamps. */
export interface VerifyLongTerm {
  level: SignatureLevel;
  timestamps: Array<{
    kind: "signature" | "document";
    time?: string;
    authority?: string;
    /** The imprint matches the bytes it covers. */
    imprintMatches: boolean;
    /** The authority's signature verifies with its timestamping certificate. */
    signatureValid: boolean;
  }>;
  /** Every timestamp in the file verifies. */
  timestampsValid: boolean;
  /** The document security store: certificates, CRLs and OCSP responses it holds. */
  dss?: { certificates: number; crls: number; ocsps: number };
}
