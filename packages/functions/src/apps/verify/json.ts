import { isParentDocument } from "@soglasie/core/documents/records/access";
import { STATUS_LABELS } from "@soglasie/core/documents/service";
import {
  DOCUMENT_TYPE_LABELS,
  type DocumentRecord,
  type DocumentType,
  type VerifyResult,
} from "@soglasie/core/documents/types";
import { fileVerdict, recordVerdict } from "@soglasie/core/documents/verdict";

/** Types whose record title must not be shown publicly (they concern one student). */
export const PERSONAL_TYPES: ReadonlySet<DocumentType> = new Set(["consent", "refusal"]);

const publicTitle = (r: Pick<DocumentRecord, "type" | "title">) =>
  PERSONAL_TYPES.has(r.type) ? DOCUMENT_TYPE_LABELS[r.type] : r.title;

/**
 * What the public pages tell of a status change: for staff documents the successor and the time;
 * for a parent's document nothing beyond the status (access.ts isParentDocument).
 */
export function publicStatusChange(r: DocumentRecord): { supersededBy?: string; statusChangedAt?: string } {
  if (isParentDocument(r)) return {};
  return {
    ...(r.supersededBy ? { supersededBy: r.supersededBy } : {}),
    ...(r.statusChangedAt ? { statusChangedAt: r.statusChangedAt } : {}),
  };
}

/** The public view of a record (JSON API). */
export function publicRecord(r: DocumentRecord) {
  return {
    documentId: r.documentId,
    type: r.type,
    typeLabel: DOCUMENT_TYPE_LABELS[r.type],
    title: isParentDocument(r) ? DOCUMENT_TYPE_LABELS[r.type] : publicTitle(r),
    number: r.number,
    date: r.date,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    verdict: recordVerdict(r),
    ...publicStatusChange(r),
    sha256: r.sha256,
    signer: r.signer,
    signedAt: r.signedAt,
    level: r.level ?? "B-B",
    timestamps: r.timestamps ?? [],
  };
}

/**
 * The public part of a bytes check (the record's own title is replaced for personal types), with
 * the verdict the page shows (documents/verdict.ts): `current` tells the registered document's status,
 * `verdict` whether the file in hand is that document in force.
 */
export function publicVerifyResult(v: VerifyResult) {
  const verdict = fileVerdict(v);
  return v.type
    ? { ...v, title: publicTitle({ type: v.type, title: v.title ?? "" }), verdict }
    : { ...v, verdict };
}
