import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { ConflictError, TooManyRequestsError, ValidationError } from "../errors.js";
import { maskContact, signerContact } from "../messages/contacts.js";
import { outboxPutItem } from "../messages/outbox.js";
import type { Channel } from "../messages/types.js";
import type { Student } from "../roster/student-repository.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { orgPk } from "../storage/table.js";
import { respondentOn } from "../students/rules.js";
import type { LinkContext } from "./links.js";
import type { ConsentRequest } from "./types.js";

/**
 * Confirmation codes (63-FZ art. 9 p. 2: the rules identify the signer). When the organisation
 * requires them and the parent has a contact on file, the personal link alone no longer signs: a
 * 6-digit code sent to that contact through the outbox must be typed too. So a class teacher who
 * holds the group's links cannot answer in a parent's name.
 *
 * One code item per request. The code is never stored: only an HMAC of (code request id, code)
 * under a key derived from the server secret. Tries are counted by a conditional update before the
 * comparison (atomic: two guesses at once both count), and a code is consumed in the decision's
 * own transaction.
 */
export const CODE_LENGTH = 6;
export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_MAX_TRIES = 5;
/** A new code at most once a minute and at most this many per day: ≤ 50 guesses a day of 10^6. */
export const CODE_RESEND_AFTER_SECONDS = 60;
export const CODE_MAX_SENDS_PER_DAY = 10;
const DAY_SECONDS = 24 * 3600;

export const codeKey = (orgId: string, requestId: string) => ({
  pk: orgPk(orgId, "CONSENT-CODE", requestId),
  sk: "CODE",
});

export interface CodeItem {
  pk: string;
  sk: string;
  codeRequestId: string;
  /** HMAC-SHA256 of `${codeRequestId}:${code}`. */
  hash: string;
  channel: Channel;
  toMasked: string;
  sentAt: string;
  expiresAt: string;
  tries: number;
  /** Sends in the current day window (resend limit). */
  sends: number;
  windowStart: string;
  usedAt?: string;
  ttl: number;
}

/** How the answer through this link is signed. */
export type ConfirmationMethod =
  /** Codes are off: the link and the typed name (the rules' clause 2.1). */
  | { kind: "off" }
  /** Codes are required but no contact is on file: the link alone, and the documents say so. */
  | { kind: "link-only" }
  /** A code sent to the contact (rules' clause 2.2). */
  | { kind: "code"; channel: Channel; to: string; masked: string };

/** Rule: codes apply when the organisation turned them on (setting or CONFIRMATION_CODES=required). */
export const codesRequired = (services: Pick<Services, "config">): boolean =>
  services.config.confirmationCodes === "required";

/**
 * Rule: the contact a code goes to — the signer's phone when SMS is configured, else the signer's
 * e-mail when e-mail is; a contact of a channel that cannot send is no contact for a code. The
 * signer is whoever answers on `day` (students/rules.ts): an adult student's own contacts, a
 * minor's parent's; without a date of birth, the parent's (the contact the college has for the link).
 */
export function codeContactOf(
  services: Pick<Services, "config">,
  student: Pick<Student, "phone" | "email" | "studentPhone" | "studentEmail" | "birthDate">,
  day: string,
): { channel: Channel; to: string } | undefined {
  return signerContact(services.config, student, respondentOn(student, day) === "student", ["sms", "email"]);
}

export function confirmationMethodFor(
  services: Pick<Services, "config" | "now">,
  ctx: Pick<LinkContext, "student">,
): ConfirmationMethod {
  if (!codesRequired(services)) return { kind: "off" };
  const contact = codeContactOf(services, ctx.student, localDate(services.now(), services.config.timeZone));
  if (!contact) return { kind: "link-only" };
  return { kind: "code", ...contact, masked: maskContact(contact.channel, contact.to) };
}

/** What the documents print about the signing method (templates: `{{confirmationText}}`). */
export function confirmationNote(
  method: ConfirmationMethod,
): { method: "code" | "link-only"; to?: string } | undefined {
  if (method.kind === "code") return { method: "code", to: method.masked };
  if (method.kind === "link-only") return { method: "link-only" };
  return undefined;
}

const hashOf = (secret: string, codeRequestId: string, code: string) =>
  createHmac("sha256", createHmac("sha256", secret).update("consent/confirmation-code/v1").digest())
    .update(`${codeRequestId}:${code}`)
    .digest("base64url");

/** Rule: when the next code may be sent (null: now), given the last one. */
export function nextSendAllowedAt(
  item: Pick<CodeItem, "sentAt" | "sends" | "windowStart"> | undefined,
  now: Date,
): Date | null {
  if (!item) return null;
  const minute = Date.parse(item.sentAt) + CODE_RESEND_AFTER_SECONDS * 1000;
  const windowEnd = Date.parse(item.windowStart) + DAY_SECONDS * 1000;
  if (item.sends >= CODE_MAX_SENDS_PER_DAY && now.getTime() < windowEnd) return new Date(windowEnd);
  return now.getTime() < minute ? new Date(minute) : null;
}

export interface CodeSent {
  channel: Channel;
  to: string;
  expiresAt: string;
  resendAfter: string;
  /** The code itself: returned to the caller only in tests (never by the HTTP layer). */
  code: string;
}

/**
 * Sends a new code to the parent's contact: the code item and the outbox message in ONE
 * transaction, conditional on the resend limit (so two clicks at once send one code).
 */
export async function sendConfirmationCode(
  services: Services,
  ctx: LinkContext,
  actor: Actor,
): Promise<CodeSent> {
  const method = confirmationMethodFor(services, ctx);
  if (method.kind !== "code")
    throw new ConflictError(
      method.kind === "off"
        ? "Коды подтверждения не применяются: ответьте по ссылке."
        : "Контакт для кода подтверждения в списке группы не указан: ответьте по ссылке.",
      "code_not_applicable",
    );
  const { request } = ctx;
  const key = codeKey(services.config.orgId, request.requestId);
  const now = services.now();
  const current = await services.db.get<CodeItem>(key, true);
  const allowed = nextSendAllowedAt(current, now);
  if (allowed) throw resendRefusal(allowed, now, current!.toMasked);

  const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, "0");
  const codeRequestId = randomBytes(16).toString("base64url");
  const sentAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString();
  const newWindow = !current || now.getTime() >= Date.parse(current.windowStart) + DAY_SECONDS * 1000;
  const item: CodeItem = {
    ...key,
    codeRequestId,
    hash: hashOf(services.config.sessionSecret, codeRequestId, code),
    channel: method.channel,
    toMasked: method.masked,
    sentAt,
    expiresAt,
    tries: 0,
    sends: newWindow ? 1 : current.sends + 1,
    windowStart: newWindow ? sentAt : current.windowStart,
    ttl: Math.floor(now.getTime() / 1000) + 2 * DAY_SECONDS,
  };
  const items: TxItem[] = [
    {
      put: item,
      // The state the limit was checked against: a concurrent send makes this one fail.
      condition: current ? "codeRequestId = :prev" : "attribute_not_exists(pk)",
      values: current ? { ":prev": current.codeRequestId } : undefined,
      onConflict: () =>
        resendRefusal(new Date(now.getTime() + CODE_RESEND_AFTER_SECONDS * 1000), now, method.masked),
    },
    outboxPutItem(services, {
      channel: method.channel,
      to: method.to,
      template: "code",
      purpose: "code",
      causeId: request.requestId,
      studentId: request.studentId,
      groupId: request.groupId,
      vars: { code },
      urgent: true,
    }),
  ];
  await services.db.transact(items, [
    {
      actor,
      action: "consent.code_sent",
      entityType: "consent-request",
      entityId: request.requestId,
      details: { channel: method.channel, to: method.masked },
    },
  ]);
  return {
    channel: method.channel,
    to: method.masked,
    expiresAt,
    resendAfter: new Date(now.getTime() + CODE_RESEND_AFTER_SECONDS * 1000).toISOString(),
    code,
  };
}

function resendRefusal(at: Date, now: Date, masked: string) {
  const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
  return new TooManyRequestsError(
    seconds > CODE_RESEND_AFTER_SECONDS
      ? `Кодов на ${masked} отправлено слишком много. Новый код можно будет получить завтра.`
      : `Код уже отправлен на ${masked}. Новый можно получить через ${seconds} с.`,
    seconds,
  );
}

const codeError = (message: string) => new ValidationError(message, { code: [message] });

/** The message of a missing code: what to do next (the page's button or the API's /code). */
export function codeMissingMessage(masked: string, sent: boolean): string {
  return sent
    ? `Введите код подтверждения, отправленный на ${masked}.`
    : `Нужен код подтверждения: нажмите «Получить код», и он придёт на ${masked}.`;
}

/**
 * Checks the code typed with an answer. Counts the try atomically first (conditional update:
 * the code is unused, unexpired and has tries left), then compares in constant time. Returns the
 * write that consumes the code, for the decision's transaction.
 */
export async function verifyConfirmationCode(
  services: Services,
  request: Pick<ConsentRequest, "requestId">,
  method: Extract<ConfirmationMethod, { kind: "code" }>,
  typed: unknown,
): Promise<TxItem> {
  const key = codeKey(services.config.orgId, request.requestId);
  const code = typeof typed === "string" ? typed.replace(/\s+/g, "") : "";
  const current = await services.db.get<CodeItem>(key, true);
  if (!code) throw codeError(codeMissingMessage(method.masked, Boolean(current && !current.usedAt)));
  if (!/^\d{6}$/.test(code)) throw codeError("Код подтверждения — 6 цифр");
  if (!current || current.usedAt) throw codeError(codeMissingMessage(method.masked, false));
  const now = services.now();
  let item: CodeItem;
  try {
    const out = await services.db.client.send(
      new UpdateCommand({
        TableName: services.db.tableName,
        Key: key,
        UpdateExpression: "SET tries = tries + :one",
        ConditionExpression:
          "codeRequestId = :id AND tries < :max AND expiresAt > :now AND attribute_not_exists(usedAt)",
        ExpressionAttributeValues: {
          ":one": 1,
          ":id": current.codeRequestId,
          ":max": CODE_MAX_TRIES,
          ":now": now.toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    item = out.Attributes as CodeItem;
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    const fresh = await services.db.get<CodeItem>(key, true);
    if (fresh && fresh.codeRequestId !== current.codeRequestId)
      throw codeError("Отправлен новый код: введите его.");
    if (fresh && fresh.tries >= CODE_MAX_TRIES)
      throw codeError("Попытки ввода кода исчерпаны. Получите новый код.");
    if (fresh && fresh.expiresAt <= now.toISOString())
      throw codeError("Срок действия кода истёк (10 минут). Получите новый код.");
    throw codeError(codeMissingMessage(method.masked, false));
  }
  const expected = Buffer.from(item.hash);
  const given = Buffer.from(hashOf(services.config.sessionSecret, item.codeRequestId, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const left = CODE_MAX_TRIES - item.tries;
    throw codeError(
      left > 0
        ? `Неверный код подтверждения. Осталось попыток: ${left}.`
        : "Неверный код подтверждения. Попытки исчерпаны: получите новый код.",
    );
  }
  return {
    update: key,
    expression: "SET usedAt = :now",
    condition: "codeRequestId = :id AND attribute_not_exists(usedAt)",
    values: { ":now": now.toISOString(), ":id": item.codeRequestId },
    onConflict: () => codeError("Этот код уже использован. Получите новый код."),
  };
}

/** The code state a page shows: sent to whom, whether a new one can be asked now. */
export async function codeState(services: Services, request: Pick<ConsentRequest, "requestId">) {
  const item = await services.db.get<CodeItem>(codeKey(services.config.orgId, request.requestId), true);
  if (!item || item.usedAt) return undefined;
  const now = services.now();
  return {
    to: item.toMasked,
    live: item.expiresAt > now.toISOString() && item.tries < CODE_MAX_TRIES,
    resendAt: nextSendAllowedAt(item, now)?.toISOString(),
  };
}
