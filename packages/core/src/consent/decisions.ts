import type { Actor } from "../audit/types.js";
import { ConflictError, TooManyRequestsError } from "../errors.js";
import { RegulationRepository } from "../regulation/regulation-repository.js";
import { displayName } from "../roster/normalize.js";
import type { Services } from "../services.js";
import { RateLimiter } from "../storage/rate-limit.js";
import { parseInput } from "../validation.js";
import { ConsentRequestRepository } from "./consent-request-repository.js";
import { RATE_SCOPE_DECISION } from "./keys.js";
import { type LinkContext, resolveLinkFor, today as todayIn } from "./links.js";
import { alternativesKept } from "./rules.js";
import { type DecisionInput, decisionInputSchema, type ValidDecision } from "./schemas.js";
import { StatsDelta } from "./stats.js";
import { claimRequest } from "./submission-claim.js";
import { type ConsentRequest, type Decision, type PastDecision, statusOf } from "./types.js";

/** Where and with what the parent submitted: the parts of the simple electronic signature. */
export interface SubmissionMeta {
  ip: string;
  userAgent: string;
}

export interface DecisionResult {
  decision: Decision;
  /** false when the same decision was already recorded (idempotent repeat). */
  created: boolean;
  context: LinkContext;
}

/** A change of mind at most this often per link and day; more is abuse, not deliberation. */
const MAX_DECISIONS_PER_DAY = 20;
/** Past decisions kept on the request (all documents stay findable by owner anyway). */
const MAX_HISTORY = 20;

export const parentActor = (request: Pick<ConsentRequest, "requestId">): Actor => ({
  type: "parent",
  id: request.requestId,
});

/** Whether a submission repeats the current decision exactly (same answer, signer and choices). */
export function sameDecision(current: Decision | undefined, next: ValidDecision): boolean {
  if (!current) return false;
  const key = (s: string) => s.toLocaleLowerCase("ru-RU").replace(/ё/g, "е");
  const alternatives = alternativesKept(next);
  return (
    current.decision === next.decision &&
    key(current.parentName) === key(next.parentName) &&
    current.relation === next.relation &&
    current.alternatives.join() === alternatives.join()
  );
}

/**
 * Records a parent's consent or refusal given through the personal link: renders and signs the
 * document (uploaded to S3 first), then ONE transaction writes the document record, marks the
 * previous decision's document superseded, updates the request under its version, moves the
 * group's counters and appends the audit events. Of concurrent submissions exactly one wins;
 * the others get the winner's decision when identical, or a conflict when different.
 *
 * `link` is the personal token, or the link already resolved in this request (saves the lookups;
 * the write is still conditional on the request's version).
 */
export async function submitDecision(
  services: Services,
  link: string | LinkContext,
  input: DecisionInput | Record<string, unknown>,
  meta: SubmissionMeta,
): Promise<DecisionResult> {
  const context = typeof link === "string" ? await resolveLinkFor(services, link, meta.ip) : link;
  const data = parseInput(decisionInputSchema, input);
  const { request } = context;
  if (sameDecision(request.decision, data)) return { decision: request.decision!, created: false, context };

  // Only changes of mind are limited: a first answer must always get through.
  if (request.decision) {
    await limitChanges(services, request);
  }

  try {
    return await claimRequest(services, request, () => record(services, context, data, meta));
  } catch (error) {
    if (!(error instanceof ConflictError) || error.code === "busy") throw error;
    // Lost a race with another submission on the same link: the winner's answer stands.
    const fresh = await new ConsentRequestRepository(services).get(request.groupId, request.studentId, true);
    if (fresh && sameDecision(fresh.decision, data)) {
      return { decision: fresh.decision!, created: false, context: { ...context, request: fresh } };
    }
    throw new ConflictError(
      "По этой ссылке только что было записано другое решение. Обновите страницу, проверьте текущее решение и при необходимости измените его.",
      "decision_conflict",
    );
  }
}

async function limitChanges(services: Services, request: ConsentRequest) {
  try {
    await new RateLimiter(services.db, services.now).hit(
      RATE_SCOPE_DECISION,
      request.requestId,
      MAX_DECISIONS_PER_DAY,
      24 * 3600,
    );
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    throw new TooManyRequestsError(
      "Решение по этой ссылке менялось слишком часто. Попробуйте завтра или обратитесь к классному руководителю.",
      error.retryAfterSeconds,
    );
  }
}

async function record(
  services: Services,
  context: LinkContext,
  data: ValidDecision,
  meta: SubmissionMeta,
): Promise<DecisionResult> {
  const { request, student, group } = context;
  const now = services.now();
  const decidedAt = now.toISOString();
  const actor = parentActor(request);
  const regulation = await new RegulationRepository(services).current();
  const alternatives = alternativesKept(data);
  // The name as typed is the signature; documents and lists show it in the usual capitalisation.
  const parentName = displayName(data.parentName);
  const base = {
    student: { name: student.fullName, group: group.code },
    parent: { name: parentName, relation: data.relation },
    decidedAt,
    typedName: data.parentName,
    ...(regulation
      ? { regulation: { date: regulation.orderDate, orderNumber: regulation.orderNumber } }
      : {}),
  };
  const previous = request.decision;
  // The previous document is superseded unless staff already withdrew it (then it stays withdrawn).
  const previousDoc = previous ? await services.documents.get(previous.documentId) : undefined;
  const supersedes = previousDoc?.status === "current" ? [previousDoc.documentId] : undefined;
  const prepared =
    data.decision === "consent"
      ? await services.documents.prepare({
          type: "consent",
          data: base,
          owner: { type: "consent-request", id: request.requestId },
          supersedes,
          actor,
        })
      : await services.documents.prepare({
          type: "refusal",
          data: { ...base, channels: alternatives },
          owner: { type: "consent-request", id: request.requestId },
          supersedes,
          actor,
        });

  const decision: Decision = {
    decision: data.decision,
    documentId: prepared.documentId,
    documentNumber: prepared.number,
    documentDate: prepared.date,
    parentName,
    relation: data.relation,
    alternatives,
    decidedAt,
    signature: {
      method: "personal-link+typed-name",
      typedName: data.parentName,
      signedAt: decidedAt,
      ip: meta.ip.slice(0, 64),
      userAgent: meta.userAgent.slice(0, 512),
      linkGeneration: request.linkGeneration,
    },
  };
  const history: PastDecision[] = previous
    ? [
        ...request.history,
        {
          decision: previous.decision,
          documentId: previous.documentId,
          documentNumber: previous.documentNumber,
          decidedAt: previous.decidedAt,
        },
      ].slice(-MAX_HISTORY)
    : request.history;
  const next: ConsentRequest = {
    ...request,
    decision,
    history,
    version: request.version + 1,
    updatedAt: decidedAt,
  };

  const today = todayIn(services);
  const before = statusOf(request, today);
  const after = statusOf(next, today);
  const stats = new StatsDelta();
  if (previous) stats.changedDecision(before as "consented" | "refused", after as "consented" | "refused");
  else stats.firstDecision(request.expiresOn, after as "consented" | "refused");
  const statsItem = stats.toTxItem(services.config.orgId, group.groupId);

  const written = services.db.transact(
    [
      new ConsentRequestRepository(services).updateItem(next, request.version),
      ...prepared.txItems,
      ...(statsItem ? [statsItem] : []),
    ],
    [
      prepared.auditEvent,
      {
        actor,
        action: previous ? "consent.decision_changed" : "consent.decision_recorded",
        entityType: "consent-request",
        entityId: request.requestId,
        before,
        after,
        details: { documentId: prepared.documentId, groupId: group.groupId },
      },
    ],
  );
  // A refused transaction (a lost race) removes the PDF it would have recorded.
  await services.documents.committed(prepared, () => written);
  return { decision, created: true, context: { ...context, request: next } };
}
