import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { TooManyRequestsError } from "../errors.js";
import type { Database } from "./database.js";
import { orgPk, TTL_ATTRIBUTE } from "./table.js";

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";

/** One fixed-window counter: at most `limit` per `windowSeconds` for a subject (and an optional part). */
export interface Counter {
  scope: string;
  /** Whom it counts (hashed by the caller when it is personal: an email, an address). */
  subject: string;
  /** A second key under the subject (e.g. the client address of an account+client pair). */
  part?: string;
  limit: number;
  windowSeconds: number;
}

/** A counter that refused: which one, and when its window ends. */
export interface Refusal {
  counter: Counter;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in DynamoDB, shared by every process (Lambda instances included).
 * Counters are not domain state, so they bypass the audit chain; TTL removes them.
 */
export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  private window(c: Pick<Counter, "windowSeconds">) {
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const window = Math.floor(nowSec / c.windowSeconds);
    return { window, retryAfterSeconds: (window + 1) * c.windowSeconds - nowSec };
  }

  private key(c: Counter, window: number) {
    return {
      pk: orgPk(this.db.orgId, "RATE", c.scope, c.subject),
      sk: `W#${c.windowSeconds}#${window}${c.part ? `#${c.part}` : ""}`,
    };
  }

  /**
   * Takes one unit of the counter if it has one left, atomically: a conditional ADD, so of any
   * number of concurrent callers (in any process) exactly `limit` per window get through. Returns
   * the refusal instead when the window is used up (nothing is counted then).
   */
  async take(c: Counter): Promise<Refusal | undefined> {
    const { window, retryAfterSeconds } = this.window(c);
    try {
      await this.db.client.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: this.key(c, window),
          UpdateExpression: "ADD #c :one SET #ttl = if_not_exists(#ttl, :ttl)",
          ConditionExpression: "attribute_not_exists(#c) OR #c < :limit",
          ExpressionAttributeNames: { "#c": "count", "#ttl": TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ":one": 1, ":limit": c.limit, ":ttl": (window + 2) * c.windowSeconds },
        }),
      );
      return undefined;
    } catch (error) {
      if (isConditionFailure(error)) return { counter: c, retryAfterSeconds };
      throw error;
    }
  }

  /**
   * Takes one unit of every counter, all or nothing: on the first refusal the units already taken
   * are given back. Returns the refusal, or undefined when every counter let it through.
   */
  async takeAll(counters: Counter[]): Promise<Refusal | undefined> {
    const taken: Counter[] = [];
    for (const c of counters) {
      const refusal = await this.take(c);
      if (refusal) {
        await Promise.all(taken.map((t) => this.giveBack(t)));
        return refusal;
      }
      taken.push(c);
    }
    return undefined;
  }

  /** Gives one unit back (an attempt that turned out legitimate, or one never made). */
  async giveBack(c: Counter): Promise<void> {
    const { window } = this.window(c);
    try {
      await this.db.client.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: this.key(c, window),
          UpdateExpression: "ADD #c :minus",
          ConditionExpression: "#c > :zero",
          ExpressionAttributeNames: { "#c": "count" },
          ExpressionAttributeValues: { ":minus": -1, ":zero": 0 },
        }),
      );
    } catch (error) {
      // The window rolled over meanwhile: nothing to give back.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Deletes the current window of a counter (a successful sign-in clears its own pair's failures). */
  async reset(c: Counter): Promise<void> {
    const { window } = this.window(c);
    await this.db.client.send(new DeleteCommand({ TableName: this.db.tableName, Key: this.key(c, window) }));
  }

  /** Deletes every counter of a subject in a scope, all windows and parts (an administrator's unlock). */
  async clear(scope: string, subject: string): Promise<number> {
    const items = await this.db.queryPartition(orgPk(this.db.orgId, "RATE", scope, subject));
    await Promise.all(
      items.map((i) =>
        this.db.client.send(new DeleteCommand({ TableName: this.db.tableName, Key: { pk: i.pk, sk: i.sk } })),
      ),
    );
    return items.length;
  }

  /** Counts one hit; throws TooManyRequestsError when `limit` is exceeded within the window. */
  async hit(scope: string, subject: string, limit: number, windowSeconds: number): Promise<number> {
    const c: Counter = { scope, subject, limit, windowSeconds };
    const { window, retryAfterSeconds } = this.window(c);
    const out = await this.db.client.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: this.key(c, window),
        UpdateExpression: "ADD #c :one SET #ttl = if_not_exists(#ttl, :ttl)",
        ExpressionAttributeNames: { "#c": "count", "#ttl": TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ":one": 1, ":ttl": (window + 2) * windowSeconds },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const count = Number(out.Attributes?.count ?? 1);
    if (count > limit) throw new TooManyRequestsError(undefined, retryAfterSeconds);
    return count;
  }
}
