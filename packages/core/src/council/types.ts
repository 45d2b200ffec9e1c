import type { Actor } from "../audit/types.js";
import type { CouncilRules } from "./rules.js";

export type MeetingOutcome = "adopted" | "not_adopted";

/** A meeting of the pedagogical council that considered a version of the regulation. */
export interface CouncilMeeting {
  entity: "council-meeting";
  meetingId: string;
  /** ISO date of the meeting. */
  date: string;
  protocolNumber: string;
  membersTotal: number;
  membersPresent: number;
  votes: { for: number; against: number; abstained: number };
  /** The agenda item: the version considered and its wording. */
  versionId: string;
  versionNo: number;
  agendaItem: string;
  heard?: string;
  decision: string;
  chair: string;
  secretary: string;
  quorum: boolean;
  majority: boolean;
  outcome: MeetingOutcome;
  /** The explanation in Russian: what the numbers were against the rules. */
  reason: string;
  /** The rules in force when the meeting was recorded (rules can change later). */
  rules: CouncilRules;
  /** The signed protocol scan, stored as uploaded. */
  protocolScan: { key: string; sha256: string; size: number; filename?: string };
  /** The signed protocol extract (only when adopted). */
  extractDocumentId?: string;
  /**
   * Set when the secretary annulled the record as erroneous: it is kept (marked «запись
   * аннулирована»), no longer counts, and its protocol number is free for the right record.
   */
  annulment?: MeetingAnnulment;
  createdAt: string;
  createdBy: Actor;
}

export interface MeetingAnnulment {
  reason: string;
  /** ISO instant. */
  at: string;
  by: Actor;
}
