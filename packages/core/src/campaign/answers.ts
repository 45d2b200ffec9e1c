import { localDate } from "../clock.js";
import { type RequestItem, requestView } from "../consent/consent-request-repository.js";
import { REQUEST_PREFIX } from "../consent/keys.js";
import type { ConsentRequest, DecisionKind } from "../consent/types.js";
import type { Group } from "../roster/group-repository.js";
import { groupPk } from "../roster/keys.js";
import type { Services } from "../services.js";

/** Answers recorded on one day (organisation's time zone), by kind. */
export interface AnswerDay {
  date: string;
  consent: number;
  refusal: number;
  withdrawal: number;
  total: number;
}

/** A wave of reminders (or invitations) sent on a day: marked on the chart. */
export interface ReminderWave {
  date: string;
  /** Messages of the wave (0 when unknown). */
  count: number;
}

export interface CampaignSeries {
  from: string;
  to: string;
  days: AnswerDay[];
  totals: Omit<AnswerDay, "date">;
  waves: ReminderWave[];
}

/** The chart shows at most this many days (the latest ones): a campaign lasts weeks, not years. */
export const MAX_CAMPAIGN_DAYS = 92;

const DAY_MS = 86_400_000;
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Every answer ever given through the requests: the current decision and the ones it replaced. */
function answersOf(request: ConsentRequest): Array<{ kind: DecisionKind; at: string }> {
  return [
    ...request.history.map((h) => ({ kind: h.decision, at: h.decidedAt })),
    ...(request.decision ? [{ kind: request.decision.decision, at: request.decision.decidedAt }] : []),
  ];
}

/**
 * Answers per day from the requests, from the first link issued (or the first answer) to `today`,
 * with every day present (zeros included) and at most MAX_CAMPAIGN_DAYS of them; waves outside the
 * range are dropped. Pure: the pages, the API and the tests share it.
 */
export function answersPerDay(
  requests: readonly ConsentRequest[],
  timeZone: string,
  today: string,
  waves: readonly ReminderWave[] = [],
): CampaignSeries {
  const byDay = new Map<string, AnswerDay>();
  let first = today;
  for (const r of requests) {
    const issued = localDate(new Date(r.createdAt), timeZone);
    if (issued < first) first = issued;
    for (const a of answersOf(r)) {
      const date = localDate(new Date(a.at), timeZone);
      if (date < first) first = date;
      const day = byDay.get(date) ?? { date, consent: 0, refusal: 0, withdrawal: 0, total: 0 };
      day[a.kind]++;
      day.total++;
      byDay.set(date, day);
    }
  }
  for (const w of waves) if (w.date < first) first = w.date;
  const earliest = addDays(today, -(MAX_CAMPAIGN_DAYS - 1));
  // ISO dates compare as strings: the later of the two.
  const from = [first, earliest].sort()[1] as string;
  const days: AnswerDay[] = [];
  for (let d = from; d <= today; d = addDays(d, 1)) {
    days.push(byDay.get(d) ?? { date: d, consent: 0, refusal: 0, withdrawal: 0, total: 0 });
  }
  const totals = { consent: 0, refusal: 0, withdrawal: 0, total: 0 };
  for (const d of days) {
    totals.consent += d.consent;
    totals.refusal += d.refusal;
    totals.withdrawal += d.withdrawal;
    totals.total += d.total;
  }
  const inRange = waves
    .filter((w) => w.date >= from && w.date <= today)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return { from, to: today, days, totals, waves: inRange };
}

/** The requests of some groups, one query of each group's partition. */
export async function requestsOfGroups(
  services: Services,
  groups: readonly Group[],
): Promise<ConsentRequest[]> {
  const parts = await Promise.all(
    groups.map((g) =>
      services.db.queryPartition<RequestItem>(groupPk(services.config.orgId, g.groupId), REQUEST_PREFIX),
    ),
  );
  // A student who left is out of the counters, but the answers they gave were given: kept here.
  return parts.flat().map(requestView);
}

/**
 * The campaign picture of some groups (one group, or the whole college): answers per day with the
 * reminder waves given by the caller (the outbox's message records).
 */
export async function campaignSeries(
  services: Services,
  groups: readonly Group[],
  waves: readonly ReminderWave[] = [],
): Promise<CampaignSeries> {
  const requests = await requestsOfGroups(services, groups);
  const { timeZone } = services.config;
  return answersPerDay(requests, timeZone, localDate(services.now(), timeZone), waves);
}
