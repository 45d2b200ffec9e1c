import { isAdultOn, needsAdultConfirmation } from "@soglasie/core/students/rules";
import { describe, expect, it } from "vitest";

const decided = (on: string) => ({ decision: { decidedAt: `${on}T05:00:00.000Z` } }) as never;

describe("age rules (ГК РФ art. 21)", () => {
  it("is of age from the 18th birthday; unknown without a date of birth", () => {
    expect(isAdultOn({ birthDate: "2008-12-10" }, "2026-12-09")).toBe(false);
    expect(isAdultOn({ birthDate: "2008-12-10" }, "2026-12-10")).toBe(true);
    expect(isAdultOn({}, "2026-12-10")).toBeUndefined();
  });

  it("asks the adult student to confirm only a decision given while they were a minor", () => {
    const student = { birthDate: "2008-12-10" };
    expect(needsAdultConfirmation(student, decided("2026-11-25"), "2026-12-09")).toBe(false);
    expect(needsAdultConfirmation(student, decided("2026-11-25"), "2026-12-10")).toBe(true);
    expect(needsAdultConfirmation(student, decided("2026-12-10"), "2027-01-10")).toBe(false);
    expect(needsAdultConfirmation({}, decided("2026-11-25"), "2030-01-01")).toBe(false);
    expect(needsAdultConfirmation(student, {} as never, "2030-01-01")).toBe(false);
  });
});
