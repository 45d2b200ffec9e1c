import {
  DEFAULT_COUNCIL_RULES,
  describeThreshold,
  evaluateMeeting,
  hasMajority,
  hasQuorum,
  isAdoptedByCouncil,
  meets,
  minimumFor,
} from "@soglasie/core/council/rules";
import { describe, expect, it } from "vitest";

const counts = (
  membersTotal: number,
  membersPresent: number,
  votesFor: number,
  against = 0,
  abstained = 0,
) => ({
  membersTotal,
  membersPresent,
  votes: { for: votesFor, against, abstained },
});

describe("council rules (defaults: more than half present, more than half of those present for)", () => {
  it("needs strictly more than half of the members for a quorum", () => {
    expect(evaluateMeeting(counts(40, 20, 20), DEFAULT_COUNCIL_RULES).quorum).toBe(false);
    expect(evaluateMeeting(counts(40, 21, 20), DEFAULT_COUNCIL_RULES).quorum).toBe(true);
    expect(evaluateMeeting(counts(41, 21, 20), DEFAULT_COUNCIL_RULES).quorum).toBe(true);
    expect(evaluateMeeting(counts(41, 20, 20), DEFAULT_COUNCIL_RULES).quorum).toBe(false);
  });

  it("needs strictly more than half of those present voting for", () => {
    const tie = evaluateMeeting(counts(40, 30, 15, 15), DEFAULT_COUNCIL_RULES);
    expect(tie).toMatchObject({ quorum: true, majority: false, adopted: false });
    expect(tie.reason).toContain("Нет большинства");
    expect(tie.reason).toContain("не менее 16");
    // Abstentions count against adoption: 15 for out of 29 present is a majority, 14 is not.
    expect(evaluateMeeting(counts(40, 29, 15, 0, 14), DEFAULT_COUNCIL_RULES).adopted).toBe(true);
    expect(evaluateMeeting(counts(40, 29, 14, 0, 15), DEFAULT_COUNCIL_RULES).adopted).toBe(false);
  });

  it("is not adopted without a quorum even when everyone present voted for", () => {
    const r = evaluateMeeting(counts(40, 20, 20), DEFAULT_COUNCIL_RULES);
    expect(r.adopted).toBe(false);
    expect(r.reason).toMatch(
      /^Кворума нет: присутствовали 20 из 40 членов совета, требуется более половины \(не менее 21\)/,
    );
  });

  it("explains an adoption with the numbers", () => {
    const r = evaluateMeeting(counts(40, 30, 25, 3, 2), DEFAULT_COUNCIL_RULES);
    expect(r).toMatchObject({ quorum: true, majority: true, adopted: true });
    expect(r.reason).toContain("«за» — 25 из 30 присутствовавших");
    expect(r.reason).toContain("Решение принято");
  });

  it("supports other rules: at least two thirds of all members", () => {
    const rules = {
      quorum: { numerator: 2, denominator: 3, strict: false },
      majority: { numerator: 2, denominator: 3, strict: false, base: "members" as const },
    };
    expect(describeThreshold(rules.quorum)).toBe("не менее двух третей");
    expect(minimumFor(rules.quorum, 30)).toBe(20);
    expect(evaluateMeeting(counts(30, 20, 20), rules).adopted).toBe(true);
    expect(evaluateMeeting(counts(30, 19, 19), rules).quorum).toBe(false);
    expect(evaluateMeeting(counts(30, 25, 19), rules)).toMatchObject({ quorum: true, majority: false });
  });

  it("computes thresholds in integers (no rounding at the boundary)", () => {
    const half = { numerator: 1, denominator: 2, strict: true };
    for (let base = 1; base <= 200; base++) {
      const min = minimumFor(half, base);
      expect(meets(half, min, base)).toBe(true);
      expect(meets(half, min - 1, base)).toBe(false);
    }
    expect(describeThreshold({ numerator: 2, denominator: 4, strict: true })).toBe("более половины");
    expect(describeThreshold({ numerator: 3, denominator: 5, strict: true })).toBe("более 3/5");
  });

  it("adopts the regulation only with both a quorum and a majority (clause 1.3)", () => {
    const rules = DEFAULT_COUNCIL_RULES;
    expect(isAdoptedByCouncil(counts(40, 30, 16), rules)).toBe(true);
    expect([hasQuorum(counts(40, 20, 20), rules), isAdoptedByCouncil(counts(40, 20, 20), rules)]).toEqual([
      false,
      false,
    ]);
    expect([hasQuorum(counts(40, 30, 15), rules), hasMajority(counts(40, 30, 15), rules)]).toEqual([
      true,
      false,
    ]);
    expect(isAdoptedByCouncil(counts(40, 30, 15), rules)).toBe(false);
  });
});
