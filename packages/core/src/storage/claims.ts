import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { newToken } from "../ids.js";
import type { Database } from "./database.js";
import { KeyedMutex } from "./mutex.js";
import { orgPk, TTL_ATTRIBUTE } from "./table.js";

/**
 * An in-flight marker: at most one holder of `scope/id` at a time across every process (a
 * conditional put in DynamoDB), with a short lease so a crashed holder does not block for long.
 * Waiters in the same process queue in memory and only the first of them polls the table.
 * Correctness never depends on it (writes stay conditional on versions); it keeps the losers of
 * a race from doing expensive work that would be thrown away (rendering and signing a PDF).
 */
export interface ClaimOptions {
  /**
   * How long a holder may keep the claim before others may take it over (a holder that crashed, or
   * lost the store before it could let go). Longer than the work normally takes.
   */
  leaseSeconds?: number;
  /** How long to wait for the claim before `busy()` is thrown: longer than the lease, so a dead holder is taken over. */
  waitMs?: number;
  busy: () => Error;
}

const local = new KeyedMutex();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";

export async function withClaim<T>(
  db: Database,
  scope: string,
  id: string,
  fn: () => Promise<T>,
  opts: ClaimOptions,
): Promise<T> {
  const leaseMs = (opts.leaseSeconds ?? 8) * 1000;
  const waitMs = opts.waitMs ?? leaseMs + 4000;
  const key = { pk: orgPk(db.orgId, "CLAIM", scope, id), sk: "CLAIM" };
  return local.run(`${db.tableName}\u0000${key.pk}`, async () => {
    const holder = newToken(12);
    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 200)) {
      // Real time, not the service clock: a lease is about processes, not about business dates.
      const now = Date.now();
      try {
        await db.client.send(
          new PutCommand({
            TableName: db.tableName,
            Item: {
              ...key,
              holder,
              until: now + leaseMs,
              [TTL_ATTRIBUTE]: Math.ceil((now + leaseMs) / 1000) + 3600,
            },
            ConditionExpression: "attribute_not_exists(pk) OR #until < :now",
            ExpressionAttributeNames: { "#until": "until" },
            ExpressionAttributeValues: { ":now": now },
          }),
        );
        break;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (now > deadline) throw opts.busy();
        await sleep(delay + Math.random() * delay);
      }
    }
    try {
      return await fn();
    } finally {
      await db.client
        .send(
          new DeleteCommand({
            TableName: db.tableName,
            Key: key,
            ConditionExpression: "holder = :holder",
            ExpressionAttributeValues: { ":holder": holder },
          }),
        )
        .catch((error) => {
          // Taken over after the lease ran out (the other holder's marker stays), or the store is
          // down: the lease lets the next one in. Never hide the outcome of `fn` behind this.
          if (!isConditionFailure(error))
            console.error(
              JSON.stringify({ level: "warn", message: "Claim not released", scope, error: String(error) }),
            );
        });
    }
  });
}
