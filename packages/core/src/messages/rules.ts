/**
 * The rules of messaging to parents, each a named function listed in docs/clauses.md.
 */

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localClock(at: Date, timeZone: string): { hour: number; minute: number; second: number } {
  let f = hourFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    hourFormats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

export interface QuietHours {
  timeZone: string;
  /** First quiet hour (21: from 21:00). */
  fromHour: number;
  /** First allowed hour after the quiet time (9: from 09:00). */
  toHour: number;
}

/** Whether `hour` falls in [from, to), the window possibly crossing midnight. */
const inWindow = (hour: number, from: number, to: number) =>
  from === to ? false : from < to ? hour >= from && hour < to : hour >= from || hour < to;

/** No message but an urgent one (a code asked for this minute) between 21:00 and 09:00 local time. */
export function isQuietHour(at: Date, q: QuietHours): boolean {
  return inWindow(localClock(at, q.timeZone).hour, q.fromHour, q.toHour);
}

/**
 * The first instant at or after `at` outside the quiet hours: `at` itself, or the next `toHour`:00
 * in the organisation's zone (on the local wall clock, corrected when the zone changes its clocks
 * during the night).
 */
export function nextSendableTime(at: Date, q: QuietHours): Date {
  const { hour, minute, second } = localClock(at, q.timeZone);
  if (!inWindow(hour, q.fromHour, q.toHour)) return at;
  const sinceMidnight = hour * 3600 + minute * 60 + second;
  let wait = q.toHour * 3600 - sinceMidnight;
  if (wait <= 0) wait += 24 * 3600;
  const out = new Date(at.getTime() + wait * 1000);
  out.setUTCMilliseconds(0);
  // A clock change in between (summer time) moves the local hour: correct by the difference.
  let drift = localClock(out, q.timeZone).hour - q.toHour;
  if (drift > 12) drift -= 24;
  if (drift < -12) drift += 24;
  return drift === 0 ? out : new Date(out.getTime() - drift * 3600_000);
}

/** Attempts before a temporary failure becomes permanent. */
export const MAX_SEND_ATTEMPTS = 6;

/**
 * The wait before retry `attempt` (1-based) after a temporary failure: 1, 4, 16, 64 minutes...
 * capped at 6 hours, with up to 20 % jitter so a provider outage does not end in a stampede.
 */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(6 * 3600, 60 * 4 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

export interface ReminderCadence {
  firstAfterDays: number;
  everyDays: number;
  max: number;
}

/**
 * When reminder number `n` (1-based) of an invitation sent at `invitedAt` falls due: the first
 * after `firstAfterDays`, then every `everyDays`; undefined past `max`. Quiet hours apply on top.
 */
export function reminderDueAt(invitedAt: Date, n: number, c: ReminderCadence): Date | undefined {
  if (n < 1 || n > c.max) return undefined;
  const days = c.firstAfterDays + (n - 1) * c.everyDays;
  return new Date(invitedAt.getTime() + days * 86_400_000);
}

/**
 * Rule: an opt-out (the unsubscribe link of every e-mail) stops what the college sends on its own —
 * invitations and reminders — but not a confirmation code the person has just asked for on the
 * page: that message answers their own request, and without it they could not sign.
 */
export const optOutStops = (purpose: string): boolean => purpose !== "code";
