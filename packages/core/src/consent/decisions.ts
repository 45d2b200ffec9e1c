import { randomBytes } from "node:crypto";
import type { Actor, AuditEventInput } from "../audit/types.js";
import { ruDate } from "../clock.js";
import type { PreparedDocument, PrepareInput } from "../documents/service.js";
import type { DocumentRecord, PepStamp, Signatory } from "../documents/types.js";
import { ConflictError, TooManyRequestsError } from "../errors.js";
import { currentPepRules, pepStamp } from "../pep/rules-versions.js";
import type { PepRulesVersion } from "../pep/types.js";
import { personalDataFingerprint } from "../personal-data/fingerprint.js";
import { asRecord } from "../personal-data/identity-documents.js";
import { withdrawalDeadline } from "../personal-data/rules.js";
import { RegulationRepository } from "../regulation/regulation-repository.js";
import { displayName } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { RateLimiter } from "../storage/rate-limit.js";
import { respondentOn } from "../students/rules.js";
import { parseInput } from "../validation.js";
import {
  type ConfirmationMethod,
  confirmationMethodFor,
  confirmationNote,
  verifyConfirmationCode,
} from "./confirmation-codes.js";
import { ConsentRequestRepository } from "./consent-request-repository.js";
import { decisionConfirmationInputs, decisionConfirmationTxItems } from "./decision-confirmation.js";
import { RATE_SCOPE_DECISION } from "./keys.js";
import { type LinkContext, resolveLinkFor, today as todayIn } from "./links.js";
import { alternativesKept, canWithdrawPersonalData, pepRulesAcceptanceRequired } from "./rules.js";
import { type DecisionInput, decisionInputSchemaFor, type ValidDecision } from "./schemas.js";
import { StatsDelta } from "./stats.js";
import { claimRequest } from "./submission-claim.js";
import {
  type ConsentRequest,
  type DecidedStatus,
  type Decision,
  decisionDocumentIds,
  type PastDecision,
  statusOf,
  type WithdrawalRef,
} from "./types.js";

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

const nameKey = (s: string) => s.toLocaleLowerCase("ru-RU").replace(/ё/g, "е");

/** The fingerprint of a consent's personal-data elements (nothing else of them is kept). */
const fingerprintOf = (services: Services, data: ValidDecision) =>
  data.personalData ? personalDataFingerprint(services.config.sessionSecret, data.personalData) : undefined;

/** Whether a submission repeats the current decision exactly (same answer, signer, choices and data). */
export function sameDecision(
  current: Decision | undefined,
  next: ValidDecision,
  fingerprint: string | undefined,
): boolean {
  if (!current) return false;
  const alternatives = alternativesKept(next);
  return (
    current.decision === next.decision &&
    (current.respondent ?? "representative") === next.respondent &&
    current.ageStatement === next.ageStatement &&
    nameKey(current.parentName) === nameKey(next.parentName) &&
    current.relation === next.relation &&
    current.alternatives.join() === alternatives.join() &&
    current.personalData?.fingerprint === fingerprint
  );
}

/**
 * What a submission is checked against: the signature rules in force, the organisation's settings
 * and who answers on this day (students/rules.ts, respondentOn: the student from 18).
 */
export async function decisionOptions(
  services: Services,
  request: ConsentRequest,
  student: Pick<Student, "birthDate" | "fullName">,
) {
  const rules = await currentPepRules(services, "parents");
  const today = todayIn(services);
  return {
    rules,
    options: {
      today,
      respondent: respondentOn(student, today),
      studentName: student.fullName,
      extraFields: services.config.personalData.extraFields,
      pepRules: {
        version: rules.version,
        date: rules.date,
        required: pepRulesAcceptanceRequired(request, rules),
      },
    },
  };
}

/**
 * Records a parent's answer given through the personal link: a consent (the platform decision and,
 * as a separate document, the personal-data consent of 152-FZ art. 9 p. 4), a refusal, or the
 * withdrawal of the personal-data consent (art. 9 p. 2). Renders and signs its documents (uploaded
 * to S3 first, concurrently), then ONE transaction writes the document records, supersedes or
 * withdraws the previous decision's documents, updates the request under its version, moves the
 * group's counters and appends the audit events. Of concurrent submissions exactly one wins; the
 * others get the winner's decision when identical, or a conflict when different.
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
  const { request } = context;
  const { rules, options } = await decisionOptions(services, request, context.student);
  // A withdrawal is signed by whoever gave the consent when the date of birth is unknown: it asks nothing new.
  if (options.respondent === "ask" && asRecord(input).decision === "withdrawal")
    options.respondent = request.decision?.respondent ?? "representative";
  const data = parseInput(decisionInputSchemaFor(options), input);
  const fingerprint = fingerprintOf(services, data);
  if (sameDecision(request.decision, data, fingerprint))
    return { decision: request.decision!, created: false, context };
  if (data.decision === "withdrawal" && !canWithdrawPersonalData(request)) {
    throw new ConflictError(
      "Действующего согласия на обработку персональных данных по этой ссылке нет: отзывать нечего.",
      "nothing_to_withdraw",
    );
  }

  // Only changes of mind are limited: a first answer must always get through.
  if (request.decision) {
    await limitChanges(services, request);
  }
  // With codes required and a contact on file the link alone does not sign (confirmation-codes.ts).
  const method = confirmationMethodFor(services, context);
  const consumeCode =
    method.kind === "code"
      ? await verifyConfirmationCode(services, request, method, (input as Record<string, unknown>).code)
      : undefined;

  try {
    return await claimRequest(services, request, () =>
      record(services, context, data, { meta, rules, fingerprint, method, consumeCode }),
    );
  } catch (error) {
    if (!(error instanceof ConflictError) || error.code === "busy") throw error;
    // Lost a race with another submission on the same link: the winner's answer stands.
    const fresh = await new ConsentRequestRepository(services).get(request.groupId, request.studentId, true);
    if (fresh && sameDecision(fresh.decision, data, fingerprint)) {
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

/** Registration numbers of one decision's documents: «3F9A0C12», «3F9A0C12-ПД», «3F9A0C12-ОТ». */
const NUMBER_SUFFIX = { personalData: "-ПД", withdrawal: "-ОТ" } as const;

interface RecordParts {
  meta: SubmissionMeta;
  rules: PepRulesVersion;
  fingerprint: string | undefined;
  method: ConfirmationMethod;
  /** The write that consumes the confirmation code, in the decision's transaction. */
  consumeCode?: TxItem;
}

async function record(
  services: Services,
  context: LinkContext,
  data: ValidDecision,
  parts: RecordParts,
): Promise<DecisionResult> {
  const { request, student, group } = context;
  const { documents, config } = services;
  const now = services.now();
  const decidedAt = now.toISOString();
  const receivedOn = todayIn(services);
  const actor = parentActor(request);
  const pep: PepStamp = pepStamp(config.publicBaseUrl, parts.rules);
  const alternatives = alternativesKept(data);
  // The name as typed is the signature; documents and lists show it in the usual capitalisation.
  const parentName = displayName(data.parentName);
  const withCode = parts.method.kind === "code";
  const signatory: Signatory = {
    fullName: parentName,
    method: withCode ? "personal-link+code" : "personal-link",
    signedAt: decidedAt,
  };
  const owner = { type: "consent-request", id: request.requestId };
  const previous = request.decision;

  // The previous decision's documents still in force (staff may have withdrawn one meanwhile).
  const previousDocs = previous
    ? (await Promise.all(decisionDocumentIds(previous).map((id) => documents.get(id)))).filter(
        (d): d is DocumentRecord => d?.status === "current",
      )
    : [];
  const previousPd = previousDocs.find((d) => d.type === "personal-data-consent");
  const previousOthers = previousDocs.filter((d) => d !== previousPd).map((d) => d.documentId);
  if (data.decision === "withdrawal" && !previousPd) {
    throw new ConflictError(
      "Согласие на обработку персональных данных уже не действует: отзывать нечего.",
      "nothing_to_withdraw",
    );
  }

  const regulation = await new RegulationRepository(services).current();
  const regulationRef = regulation
    ? { regulation: { date: regulation.orderDate, orderNumber: regulation.orderNumber } }
    : {};
  const base = randomBytes(4).toString("hex").toUpperCase();
  const note = confirmationNote(parts.method);
  const signed = { decidedAt, typedName: data.parentName, ...(note ? { confirmation: note } : {}) };
  // The student of 18 or older signs personally: no representative in the documents.
  const bySelf = data.respondent === "student";
  const who = {
    respondent: data.respondent,
    ...(data.ageStatement ? { ageStatement: data.ageStatement } : {}),
    ...(bySelf ? {} : { parent: { name: parentName, relation: data.relation! } }),
  };
  const common = { owner, signatory, pep, actor };
  const withdrawsPd = previousPd !== undefined && data.decision !== "consent";

  // The documents of this decision: the main one, and the personal-data consent or its withdrawal.
  const main: PrepareInput =
    data.decision === "consent"
      ? {
          ...common,
          type: "consent",
          number: base,
          data: {
            student: { name: student.fullName, group: group.code },
            ...who,
            ...signed,
            ...regulationRef,
            personalDataConsent: { number: `${base}${NUMBER_SUFFIX.personalData}` },
          },
          supersedes: previousOthers,
        }
      : data.decision === "refusal"
        ? {
            ...common,
            type: "refusal",
            number: base,
            data: {
              student: { name: student.fullName, group: group.code },
              ...who,
              ...signed,
              ...regulationRef,
              channels: alternatives,
              ...(withdrawsPd
                ? { personalDataWithdrawal: { number: `${base}${NUMBER_SUFFIX.withdrawal}` } }
                : {}),
            },
            supersedes: previousOthers,
          }
        : withdrawalInput(services, context, data, previousPd!, `${base}${NUMBER_SUFFIX.withdrawal}`, {
            ...common,
            signed,
            supersedes: previousOthers,
          });
  const extra: PrepareInput | undefined =
    data.decision === "consent"
      ? {
          ...common,
          type: "personal-data-consent",
          number: `${base}${NUMBER_SUFFIX.personalData}`,
          data: {
            student: { name: student.fullName, group: group.code, ...data.personalData!.student },
            respondent: data.respondent,
            ...(data.ageStatement ? { ageStatement: data.ageStatement } : {}),
            ...(bySelf
              ? {}
              : {
                  representative: {
                    name: parentName,
                    relation: data.relation!,
                    ...data.personalData!.representative!,
                  },
                  authority: data.personalData!.authority!,
                }),
            ...(config.personalData.processor ? { processor: config.personalData.processor } : {}),
            period: config.personalData.period,
            ...signed,
            ...regulationRef,
          },
          supersedes: previousPd ? [previousPd.documentId] : [],
        }
      : data.decision === "refusal" && withdrawsPd
        ? withdrawalInput(services, context, data, previousPd, `${base}${NUMBER_SUFFIX.withdrawal}`, {
            ...common,
            signed,
          })
        : undefined;

  // What the confirmation message needs (contact, chat invitation, class teachers), read meanwhile.
  const confirmationInputs = decisionConfirmationInputs(services, context, data.decision, data.respondent);
  confirmationInputs.catch(() => {}); // awaited below; a rendering failure first must not leave it unhandled
  // Rendering is CPU work; doing both at once overlaps one's S3 upload with the other's layout.
  const [mainDoc, extraDoc] = await Promise.all([
    documents.prepare(main),
    extra ? documents.prepare(extra) : Promise.resolve(undefined),
  ]);
  const withdrawalDoc: PreparedDocument | undefined =
    data.decision === "withdrawal" ? mainDoc : data.decision === "refusal" ? extraDoc : undefined;

  const withdrawal: WithdrawalRef | undefined =
    withdrawalDoc && previousPd
      ? {
          documentId: withdrawalDoc.documentId,
          documentNumber: withdrawalDoc.number,
          consentDocumentId: previousPd.documentId,
          consentNumber: previousPd.number,
          receivedOn,
          deadline: withdrawalDeadline(receivedOn),
        }
      : undefined;
  const pdWithdrawal =
    withdrawal && previousPd
      ? documents.withdrawal(
          previousPd,
          actor,
          `${bySelf ? "Отозвано обучающимся" : "Отозвано родителем (законным представителем)"}: отзыв № ${withdrawal.documentNumber} от ${ruDate(receivedOn)}`,
          decidedAt,
        )
      : undefined;

  const decision: Decision = {
    decision: data.decision,
    documentId: mainDoc.documentId,
    documentNumber: mainDoc.number,
    documentDate: mainDoc.date,
    parentName,
    ...(data.relation && !bySelf ? { relation: data.relation } : {}),
    respondent: data.respondent,
    ...(data.ageStatement ? { ageStatement: data.ageStatement } : {}),
    alternatives,
    decidedAt,
    signature: {
      method: withCode ? "personal-link+typed-name+code" : "personal-link+typed-name",
      ...(parts.method.kind === "code"
        ? { confirmation: { channel: parts.method.channel, to: parts.method.masked } }
        : {}),
      typedName: data.parentName,
      signedAt: decidedAt,
      ip: parts.meta.ip.slice(0, 64),
      userAgent: parts.meta.userAgent.slice(0, 512),
      linkGeneration: request.linkGeneration,
      rules: { version: parts.rules.version, documentId: parts.rules.documentId },
    },
    ...(data.decision === "consent" && extraDoc
      ? {
          personalData: {
            documentId: extraDoc.documentId,
            documentNumber: extraDoc.number,
            fingerprint: parts.fingerprint!,
          },
        }
      : {}),
    ...(withdrawal ? { withdrawal } : {}),
  };
  const history: PastDecision[] = previous
    ? [
        ...request.history,
        {
          decision: previous.decision,
          documentId: previous.documentId,
          documentNumber: previous.documentNumber,
          decidedAt: previous.decidedAt,
          documentIds: decisionDocumentIds(previous),
        },
      ].slice(-MAX_HISTORY)
    : request.history;
  const next: ConsentRequest = {
    ...request,
    decision,
    history,
    ...(data.pepRulesAccepted
      ? {
          pepRules: {
            version: parts.rules.version,
            documentId: parts.rules.documentId,
            acceptedAt: decidedAt,
          },
        }
      : {}),
    version: request.version + 1,
    updatedAt: decidedAt,
  };

  const today = todayIn(services);
  const before = statusOf(request, today);
  const after = statusOf(next, today) as DecidedStatus;
  const stats = new StatsDelta();
  if (previous) stats.changedDecision(before as DecidedStatus, after);
  else stats.firstDecision(request.expiresOn, after);
  // A student who has left is out of the group's counters (students/movement.ts); a decided link
  // still works there, so the parent can withdraw the personal-data consent.
  const statsItem = request.leftAt ? undefined : stats.toTxItem(config.orgId, group.groupId);

  // The confirmation message (chat invitation or the alternatives of 1.8) commits with the decision.
  const confirmation = decisionConfirmationTxItems(services, context, decision, await confirmationInputs);
  const items: TxItem[] = [
    new ConsentRequestRepository(services).updateItem(next, request.version),
    ...confirmation,
    ...mainDoc.txItems,
    ...(extraDoc?.txItems ?? []),
    ...(pdWithdrawal ? [pdWithdrawal.txItem] : []),
    ...(statsItem ? [statsItem] : []),
    ...(parts.consumeCode ? [parts.consumeCode] : []),
  ];
  const events: AuditEventInput[] = [
    mainDoc.auditEvent,
    ...(extraDoc ? [extraDoc.auditEvent] : []),
    ...(pdWithdrawal ? [pdWithdrawal.auditEvent] : []),
    {
      actor,
      action: previous ? "consent.decision_changed" : "consent.decision_recorded",
      entityType: "consent-request",
      entityId: request.requestId,
      before,
      after,
      details: {
        documentId: mainDoc.documentId,
        groupId: group.groupId,
        ...(decision.personalData ? { personalDataDocumentId: decision.personalData.documentId } : {}),
        ...(withdrawal
          ? { withdrawalDocumentId: withdrawal.documentId, destroyBy: withdrawal.deadline }
          : {}),
        pepRules: `parents#${parts.rules.version}`,
        respondent: data.respondent,
        ...(data.ageStatement ? { ageStatement: data.ageStatement } : {}),
        ...(parts.method.kind === "code" ? { confirmedBy: parts.method.masked } : {}),
      },
    },
  ];
  // A refused transaction (a lost race) removes the PDFs it would have recorded.
  await services.documents.committed([mainDoc, ...(extraDoc ? [extraDoc] : [])], () =>
    services.db.transact(items, events),
  );
  return { decision, created: true, context: { ...context, request: next } };
}

/** The withdrawal document of the personal-data consent `consent` (152-FZ art. 9 p. 2, art. 21 p. 5). */
function withdrawalInput(
  services: Services,
  context: LinkContext,
  data: ValidDecision,
  consent: DocumentRecord,
  number: string,
  parts: Pick<PrepareInput, "owner" | "signatory" | "pep" | "actor" | "supersedes"> & {
    signed: { decidedAt: string; typedName: string };
  },
): PrepareInput {
  const { signed, ...common } = parts;
  const processor = services.config.personalData.processor;
  return {
    ...common,
    type: "personal-data-consent-withdrawal",
    number,
    data: {
      student: { name: context.student.fullName, group: context.group.code },
      respondent: data.respondent,
      ...(data.ageStatement ? { ageStatement: data.ageStatement } : {}),
      ...(data.respondent === "student"
        ? {}
        : { representative: { name: displayName(data.parentName), relation: data.relation! } }),
      consent: { number: consent.number, date: consent.date },
      ...(processor ? { processor } : {}),
      ...signed,
    },
  };
}
