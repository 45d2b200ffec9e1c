import type { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  AUDIT_HEAD_SK,
  auditEventSk,
  auditPk,
  type ChainHead,
  EMPTY_HEAD,
  linkEvents,
} from "../audit/chain.js";
import type { AuditEvent, AuditEventInput } from "../audit/types.js";
import { ConflictError } from "../errors.js";

export type Key = { pk: string; sk: string };
export type Item = Key & Record<string, unknown>;
type Expr = {
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  /** Error to throw when this item's condition fails (default: a generic ConflictError). */
  onConflict?: () => Error;
};

/** One write of a transaction; the Database adds the table name and the audit events. */
export type TxItem =
  | (({ put: Key & { [attribute: string]: unknown } } | { put: Key & object }) & Expr)
  | ({ update: Key; expression: string } & Expr)
  | ({ check: Key; condition: string } & Expr)
  | ({ delete: Key } & Expr);

const MAX_CHAIN_RETRIES = 40;
/** DynamoDB's limits on key values: partition key 2048 bytes, sort key 1024 bytes. */
const MAX_PK_BYTES = 2048;
const MAX_SK_BYTES = 1024;
const MAX_TX_ITEMS = 100;
/** DynamoDB's limit of keys in one BatchGetItem. */
const MAX_BATCH_GET = 100;
/** Room kept for the chain head in a group-committed transaction. */
const GROUP_ITEM_BUDGET = MAX_TX_ITEMS - 1;

interface Pending {
  items: TxItem[];
  events: AuditEventInput[];
  resolve(events: AuditEvent[]): void;
  reject(error: unknown): void;
}
interface Queue {
  pending: Pending[];
  running: boolean;
}
const queues = new Map<string, Queue>();

class ItemConditionFailed extends Error {
  constructor(readonly index: number) {
    super("item condition failed");
  }
}

const keyOf = (item: TxItem): string => {
  const key =
    "put" in item ? item.put : "update" in item ? item.update : "check" in item ? item.check : item.delete;
  return `${key.pk}\u0000${key.sk}`;
};

/** Takes the longest prefix of the queue that fits one transaction and touches each item once. */
function takeGroup(pending: Pending[]): Pending[] {
  const group: Pending[] = [];
  const keys = new Set<string>();
  let size = 0;
  while (pending.length > 0) {
    const next = pending[0]!;
    const nextKeys = next.items.map(keyOf);
    const cost = next.items.length + next.events.length;
    if (
      group.length > 0 &&
      (size + cost > GROUP_ITEM_BUDGET ||
        nextKeys.some((k) => keys.has(k)) ||
        new Set(nextKeys).size !== nextKeys.length)
    )
      break;
    pending.shift();
    group.push(next);
    size += cost;
    for (const k of nextKeys) keys.add(k);
  }
  return group;
}
/** Last known audit head per table and organisation; refreshed whenever a write finds it stale. */
const heads = new Map<string, ChainHead>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Access to the single table for one organisation. Every state change goes through `transact`,
 * which appends the audit events to the organisation's hash chain in the same DynamoDB transaction.
 */
export class Database {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly orgId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<T = Item>(key: Key, consistent = false): Promise<T | undefined> {
    // DynamoDB rejects keys over its limits (ValidationException); no such item can exist, so an
    // over-long id from a URL is simply not found instead of failing the request.
    if (Buffer.byteLength(key.pk) > MAX_PK_BYTES || Buffer.byteLength(key.sk) > MAX_SK_BYTES)
      return undefined;
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return out.Item as T | undefined;
  }

  /**
   * Several items by key in as few round trips as DynamoDB allows (100 keys a call), in no
   * particular order; keys of missing items are simply absent. Unprocessed keys are asked again.
   */
  async batchGet<T = Item>(keys: Key[], consistent = false): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += MAX_BATCH_GET) {
      let pending: Key[] = keys.slice(i, i + MAX_BATCH_GET);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(200, 10 * 2 ** Math.min(attempt, 4)) * Math.random());
        const res = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: consistent } },
          }),
        );
        out.push(...((res.Responses?.[this.tableName] ?? []) as T[]));
        pending = (res.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
        if (attempt >= MAX_CHAIN_RETRIES && pending.length > 0)
          throw new ConflictError("Сервис занят, повторите попытку через минуту", "busy");
      }
    }
    return out;
  }

  /** Queries every page; use `limit` to stop early. */
  async query<T = Item>(
    input: Omit<QueryCommandInput, "TableName">,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const page of paginateQuery(
      { client: this.client, pageSize: 1000 },
      { ...input, TableName: this.tableName },
    )) {
      for (const item of page.Items ?? []) {
        items.push(item as T);
        if (items.length >= limit) return items;
      }
    }
    return items;
  }

  /** All items of one partition, optionally with a sort-key prefix. */
  queryPartition<T = Item>(
    pk: string,
    skPrefix?: string,
    opts: {
      index?: { name: string; partition: string; sort: string };
      forward?: boolean;
      limit?: number;
    } = {},
  ): Promise<T[]> {
    const pkName = opts.index?.partition ?? "pk";
    const skName = opts.index?.sort ?? "sk";
    return this.query<T>(
      {
        IndexName: opts.index?.name,
        KeyConditionExpression: skPrefix ? "#pk = :pk AND begins_with(#sk, :sk)" : "#pk = :pk",
        ExpressionAttributeNames: skPrefix ? { "#pk": pkName, "#sk": skName } : { "#pk": pkName },
        ExpressionAttributeValues: skPrefix ? { ":pk": pk, ":sk": skPrefix } : { ":pk": pk },
        ScanIndexForward: opts.forward ?? true,
      },
      opts.limit,
    );
  }

  /**
   * Writes `items` and appends `events` to the audit chain atomically.
   *
   * Appends to one organisation's chain are serialised: in-process through a queue, across processes
   * by a conditional write of the chain head (losing that race only retries). To keep throughput up
   * when many requests arrive at once, queued writes are committed together in one transaction
   * (group commit) when they touch distinct items; if any of them fails its own condition, the group
   * is replayed one by one so only the offending write fails.
   */
  transact(items: TxItem[], events: AuditEventInput[]): Promise<AuditEvent[]> {
    if (events.length === 0)
      return Promise.reject(new Error("Every state change must write at least one audit event"));
    if (items.length + events.length + 1 > MAX_TX_ITEMS)
      return Promise.reject(new Error("Transaction exceeds 100 items"));
    const lockKey = `${this.tableName}|${this.orgId}`;
    let queue = queues.get(lockKey);
    if (!queue) {
      queue = { pending: [], running: false };
      queues.set(lockKey, queue);
    }
    const q = queue;
    return new Promise<AuditEvent[]>((resolve, reject) => {
      q.pending.push({ items, events, resolve, reject });
      if (!q.running) void this.drain(lockKey, q);
    });
  }

  private async drain(lockKey: string, queue: Queue) {
    queue.running = true;
    try {
      while (queue.pending.length > 0) {
        const group = takeGroup(queue.pending);
        if (group.length === 1) await this.commitSingle(lockKey, group[0]!);
        else await this.commitGroup(lockKey, group);
      }
    } finally {
      queue.running = false;
    }
  }

  private async commitSingle(lockKey: string, entry: Pending) {
    try {
      const [events] = await this.commit(lockKey, [entry]);
      entry.resolve(events!);
    } catch (error) {
      if (error instanceof ItemConditionFailed) {
        entry.reject(entry.items[error.index]?.onConflict?.() ?? new ConflictError());
      } else entry.reject(error);
    }
  }

  private async commitGroup(lockKey: string, group: Pending[]) {
    try {
      const results = await this.commit(lockKey, group);
      for (const [i, entry] of group.entries()) entry.resolve(results[i]!);
    } catch {
      // One write of the group failed (its condition, or anything else): replay them one by one.
      for (const entry of group) await this.commitSingle(lockKey, entry);
    }
  }

  /** Commits the entries in one transaction, retrying while only the chain head was stale. */
  private async commit(lockKey: string, entries: Pending[]): Promise<AuditEvent[][]> {
    const items = entries.flatMap((e) => e.items);
    const events = entries.flatMap((e) => e.events);
    for (let attempt = 0; ; attempt++) {
      const head = heads.get(lockKey) ?? (await this.readHead());
      const linked = linkEvents(this.orgId, head, events, this.now().toISOString());
      try {
        await this.client.send(new TransactWriteCommand(this.buildTransaction(items, head, linked)));
        heads.set(lockKey, linked.head);
        const out: AuditEvent[][] = [];
        let offset = 0;
        for (const entry of entries) {
          out.push(linked.events.slice(offset, offset + entry.events.length));
          offset += entry.events.length;
        }
        return out;
      } catch (error) {
        heads.delete(lockKey);
        if ((error as Error).name !== "TransactionCanceledException") throw error;
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        const failed = reasons.findIndex((r, i) => i < items.length && r.Code === "ConditionalCheckFailed");
        if (failed >= 0) throw new ItemConditionFailed(failed);
        // The head moved (another process appended) or DynamoDB saw a conflicting transaction: retry.
        if (attempt >= MAX_CHAIN_RETRIES)
          throw new ConflictError("Сервис занят, повторите попытку через минуту", "busy");
        await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random());
      }
    }
  }

  async readHead(): Promise<ChainHead> {
    const item = await this.get<{ seq: number; hash: string }>(
      { pk: auditPk(this.orgId), sk: AUDIT_HEAD_SK },
      true,
    );
    return item ? { seq: item.seq, hash: item.hash } : EMPTY_HEAD;
  }

  private buildTransaction(
    items: TxItem[],
    head: ChainHead,
    linked: { events: AuditEvent[]; head: ChainHead },
  ): TransactWriteCommandInput {
    const TableName = this.tableName;
    const expr = (i: Expr) => ({
      ConditionExpression: i.condition,
      ExpressionAttributeNames: i.names,
      ExpressionAttributeValues: i.values,
    });
    const writes: NonNullable<TransactWriteCommandInput["TransactItems"]> = items.map((i) => {
      if ("put" in i) return { Put: { TableName, Item: i.put, ...expr(i) } };
      if ("update" in i)
        return { Update: { TableName, Key: i.update, UpdateExpression: i.expression, ...expr(i) } };
      if ("check" in i)
        return { ConditionCheck: { TableName, Key: i.check, ...expr(i), ConditionExpression: i.condition } };
      return { Delete: { TableName, Key: i.delete, ...expr(i) } };
    });
    const pk = auditPk(this.orgId);
    writes.push({
      Put: {
        TableName,
        Item: { pk, sk: AUDIT_HEAD_SK, seq: linked.head.seq, hash: linked.head.hash },
        ConditionExpression: head.seq === 0 ? "attribute_not_exists(pk)" : "seq = :seq",
        ExpressionAttributeValues: head.seq === 0 ? undefined : { ":seq": head.seq },
      },
    });
    for (const event of linked.events) {
      writes.push({
        Put: {
          TableName,
          Item: { pk, sk: auditEventSk(event.seq), ...event },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }
    return { TransactItems: writes };
  }

  /** Reads the organisation's audit events in order (for verification and export). */
  async *auditEvents(): AsyncGenerator<AuditEvent> {
    for await (const page of paginateQuery(
      { client: this.client, pageSize: 1000 },
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
        ExpressionAttributeValues: { ":pk": auditPk(this.orgId), ":e": "EVENT#" },
        ConsistentRead: true,
      },
    )) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...event } = item;
        yield event as AuditEvent;
      }
    }
  }
}
