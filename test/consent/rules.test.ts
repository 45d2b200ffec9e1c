import {
  alternativesKept,
  isLegalRepresentative,
  isUnclaimed,
  needsReissue,
} from "@soglasie/core/consent/rules";
import { describe, expect, it } from "vitest";

const decision = { decision: "consent" } as never;
const today = "2026-05-10";

describe("rules of parents' decisions and personal links (clauses 1.8, 2.3)", () => {
  it("takes a decision only from a parent or another legal representative (clause 1.8)", () => {
    for (const r of ["mother", "father", "guardian", "trustee", "other"])
      expect(isLegalRepresentative(r)).toBe(true);
    for (const r of ["neighbour", "мать", "__proto__", "toString", "", 1, undefined]) {
      expect(isLegalRepresentative(r)).toBe(false);
    }
  });

  it("keeps the chosen alternative channels with a refusal and none with a consent (clause 1.8)", () => {
    const alternatives = ["diary", "meetings"] as const;
    expect(alternativesKept({ decision: "refusal", alternatives })).toEqual(["diary", "meetings"]);
    expect(alternativesKept({ decision: "refusal", alternatives: [] })).toEqual([]);
    expect(alternativesKept({ decision: "consent", alternatives })).toEqual([]);
  });

  it("counts as unclaimed only a working link nobody decided through (clause 2.3)", () => {
    expect(isUnclaimed({ expiresOn: today }, today)).toBe(true);
    expect(isUnclaimed({ expiresOn: today, decision }, today)).toBe(false);
    expect(isUnclaimed({ expiresOn: "2026-05-09" }, today)).toBe(false);
    expect(isUnclaimed({ expiresOn: today, linkRevokedAt: "2026-05-01T00:00:00Z" }, today)).toBe(false);
  });

  it("re-issues a dead link only while no decision was made through it", () => {
    expect(needsReissue({ expiresOn: "2026-05-09" }, today)).toBe(true);
    expect(needsReissue({ expiresOn: today, linkRevokedAt: "2026-05-01T00:00:00Z" }, today)).toBe(true);
    expect(needsReissue({ expiresOn: "2026-05-09", decision }, today)).toBe(false);
    expect(needsReissue({ expiresOn: today }, today)).toBe(false);
  });
});
