import { localDate } from "../clock.js";
import { listGroupMessages } from "../messages/outbox.js";
import type { Group } from "../roster/group-repository.js";
import type { Services } from "../services.js";
import type { ReminderWave } from "./answers.js";

/** Reminders that went out (or are on their way): cancelled and failed ones were no wave for parents. */
const WENT_OUT = new Set(["queued", "sending", "sent", "delivered", "bounced"]);

/**
 * The reminder waves of some groups, for the campaign chart: the outbox's message records of
 * purpose «reminder», counted per day (organisation's time zone) of sending, or of their due time
 * while still queued. One query of each group's message index. The chart takes waves as plain
 * input (answers.ts), so only this function knows where they come from.
 */
export async function reminderWaves(services: Services, groups: readonly Group[]): Promise<ReminderWave[]> {
  const lists = await Promise.all(groups.map((g) => listGroupMessages(services, g.groupId)));
  const perDay = new Map<string, number>();
  for (const m of lists.flat()) {
    if (m.purpose !== "reminder" || !WENT_OUT.has(m.status)) continue;
    const day = localDate(new Date(m.sentAt ?? m.dueAt), services.config.timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return [...perDay].map(([date, count]) => ({ date, count })).sort((a, b) => (a.date < b.date ? -1 : 1));
}
