import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningDynamo, startDynamoLocal } from "../../packages/local/src/stores/dynamodb-local.js";
import { freePort } from "../../packages/local/src/stores/ports.js";
import { type Attempt, consentAnswer, refusalAnswer, submitAnswer } from "../support/consent-client.js";
import { type Ack, consentInvariants } from "../support/consent-invariants.js";
import { type FaultStack, faultStack } from "./support.js";

/**
 * DynamoDB itself goes away in the middle of an evening of submissions: a DynamoDB Local of this
 * test's own (persistent data folder, fixed port) is stopped while parents submit and started
 * again on the same port. Requests in flight fail cleanly, parents' retries succeed once it is
 * back, and every promise of the workflow holds afterwards.
 */
describe("faults: DynamoDB restarted mid-run", () => {
  let dir: string;
  let port: number;
  let dynamo: RunningDynamo | undefined;
  let t: FaultStack;

  const logged: string[] = [];
  beforeAll(async () => {
    // The server logs each failed request (with its request id); kept out of the test output.
    vi.spyOn(console, "error").mockImplementation((...args) => {
      logged.push(args.join(" "));
    });
    dir = mkdtempSync(join(tmpdir(), "soglasie-ddb-restart-"));
    port = await freePort();
    dynamo = await startDynamoLocal({ dataDir: join(dir, "db"), port });
    t = await faultStack(40, { overrides: { dynamodbEndpoint: dynamo.endpoint } });
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await dynamo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("no acknowledged decision is lost and the parents' retries succeed", async () => {
    const acks: Ack[] = [];
    const attempts: Attempt[] = [];
    let restarted = false;
    const chaos = (async () => {
      while (acks.length < 15) await new Promise((r) => setTimeout(r, 20));
      await dynamo!.stop();
      await new Promise((r) => setTimeout(r, 1000));
      dynamo = await startDynamoLocal({ dataDir: join(dir, "db"), port });
      restarted = true;
    })();

    const queue = t.links.map((link, i) => ({ link, i }));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          // A third of the parents change their mind once; everyone retries on 5xx and dropped connections.
          const answers = job.i % 3 === 0 ? [consentAnswer(), refusalAnswer()] : [consentAnswer()];
          for (const answer of answers) {
            const res = await submitAnswer(t.send, job.link.token, answer, {
              retries: 25,
              backoffMs: 250,
              client: `198.51.100.${job.i}`,
            });
            attempts.push(...res.attempts);
            expect(res.ack, JSON.stringify(res.attempts.slice(-2))).toBeDefined();
            acks.push(res.ack!);
          }
        }
      }),
    );
    await chaos;
    expect(restarted).toBe(true);
    // The outage was real: some attempts failed with a 5xx and were retried.
    const failures = attempts.filter((a) => a.status === "network-error" || (a.status as number) >= 500);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(JSON.stringify(f.body ?? "")).not.toMatch(/at \S+ \(|node_modules/);
    expect(logged.some((line) => line.includes("ECONNREFUSED") || line.includes("ECONNRESET"))).toBe(true);
    expect(acks.length).toBe(40 + 14);

    expect(await consentInvariants(t.services, t.links, acks, { deep: true })).toEqual([]);
  }, 180_000);
});
