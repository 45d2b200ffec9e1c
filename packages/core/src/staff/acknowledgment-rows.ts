import { localDate, ruDateTime } from "../clock.js";
import type { Gender } from "../language/names.js";
import { staffGender } from "./grammar.js";

/**
 * Rows of an acknowledgment sheet (the regulation's and an order's): a person's own record of
 * acknowledgment in the service — name and position as they were then, local date and time, the
 * record's number — or an empty row left for a handwritten mark.
 */
export interface AcknowledgmentRecord {
  ackId?: string;
  fullName: string;
  position: string;
  gender?: Gender;
  /** ISO instant. */
  at: string;
}

/** The number printed for a record: the first 8 characters of its id, upper case. */
export const recordNumber = (ackId: string) => ackId.replaceAll("-", "").slice(0, 8).toUpperCase();

export function acknowledgmentRow(ack: AcknowledgmentRecord, timeZone: string) {
  const at = new Date(ack.at);
  const gender = ack.gender ?? staffGender(ack);
  return {
    name: ack.fullName,
    // A table cell, not a sentence: the position as entered.
    position: ack.position,
    ...(gender ? { gender } : {}),
    date: localDate(at, timeZone),
    // «25.11.2026 19:04» → «19:04».
    time: ruDateTime(at, timeZone).slice(-5),
    ...(ack.ackId ? { record: recordNumber(ack.ackId) } : {}),
  };
}

export function pendingRow(staff: { fullName: string; position: string; gender?: Gender }) {
  const gender = staffGender(staff);
  return { name: staff.fullName, position: staff.position, ...(gender ? { gender } : {}) };
}
