import {
  canBeAdministrator,
  canBeClassTeacher,
  mayTakeEffectOn,
  mustAcknowledgeOrder,
  nextOrderSeq,
  numberingYear,
} from "@soglasie/core/orders/rules";
import { describe, expect, it } from "vitest";

const staff = (active: boolean, pedagogical: boolean) => ({ active, pedagogical });

describe("rules of the orders (clauses 2.3, 2.4; the register)", () => {
  it("appoints as administrator only an active pedagogical worker (clause 2.4)", () => {
    expect(canBeAdministrator(staff(true, true))).toBe(true);
    expect(canBeAdministrator(staff(true, false))).toBe(false);
    expect(canBeAdministrator(staff(false, true))).toBe(false);
  });

  it("attaches as class teacher only an active pedagogical worker (clause 2.3)", () => {
    expect(canBeClassTeacher(staff(true, true))).toBe(true);
    expect(canBeClassTeacher(staff(true, false))).toBe(false);
    expect(canBeClassTeacher(staff(false, true))).toBe(false);
  });

  it("numbers orders per calendar year of their date, each one after the last", () => {
    expect(numberingYear("2026-12-31")).toBe(2026);
    expect(numberingYear("2027-01-01")).toBe(2027);
    expect(nextOrderSeq(undefined)).toBe(1);
    expect(nextOrderSeq(41)).toBe(42);
  });

  it("puts nothing into effect before the order's date", () => {
    expect(mayTakeEffectOn("2026-11-25", "2026-11-24")).toBe(false);
    expect(mayTakeEffectOn("2026-11-25", "2026-11-25")).toBe(true);
    expect(mayTakeEffectOn("2026-11-25", "2027-01-10")).toBe(true);
  });

  it("asks only the people an order names to acknowledge it (ТК РФ art. 22, 68)", () => {
    expect(mustAcknowledgeOrder({ named: ["a", "b"] }, "b")).toBe(true);
    expect(mustAcknowledgeOrder({ named: ["a"] }, "c")).toBe(false);
    // Orders issued before acknowledgments existed name nobody.
    expect(mustAcknowledgeOrder({}, "a")).toBe(false);
  });
});
