import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { TemplateError } from "../documents/layout/markup.js";
import { newId } from "../ids.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { GSI, orgPk, TTL_ATTRIBUTE } from "../storage/table.js";
import { contactKey, maskContact, normalizeContact, seal, unseal, unsubscribeUrl } from "./contacts.js";
import { causePk, DUE_SHARDS, duePk, dueShard, dueSk, messageKey, optOutKey, providerPk } from "./keys.js";
import { type MessageProvider, ProviderError, type Providers } from "./providers/types.js";
import {
  isQuietHour,
  MAX_SEND_ATTEMPTS,
  nextSendableTime,
  optOutStops,
  type QuietHours,
  retryDelaySeconds,
} from "./rules.js";
import { renderMessage } from "./templates.js";
import {
  type Channel,
  FINAL_STATUSES,
  type MessageRecord,
  type MessageStatus,
  type MessageView,
  type OutboxInput,
  toView,
} from "./types.js";

/**
 * The transactional outbox. A caller puts a message record in the same DynamoDB transaction as
 * the state change that causes it (`outboxPutItem`), so either both happen or neither; a sweep
 * (`sweepOutbox`) later claims due messages one by one with a conditional update and a lease,
 * sends them and records the outcome. Two sweepers never send one message twice: only the holder
 * of the lease records it. A sweeper that dies after the provider accepted a message and before
 * recording it leaves the lease to run out, and the next sweep sends that one message again — the
 * only possible repeat; nothing is ever dropped.
 *
 * Sweep writes (claims, outcomes) bypass the audit chain: they are delivery bookkeeping, not acts,
 * and a campaign of 2 000 messages would otherwise serialise on the chain head.
 */

type Ctx = Pick<Services, "config" | "now">;
type DbCtx = Pick<Services, "config" | "db" | "now">;

/** What a message's sealed part holds. */
interface Sealed {
  to: string;
  vars: Record<string, string>;
}

export const quietHoursOf = (config: Services["config"]): QuietHours => ({
  timeZone: config.timeZone,
  fromHour: config.messages.quietFromHour,
  toHour: config.messages.quietToHour,
});

/** The masked contact and its key, for callers that show or check a contact before queueing. */
export function describeContact(ctx: Pick<Services, "config">, channel: Channel, to: string) {
  const normalized = normalizeContact(channel, to);
  return {
    normalized,
    masked: maskContact(channel, normalized),
    key: contactKey(ctx.config.sessionSecret, channel, normalized),
  };
}

/** Builds the record of a message to queue (exported for callers that need its id or fields). */
export function buildMessageRecord(ctx: Ctx, input: OutboxInput): MessageRecord {
  const { config } = ctx;
  const now = ctx.now();
  const contact = describeContact(ctx, input.channel, input.to);
  const id = input.id ?? newId();
  const requested = input.dueAt ?? now;
  const due = input.urgent ? requested : nextSendableTime(requested, quietHoursOf(config));
  const dueAt = due.toISOString();
  const createdAt = now.toISOString();
  const record: MessageRecord = {
    ...messageKey(config.orgId, id),
    type: "message",
    id,
    channel: input.channel,
    template: input.template,
    purpose: input.purpose,
    causeId: input.causeId,
    studentId: input.studentId,
    groupId: input.groupId,
    toMasked: contact.masked,
    contactKey: contact.key,
    sealed: seal(config.sessionSecret, { to: contact.normalized, vars: input.vars ?? {} } satisfies Sealed),
    resolver: input.resolver,
    urgent: input.urgent || undefined,
    status: "queued",
    attempts: 0,
    createdAt,
    updatedAt: createdAt,
    dueAt,
    gsi1pk: causePk(config.orgId, input.causeId),
    gsi1sk: `${createdAt}#${id}`,
    gsi2pk: duePk(config.orgId, dueShard(id)),
    gsi2sk: dueSk(dueAt, id),
    ttl: Math.ceil(now.getTime() / 1000) + config.messages.retentionDays * 86_400,
  };
  if (input.groupId) {
    record.gsi3pk = groupMessagesPk(config.orgId, input.groupId);
    record.gsi3sk = `${input.studentId ?? "-"}#${createdAt}#${id}`;
  }
  return record;
}

export const groupMessagesPk = (orgId: string, groupId: string) => orgPk(orgId, "MSG-GROUP", groupId);

/**
 * The write that queues a message, for the caller's own `db.transact([...], events)`: the state
 * change and its message commit together. Fails the transaction if the id is taken.
 */
export function outboxPutItem(ctx: Ctx, input: OutboxInput): TxItem {
  return { put: buildMessageRecord(ctx, input), condition: "attribute_not_exists(pk)" };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function getMessage(services: DbCtx, id: string): Promise<MessageView | undefined> {
  const r = await services.db.get<MessageRecord>(messageKey(services.config.orgId, id), true);
  return r ? toView(r) : undefined;
}

/** A cause's messages, oldest first. */
export async function listMessagesByCause(services: DbCtx, causeId: string): Promise<MessageView[]> {
  const items = await services.db.queryPartition<MessageRecord>(
    causePk(services.config.orgId, causeId),
    undefined,
    {
      index: GSI.byOwner,
    },
  );
  return items.map(toView);
}

/** A group's messages, by student then oldest first. */
export async function listGroupMessages(services: DbCtx, groupId: string): Promise<MessageView[]> {
  const items = await services.db.queryPartition<MessageRecord>(
    groupMessagesPk(services.config.orgId, groupId),
    undefined,
    { index: GSI.byStatus },
  );
  return items.map(toView);
}

/**
 * The latest message per student (what the group page shows), optionally of some purposes only. A
 * message still waiting for its first attempt (the next reminder) counts only when there is no
 * other: staff want to see what happened to the last one that went out.
 */
export function latestPerStudent(messages: MessageView[], purposes?: string[]): Map<string, MessageView> {
  const out = new Map<string, MessageView>();
  const waiting = (m: MessageView) => m.status === "queued" && m.attempts === 0;
  for (const m of messages) {
    if (!m.studentId || (purposes && !purposes.includes(m.purpose))) continue;
    const prev = out.get(m.studentId);
    const newer = !prev || prev.createdAt <= m.createdAt;
    if (!prev || (waiting(prev) && !waiting(m)) || (newer && waiting(prev) === waiting(m)))
      out.set(m.studentId, m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Opt-outs

/** Records that a contact wants no more messages on a channel (the unsubscribe link). */
export async function recordOptOut(services: DbCtx, channel: Channel, key: string): Promise<void> {
  await services.db.client.send(
    new PutCommand({
      TableName: services.db.tableName,
      Item: {
        ...optOutKey(services.config.orgId, channel, key),
        type: "message-opt-out",
        at: services.now().toISOString(),
      },
    }),
  );
}

export async function isOptedOut(services: DbCtx, channel: Channel, key: string): Promise<boolean> {
  return Boolean(await services.db.get(optOutKey(services.config.orgId, channel, key), true));
}

// ---------------------------------------------------------------------------------------------
// Delivery reports

/**
 * A provider's later word on a sent message (SES event, SMS.ru status): delivered, bounced or
 * failed. Found by the provider's id; a report for an unknown or expired record is ignored.
 */
export async function recordDeliveryReport(
  services: DbCtx,
  report: {
    channel: Channel;
    providerId: string;
    status: "delivered" | "bounced" | "failed";
    reason?: string;
  },
): Promise<boolean> {
  const [item] = await services.db.queryPartition<MessageRecord>(
    providerPk(services.config.orgId, report.channel, report.providerId),
    undefined,
    { index: GSI.byValue, limit: 1 },
  );
  if (!item) return false;
  const at = services.now().toISOString();
  try {
    await services.db.client.send(
      new UpdateCommand({
        TableName: services.db.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression:
          report.status === "delivered"
            ? "SET #st = :st, updatedAt = :at, deliveredAt = :at"
            : "SET #st = :st, updatedAt = :at, reason = :reason",
        // Only a sent message moves on; a bounce after «delivered» is still news, a late «delivered» after a bounce is not.
        ConditionExpression: report.status === "delivered" ? "#st = :sent" : "#st IN (:sent, :delivered)",
        ExpressionAttributeNames: { "#st": "status" },
        ExpressionAttributeValues: {
          ":st": report.status,
          ":at": at,
          ":sent": "sent",
          ...(report.status === "delivered"
            ? {}
            : {
                ":delivered": "delivered",
                ":reason":
                  report.reason ?? (report.status === "bounced" ? "адрес недоступен" : "не доставлено"),
              }),
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The sweep

/**
 * Runs when a message's turn comes: adds variables (a personal link re-derived from its seed, so no
 * token is ever stored in a message) or cancels it with a reason (the parent answered, the link
 * expired or was revoked). Keyed by `OutboxInput.resolver.name`.
 */
export type MessageResolver = (
  services: Services,
  message: MessageView & { ref: Record<string, string> },
  asOf: Date,
) => Promise<{ vars?: Record<string, string>; cancel?: string }>;

export type Resolvers = Record<string, MessageResolver>;

/**
 * Runs once a message was sent (keyed by its resolver's name): the next message to queue, written
 * in the same transaction as the «sent» record, so a chain of reminders neither breaks nor doubles.
 */
export type FollowUp = (
  services: Services,
  message: MessageView & { ref: Record<string, string> },
  sealed: { to: string; vars: Record<string, string> },
) => Promise<OutboxInput | undefined>;

export type FollowUps = Record<string, FollowUp>;

export interface SweepOptions {
  /** The sweep's clock starts here and runs on in real time (default: services.now()). */
  asOf?: Date;
  /** At most this many messages claimed (default 2 000). */
  limit?: number;
  providers: Providers;
  resolvers?: Resolvers;
  followUps?: FollowUps;
  /** Sends in flight at once (default 16). */
  concurrency?: number;
  /** How long a claim protects a message from other sweepers (default 300 s). */
  leaseSeconds?: number;
  /** Stop claiming after this long (real time; a Lambda's timeout minus a margin). */
  maxDurationMs?: number;
  /** Fault injection for tests: runs after the provider accepted a message, before it is recorded. */
  afterSend?: (message: MessageView) => void | Promise<void>;
}

export interface SweepResult {
  /** Due messages seen in the index. */
  due: number;
  claimed: number;
  sent: number;
  /** Temporary failures put back with a later due time. */
  retried: number;
  failed: number;
  cancelled: number;
  /** Moved out of quiet hours. */
  postponed: number;
  /** Taken by another sweeper first (or changed since the index was read). */
  lost: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isConditionFailure = (error: unknown) =>
  (error as Error | undefined)?.name === "ConditionalCheckFailedException";

/** Spaces sends on one channel to the provider's rate, across the sweep's workers. */
class Pace {
  private next = 0;
  constructor(private readonly perSecond: number) {}
  async take(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
  }
}

/** Reads the due messages of every shard, earliest first. */
async function dueMessages(services: DbCtx, asOf: Date, limit: number): Promise<MessageRecord[]> {
  const upper = `${asOf.toISOString()}#\uffff`;
  const shards = await Promise.all(
    Array.from({ length: DUE_SHARDS }, (_, shard) =>
      services.db.query<MessageRecord>(
        {
          IndexName: GSI.byValue.name,
          KeyConditionExpression: "#pk = :pk AND #sk <= :upper",
          ExpressionAttributeNames: { "#pk": GSI.byValue.partition, "#sk": GSI.byValue.sort },
          ExpressionAttributeValues: { ":pk": duePk(services.config.orgId, shard), ":upper": upper },
        },
        limit,
      ),
    ),
  );
  return shards
    .flat()
    .sort((a, b) => ((a.gsi2sk ?? "") < (b.gsi2sk ?? "") ? -1 : 1))
    .slice(0, limit);
}

/**
 * Drains due messages once: claims each (conditional on the index entry it was seen with), checks
 * opt-out, quiet hours and the resolver, renders the template, sends at the provider's pace and
 * records the outcome. Safe to run in several processes at once.
 */
export async function sweepOutbox(services: Services, opts: SweepOptions): Promise<SweepResult> {
  const startReal = Date.now();
  const asOf0 = opts.asOf ?? services.now();
  const clock = () => new Date(asOf0.getTime() + (Date.now() - startReal));
  const leaseMs = (opts.leaseSeconds ?? 300) * 1000;
  const result: SweepResult = {
    due: 0,
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    cancelled: 0,
    postponed: 0,
    lost: 0,
  };
  const candidates = await dueMessages(services, asOf0, opts.limit ?? 2000);
  result.due = candidates.length;
  const paces = new Map<Channel, Pace>();
  const pace = (p: MessageProvider) => {
    let x = paces.get(p.channel);
    if (!x) {
      x = new Pace(p.ratePerSecond);
      paces.set(p.channel, x);
    }
    return x;
  };
  const { db, config } = services;
  const TableName = db.tableName;

  /** Writes an outcome if this sweeper still holds the claim; false if it lost it meanwhile. */
  const settle = async (
    m: MessageRecord,
    lease: string,
    outcome:
      | { status: Exclude<MessageStatus, "queued" | "sending">; reason?: string; providerId?: string }
      | { status: "queued"; dueAt: Date; reason?: string; attempts?: number },
    followUp?: MessageRecord,
  ): Promise<boolean> => {
    const at = clock().toISOString();
    const names: Record<string, string> = { "#st": "status" };
    const values: Record<string, unknown> = { ":st": outcome.status, ":at": at, ":lease": lease };
    let expression: string;
    if (outcome.status === "queued") {
      const dueAt = outcome.dueAt.toISOString();
      Object.assign(values, { ":due": dueAt, ":dsk": dueSk(dueAt, m.id) });
      expression = "SET #st = :st, updatedAt = :at, dueAt = :due, gsi2sk = :dsk";
      if (outcome.reason) {
        values[":reason"] = outcome.reason;
        expression += ", reason = :reason";
      }
      if (outcome.attempts !== undefined) {
        values[":attempts"] = outcome.attempts;
        expression += ", attempts = :attempts";
      }
      expression += " REMOVE leaseUntil";
    } else {
      const sets = ["#st = :st", "updatedAt = :at"];
      const removes = ["sealed", "leaseUntil"];
      if (outcome.reason) {
        values[":reason"] = outcome.reason;
        sets.push("reason = :reason");
      } else removes.push("reason");
      if (outcome.providerId) {
        // After sending, byValue finds the message by the provider's id (delivery reports).
        Object.assign(values, {
          ":ppk": providerPk(config.orgId, m.channel, outcome.providerId),
          ":pid": outcome.providerId,
          ":psk": "MSG",
        });
        sets.push("sentAt = :at", "providerId = :pid", "gsi2pk = :ppk", "gsi2sk = :psk");
      } else removes.push("gsi2pk", "gsi2sk");
      expression = `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`;
    }
    const update = {
      TableName,
      Key: { pk: m.pk, sk: m.sk },
      UpdateExpression: expression,
      ConditionExpression: "#st = :sending AND leaseUntil = :lease",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ":sending": "sending" },
    };
    try {
      if (followUp)
        await db.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              { Put: { TableName, Item: followUp, ConditionExpression: "attribute_not_exists(pk)" } },
            ],
          }),
        );
      else await db.client.send(new UpdateCommand(update));
      return true;
    } catch (error) {
      if (!isConditionFailure(error) && (error as Error).name !== "TransactionCanceledException") throw error;
      console.error(
        JSON.stringify({ level: "warn", message: "Outbox lease lost before recording", id: m.id }),
      );
      return false;
    }
  };

  const processOne = async (seen: MessageRecord) => {
    if (FINAL_STATUSES.has(seen.status)) return;
    const now = clock();
    const lease = new Date(now.getTime() + leaseMs).toISOString();
    let m: MessageRecord;
    try {
      const out = await db.client.send(
        new UpdateCommand({
          TableName,
          Key: { pk: seen.pk, sk: seen.sk },
          UpdateExpression:
            "SET #st = :sending, leaseUntil = :lease, gsi2sk = :lsk, updatedAt = :at ADD attempts :one",
          // The exact index entry this sweep saw: whoever changed it first (another sweeper's claim,
          // an outcome) wins, and this sweep moves on.
          ConditionExpression: "gsi2sk = :seen AND #st IN (:queued, :sending)",
          ExpressionAttributeNames: { "#st": "status" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":queued": "queued",
            ":lease": lease,
            ":lsk": dueSk(lease, seen.id),
            ":at": now.toISOString(),
            ":one": 1,
            ":seen": seen.gsi2sk,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      m = out.Attributes as MessageRecord;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      result.lost++;
      return;
    }
    result.claimed++;
    const done = async (
      o: Parameters<typeof settle>[2],
      counter: keyof SweepResult,
      next?: MessageRecord,
    ) => {
      if (await settle(m, lease, o, next)) result[counter]++;
      else result.lost++;
    };
    // A message whose sender kept dying (or whose retries ran out) stops here.
    if (m.attempts > MAX_SEND_ATTEMPTS)
      return done({ status: "failed", reason: m.reason ?? "попытки отправки исчерпаны" }, "failed");
    const sealed = m.sealed ? unseal<Sealed>(config.sessionSecret, m.sealed) : undefined;
    if (!sealed)
      return done(
        { status: "failed", reason: "сообщение не удалось прочитать (сменился секретный ключ)" },
        "failed",
      );
    if (optOutStops(m.purpose) && (await isOptedOut(services, m.channel, m.contactKey)))
      return done({ status: "cancelled", reason: "получатель отписался" }, "cancelled");
    if (!m.urgent && isQuietHour(now, quietHoursOf(config)))
      return done(
        { status: "queued", dueAt: nextSendableTime(now, quietHoursOf(config)), attempts: m.attempts - 1 },
        "postponed",
      );
    let vars = sealed.vars;
    if (m.resolver) {
      const resolve = opts.resolvers?.[m.resolver.name];
      if (!resolve)
        return done({ status: "failed", reason: `нет обработчика «${m.resolver.name}»` }, "failed");
      const r = await resolve(services, { ...toView(m), ref: m.resolver.ref }, now);
      if (r.cancel) return done({ status: "cancelled", reason: r.cancel }, "cancelled");
      vars = { ...vars, ...r.vars };
    }
    const provider = opts.providers[m.channel];
    if (!provider)
      return done(
        {
          status: "failed",
          reason: m.channel === "sms" ? "отправка SMS не настроена" : "отправка почты не настроена",
        },
        "failed",
      );
    const unsubscribe =
      m.channel === "email"
        ? unsubscribeUrl(config.publicBaseUrl, config.sessionSecret, m.channel, m.contactKey)
        : undefined;
    let rendered: ReturnType<typeof renderMessage>;
    try {
      rendered = renderMessage(m.template, m.channel, {
        ...vars,
        org: config.org,
        sender: config.messages.senderName,
        unsubscribeUrl: unsubscribe,
      });
    } catch (error) {
      if (!(error instanceof TemplateError) && (error as NodeJS.ErrnoException).code !== "ENOENT")
        throw error;
      return done({ status: "failed", reason: `ошибка в шаблоне сообщения «${m.template}»` }, "failed");
    }
    // Every e-mail ends with the unsubscribe link, whatever the template says.
    const text =
      unsubscribe && !rendered.text.includes(unsubscribe)
        ? `${rendered.text}\n\n--\nОтписаться от писем: ${unsubscribe}`
        : rendered.text;
    await pace(provider).take();
    let providerId: string;
    try {
      ({ providerId } = await provider.send({
        id: m.id,
        channel: m.channel,
        to: sealed.to,
        subject: rendered.subject,
        text,
        unsubscribeUrl: unsubscribe,
      }));
    } catch (error) {
      const e =
        error instanceof ProviderError
          ? error
          : new ProviderError(`ошибка отправки: ${(error as Error).name}`, true);
      if (!e.temporary) return done({ status: "failed", reason: e.reason }, "failed");
      if (m.attempts >= MAX_SEND_ATTEMPTS)
        return done({ status: "failed", reason: `${e.reason}; попытки исчерпаны` }, "failed");
      return done(
        {
          status: "queued",
          dueAt: new Date(clock().getTime() + retryDelaySeconds(m.attempts) * 1000),
          reason: e.reason,
        },
        "retried",
      );
    }
    await opts.afterSend?.(toView(m));
    const follow = m.resolver ? opts.followUps?.[m.resolver.name] : undefined;
    const nextInput =
      follow && m.resolver
        ? await follow(services, { ...toView(m), ref: m.resolver.ref }, sealed)
        : undefined;
    // The follow-up's id derives from this message's, so a repeated send cannot queue it twice.
    const next = nextInput
      ? buildMessageRecord(services, { ...nextInput, id: nextInput.id ?? `${m.id}.next` })
      : undefined;
    return done({ status: "sent", providerId }, "sent", next);
  };

  // A fixed pool of workers over the candidates, each claiming just before it sends, so a claim's
  // lease covers one send and not the whole sweep.
  let next = 0;
  let broken = false;
  const worker = async () => {
    while (next < candidates.length && !broken) {
      if (opts.maxDurationMs !== undefined && Date.now() - startReal > opts.maxDurationMs) return;
      const m = candidates[next++]!;
      try {
        await processOne(m);
      } catch (error) {
        // The store failed (or a fault was injected): stop claiming, as a killed process would;
        // what is claimed and unrecorded comes back when its lease runs out.
        broken = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 16) }, worker));
  return result;
}

/** A message's stored record with nothing sealed read (tests and the CLI's inspection). */
export async function rawMessage(services: DbCtx, id: string): Promise<MessageRecord | undefined> {
  const out = await services.db.client.send(
    new GetCommand({
      TableName: services.db.tableName,
      Key: messageKey(services.config.orgId, id),
      ConsistentRead: true,
    }),
  );
  return out.Item as MessageRecord | undefined;
}

export { TTL_ATTRIBUTE };
