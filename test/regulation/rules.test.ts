import {
  canBeAdoptedByCouncil,
  canBeApproved,
  inForceFrom,
  isInForce,
  mayApproveOn,
  mustAcknowledge,
  supersedesInForce,
} from "@soglasie/core/regulation/rules";
import { VERSION_STATES } from "@soglasie/core/regulation/types";
import { describe, expect, it } from "vitest";

const adoption = { meetingId: "m", date: "2026-03-10", protocolNumber: "3", extractDocumentId: "d" };

describe("rules of the regulation's life (clauses 1.3, 4.1)", () => {
  it("lets the council adopt only a draft (clause 1.3)", () => {
    expect(VERSION_STATES.filter((state) => canBeAdoptedByCouncil({ state }))).toEqual(["draft"]);
  });

  it("lets the director approve only a version the council adopted (clause 1.3)", () => {
    expect(VERSION_STATES.filter((state) => canBeApproved({ state, adoption }))).toEqual(["adopted"]);
    expect(canBeApproved({ state: "adopted" })).toBe(false);
  });

  it("dates the approval order on or after the council's meeting (clause 1.3)", () => {
    expect(mayApproveOn("2026-03-09", adoption)).toBe(false);
    expect(mayApproveOn("2026-03-10", adoption)).toBe(true);
    expect(mayApproveOn("2026-04-01", adoption)).toBe(true);
  });

  it("is in force from the day of approval (clause 4.1)", () => {
    expect(inForceFrom({ date: "2026-03-12" })).toBe("2026-03-12");
    // …or from the later day the order sets («ввести в действие с»).
    expect(inForceFrom({ date: "2026-03-12", effectiveDate: "2026-03-16" })).toBe("2026-03-16");
  });

  it("lets a newer version supersede the one in force, never an older one (clause 4.1)", () => {
    expect(supersedesInForce({ no: 3 }, { no: 2 })).toBe(true);
    expect(supersedesInForce({ no: 1 }, { no: 2 })).toBe(false);
  });

  it("repeals only the version the in-force pointer names (clause 4.1)", () => {
    const v = { versionId: "v2", state: "in_force" as const };
    expect(isInForce(v, { versionId: "v2" })).toBe(true);
    expect(isInForce(v, { versionId: "v3" })).toBe(false);
    expect(isInForce(v, undefined)).toBe(false);
    expect(isInForce({ versionId: "v2", state: "superseded" }, { versionId: "v2" })).toBe(false);
  });

  it("asks every active staff member, and nobody who left, to acknowledge the regulation in force", () => {
    expect(mustAcknowledge({ active: true })).toBe(true);
    expect(mustAcknowledge({ active: false })).toBe(false);
  });
});
