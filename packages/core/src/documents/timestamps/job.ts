import { sha256Hex } from "../../audit/hash.js";
import { ConflictError } from "../../errors.js";
import type { Services } from "../../services.js";
import type { TxItem } from "../../storage/database.js";
import { DOCUMENT_SK, documentKeys } from "../records/document-repository.js";
import { inspectPdf } from "../records/inspect-pdf.js";
import { DOCUMENT_TYPES, type DocumentRecord } from "../types.js";
import { upgradeToLta } from "./long-term.js";
import { longTermFields, RENEW_BEFORE_DAYS } from "./record.js";
import { TsaUnavailableError } from "./tsa-client.js";

/**
 * The timestamp job: brings every document below B-LTA to B-LTA (B-B issued while no authority
 * answered gets its document timestamp first) and, with `renew`, re-timestamps B-LTA documents whose
 * last timestamp's certificate is about to expire. Each file only grows by incremental updates; the
 * upgraded file is stored under its own content key, the record switches to it in one conditional
 * write (the earlier key, which it must still name), and the old object is then removed — it is a
 * prefix of the new one. Runs on a schedule (AWS: the documentsTimestamp function; `npm start`: a
 * timer) and from the CLI (`npm run cli -- documents timestamp [--due]`). Needs no signing key.
 */
export interface TimestampJobReport {
  /** Documents looked at (due). */
  due: number;
  /** Upgraded or re-timestamped. */
  upgraded: Array<{ documentId: string; from: string; to: string }>;
  /** Left for a later run (no authority answered, a concurrent change). */
  failed: Array<{ documentId: string; reason: string }>;
}

/** Whether the job has work on a record at `now` (`renew`: re-timestamping B-LTA documents too). */
export function timestampDue(record: DocumentRecord, now: Date, renew: boolean): boolean {
  if ((record.level ?? "B-B") !== "B-LTA") return true;
  return renew && record.timestampDueAt !== undefined && Date.parse(record.timestampDueAt) <= now.getTime();
}

export async function runTimestampJob(
  services: Services,
  opts: { renew?: boolean; now?: Date; limit?: number } = {},
): Promise<TimestampJobReport> {
  const report: TimestampJobReport = { due: 0, upgraded: [], failed: [] };
  const tsa = services.tsa;
  if (!tsa) throw new TsaUnavailableError([]);
  const now = opts.now ?? services.now();
  const renew = opts.renew ?? true;
  const due: DocumentRecord[] = [];
  for (const type of DOCUMENT_TYPES)
    for (const r of await services.documents.listByType(type)) if (timestampDue(r, now, renew)) due.push(r);
  report.due = due.length;
  for (const record of due.slice(0, opts.limit ?? due.length)) {
    try {
      const result = await upgradeDocument(services, record, now, renew);
      if (result) report.upgraded.push({ documentId: record.documentId, ...result });
    } catch (error) {
      report.failed.push({
        documentId: record.documentId,
        reason: (error as Error).message.split("\n")[0] ?? "",
      });
      // Every authority is down: the rest would fail the same way.
      if (error instanceof TsaUnavailableError) break;
    }
  }
  return report;
}

async function upgradeDocument(
  services: Services,
  record: DocumentRecord,
  now: Date,
  renew: boolean,
): Promise<{ from: string; to: string } | undefined> {
  const { documents, objects, db, tsa } = services;
  if (!tsa) return undefined;
  const bytes = await documents.pdf(record);
  // The certificate that signed this file (it may predate a key change), for the DSS.
  const signing = inspectPdf(bytes).cms?.certificateDer;
  const result = await upgradeToLta(bytes, tsa, signing ? [signing] : [], {
    renewBefore: renew ? new Date(now.getTime() + RENEW_BEFORE_DAYS * 86_400_000) : undefined,
  });
  const fields = longTermFields(result.after, now);
  if (result.updates === 0) {
    // Nothing to add (a record older than its file's level): bring the record up to date only.
    if (record.level !== fields.level) await db.transact([recordUpdate(record, record.s3Key, fields)], []);
    return undefined;
  }
  const stored = await objects.put("documents", result.pdf, {
    contentType: "application/pdf",
    metadata: { "document-id": record.documentId, "document-type": record.type },
  });
  const sha256 = sha256Hex(result.pdf);
  const update = recordUpdate(record, stored.key, fields, { sha256, size: stored.size });
  try {
    await db.transact(
      [update],
      [
        {
          actor: { type: "system", id: "timestamp-job" },
          action: "document.timestamped",
          entityType: "document",
          entityId: record.documentId,
          before: record.level ?? "B-B",
          after: fields.level ?? "B-B",
          details: { sha256, updates: result.updates, timestampDueAt: fields.timestampDueAt ?? null },
        },
      ],
    );
  } catch (error) {
    if (stored.key !== record.s3Key) await objects.deleteOrphanDocument(stored.key).catch(() => undefined);
    throw error;
  }
  if (stored.key !== record.s3Key) await objects.deleteOrphanDocument(record.s3Key).catch(() => undefined);
  return { from: record.level ?? "B-B", to: fields.level ?? "B-B" };
}

function recordUpdate(
  record: DocumentRecord,
  s3Key: string,
  fields: ReturnType<typeof longTermFields>,
  revision?: { sha256: string; size: number },
): TxItem {
  return {
    update: { pk: documentKeys.pk(record.orgId, record.documentId), sk: DOCUMENT_SK },
    expression: `SET #level = :level, timestamps = :ts, timestampDueAt = :due, s3Key = :key${
      revision ? ", #size = :size, revisions = list_append(if_not_exists(revisions, :empty), :rev)" : ""
    }`,
    // The record must still name the file this revision was appended to.
    condition: "attribute_exists(pk) AND s3Key = :old",
    names: { "#level": "level", ...(revision ? { "#size": "size" } : {}) },
    values: {
      ":level": fields.level,
      ":ts": fields.timestamps,
      ":due": fields.timestampDueAt,
      ":key": s3Key,
      ":old": record.s3Key,
      ...(revision ? { ":size": revision.size, ":rev": [revision.sha256], ":empty": [] } : {}),
    },
    onConflict: () => new ConflictError(`Документ ${record.documentId} изменён другим процессом`),
  };
}
