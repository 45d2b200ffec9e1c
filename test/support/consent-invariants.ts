import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { PARENT_DOCUMENT_TYPES } from "@soglasie/core/consent/archive";
import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { collegeOverview } from "@soglasie/core/consent/dashboard";
import { decidedStatus, decisionDocumentIds } from "@soglasie/core/consent/types";
import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import type { Services } from "@soglasie/core/services";
import type { StudentLink } from "./college.js";

/** A submission the service acknowledged with 2xx, in the order the client saw the answers. */
export interface Ack {
  token: string;
  decision: "consent" | "refusal" | "withdrawal";
  documentId: string;
  status: number;
}

export interface InvariantOptions {
  /** Also download every referenced PDF and compare its SHA-256 (`documents check --deep`). */
  deep?: boolean;
  /** Called with every current and superseded document's bytes (e.g. verifyBytes). */
  eachPdf?: (documentId: string, bytes: Uint8Array) => Promise<string | undefined>;
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

/**
 * The promises of the consent workflow after any load or fault, checked against the stores:
 *  - every acknowledged decision is recorded, and the last acknowledged one per link is current;
 *  - no decision is recorded twice: each recorded decision has its documents (a consent two: the
 *    platform decision and the personal-data consent), and exactly the current decision's are current;
 *  - every document record has its PDF in S3 (and, `deep`, the PDF matches the recorded SHA-256);
 *  - the audit chain verifies; the dashboard counters equal the decisions actually stored.
 * Returns the problems found (an empty list when everything holds).
 */
export async function consentInvariants(
  services: Services,
  links: StudentLink[],
  acks: Ack[],
  opts: InvariantOptions = {},
): Promise<string[]> {
  const problems: string[] = [];
  const requests = new ConsentRequestRepository(services);
  const acksByToken = new Map<string, Ack[]>();
  for (const a of acks) {
    if (!acksByToken.has(a.token)) acksByToken.set(a.token, []);
    acksByToken.get(a.token)!.push(a);
  }
  const truth = { consented: 0, refused: 0, withdrawn: 0 };
  await pool(links, 8, async (link) => {
    const request = await requests.get(link.groupId, link.studentId, true);
    if (!request) {
      problems.push(`${link.studentId}: consent request missing`);
      return;
    }
    const docs = await services.documents.listByOwner("consent-request", request.requestId);
    const ids = new Set(docs.map((d) => d.documentId));
    const mine = acksByToken.get(link.token) ?? [];
    for (const a of mine) {
      if (!ids.has(a.documentId))
        problems.push(`${link.studentId}: acknowledged document ${a.documentId} not recorded`);
    }
    const last = mine.at(-1);
    const current = request.decision;
    if (last && current?.documentId !== last.documentId)
      problems.push(
        `${link.studentId}: last acknowledged ${last.documentId}, current ${current?.documentId}`,
      );
    if (last && current && current.decision !== last.decision)
      problems.push(`${link.studentId}: acknowledged ${last.decision}, stored ${current.decision}`);
    // A repeat of the same answer is the same document (idempotent), never a second one.
    for (let i = 1; i < mine.length; i++) {
      if (mine[i]!.decision === mine[i - 1]!.decision && mine[i]!.documentId !== mine[i - 1]!.documentId)
        problems.push(`${link.studentId}: repeated ${mine[i]!.decision} recorded twice`);
    }
    if (current) truth[decidedStatus(current.decision)]++;
    const currentIds = current ? decisionDocumentIds(current) : [];
    const pastIds = request.history.flatMap((h) => h.documentIds ?? [h.documentId]);
    const expected = currentIds.length + pastIds.length;
    if (docs.length !== expected)
      problems.push(`${link.studentId}: ${docs.length} documents for ${expected} of recorded decisions`);
    const live = docs
      .filter((d) => d.status === "current")
      .map((d) => d.documentId)
      .sort();
    if (live.join() !== [...currentIds].sort().join())
      problems.push(`${link.studentId}: current documents ${live} ≠ the current decision's ${currentIds}`);
    if (current?.personalData && current.decision !== "consent")
      problems.push(`${link.studentId}: a ${current.decision} with a personal-data consent`);
    const historyIds = new Set([...pastIds, ...currentIds]);
    for (const d of docs) {
      if (!historyIds.has(d.documentId))
        problems.push(`${link.studentId}: document ${d.documentId} not in the history`);
      if (!PARENT_DOCUMENT_TYPES.includes(d.type))
        problems.push(`${d.documentId}: unexpected type ${d.type}`);
    }
    if (opts.eachPdf) {
      for (const d of docs) {
        const problem = await opts.eachPdf(d.documentId, await services.documents.pdf(d.documentId));
        if (problem) problems.push(`${d.documentId}: ${problem}`);
      }
    }
  });

  const store = await checkDocumentStore(services, { deep: opts.deep });
  for (const m of store.missing) problems.push(`record ${m.documentId} points at missing ${m.s3Key}`);
  for (const m of store.altered)
    problems.push(`record ${m.documentId}: stored PDF does not match its SHA-256`);

  const chain = await verifyAuditChain(services.db);
  if (!chain.ok) problems.push(`audit chain: ${JSON.stringify(chain.problems.slice(0, 3))}`);

  const overview = await collegeOverview(services, () => true);
  const students = links.length;
  if (overview.totals.total !== students)
    problems.push(`dashboard total ${overview.totals.total} ≠ ${students}`);
  if (overview.totals.consented !== truth.consented)
    problems.push(`dashboard consented ${overview.totals.consented} ≠ ${truth.consented}`);
  if (overview.totals.refused !== truth.refused)
    problems.push(`dashboard refused ${overview.totals.refused} ≠ ${truth.refused}`);
  if (overview.totals.withdrawn !== truth.withdrawn)
    problems.push(`dashboard withdrawn ${overview.totals.withdrawn} ≠ ${truth.withdrawn}`);
  return problems;
}
