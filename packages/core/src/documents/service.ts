import { sha256Hex } from "../audit/hash.js";
import type { Actor, AuditEventInput } from "../audit/types.js";
import { localDate } from "../clock.js";
import type { AppConfig } from "../config.js";
import { ConflictError, NotFoundError, StateError, ValidationError } from "../errors.js";
import { newId } from "../ids.js";
import type { Database, TxItem } from "../storage/database.js";
import type { ObjectStore } from "../storage/object-store.js";
import { cleanText, isoDate, parseInput, z } from "../validation.js";
import { DocumentRepository } from "./records/document-repository.js";
import { objectLockFor } from "./retention.js";
import { docText, regNumber } from "./schemas.js";
import type { Signer } from "./signing/signer.js";
import type { TsaClient } from "./timestamps/tsa-client.js";
import {
  DOCUMENT_TYPES,
  type DocumentOwner,
  type DocumentRecord,
  type DocumentStatus,
  type DocumentType,
  type PepAudience,
  type PepStamp,
  pepAudienceOf,
  type Signatory,
  type VerifyResult,
} from "./types.js";

/**
 * The documents engine as the workflows (consent, council, orders) use it.
 *
 *   prepare(input)  renders, signs and uploads the PDF to S3 (before any DB write) and returns what
 *                   the caller adds to ITS OWN transaction: `txItems` (the record's put and the
 *                   conditional updates that mark `supersedes` documents "superseded") and
 *                   `auditEvent`:  `await db.transact([...mine, ...p.txItems], [...myEvents, p.auditEvent])`.
 *                   Invalid data throws ValidationError (field paths) before anything is produced.
 *   committed(p, write)  runs the caller's transaction; if it fails, removes the prepared PDFs that no
 *                   record refers to (a lost race, a refused write), so no signed PDF is left behind.
 *   preview(input)  the same document as a draft marked «ПРОЕКТ» (unsigned, unnumbered, no QR), stored nowhere.
 *   issue(input)    prepare + its own transaction, for callers with nothing else to write.
 *   get(id) · listByOwner(type, id) (newest first) · findBySha256(sha) · pdf(id) · downloadUrl(id, s)
 *   verifyBytes(bytes)  issued by us? unaltered (SHA-256 and CMS signature)? current?
 *   withdraw(id, actor, reason)  status "withdrawn" with an audit event.
 *
 * Records carry no personal data beyond the document itself (titles come from the templates'
 * `record-title`), so the public verification page can show them.
 */

export interface PrepareInput {
  type: DocumentType;
  /** The type's data (see schemas.ts); validated here. */
  data: unknown;
  /** Registration number; default: the first 8 characters of the document id. */
  number?: string;
  /** ISO yyyy-mm-dd; default: today in config.timeZone. */
  date?: string;
  /** The entity the document belongs to (consent request, council meeting, order...). */
  owner: DocumentOwner;
  /** Overrides the template's record title (no personal data!). */
  title?: string;
  /** The person who signs the document and how (printed in the signature requisite and mark). */
  signatory?: Signatory;
  /**
   * The rules of the simple electronic signature the signatory signs under (templates: `{{pep.*}}`).
   * Default: with a signatory, the current rules for the signatory's method (DocumentServiceDeps.pepRules);
   * `null`: none (the rules' own documents).
   */
  pep?: PepStamp | null;
  /** Documents (ids) this one replaces: they become "superseded" in the same transaction. */
  supersedes?: string[];
  /**
   * A full template source (front matter + body, templates/README.md) used instead of
   * templates/<type>.md: an edited regulation text kept with its version.
   */
  templateSource?: string;
  actor: Actor;
}

export interface PreparedDocument {
  documentId: string;
  /** The signed PDF as stored (callers that hand it out right away need no second read). */
  bytes: Uint8Array;
  sha256: string;
  s3Key: string;
  size: number;
  number: string;
  date: string;
  record: DocumentRecord;
  txItems: TxItem[];
  auditEvent: AuditEventInput;
}

export interface DocumentServiceDeps {
  config: AppConfig;
  db: Database;
  objects: ObjectStore;
  signer: Signer;
  /** Timestamp authorities: records get the file's PAdES level; the timestamp job upgrades them. */
  tsa?: TsaClient;
  now?: () => Date;
  /** The current rules of the simple electronic signature for an audience (issued on first need). */
  pepRules?: (audience: PepAudience) => Promise<PepStamp>;
}

const uuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "Неверный идентификатор документа",
  );

const prepareSchema = z.object({
  type: z.enum(DOCUMENT_TYPES, "Неизвестный тип документа"),
  number: regNumber.optional(),
  date: isoDate.optional(),
  owner: z.object({
    type: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "Тип владельца: латинские буквы, цифры, _ и -"),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/, "Идентификатор владельца: латинские буквы, цифры, . _ : -"),
  }),
  title: docText(300).optional(),
  supersedes: z.array(uuid).max(20).default([]),
  templateSource: z
    .string()
    .max(1024 * 1024, "Шаблон больше 1 МБ")
    .optional(),
  actor: z.object({
    type: z.enum(["staff", "parent", "system"]),
    id: z.string().min(1),
    role: z.string().optional(),
  }),
});

const MAX_PDF_BYTES = 20 * 1024 * 1024;

export class DocumentService {
  readonly records: DocumentRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: DocumentServiceDeps) {
    this.records = new DocumentRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  /** The level and timestamps of a freshly signed file (B-B without an authority configured). */
  private async longTermOf(bytes: Uint8Array, now: Date): Promise<Partial<DocumentRecord>> {
    if (!this.deps.tsa) return { level: "B-B" };
    const [{ inspectLongTerm }, { longTermFields }] = await Promise.all([
      import("./timestamps/long-term.js"),
      import("./timestamps/record.js"),
    ]);
    return longTermFields(await inspectLongTerm(bytes), now);
  }

  get signer(): Signer {
    return this.deps.signer;
  }

  verifyUrl(documentId: string): string {
    return `${this.deps.config.publicBaseUrl}/verify/${documentId}`;
  }

  async prepare(input: PrepareInput): Promise<PreparedDocument> {
    const envelope = parseInput(prepareSchema, input, "Проверьте параметры документа");
    const { config, objects, signer } = this.deps;
    const supersedes = [...new Set(envelope.supersedes)];
    // Fail early (before rendering) on documents that cannot be superseded; the transaction re-checks.
    for (const id of supersedes) {
      const old = await this.records.get(id);
      if (!old) throw new NotFoundError(`Заменяемый документ ${id} не найден`);
      if (old.status !== "current")
        throw new ConflictError(`Документ ${id} уже заменён или отозван`, "document_not_current");
    }
    // Only a draft may lack the council's decision: a signed regulation always carries it.
    if (envelope.type === "regulation" && !(input.data as { adoption?: unknown } | undefined)?.adoption) {
      throw new ValidationError("Положение подписывается только после решения педагогического совета", {
        adoption: ["Нет решения педагогического совета"],
      });
    }
    const pep = await this.pepFor(input);
    const now = this.now();
    const documentId = newId();
    const date = envelope.date ?? localDate(now, config.timeZone);
    const number = envelope.number ?? documentId.slice(0, 8).toUpperCase();
    // The PDF engine (pdfkit, fontkit, qrcode, pkijs) is loaded with the first document, so
    // requests that render nothing (sign-in, lists, forms) do not pay for it.
    const { renderAndSign } = await import("./pipeline.js");
    const rendered = await renderAndSign(
      envelope.type,
      input.data,
      {
        documentId,
        number,
        date,
        signedAt: now,
        verifyUrl: this.verifyUrl(documentId),
        timeZone: config.timeZone,
        ...(input.signatory ? { signatory: input.signatory } : {}),
        ...(pep ? { pep } : {}),
      },
      signer,
      config.org,
      { templateSource: envelope.templateSource },
    );
    const stored = await objects.put("documents", rendered.bytes, {
      contentType: "application/pdf",
      metadata: { "document-id": documentId, "document-type": envelope.type },
      // Permanent documents are locked on AWS (documents/retention.ts); a no-op elsewhere.
      lock: objectLockFor(envelope.type, now),
    });
    const longTerm = await this.longTermOf(rendered.bytes, now);
    const at = now.toISOString();
    const record: DocumentRecord = {
      entity: "document",
      orgId: config.orgId,
      documentId,
      type: envelope.type,
      title: envelope.title ?? rendered.title,
      number,
      date,
      status: "current",
      sha256: stored.sha256,
      s3Key: stored.key,
      size: stored.size,
      owner: envelope.owner,
      signer: signer.certificate,
      signedAt: rendered.signedAt.toISOString(),
      createdAt: at,
      createdBy: envelope.actor,
      ...(supersedes.length > 0 ? { supersedes } : {}),
      ...(pep
        ? { pepRules: { audience: pep.audience, version: pep.version, documentId: pep.documentId } }
        : {}),
      version: 1,
      ...longTerm,
    };
    const txItems = [
      this.records.putTx(record),
      ...supersedes.map((id) => this.records.supersedeTx(id, documentId, at)),
    ];
    const auditEvent: AuditEventInput = {
      actor: envelope.actor,
      action: "document.issued",
      entityType: "document",
      entityId: documentId,
      before: null,
      after: "current",
      details: {
        type: envelope.type,
        number,
        sha256: stored.sha256,
        ownerType: envelope.owner.type,
        ownerId: envelope.owner.id,
        supersedes: supersedes.length > 0 ? supersedes.join(",") : null,
        ...(pep ? { pepRules: `${pep.audience}#${pep.version}` } : {}),
      },
    };
    return {
      documentId,
      bytes: rendered.bytes,
      sha256: stored.sha256,
      s3Key: stored.key,
      size: stored.size,
      number,
      date,
      record,
      txItems,
      auditEvent,
    };
  }

  /**
   * The document `prepare(input)` would produce, as a draft to show before signing (pipeline.ts
   * renderDraft): same validation, template and layout, marked «ПРОЕКТ», unnumbered unless
   * `input.number` is given, unsigned, with no QR code. Nothing of it is written to S3 or the table
   * (the signature rules it cites are issued on first need, as for the signed document).
   */
  async preview(
    input: Omit<PrepareInput, "supersedes"> & { draftNote?: string },
  ): Promise<{ bytes: Uint8Array; title: string }> {
    const envelope = parseInput(prepareSchema, input, "Проверьте параметры документа");
    const { config, signer } = this.deps;
    const pep = await this.pepFor(input);
    const { renderDraft } = await import("./pipeline.js");
    return renderDraft(
      envelope.type,
      input.data,
      {
        date: envelope.date ?? localDate(this.now(), config.timeZone),
        ...(input.number ? { number: envelope.number } : {}),
        timeZone: config.timeZone,
        ...(input.signatory ? { signatory: input.signatory } : {}),
        ...(pep ? { pep } : {}),
        ...(input.draftNote ? { note: input.draftNote } : {}),
      },
      signer,
      config.org,
      { templateSource: envelope.templateSource },
    );
  }

  /** The signature rules a document cites: given, none, or the current ones for its signatory. */
  private async pepFor(input: PrepareInput): Promise<PepStamp | undefined> {
    if (input.pep !== undefined) return input.pep ?? undefined;
    if (!input.signatory || !this.deps.pepRules) return undefined;
    return this.deps.pepRules(pepAudienceOf(input.signatory.method));
  }

  /**
   * Runs `write` (the transaction that records `prepared`). When it fails, every prepared PDF whose
   * record did not get written is deleted before the error goes on: the loser of a race on one
   * consent link leaves no signed PDF with a child's name in S3. A record read strongly decides (a
   * transaction that timed out may still have committed); if that read or the delete fails too, the
   * object stays for the orphan sweep (records/sweep.ts).
   */
  async committed<T>(prepared: PreparedDocument | PreparedDocument[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const documents = Array.isArray(prepared) ? prepared : [prepared];
      await Promise.all(
        documents.map(async (p) => {
          try {
            if (!(await this.records.get(p.documentId, true)))
              await this.deps.objects.deleteOrphanDocument(p.s3Key);
          } catch (cleanup) {
            console.error(
              JSON.stringify({
                level: "warn",
                message: "Orphan PDF left for the sweep",
                documentId: p.documentId,
                error: String(cleanup),
              }),
            );
          }
        }),
      );
      throw error;
    }
  }

  async issue(input: PrepareInput): Promise<DocumentRecord> {
    const prepared = await this.prepare(input);
    await this.committed(prepared, () => this.deps.db.transact(prepared.txItems, [prepared.auditEvent]));
    return prepared.record;
  }

  async get(documentId: string): Promise<DocumentRecord | undefined> {
    if (!uuid.safeParse(documentId).success) return undefined;
    return this.records.get(documentId);
  }

  private async require(documentId: string): Promise<DocumentRecord> {
    const record = await this.get(documentId);
    if (!record) throw new NotFoundError("Документ не найден");
    return record;
  }

  listByOwner(ownerType: string, ownerId: string): Promise<DocumentRecord[]> {
    return this.records.listByOwner(ownerType, ownerId);
  }

  /** Documents of one type, newest first (e.g. the current regulation). */
  listByType(type: DocumentType, limit?: number): Promise<DocumentRecord[]> {
    return this.records.listByType(type, limit);
  }

  findBySha256(sha256: string): Promise<DocumentRecord | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return Promise.resolve(undefined);
    return this.records.findBySha256(sha256);
  }

  /** The signed PDF; fails if the stored object does not match the recorded SHA-256. */
  /** The stored PDF, checked against its SHA-256. Pass the record when the caller has it (one read less). */
  async pdf(document: string | DocumentRecord): Promise<Uint8Array> {
    const record = typeof document === "string" ? await this.require(document) : document;
    const bytes = await this.deps.objects.get(record.s3Key);
    // After the timestamp job the stored object is the latest revision (an incremental update).
    if (sha256Hex(bytes) !== (record.revisions?.at(-1) ?? record.sha256))
      throw new Error(`Stored PDF of document ${record.documentId} does not match its SHA-256`);
    return bytes;
  }

  async downloadUrl(documentId: string, expiresInSeconds: number): Promise<string> {
    const record = await this.require(documentId);
    const safeNumber = record.number.replace(/[^\p{L}\p{N}-]+/gu, "_");
    return this.deps.objects.presign(record.s3Key, {
      expiresIn: Math.max(1, Math.min(Math.floor(expiresInSeconds), 7 * 24 * 3600)),
      filename: `${record.type}-${safeNumber}-${record.date}.pdf`,
    });
  }

  async verifyBytes(bytes: Uint8Array): Promise<VerifyResult> {
    if (bytes.byteLength > MAX_PDF_BYTES)
      throw new ValidationError("Файл больше 20 МБ", { file: ["Файл больше 20 МБ"] });
    const { inspectPdf } = await import("./records/inspect-pdf.js");
    const check = inspectPdf(bytes);
    const [{ inspectLongTerm }, { verifyLongTerm }] = await Promise.all([
      import("./timestamps/long-term.js"),
      import("./timestamps/record.js"),
    ]);
    const lt = check.signed ? await inspectLongTerm(bytes) : undefined;
    // A file upgraded by the timestamp job (incremental updates) is found by the revision its
    // signature covers, which is the file as issued: old and new copies are the same document.
    const bySha =
      (await this.findBySha256(check.sha256)) ??
      (lt?.signedRevisionSha256 && lt.signedRevisionSha256 !== check.sha256
        ? await this.findBySha256(lt.signedRevisionSha256)
        : undefined);
    const byId = bySha ?? (check.documentId ? await this.get(check.documentId) : undefined);
    const signatureValid = Boolean(check.cms?.signatureValid && check.cms.digestMatches);
    const sameCert = Boolean(byId && check.cms?.certificate?.serial === byId.signer.serial);
    const record = bySha ?? (byId && sameCert ? byId : undefined);
    const issued = record !== undefined;
    // Unaltered: exactly the bytes issued, or exactly one of the revisions the job wrote.
    const unaltered = Boolean(
      bySha &&
        (check.sha256 === bySha.sha256
          ? check.intact
          : signatureValid && bySha.revisions?.includes(check.sha256) && lt?.timestampsValid),
    );
    const current = record !== undefined && record.status === "current";
    const base = {
      issued,
      unaltered,
      current,
      signatureValid,
      sha256: check.sha256,
      ...(lt ? { longTerm: verifyLongTerm(lt) } : {}),
    };
    if (!record) {
      return {
        ...base,
        message: check.signed
          ? "Документ не выдавался этим сервисом: подпись не принадлежит организации или документ не найден."
          : "Файл не является документом, выданным этим сервисом: электронная подпись не найдена.",
      };
    }
    return {
      ...base,
      documentId: record.documentId,
      type: record.type,
      title: record.title,
      number: record.number,
      date: record.date,
      status: record.status,
      signer: record.signer,
      signedAt: record.signedAt,
      message: verifyMessage(unaltered, record.status),
    };
  }

  /**
   * A withdrawal for the caller's own transaction (a parent's withdrawal of a personal-data consent
   * changes the request, the counters and the document at once): the record's update and its audit event.
   */
  withdrawal(
    record: DocumentRecord,
    actor: Actor,
    reason: string,
    at: string,
  ): { txItem: TxItem; auditEvent: AuditEventInput } {
    const why = parseInput(z.object({ reason: cleanText(1000) }), { reason }).reason;
    if (record.status === "withdrawn") throw new StateError("Документ уже отозван", "already_withdrawn");
    return {
      txItem: this.records.withdrawTx(record, why, at),
      auditEvent: {
        actor,
        action: "document.withdrawn",
        entityType: "document",
        entityId: record.documentId,
        before: record.status,
        after: "withdrawn",
        details: { type: record.type, number: record.number },
      },
    };
  }

  async withdraw(documentId: string, actor: Actor, reason: string): Promise<DocumentRecord> {
    const why = parseInput(z.object({ reason: cleanText(1000) }), { reason }).reason;
    const record = await this.require(documentId);
    const at = this.now().toISOString();
    const { txItem, auditEvent } = this.withdrawal(record, actor, why, at);
    await this.deps.db.transact([txItem], [auditEvent]);
    return {
      ...record,
      status: "withdrawn",
      withdrawnReason: why,
      statusChangedAt: at,
      version: record.version + 1,
    };
  }

  /**
   * Renders and signs one document to load fonts and modules; call at start-up. `signer` (default:
   * the service's own) lets start-up skip the timestamp authority. Returns milliseconds.
   */
  async warmUp(signer: Signer = this.deps.signer, type: DocumentType = "consent"): Promise<number> {
    const { warmUpDocuments } = await import("./warm-up.js");
    return warmUpDocuments(signer, this.deps.config.org, type);
  }
}

export function verifyMessage(unaltered: boolean, status: DocumentStatus): string {
  if (!unaltered) return "Файл изменён после подписания: он не совпадает с выданным документом.";
  if (status === "superseded") return "Документ подлинный и не изменён, но заменён более новым документом.";
  if (status === "withdrawn") return "Документ подлинный и не изменён, но отозван и не действует.";
  return "Документ подлинный, не изменён и действует.";
}

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  current: "действует",
  superseded: "заменён",
  withdrawn: "отозван",
};
