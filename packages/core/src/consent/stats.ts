import { groupStatsKey } from "../roster/keys.js";
import type { TxItem } from "../storage/database.js";
import { type ConsentRequest, type ConsentStatus, type DecidedStatus, decidedStatus } from "./types.js";

/**
 * Per-group consent counters, kept in the group's STATS item and changed in the same transaction
 * as every request change, so the college overview is one query however many students there are.
 *
 * Expiry is a matter of time, not of a write: requests without a decision and with a live
 * (not revoked) link are counted as `open`, and also per last valid day in `exp:YYYY-MM-DD`.
 * On any day, expired = the sum of the `exp:` counters of earlier days; pending = open − expired.
 */
export interface GroupCounts {
  total: number;
  consented: number;
  refused: number;
  /** The parent withdrew the personal-data consent (the platform consent cannot stand). */
  withdrawn: number;
  pending: number;
  expired: number;
  revoked: number;
}

export const EMPTY_COUNTS: GroupCounts = {
  total: 0,
  consented: 0,
  refused: 0,
  withdrawn: 0,
  pending: 0,
  expired: 0,
  revoked: 0,
};

const EXP = "exp:";

export class StatsDelta {
  private readonly counters = new Map<string, number>();

  private add(name: string, n: number) {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  /** A new request with a live link valid through `expiresOn`. */
  created(expiresOn: string) {
    this.add("total", 1);
    this.open(expiresOn, 1);
  }

  private open(expiresOn: string, n: number) {
    this.add("open", n);
    this.add(`${EXP}${expiresOn}`, n);
  }

  /** A request without a decision gets its first one. */
  firstDecision(expiresOn: string, kind: DecidedStatus) {
    this.open(expiresOn, -1);
    this.add(kind, 1);
  }

  /** A parent changed their mind. */
  changedDecision(from: DecidedStatus, to: DecidedStatus) {
    if (from === to) return;
    this.add(from, -1);
    this.add(to, 1);
  }

  /** An unclaimed link was revoked. */
  revoked(expiresOn: string) {
    this.open(expiresOn, -1);
    this.add("revoked", 1);
  }

  /** A request without a decision got a new link (from a live, expired or revoked one). */
  reissued(previous: { expiresOn: string; revoked: boolean }, expiresOn: string) {
    if (previous.revoked) this.add("revoked", -1);
    else this.open(previous.expiresOn, -1);
    this.open(expiresOn, 1);
  }

  /** A request joins the group's counters (a transfer in, a return) in whatever state it is. */
  added(request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">) {
    this.add("total", 1);
    this.contribution(request, 1);
  }

  /** A request leaves the group's counters (a transfer out, a student leaving). */
  removed(request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">) {
    this.add("total", -1);
    this.contribution(request, -1);
  }

  private contribution(request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">, n: number) {
    if (request.decision) this.add(decidedStatus(request.decision.decision), n);
    else if (request.linkRevokedAt) this.add("revoked", n);
    else this.open(request.expiresOn, n);
  }

  /** Adds another delta's changes to this one (one update of the STATS item per transaction). */
  merge(other: StatsDelta) {
    for (const [name, n] of other.counters) this.add(name, n);
  }

  get empty(): boolean {
    return [...this.counters.values()].every((n) => n === 0);
  }

  /** One update of the STATS item (a transaction may touch each item only once). */
  toTxItem(orgId: string, groupId: string): TxItem | undefined {
    const entries = [...this.counters.entries()].filter(([, n]) => n !== 0);
    if (entries.length === 0) return undefined;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const parts = entries.map(([name, n], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    names["#g"] = "groupId";
    values[":g"] = groupId;
    return {
      update: groupStatsKey(orgId, groupId),
      expression: `ADD ${parts.join(", ")} SET #g = :g`,
      names,
      values,
    };
  }
}

/** Counts of a STATS item on `today`. */
export function countsFromStats(item: Record<string, unknown> | undefined, today: string): GroupCounts {
  if (!item) return { ...EMPTY_COUNTS };
  const num = (k: string) => Number(item[k] ?? 0);
  let expired = 0;
  for (const [key, value] of Object.entries(item)) {
    if (key.startsWith(EXP) && key.slice(EXP.length) < today) expired += Number(value);
  }
  return {
    total: num("total"),
    consented: num("consented"),
    refused: num("refused"),
    withdrawn: num("withdrawn"),
    pending: num("open") - expired,
    expired,
    revoked: num("revoked"),
  };
}

/** Counts computed from the requests themselves (a group page has them at hand anyway). */
export function countStatuses(statuses: ConsentStatus[]): GroupCounts {
  const counts = { ...EMPTY_COUNTS, total: statuses.length };
  for (const s of statuses) counts[s]++;
  return counts;
}

export function addCounts(a: GroupCounts, b: GroupCounts): GroupCounts {
  return {
    total: a.total + b.total,
    consented: a.consented + b.consented,
    refused: a.refused + b.refused,
    withdrawn: a.withdrawn + b.withdrawn,
    pending: a.pending + b.pending,
    expired: a.expired + b.expired,
    revoked: a.revoked + b.revoked,
  };
}
