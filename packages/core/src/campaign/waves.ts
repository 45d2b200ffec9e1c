import type { Group } from "../roster/group-repository.js";
import type { Services } from "../services.js";
import type { ReminderWave } from "./answers.js";

/**
 * The reminder waves of some groups, for the campaign chart. The outbox's message records are the
 * source; until they exist there are none. The chart takes waves as plain input (answers.ts), so
 * only this function learns where they come from.
 */
export async function reminderWaves(_services: Services, _groups: readonly Group[]): Promise<ReminderWave[]> {
  return [];
}
