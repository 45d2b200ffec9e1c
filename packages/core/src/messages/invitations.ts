import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConsentRequestRepository } from "../consent/consent-request-repository.js";
import { groupDashboard } from "../consent/dashboard.js";
import { linkUrl, tokenOf } from "../consent/link-tokens.js";
import { type ConsentRequest, statusOf } from "../consent/types.js";
import { ConflictError, ValidationError } from "../errors.js";
import type { Group } from "../roster/group-repository.js";
import { shortName } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { GSI } from "../storage/table.js";
import { isAdultOn } from "../students/rules.js";
import { messageKey } from "./keys.js";
import {
  buildMessageRecord,
  type FollowUp,
  groupMessagesPk,
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

/**
 * The id of a student's n-th invitation message (n from 1). Deterministic, so the message record
 * is the invitation's bookkeeping too: it is put with `attribute_not_exists(pk)`, and two staff
 * members pressing the button at once race for the same id — one invitation, one message.
 */
export const invitationMessageId = (studentId: string, wave: number) => `inv-${studentId}-${wave}`;

/** A message id taken by another writer (two presses at once): the caller re-reads and skips it. */
class InvitationTaken extends ConflictError {}

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

/** Invitations per transaction: with the audit event and the chain head within DynamoDB's 100. */
const MAX_PER_TX = 97;
/** Rounds of re-reading after another writer took some of the ids (two presses at once). */
const MAX_RACE_ROUNDS = 3;

const WAVE_ID = /^inv-(.+)-(\d+)$/;

/**
 * How many invitations each student of the group had (the highest n of their
 * `invitationMessageId(id, n)` messages), from one query of the group's messages (byStatus index)
 * reading only the ids. The index may lag a write just made: it only spares work — the conditional
 * puts are the check, and a lagging read ends in the re-read of `sendInvitations`.
 */
async function invitationWaves(services: Services, groupId: string): Promise<Map<string, number>> {
  const ids = await services.db.query<{ id: string }>({
    IndexName: GSI.byStatus.name,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": GSI.byStatus.partition, "#id": "id" },
    ExpressionAttributeValues: { ":pk": groupMessagesPk(services.config.orgId, groupId) },
    ProjectionExpression: "#id",
  });
  const waves = new Map<string, number>();
  for (const { id } of ids) {
    const m = WAVE_ID.exec(id);
    if (m) waves.set(m[1]!, Math.max(waves.get(m[1]!) ?? 0, Number(m[2])));
  }
  return waves;
}

/**
 * Queues the invitations of a group: for each student still waiting for an answer, with a live
 * link and a contact, one message record whose deterministic id (`invitationMessageId`) is the
 * invitation's record, put conditionally in one transaction with the audit event of the act, so a
 * message exists exactly when the invitation is recorded and the act is in the audit chain. When
 * another writer took some ids first (two presses at once), the transaction fails whole, those
 * students are reported `already-invited` and the rest are written again with the same ids.
 */
export async function sendInvitations(
  services: Services,
  input: SendInvitationsInput,
): Promise<InvitationOutcome[]> {
  const { config } = services;
  const [dash, waves] = await Promise.all([
    groupDashboard(services, input.group),
    invitationWaves(services, input.group.groupId),
  ]);
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
  const outcomes: InvitationOutcome[] = [];
  const candidates: Array<{ row: (typeof dash.rows)[number]; recipient: Recipient }> = [];
  for (const row of dash.rows) {
    const { student, request } = row;
    if (wanted && !wanted.has(student.studentId)) continue;
    const base = { studentId: student.studentId };
    if (!request || row.status !== "pending") {
      outcomes.push({ ...base, result: request?.decision ? "answered" : "inactive" });
      continue;
    }
    const recipient = invitationRecipient(student, day, input.providers);
    if (!recipient) {
      outcomes.push({ ...base, result: "no-contact" });
      continue;
    }
    candidates.push({ row, recipient });
  }
  type Write = { studentId: string; id: string; item: TxItem; outcome: InvitationOutcome };
  let writes: Write[] = [];
  const now = services.now();
  for (const { row, recipient } of candidates) {
    const { student } = row;
    const request = row.request as ConsentRequest;
    const count = waves.get(student.studentId) ?? 0;
    if (count > 0 && !input.again) {
      outcomes.push({ studentId: student.studentId, result: "already-invited" });
      continue;
    }
    const message = invitationMessage(services, input.group, student, request, recipient, now, 0);
    const record = buildMessageRecord(services, {
      ...message,
      id: invitationMessageId(student.studentId, count + 1),
    });
    writes.push({
      studentId: student.studentId,
      id: record.id,
      // The invitation's record: two staff members pressing the button at once invite once.
      item: { put: record, condition: "attribute_not_exists(pk)", onConflict: () => new InvitationTaken() },
      outcome: {
        studentId: student.studentId,
        result: "queued",
        channel: recipient.channel,
        toMasked: record.toMasked,
      },
    });
  }
  const queued: Write[] = [];
  for (let round = 0; writes.length > 0; round++) {
    const batches: Write[][] = [];
    for (let i = 0; i < writes.length; i += MAX_PER_TX) batches.push(writes.slice(i, i + MAX_PER_TX));
    const settled = await Promise.allSettled(
      batches.map((batch) =>
        services.db.transact(
          batch.map((w) => w.item),
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
    const failed: Write[] = [];
    for (const [i, r] of settled.entries()) {
      if (r.status === "fulfilled") queued.push(...batches[i]!);
      else if (r.reason instanceof InvitationTaken && round + 1 < MAX_RACE_ROUNDS)
        failed.push(...batches[i]!);
      else throw r.reason;
    }
    if (failed.length === 0) break;
    // A failed transaction wrote nothing: an id of its batch that exists now is another writer's.
    const taken = new Set(
      (
        await services.db.batchGet<{ id: string }>(
          failed.map((w) => messageKey(config.orgId, w.id)),
          true,
        )
      ).map((m) => m.id),
    );
    writes = [];
    for (const w of failed) {
      if (taken.has(w.id)) outcomes.push({ studentId: w.studentId, result: "already-invited" });
      else writes.push(w);
    }
  }
  outcomes.push(...queued.map((w) => w.outcome));
  // In the group page's order (students by name).
  const order = new Map(dash.rows.map((r, i) => [r.student.studentId, i]));
  return outcomes.sort((x, y) => (order.get(x.studentId) ?? 0) - (order.get(y.studentId) ?? 0));
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
