import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentLink } from "../support/college.js";
import { consentAnswer, overHttp, refusalAnswer, submitAnswer } from "../support/consent-client.js";
import { type Ack, consentInvariants } from "../support/consent-invariants.js";
import { type ServerProcess, startServerProcess } from "../support/http-server.js";
import { documentsCheckJson } from "./cli.js";
import { type FaultStack, faultStack } from "./support.js";

/**
 * The server process is killed (SIGKILL, no clean-up of any kind) right after a signed PDF reached
 * S3 and before the DynamoDB transaction of that request, while 12 parents submit at once. What
 * was acknowledged must survive; the rest must succeed when the parents retry against a restarted
 * server; the interrupted write leaves only an orphan PDF, which `documents check` reports.
 */
describe("faults: the server killed between the S3 put and the DynamoDB write", () => {
  let t: FaultStack;
  let server: ServerProcess | undefined;
  const acks: Ack[] = [];
  const pending: StudentLink[] = [];
  const answerFor = (i: number) => (i % 3 === 2 ? refusalAnswer() : consentAnswer());

  beforeAll(async () => {
    t = await faultStack(30);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("acknowledged decisions survive the kill; nothing half-written is visible", async () => {
    server = await startServerProcess(t.services.config, t.signingDir, {
      env: { SOGLASIE_FAULT: "kill-after-document-put", SOGLASIE_FAULT_AFTER: "14" },
    });
    const send = overHttp(server.url);
    const queue = t.links.map((link, i) => ({ link, i }));
    // Six parents answer one after another (all acknowledged), then the rest at once; the 14th
    // PDF's put is the last thing the server does.
    for (const job of queue.splice(0, 6)) {
      const res = await submitAnswer(send, job.link.token, answerFor(job.i));
      expect(res.ack?.status).toBe(201);
      acks.push(res.ack!);
    }
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const res = await submitAnswer(send, job.link.token, answerFor(job.i));
          if (res.ack) acks.push(res.ack);
          else pending.push(job.link);
        }
      }),
    );
    const exit = await server.exited;
    expect(exit.signal).toBe("SIGKILL");
    expect(server.output()).toContain("killed-after-put");
    // Some parents got their answer before the crash, the others saw the connection drop.
    expect(acks.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    expect(acks.length + pending.length).toBe(t.links.length);

    // Every acknowledged decision is stored; no record points at a missing PDF.
    const acked = new Set(acks.map((a) => a.token));
    expect(
      await consentInvariants(
        t.services,
        t.links.filter((l) => acked.has(l.token)),
        acks,
      ).then((problems) => problems.filter((p) => !p.startsWith("dashboard"))),
    ).toEqual([]);
    const report = await documentsCheckJson(t.services.config);
    expect(report.code).toBe(0);
    expect(report.missing).toEqual([]);
    expect(report.orphans.length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("every parent's retry succeeds against the restarted server, each decision recorded once", async () => {
    server = await startServerProcess(t.services.config, t.signingDir);
    const send = overHttp(server.url);
    const index = new Map(t.links.map((l, i) => [l.token, i]));
    for (const link of pending) {
      const res = await submitAnswer(send, link.token, answerFor(index.get(link.token)!), { retries: 2 });
      expect(res.ack, JSON.stringify(res.attempts)).toBeDefined();
      // 201, or 200 when the crash came after that request's transaction had committed.
      expect([200, 201]).toContain(res.ack!.status);
      acks.push(res.ack!);
    }
    expect(await consentInvariants(t.services, t.links, acks, { deep: true })).toEqual([]);

    // The interrupted write left its PDF behind: reported as an orphan, harmless (exit code 0).
    const report = await documentsCheckJson(t.services.config);
    expect(report.code).toBe(0);
    expect(report.missing).toEqual([]);
    // Each decision's documents (a consent has two) and the signature rules' version 1.
    const perLink = await Promise.all(
      t.links.map((l) => t.services.documents.listByOwner("consent-request", l.requestId)),
    );
    const rules = await t.services.documents.listByType("pep-rules");
    expect(rules).toHaveLength(1);
    expect(report.records).toBe(perLink.flat().length + rules.length);
    expect(report.orphans.length).toBeGreaterThanOrEqual(1);
    expect(report.objects).toBe(report.records + report.orphans.length);
  }, 120_000);
});
