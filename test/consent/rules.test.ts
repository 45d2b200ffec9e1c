import {
  alternativesKept,
  canWithdrawPersonalData,
  isLegalRepresentative,
  isUnclaimed,
  needsReissue,
  pepRulesAcceptanceRequired,
} from "@soglasie/core/consent/rules";
import { authorityProblem } from "@soglasie/core/personal-data/rules";
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

describe("rules of the law the parents' documents follow (152-FZ art. 9, 63-FZ art. 9)", () => {
  it("asks a link to accept the signature rules until it accepted the version in force (63-FZ art. 9 p. 2)", () => {
    expect(pepRulesAcceptanceRequired({}, { version: 1 })).toBe(true);
    expect(
      pepRulesAcceptanceRequired(
        { pepRules: { version: 1, documentId: "d", acceptedAt: "t" } },
        { version: 1 },
      ),
    ).toBe(false);
    expect(
      pepRulesAcceptanceRequired(
        { pepRules: { version: 1, documentId: "d", acceptedAt: "t" } },
        { version: 2 },
      ),
    ).toBe(true);
  });

  it("has something to withdraw only while the current decision is a consent with its personal-data consent (art. 9 p. 2)", () => {
    const pd = { documentId: "d", documentNumber: "N-ПД", fingerprint: "v1:x" };
    expect(canWithdrawPersonalData({ decision: { decision: "consent", personalData: pd } as never })).toBe(
      true,
    );
    expect(canWithdrawPersonalData({ decision: { decision: "consent" } as never })).toBe(false);
    expect(canWithdrawPersonalData({ decision: { decision: "refusal" } as never })).toBe(false);
    expect(canWithdrawPersonalData({ decision: { decision: "withdrawal" } as never })).toBe(false);
    expect(canWithdrawPersonalData({})).toBe(false);
  });

  it("checks the representative's authority: a parent's birth certificate, a guardian's act (art. 9 p. 1)", () => {
    const passport = {
      type: "passport-ru",
      series: "7600",
      number: "123456",
      issuedOn: "2020-01-01",
      issuer: "x",
    } as const;
    const certificate = {
      type: "birth-certificate",
      series: "I-СП",
      number: "123456",
      issuedOn: "2010-01-01",
      issuer: "ЗАГС",
    } as const;
    const act = {
      type: "other",
      name: "акт",
      number: "1",
      issuedOn: "2020-01-01",
      issuer: "орган опеки",
    } as const;
    expect(authorityProblem("mother", certificate, passport)).toBeUndefined();
    expect(authorityProblem("father", { type: "student-document" }, certificate)).toBeUndefined();
    expect(authorityProblem("father", { type: "student-document" }, passport)).toContain(
      "не свидетельство о рождении",
    );
    expect(authorityProblem("guardian", act, passport)).toBeUndefined();
    expect(authorityProblem("trustee", certificate, passport)).toContain("акт о назначении");
    expect(authorityProblem("other", { type: "student-document" }, certificate)).toContain(
      "актом о назначении",
    );
  });
});
