import type { DocumentType } from "./types.js";

/**
 * How long each document type is kept, and on what ground: the one table (docs/documents.md
 * "Retention" prints it). The service itself deletes no signed document (no lifecycle rule, no
 * function); the terms say what the college's nomenclature of cases (номенклатура дел) must decide
 * and which documents the bucket locks on AWS.
 *
 * Sources (/work/shared/LEGAL.md "Storage"): the list of typical documents, Приказ Росархива № 236
 * of 20.12.2019, applies from 18.02.2020. Only orders on core activity have an article (19 «а»,
 * permanent) and that from a secondary source; for local acts, pedagogical council protocols,
 * acknowledgment sheets, registers and consents no article or term was found. Where nothing was
 * found `confirmed` is false and the term is the template's storage class (templates/*.md
 * `storage:`) or, for consents, the operator's need to prove the basis of processing.
 */

export type StorageClass = "permanent" | "long" | "temporary";

export interface Retention {
  /** As the template's `storage:` (permanent | long: over 10 years | temporary: up to 10 years). */
  storage: StorageClass;
  /** The term in words (Russian, as the nomenclature would write it). */
  term: string;
  /** Where the term comes from, or why it is what it is when no source was found. */
  source: string;
  /** True only when the article was read in a source that states it. */
  confirmed: boolean;
  /** Kept under S3 Object Lock on AWS (retention set on every put): permanent documents only. */
  objectLock: boolean;
}

const ORDER: Retention = {
  storage: "permanent",
  term: "постоянно",
  source:
    "Перечень типовых управленческих архивных документов (приказ Росархива № 236 от 20.12.2019), ст. 19 «а»: приказы по основной деятельности — постоянно (по вторичному источнику, текст статьи не сверен)",
  confirmed: false,
  objectLock: true,
};

const LOCAL_ACT: Retention = {
  storage: "permanent",
  term: "постоянно",
  source:
    "Перечень № 236, ст. 8 — по вторичным указаниям, текст не сверен (статья для положений и правил не найдена в источнике); принято по шаблону (storage: permanent), как для утверждающего их приказа",
  confirmed: false,
  objectLock: true,
};

const ACKNOWLEDGMENT: Retention = {
  storage: "long",
  term: "не менее срока хранения акта, с которым ознакомлены (более 10 лет); срок — по номенклатуре дел",
  source:
    "Статья Перечня № 236 для листов ознакомления не найдена; ТК РФ ст. 22, 68 требуют ознакомления под подпись, но срока не задают; принято по шаблону (storage: long)",
  confirmed: false,
  objectLock: false,
};

const CONSENT: Retention = {
  storage: "temporary",
  term: "пока согласие (отказ, отзыв) служит основанием обработки и пока колледж может быть обязан его доказать; срок — по номенклатуре дел",
  source:
    "Срок не найден в источнике (LEGAL.md «Storage»; Перечень № 236, ст. 441 — около 3 лет — не сверена); 152-ФЗ ст. 9 ч. 3 возлагает доказательство согласия на оператора, поэтому служба их не удаляет",
  confirmed: false,
  objectLock: false,
};

export const RETENTION: Record<DocumentType, Retention> = {
  regulation: LOCAL_ACT,
  "pep-rules": LOCAL_ACT,
  "protocol-extract": {
    storage: "permanent",
    term: "постоянно",
    source:
      "Перечень № 236, ст. 18 — по вторичным указаниям, текст не сверен (срок протоколов педагогического совета не найден); выписка подтверждает решение, на котором основан приказ об утверждении Положения; принято по шаблону (storage: permanent)",
    confirmed: false,
    objectLock: true,
  },
  "order-approve-regulation": ORDER,
  "order-appoint-administrator": ORDER,
  "order-assign-class-teachers": ORDER,
  "order-cancel": ORDER,
  "orders-register": {
    storage: "temporary",
    term: "выписка — как документ, для которого выдана; сам журнал регистрации ведёт таблица службы; срок — по номенклатуре дел",
    source: "Статья Перечня № 236 для выписок из журнала регистрации приказов не найдена",
    confirmed: false,
    objectLock: false,
  },
  acknowledgment: ACKNOWLEDGMENT,
  "order-acknowledgment": ACKNOWLEDGMENT,
  consent: CONSENT,
  refusal: CONSENT,
  "personal-data-consent": CONSENT,
  "personal-data-consent-withdrawal": CONSENT,
};

/**
 * S3 Object Lock has no "forever": a retention has a date. Permanent documents are locked for a
 * century from the put, longer than any system or the college's own storage before a transfer to
 * a state archive; GOVERNANCE mode, so that an operator holding s3:BypassGovernanceRetention (no
 * function has it, except the orphan sweep for PDFs no record refers to) can still act on an order
 * of the archive, where COMPLIANCE would let nobody, not even the account root, remove a version
 * written by mistake.
 */
export const OBJECT_LOCK_MODE = "GOVERNANCE" as const;
export const OBJECT_LOCK_YEARS = 100;

/** The Object Lock retention of a new document of this type, or undefined when it is not locked. */
export function objectLockFor(
  type: DocumentType,
  now: Date,
): { mode: typeof OBJECT_LOCK_MODE; retainUntil: Date } | undefined {
  if (!RETENTION[type].objectLock) return undefined;
  const retainUntil = new Date(now);
  retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + OBJECT_LOCK_YEARS);
  return { mode: OBJECT_LOCK_MODE, retainUntil };
}
