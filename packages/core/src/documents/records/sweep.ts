import type { Services } from "../../services.js";
import { checkDocumentStore } from "./consistency.js";

/**
 * The orphan sweep: deletes signed PDFs in S3 that no document record refers to, once they are
 * older than a grace period. Orphans are the leftovers of a write interrupted between the S3 put
 * and the DynamoDB transaction (a crash, an outage) — PDFs with a child's or a staff member's name
 * that nobody can reach, so they must not pile up. A young orphan may still be a request in flight,
 * hence the grace period; each candidate's record is looked up again (strongly, by the document id
 * in the object's metadata) just before it is deleted. In a versioned bucket every version and
 * delete marker of the key goes, so the bytes do not survive as a non-current version.
 *
 * Runs on a schedule (AWS: the documentsSweep function; `npm start`: a timer) and from the CLI
 * (`npm run cli -- documents sweep`).
 */
export const DEFAULT_GRACE_SECONDS = 3600;

export interface SweepReport {
  /** Keys deleted. */
  deleted: string[];
  /** Orphans younger than the grace period, left for a later run. */
  young: number;
  /** Candidates whose record turned up on the second look (written meanwhile): kept. */
  kept: number;
}

export async function sweepOrphanDocuments(
  services: Services,
  opts: { graceSeconds?: number; now?: Date } = {},
): Promise<SweepReport> {
  const graceMs = (opts.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  // Real time by default: S3's LastModified is real time, whatever the service clock says.
  const now = (opts.now ?? new Date()).getTime();
  const { objects } = services;
  const report: SweepReport = { deleted: [], young: 0, kept: 0 };
  const check = await checkDocumentStore(services);
  const versioned = await objects.isVersioned();
  // Current orphans, plus (versioned buckets) keys whose current version is already a delete
  // marker: the PDF of a failed write that was deleted right away survives as a non-current version.
  const candidates = new Map<string, { lastModified: number; versions?: string[] }>();
  for (const o of check.orphans)
    candidates.set(o.key, { lastModified: o.lastModified ? Date.parse(o.lastModified) : now });
  if (versioned) {
    const referenced = new Set(await referencedKeys(services));
    for (const [key, v] of await objects.documentVersions()) {
      if (referenced.has(key)) continue;
      candidates.set(key, { lastModified: v.lastModified.getTime(), versions: v.versions });
    }
  }
  for (const [key, c] of candidates) {
    if (now - c.lastModified < graceMs) {
      report.young++;
      continue;
    }
    if (await hasRecord(services, key)) {
      report.kept++;
      continue;
    }
    if (c.versions) await objects.purgeOrphanDocument(key, c.versions);
    else await objects.deleteOrphanDocument(key);
    report.deleted.push(key);
  }
  return report;
}

async function referencedKeys(services: Services): Promise<string[]> {
  const { DOCUMENT_TYPES } = await import("../types.js");
  const keys: string[] = [];
  for (const type of DOCUMENT_TYPES)
    for (const r of await services.documents.listByType(type)) keys.push(r.s3Key);
  return keys;
}

/** The second look: the record by the document id the object carries, else by its SHA-256. */
async function hasRecord(services: Services, key: string): Promise<boolean> {
  const sha256 = /([0-9a-f]{64})\.pdf$/.exec(key)?.[1];
  const documentId = await services.objects.documentIdOf(key);
  if (documentId && (await services.documents.records.get(documentId, true))) return true;
  return sha256 !== undefined && (await services.documents.findBySha256(sha256)) !== undefined;
}
