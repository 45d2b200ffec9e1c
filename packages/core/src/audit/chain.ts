import { orgPk } from "../storage/table.js";
import { canonicalJson, GENESIS_HASH, sha256Hex } from "./hash.js";
import type { AuditEvent, AuditEventInput } from "./types.js";

export const auditPk = (orgId: string) => orgPk(orgId, "AUDIT");
export const AUDIT_HEAD_SK = "HEAD";
export const auditEventSk = (seq: number) => `EVENT#${String(seq).padStart(12, "0")}`;

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** The hashed content of an event: everything but the hash itself. */
export function eventHash(event: Omit<AuditEvent, "hash">): string {
  const { orgId, seq, at, prevHash, actor, action, entityType, entityId, before, after, requestId, details } =
    event;
  return sha256Hex(
    canonicalJson({
      orgId,
      seq,
      at,
      prevHash,
      actor,
      action,
      entityType,
      entityId,
      before,
      after,
      requestId,
      details,
    }),
  );
}

/** Links new events after `head`; returns them with their hashes and the new head. */
export function linkEvents(
  orgId: string,
  head: ChainHead,
  inputs: AuditEventInput[],
  at: string,
): { events: AuditEvent[]; head: ChainHead } {
  let current = head;
  const events = inputs.map((input) => {
    const base = {
      ...input,
      before: input.before ?? null,
      after: input.after ?? null,
      orgId,
      seq: current.seq + 1,
      at,
      prevHash: current.hash,
    };
    const event: AuditEvent = { ...base, hash: eventHash(base) };
    current = { seq: event.seq, hash: event.hash };
    return event;
  });
  return { events, head: current };
}

export type ChainProblem =
  | { seq: number; kind: "hash_mismatch" | "broken_link" | "gap" }
  | { seq: number; kind: "head_mismatch" };

/** Checks events given in sequence order; returns every problem found (empty when intact). */
export function verifyEvents(
  events: Iterable<AuditEvent>,
  head?: ChainHead,
): { count: number; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prev: ChainHead = EMPTY_HEAD;
  let count = 0;
  for (const event of events) {
    count++;
    if (event.seq !== prev.seq + 1) problems.push({ seq: event.seq, kind: "gap" });
    if (event.prevHash !== prev.hash) problems.push({ seq: event.seq, kind: "broken_link" });
    const { hash, ...rest } = event;
    if (eventHash(rest) !== hash) problems.push({ seq: event.seq, kind: "hash_mismatch" });
    prev = { seq: event.seq, hash: event.hash };
  }
  if (head && (head.seq !== prev.seq || head.hash !== prev.hash))
    problems.push({ seq: head.seq, kind: "head_mismatch" });
  return { count, problems };
}
