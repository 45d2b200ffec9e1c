import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { groupDashboard } from "../consent/dashboard.js";
import { linkUrl, tokenOf } from "../consent/link-tokens.js";
import { type ConsentRequest, statusOf } from "../consent/types.js";
import { ValidationError } from "../errors.js";
import type { Group } from "../roster/group-repository.js";
import { groupPk } from "../roster/keys.js";
import { shortName } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { isAdultOn } from "../students/rules.js";
import {
  buildMessageRecord,
  type FollowUp,
  latestPerStudent,
  listGroupMessages,
  type MessageResolver,
  outboxPutItem,
} from "./outbox.js";
import type { Providers } from "./providers/types.js";
import { type ReminderCadence, reminderDueAt } from "./rules.js";
import type { Channel, MessageView, OutboxInput } from "./types.js";

/**
 * Invitations and reminders for the consent campaign. Staff queue an invitation per student (a
 * personal link to the parent's e-mail, or by SMS when there is no e-mail); each sent message
 * queues the next reminder on the organisation's cadence, and every one of them is checked against
 * the request when its turn comes, so none goes after an answer, an expiry, a revocation or a
 * departure. Links are never stored in a message: the resolver re-derives the token from the
 * request's seed at send time.
 */
export const CONSENT_RESOLVER = "consent-request";
export const INVITATION_PREFIX = "INVITATION#";

/** One student's invitation bookkeeping, in the group's partition (the dashboard query skips it). */
export const invitationKey = (orgId: string, groupId: string, studentId: string) => ({
  pk: groupPk(orgId, groupId),
  sk: `${INVITATION_PREFIX}${studentId}`,
});

export const cadenceOf = (config: Services["config"]): ReminderCadence => ({
  firstAfterDays: config.messages.reminderFirstAfterDays,
  everyDays: config.messages.reminderEveryDays,
  max: config.messages.reminderMax,
});

export interface Recipient {
  channel: Channel;
  to: string;
  /** The adult student answers for themself. */
  adult: boolean;
}

/**
 * Whom an invitation goes to and how: the adult student's own contact when they have one, else
 * the parent's; e-mail first (free, room for the text), SMS when there is no e-mail. Only channels
 * that are configured count.
 */
export function invitationRecipient(
  student: Student,
  today: string,
  providers: Providers,
): Recipient | undefined {
  const adult = isAdultOn(student, today) === true && Boolean(student.studentEmail || student.studentPhone);
  const email = adult ? student.studentEmail : student.email;
  const phone = adult ? student.studentPhone : student.phone;
  if (email && providers.email) return { channel: "email", to: email, adult };
  if (phone && providers.sms) return { channel: "sms", to: phone, adult };
  return undefined;
}

export interface InvitationOutcome {
  studentId: string;
  /** queued, or why not. */
  result: "queued" | "no-contact" | "answered" | "inactive" | "already-invited";
  channel?: Channel;
  toMasked?: string;
}

export interface SendInvitationsInput {
  group: Group;
  /** Only these students (default: the whole group). */
  studentIds?: string[];
  /** Invite again those already invited (a second wave, a fixed contact). */
  again?: boolean;
  actor: Actor;
  providers: Providers;
}

const MAX_TX_ITEMS = 90;

/**
 * Queues the invitations of a group: for each student still waiting for an answer, with a live
 * link and a contact, the invitation record and its message in one transaction (with the audit
 * event), so a message exists exactly when the invitation is recorded.
 */
export async function sendInvitations(
  services: Services,
  input: SendInvitationsInput,
): Promise<InvitationOutcome[]> {
  const { config } = services;
  const dash = await groupDashboard(services, input.group);
  const day = dash.today;
  const wanted = input.studentIds ? new Set(input.studentIds) : undefined;
  if (wanted) {
    const known = new Set(dash.rows.map((r) => r.student.studentId));
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new ValidationError("Обучающиеся не найдены в группе", {
        studentIds: ["Некоторые обучающиеся не найдены в группе"],
      });
  }
  const previous = await services.db.queryPartition<{ studentId: string; count: number }>(
    groupPk(config.orgId, input.group.groupId),
    INVITATION_PREFIX,
  );
  const invited = new Map(previous.map((p) => [p.studentId, p.count]));
  const outcomes: InvitationOutcome[] = [];
  const writes: Array<{ items: TxItem[]; studentId: string }> = [];
  const now = services.now();
  for (const row of dash.rows) {
    const { student, request } = row;
    if (wanted && !wanted.has(student.studentId)) continue;
    const base = { studentId: student.studentId };
    if (!request || row.status !== "pending") {
      outcomes.push({ ...base, result: request?.decision ? "answered" : "inactive" });
      continue;
    }
    const count = invited.get(student.studentId) ?? 0;
    if (count > 0 && !input.again) {
      outcomes.push({ ...base, result: "already-invited" });
      continue;
    }
    const recipient = invitationRecipient(student, day, input.providers);
    if (!recipient) {
      outcomes.push({ ...base, result: "no-contact" });
      continue;
    }
    const message = invitationMessage(services, input.group, student, request, recipient, now, 0);
    const record = buildMessageRecord(services, message);
    outcomes.push({ ...base, result: "queued", channel: recipient.channel, toMasked: record.toMasked });
    writes.push({
      studentId: student.studentId,
      items: [
        {
          put: {
            ...invitationKey(config.orgId, input.group.groupId, student.studentId),
            entity: "invitation",
            studentId: student.studentId,
            requestId: request.requestId,
            count: count + 1,
            invitedAt: now.toISOString(),
            messageId: record.id,
          },
          // Two staff members pressing the button at once invite once.
          condition: count === 0 ? "attribute_not_exists(pk)" : "#c = :c",
          names: count === 0 ? undefined : { "#c": "count" },
          values: count === 0 ? undefined : { ":c": count },
        },
        { put: record, condition: "attribute_not_exists(pk)" },
      ],
    });
  }
  const perTx = Math.floor(MAX_TX_ITEMS / 2);
  const batches: Array<typeof writes> = [];
  for (let i = 0; i < writes.length; i += perTx) batches.push(writes.slice(i, i + perTx));
  await Promise.all(
    batches.map((batch) =>
      services.db.transact(
        batch.flatMap((w) => w.items),
        [
          {
            actor: input.actor,
            action: "messages.invitations_queued",
            entityType: "group",
            entityId: input.group.groupId,
            details: { count: batch.length, students: batch.map((w) => w.studentId).join(",") },
          },
        ],
      ),
    ),
  );
  return outcomes;
}

/** The message of invitation (n = 0) or reminder n for a request; the link comes at send time. */
function invitationMessage(
  services: Pick<Services, "config">,
  group: Group,
  student: Student,
  request: ConsentRequest,
  recipient: Recipient,
  invitedAt: Date,
  n: number,
  dueAt?: Date,
): OutboxInput {
  return {
    channel: recipient.channel,
    to: recipient.to,
    template: n === 0 ? "invitation" : "reminder",
    purpose: n === 0 ? "invitation" : "reminder",
    causeId: request.requestId,
    studentId: student.studentId,
    groupId: group.groupId,
    dueAt,
    // No full name in an SMS (and none needed in an e-mail): surname and initials.
    vars: { student: shortName(student.fullName), group: group.code, adult: recipient.adult ? "1" : "" },
    resolver: {
      name: CONSENT_RESOLVER,
      ref: {
        groupId: group.groupId,
        studentId: student.studentId,
        requestId: request.requestId,
        invitedAt: invitedAt.toISOString(),
        n: String(n),
        adult: recipient.adult ? "1" : "",
      },
    },
  };
}

/** Why a message about this request must not go now, or undefined when it may. */
export function consentMessageBlocker(
  request: ConsentRequest | undefined,
  requestId: string,
  today: string,
): string | undefined {
  if (!request || request.requestId !== requestId) return "запрос согласия больше не действует";
  if (request.leftAt) return "обучающийся выбыл";
  const status = statusOf(request, today);
  if (request.decision) return "ответ уже получен";
  if (status === "revoked") return "ссылка аннулирована";
  if (status === "expired") return "срок ссылки истёк";
  return undefined;
}

/** Checks the request and supplies the link, re-derived from the request's seed. */
export const consentResolver: MessageResolver = async (services, message, asOf) => {
  const { groupId = "", studentId = "", requestId = "" } = message.ref;
  const request = await new ConsentRequestRepository(services).get(groupId, studentId, true);
  const blocker = consentMessageBlocker(request, requestId, localDate(asOf, services.config.timeZone));
  if (blocker || !request) return { cancel: blocker };
  const token = tokenOf(services.config.sessionSecret, request);
  if (!token) return { cancel: "ссылку нужно выпустить заново" };
  return { vars: { link: linkUrl(services.config.publicBaseUrl, token), expiresOn: request.expiresOn } };
};

/**
 * After invitation or reminder n went out: reminder n+1 on the cadence (counted from the
 * invitation), unless the cadence is over or it would fall after the link's last day.
 */
export const consentFollowUp: FollowUp = async (services, message, sealed) => {
  const n = Number(message.ref.n ?? "0");
  const invitedAt = new Date(message.ref.invitedAt ?? message.createdAt);
  const due = reminderDueAt(invitedAt, n + 1, cadenceOf(services.config));
  if (!due) return undefined;
  const request = await new ConsentRequestRepository(services).get(
    message.ref.groupId ?? "",
    message.ref.studentId ?? "",
    true,
  );
  if (
    !request ||
    consentMessageBlocker(request, message.ref.requestId ?? "", localDate(due, services.config.timeZone))
  )
    return undefined;
  return {
    channel: message.channel,
    to: sealed.to,
    template: "reminder",
    purpose: "reminder",
    causeId: message.causeId,
    studentId: message.studentId,
    groupId: message.groupId,
    dueAt: due,
    vars: sealed.vars,
    resolver: { name: CONSENT_RESOLVER, ref: { ...message.ref, n: String(n + 1) } },
  };
};

/** Each student's latest invitation or reminder, for the group page and the consents API. */
export async function groupDeliveryStates(
  services: Services,
  groupId: string,
): Promise<Map<string, MessageView>> {
  return latestPerStudent(await listGroupMessages(services, groupId), ["invitation", "reminder"]);
}

export { outboxPutItem };
