import type { collegeOverview, GroupDashboard } from "@soglasie/core/consent/dashboard";
import { type LinkContext, today } from "@soglasie/core/consent/links";
import {
  ALTERNATIVE_KEYS,
  ALTERNATIVE_LABELS,
  apiAlternative,
  RELATION_KEYS,
} from "@soglasie/core/consent/schemas";
import { type Decision, decidedStatus, linkActive } from "@soglasie/core/consent/types";
import { RELATIONS } from "@soglasie/core/documents/schemas";
import type { MessageView } from "@soglasie/core/messages/types";
import {
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
} from "@soglasie/core/personal-data/identity-documents";
import { shortName } from "@soglasie/core/roster/normalize";
import type { Services } from "@soglasie/core/services";
import { respondentOn } from "@soglasie/core/students/rules";

export function groupsJson(overview: Awaited<ReturnType<typeof collegeOverview>>, withAdult = false) {
  return {
    today: overview.today,
    totals: overview.totals,
    /** «Нужно подтверждение совершеннолетнего» over the groups shown (computed on read). */
    ...(withAdult ? { adultConfirmation: overview.adultConfirmation } : {}),
    groups: overview.groups.map(({ group, counts, adultConfirmation }) => ({
      groupId: group.groupId,
      code: group.code,
      classTeacherIds: group.classTeacherIds,
      counts,
      ...(withAdult ? { adultConfirmation } : {}),
    })),
  };
}

function deliveryJson(m: MessageView | undefined) {
  if (!m) return null;
  return {
    purpose: m.purpose,
    channel: m.channel,
    to: m.toMasked,
    status: m.status,
    statusLabel: m.statusLabel,
    reason: m.reason ?? null,
    queuedAt: m.createdAt,
    sentAt: m.sentAt ?? null,
    deliveredAt: m.deliveredAt ?? null,
  };
}

export function dashboardJson(services: Services, d: GroupDashboard, deliveries?: Map<string, MessageView>) {
  return {
    group: { groupId: d.group.groupId, code: d.group.code, classTeacherIds: d.group.classTeacherIds },
    today: d.today,
    counts: d.counts,
    /** «Нужно подтверждение совершеннолетнего» (issue 15). */
    adultConfirmation: d.adultConfirmation,
    alternatives: Object.fromEntries(
      Object.entries(d.alternatives).map(([k, n]) => [apiAlternative(k as never), n]),
    ),
    students: d.rows.map(({ student, request, status, needsAdultConfirmation }) => ({
      studentId: student.studentId,
      fullName: student.fullName,
      parentName: student.parentName,
      status,
      needsAdultConfirmation,
      /** The latest invitation or reminder: channel, masked contact, state (messages/types.ts). */
      delivery: deliveryJson(deliveries?.get(student.studentId)),
      link: request
        ? {
            expiresOn: request.expiresOn,
            active: linkActive(request, d.today),
            revoked: Boolean(request.linkRevokedAt),
          }
        : null,
      decision: request?.decision
        ? {
            decision: request.decision.decision,
            documentId: request.decision.documentId,
            documentNumber: request.decision.documentNumber,
            decidedAt: request.decision.decidedAt,
            signedBy: request.decision.parentName,
            respondent: request.decision.respondent ?? "representative",
            relation: request.decision.relation ?? null,
            alternatives: request.decision.alternatives.map(apiAlternative),
            pdfUrl: `${services.config.publicBaseUrl}/api/documents/${request.decision.documentId}/pdf`,
            // Numbers and ids only: the consent's addresses and documents are in its PDF.
            personalDataConsent: request.decision.personalData
              ? {
                  documentId: request.decision.personalData.documentId,
                  documentNumber: request.decision.personalData.documentNumber,
                }
              : null,
            withdrawal: request.decision.withdrawal
              ? {
                  documentId: request.decision.withdrawal.documentId,
                  documentNumber: request.decision.withdrawal.documentNumber,
                  receivedOn: request.decision.withdrawal.receivedOn,
                  deadline: request.decision.withdrawal.deadline,
                }
              : null,
          }
        : null,
    })),
  };
}

/**
 * What the parent's JSON API tells about a decision (`urls`: the link's own document and verify
 * pages). Of a personal-data consent only its number and PDF: the values are in the PDF alone.
 */
export function decisionJson(
  d: Decision,
  urls: { pdfUrl: string; verifyUrl: string; personalDataPdfUrl?: string; withdrawalPdfUrl?: string },
) {
  const { personalDataPdfUrl, withdrawalPdfUrl, ...own } = urls;
  return {
    decision: d.decision,
    status: decidedStatus(d.decision),
    documentId: d.documentId,
    documentNumber: d.documentNumber,
    documentDate: d.documentDate,
    decidedAt: d.decidedAt,
    /** Who signed: "student" (the adult student personally) or "representative". */
    respondent: d.respondent ?? "representative",
    ageStatement: d.ageStatement ?? null,
    parentName: d.parentName,
    relation: d.relation ?? null,
    alternatives: d.alternatives.map(apiAlternative),
    ...own,
    personalDataConsent: d.personalData
      ? {
          documentId: d.personalData.documentId,
          documentNumber: d.personalData.documentNumber,
          pdfUrl: personalDataPdfUrl,
        }
      : null,
    withdrawal: d.withdrawal
      ? {
          documentId: d.withdrawal.documentId,
          documentNumber: d.withdrawal.documentNumber,
          receivedOn: d.withdrawal.receivedOn,
          deadline: d.withdrawal.deadline,
          withdrawnConsent: {
            documentId: d.withdrawal.consentDocumentId,
            documentNumber: d.withdrawal.consentNumber,
          },
          pdfUrl: withdrawalPdfUrl,
        }
      : null,
    pepRules: d.signature.rules ? { version: d.signature.rules.version } : null,
    confirmedBy: d.signature.confirmation
      ? { channel: d.signature.confirmation.channel, to: d.signature.confirmation.to }
      : null,
  };
}

/** The choices of the parent's form, for API clients that draw their own. */
const OPTIONS = {
  decisions: [
    { value: "consent", label: "Согласен(на)" },
    { value: "refusal", label: "Не согласен(на)" },
    { value: "withdrawal", label: "Отозвать согласие на обработку персональных данных" },
  ],
  /** `personalData.student.document.type`, `personalData.representative.document.type` (not a birth certificate). */
  identityDocuments: IDENTITY_DOCUMENT_TYPES.map((value) => ({
    value,
    label: IDENTITY_DOCUMENT_LABELS[value],
  })),
  /** `personalData.authority.type`. */
  authorityDocuments: [
    { value: "student-document", label: "свидетельство о рождении, указанное как документ обучающегося" },
    { value: "birth-certificate", label: "свидетельство о рождении обучающегося" },
    { value: "other", label: "иной документ (акт о назначении опекуна или попечителя и т. п.)" },
  ],
  relations: RELATION_KEYS.map((value) => ({ value, label: RELATIONS[value] })),
  alternatives: ALTERNATIVE_KEYS.map((value) => ({
    value: apiAlternative(value),
    label: ALTERNATIVE_LABELS[value],
  })),
};

/** `GET /api/consent/:token`: what the parent's page shows, with the minimum of personal data. */
export function linkJson(
  services: Services,
  ctx: LinkContext,
  parts: {
    regulation?: { date: string; orderNumber: string };
    decision: ReturnType<typeof decisionJson> | null;
    csrfToken: string;
    pepRules: { version?: number; date?: string; url: string; required: boolean };
    /** How an answer is signed: `code` (send one: POST …/code; answer with `code`), `link`, `link-only`. */
    confirmation?: { method: string; channel?: string; to?: string };
  },
) {
  const { org, publicBaseUrl, personalData } = services.config;
  const rule = respondentOn(ctx.student, today(services));
  return {
    /**
     * Who answers (students/rules.ts): "student" from 18 (the body then has `studentName`, no
     * `relation`, no representative's personal data), "representative" for a minor; null when the
     * date of birth is unknown: then `studentAge` ("adult" | "minor") is required and decides.
     */
    respondent: rule === "ask" ? null : rule,
    studentAgeRequired: rule === "ask",
    college: { name: org.fullName, shortName: org.shortName },
    student: { shortName: shortName(ctx.student.fullName), group: ctx.group.code },
    link: { expiresOn: ctx.request.expiresOn },
    regulation: { url: `${publicBaseUrl}/regulation.pdf`, approvedBy: parts.regulation ?? null },
    decision: parts.decision,
    history: ctx.request.history.map((h) => ({
      decision: h.decision,
      documentId: h.documentId,
      documentNumber: h.documentNumber,
      decidedAt: h.decidedAt,
      status: "superseded",
    })),
    /** Accept with `pepRulesAccepted: true` (and `pepRulesVersion`) while `required`. */
    pepRules: parts.pepRules,
    /** What a consent's `personalData` holds: the law's elements and the optional ones collected here. */
    personalData: {
      extraFields: personalData.extraFields,
      processor: personalData.processor ?? null,
      period: personalData.period,
    },
    options: OPTIONS,
    csrfToken: parts.csrfToken,
    confirmation: parts.confirmation ?? { method: "link" },
  };
}
