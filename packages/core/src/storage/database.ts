import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
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
import { KeyedMutex } from "./mutex.js";

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
const locks = new KeyedMutex();
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
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return out.Item as T | undefined;
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
   * Writes `items` and appends `events` to the audit chain atomically. Chain appends are serialised
   * in-process and guarded by a conditional update of the chain head across processes; losing that
   * race only retries the transaction, while a failed condition on the caller's items is a conflict.
   */
  async transact(items: TxItem[], events: AuditEventInput[]): Promise<AuditEvent[]> {
    if (events.length === 0) throw new Error("Every state change must write at least one audit event");
    if (items.length + events.length + 1 > 100) throw new Error("Transaction exceeds 100 items");
    const lockKey = `${this.tableName}|${this.orgId}`;
    return locks.run(lockKey, async () => {
      for (let attempt = 0; ; attempt++) {
        const head = heads.get(lockKey) ?? (await this.readHead());
        const linked = linkEvents(this.orgId, head, events, this.now().toISOString());
        try {
          await this.client.send(new TransactWriteCommand(this.buildTransaction(items, head, linked)));
          heads.set(lockKey, linked.head);
          return linked.events;
        } catch (error) {
          heads.delete(lockKey);
          if (
            !(error instanceof TransactionCanceledException) &&
            (error as Error).name !== "TransactionCanceledException"
          ) {
            throw error;
          }
          const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
          const failed = reasons.findIndex((r, i) => i < items.length && r.Code === "ConditionalCheckFailed");
          if (failed >= 0) throw items[failed]?.onConflict?.() ?? new ConflictError();
          // The head moved (another process appended) or DynamoDB saw a conflicting transaction: retry.
          if (attempt >= MAX_CHAIN_RETRIES)
            throw new ConflictError("Сервис занят, повторите попытку через минуту", "busy");
          await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random());
        }
      }
    });
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
