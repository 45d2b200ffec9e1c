import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { consentAnswer, refusalAnswer, submitAnswer } from "../support/consent-client.js";
import { type Ack, consentInvariants } from "../support/consent-invariants.js";
import { documentPut, type FaultStack, faultStack, sdkFault, storeErrors } from "./support.js";

/**
 * S3 and DynamoDB failing under a parent's submission, injected into the real SDK clients of the
 * real stores. After each fault: nothing acknowledged is lost, nothing is recorded twice, no record
 * points at a missing PDF, the client's retry succeeds, and the client saw a clean error (JSON, no
 * stack trace) while the fault lasted.
 */

const auditSeq = async (t: FaultStack) => (await t.services.db.readHead()).seq;

/** What the server logged (console.error), kept out of the test output. */
const logged: string[] = [];

/** A 503 the parent can read (JSON error, no stack trace: the store is down, retry) whose details went to the log. */
function expectCleanServerError(attempt: { status: number | string; body?: unknown }) {
  expect(attempt.status).toBe(503);
  const text = JSON.stringify(attempt.body);
  expect(text).toContain('"error"');
  expect(text).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+/);
  const requestId = (attempt.body as { error: { requestId: string } }).error.requestId;
  expect(logged.some((line) => line.includes(requestId) && line.includes("injected"))).toBe(true);
}

describe("faults: S3 and DynamoDB failing under a submission", () => {
  let t: FaultStack;
  const acks: Ack[] = [];
  beforeAll(async () => {
    vi.spyOn(console, "error").mockImplementation((...args) => {
      logged.push(args.join(" "));
    });
    t = await faultStack(20);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("S3 down on put: the client gets a clean 5xx, nothing is recorded, the retry succeeds", async () => {
    const link = t.links[0]!;
    const seq = await auditSeq(t);
    const fault = sdkFault(t.services.clients.s3, {
      command: "PutObjectCommand",
      error: storeErrors.s3Unavailable,
      match: documentPut,
    });
    const failed = await submitAnswer(t.send, link.token, consentAnswer());
    expect(failed.ack).toBeUndefined();
    expectCleanServerError(failed.attempts[0]!);
    // The SDK itself retried the put before giving up (maxAttempts in storage/clients.ts).
    expect(fault.hits).toBeGreaterThan(1);
    fault.remove();

    expect(await auditSeq(t)).toBe(seq);
    const docs = await t.services.documents.listByOwner("consent-request", link.requestId);
    expect(docs).toEqual([]);
    expect((await checkDocumentStore(t.services)).orphans).toEqual([]);

    const retry = await submitAnswer(t.send, link.token, consentAnswer());
    expect(retry.ack?.status).toBe(201);
    acks.push(retry.ack!);
  });

  it("S3 failing once: the SDK's own retry hides it and the parent gets 201", async () => {
    const link = t.links[1]!;
    const fault = sdkFault(t.services.clients.s3, {
      command: "PutObjectCommand",
      error: storeErrors.s3Unavailable,
      match: documentPut,
      times: 1,
    });
    const res = await submitAnswer(t.send, link.token, refusalAnswer());
    fault.remove();
    expect(fault.hits).toBe(1);
    expect(res.ack?.status).toBe(201);
    acks.push(res.ack!);
  });

  it("DynamoDB throttling the transaction twice: retried by the SDK, recorded once", async () => {
    const link = t.links[2]!;
    const fault = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.throttling,
      times: 2,
    });
    const res = await submitAnswer(t.send, link.token, consentAnswer());
    fault.remove();
    expect(fault.hits).toBe(2);
    expect(res.ack?.status).toBe(201);
    acks.push(res.ack!);
  });

  it("DynamoDB throttling every attempt: clean 5xx, the PDF is removed again, the retry succeeds", async () => {
    const link = t.links[3]!;
    const seq = await auditSeq(t);
    const before = (await checkDocumentStore(t.services)).orphans.length;
    const fault = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.throttling,
    });
    const failed = await submitAnswer(t.send, link.token, refusalAnswer());
    fault.remove();
    expect(failed.ack).toBeUndefined();
    expectCleanServerError(failed.attempts[0]!);
    expect(await auditSeq(t)).toBe(seq);
    expect(await t.services.documents.listByOwner("consent-request", link.requestId)).toEqual([]);
    // The signed PDF reached S3 before the transaction failed; the failed write removed it (issue 13).
    const report = await checkDocumentStore(t.services);
    expect(report.orphans.length).toBe(before);
    expect(report.missing).toEqual([]);

    const retry = await submitAnswer(t.send, link.token, refusalAnswer());
    expect(retry.ack?.status).toBe(201);
    acks.push(retry.ack!);
  });

  it("DynamoDB failing inside the transaction with a 500: recorded once after the retry", async () => {
    const link = t.links[4]!;
    const fault = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.internal,
      step: "initialize",
      times: 1,
    });
    const failed = await submitAnswer(t.send, link.token, consentAnswer());
    fault.remove();
    expectCleanServerError(failed.attempts[0]!);
    const retry = await submitAnswer(t.send, link.token, consentAnswer());
    expect(retry.ack?.status).toBe(201);
    acks.push(retry.ack!);
  });

  it("a committed transaction whose answer is lost: the retry returns the same decision, not a second one", async () => {
    const link = t.links[5]!;
    // Outside the SDK's retry loop: the server sees an error although DynamoDB committed.
    const lost = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.internal,
      step: "initialize",
      after: true,
      times: 1,
    });
    const failed = await submitAnswer(t.send, link.token, consentAnswer());
    lost.remove();
    expectCleanServerError(failed.attempts[0]!);
    const retry = await submitAnswer(t.send, link.token, consentAnswer());
    // The decision was already stored: the repeat is acknowledged with the stored document.
    expect(retry.ack?.status).toBe(200);
    acks.push(retry.ack!);
    const docs = await t.services.documents.listByOwner("consent-request", link.requestId);
    // One consent: the decision and its personal-data consent, once.
    expect(docs.map((d) => d.type).sort()).toEqual(["consent", "personal-data-consent"]);
    expect(docs.find((d) => d.type === "consent")?.documentId).toBe(retry.ack!.documentId);
  });

  it("a lost answer inside the SDK's retry loop: the SDK's retry is recognised, one decision", async () => {
    const link = t.links[6]!;
    const lost = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.internal,
      after: true,
      times: 1,
    });
    const res = await submitAnswer(t.send, link.token, refusalAnswer(), { retries: 3 });
    lost.remove();
    expect(lost.hits).toBe(1);
    expect(res.ack).toBeDefined();
    acks.push(res.ack!);
    const docs = await t.services.documents.listByOwner("consent-request", link.requestId);
    expect(docs.map((d) => d.documentId)).toEqual([res.ack!.documentId]);
  });

  it("a change of mind with the transaction failing: the earlier decision stays current until the retry", async () => {
    const link = t.links[7]!;
    const first = await submitAnswer(t.send, link.token, consentAnswer());
    acks.push(first.ack!);
    const fault = sdkFault(t.services.clients.db, {
      command: "TransactWriteItemsCommand",
      error: storeErrors.throttling,
    });
    const failed = await submitAnswer(t.send, link.token, refusalAnswer());
    fault.remove();
    expect(failed.ack).toBeUndefined();
    const doc = await t.services.documents.get(first.ack!.documentId);
    expect(doc?.status).toBe("current");
    const retry = await submitAnswer(t.send, link.token, refusalAnswer());
    expect(retry.ack?.status).toBe(201);
    acks.push(retry.ack!);
    expect((await t.services.documents.get(first.ack!.documentId))?.status).toBe("superseded");
  });

  it("after all of it: every promise of the workflow holds", async () => {
    expect(acks.length).toBe(9);
    expect(await consentInvariants(t.services, t.links, acks, { deep: true })).toEqual([]);
  });
});
