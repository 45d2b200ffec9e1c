import type { Database } from "../storage/database.js";
import { type ChainProblem, verifyEvents } from "./chain.js";

export interface ChainReport {
  count: number;
  ok: boolean;
  problems: ChainProblem[];
}

/** Reads the organisation's whole chain in order and checks every link and hash. */
export async function verifyAuditChain(db: Database): Promise<ChainReport> {
  const events = [];
  for await (const event of db.auditEvents()) events.push(event);
  const head = await db.readHead();
  const { count, problems } = verifyEvents(events, head);
  return { count, ok: problems.length === 0, problems };
}
