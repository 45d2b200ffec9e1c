import { z } from "../validation.js";

/**
 * Decision rules of the pedagogical council, configurable per organisation (its charter may ask
 * for two thirds, for example). A threshold is a fraction of a base count; "strict" means «более»
 * (more than), otherwise «не менее» (at least). Integer arithmetic: no rounding surprises.
 */
export interface Threshold {
  numerator: number;
  denominator: number;
  strict: boolean;
}

export interface CouncilRules {
  /** Members present, against the members in total. */
  quorum: Threshold;
  /** Votes for, against the members present (or, if the charter says so, all members). */
  majority: Threshold & { base: "present" | "members" };
}

/** Defaults: quorum — more than half of the members present; majority — more than half of those present voted for. */
export const DEFAULT_COUNCIL_RULES: CouncilRules = {
  quorum: { numerator: 1, denominator: 2, strict: true },
  majority: { numerator: 1, denominator: 2, strict: true, base: "present" },
};

const threshold = z
  .object({
    numerator: z.number().int().min(1, "Не меньше 1").max(100),
    denominator: z.number().int().min(1, "Не меньше 1").max(100),
    strict: z.boolean(),
  })
  .refine((t) => t.numerator <= t.denominator, {
    message: "Доля не может быть больше единицы",
    path: ["numerator"],
  });

export const councilRulesSchema = z.object({
  quorum: threshold,
  majority: threshold.and(z.object({ base: z.enum(["present", "members"], "Выберите базу подсчёта") })),
});

/** Smallest count that meets the threshold for `base`. */
export function minimumFor(t: Threshold, base: number): number {
  const exact = (t.numerator * base) / t.denominator;
  return t.strict ? Math.floor(exact) + 1 : Math.ceil(exact);
}

export const meets = (t: Threshold, count: number, base: number): boolean =>
  t.strict ? count * t.denominator > t.numerator * base : count * t.denominator >= t.numerator * base;

const FRACTIONS: Record<string, string> = {
  "1/2": "половины",
  "1/3": "одной трети",
  "2/3": "двух третей",
  "3/4": "трёх четвертей",
  "1/1": "всех",
};

/** «более половины», «не менее двух третей», «более 3/5». */
export function describeThreshold(t: Threshold): string {
  const g = gcd(t.numerator, t.denominator);
  const key = `${t.numerator / g}/${t.denominator / g}`;
  return `${t.strict ? "более" : "не менее"} ${FRACTIONS[key] ?? key}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface MeetingCounts {
  membersTotal: number;
  membersPresent: number;
  votes: { for: number; against: number; abstained: number };
}

export interface Evaluation {
  quorum: boolean;
  majority: boolean;
  adopted: boolean;
  reason: string;
}

/** The count the majority is measured against: those present, or (if the charter says so) all members. */
const majorityBaseOf = (counts: MeetingCounts, rules: CouncilRules) =>
  rules.majority.base === "members" ? counts.membersTotal : counts.membersPresent;

/** Clause 1.3 (the council decides): enough members were present for the council to decide. */
export const hasQuorum = (counts: MeetingCounts, rules: CouncilRules): boolean =>
  meets(rules.quorum, counts.membersPresent, counts.membersTotal);

/** Clause 1.3: enough votes «за» for the council's decision. */
export const hasMajority = (counts: MeetingCounts, rules: CouncilRules): boolean =>
  meets(rules.majority, counts.votes.for, majorityBaseOf(counts, rules));

/**
 * Clause 1.3: «Положение принимается педагогическим советом» — the council adopts the regulation
 * when the meeting had a quorum and a majority voted for it.
 */
export const isAdoptedByCouncil = (counts: MeetingCounts, rules: CouncilRules): boolean =>
  hasQuorum(counts, rules) && hasMajority(counts, rules);

/** Applies the rules to consistent counts (consistency is checked by the input schema). */
export function evaluateMeeting(counts: MeetingCounts, rules: CouncilRules): Evaluation {
  const { membersTotal, membersPresent, votes } = counts;
  const quorum = hasQuorum(counts, rules);
  const majorityBase = majorityBaseOf(counts, rules);
  const majority = hasMajority(counts, rules);
  const quorumText = `присутствовали ${membersPresent} из ${membersTotal} членов совета, требуется ${describeThreshold(rules.quorum)} (не менее ${minimumFor(rules.quorum, membersTotal)})`;
  const baseText = rules.majority.base === "members" ? "членов совета" : "присутствовавших";
  const majorityText = `«за» — ${votes.for} из ${majorityBase} ${baseText}, требуется ${describeThreshold(rules.majority)} (не менее ${minimumFor(rules.majority, majorityBase)})`;
  if (isAdoptedByCouncil(counts, rules)) {
    return {
      quorum,
      majority,
      adopted: true,
      reason: `Кворум есть: ${quorumText}; ${majorityText}. Решение принято.`,
    };
  }
  return {
    quorum,
    majority,
    adopted: false,
    reason: quorum
      ? `Нет большинства: ${majorityText}. Решение не принято, редакция остаётся проектом.`
      : `Кворума нет: ${quorumText}. Решение не принято, редакция остаётся проектом.`,
  };
}
