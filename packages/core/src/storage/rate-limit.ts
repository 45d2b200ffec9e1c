import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { TooManyRequestsError } from "../errors.js";
import type { Database } from "./database.js";
import { orgPk, TTL_ATTRIBUTE } from "./table.js";

/**
 * Fixed-window counters in DynamoDB, shared by every process (Lambda instances included).
 * Counters are not domain state, so they bypass the audit chain; TTL removes them.
 */
export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Counts one hit; throws TooManyRequestsError when `limit` is exceeded within the window. */
  async hit(scope: string, subject: string, limit: number, windowSeconds: number): Promise<number> {
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const window = Math.floor(nowSec / windowSeconds);
    const out = await this.db.client.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: { pk: orgPk(this.db.orgId, "RATE", scope, subject), sk: `W#${window}` },
        UpdateExpression: "ADD #c :one SET #ttl = if_not_exists(#ttl, :ttl)",
        ExpressionAttributeNames: { "#c": "count", "#ttl": TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ":one": 1, ":ttl": (window + 2) * windowSeconds },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const count = Number(out.Attributes?.count ?? 1);
    if (count > limit) {
      throw new TooManyRequestsError(undefined, (window + 1) * windowSeconds - nowSec);
    }
    return count;
  }

  /** Reads the current count without adding to it. */
  async peek(scope: string, subject: string, windowSeconds: number): Promise<number> {
    const window = Math.floor(this.now().getTime() / 1000 / windowSeconds);
    const item = await this.db.get<{ count: number }>({
      pk: orgPk(this.db.orgId, "RATE", scope, subject),
      sk: `W#${window}`,
    });
    return item?.count ?? 0;
  }
}
