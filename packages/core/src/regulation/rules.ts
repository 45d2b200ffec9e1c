import type { Adoption, CurrentRegulation, RegulationVersion } from "./types.js";

/**
 * Rules of the regulation about its own life (clauses 1.3 and 4.1). Each is named after the rule;
 * state.ts holds the transitions they stand on and the words of a refusal. docs/clauses.md lists
 * where each is applied and tested.
 */

/** Clause 1.3: the pedagogical council adopts a draft; an adopted or in-force version is not adopted again. */
export const canBeAdoptedByCouncil = (version: Pick<RegulationVersion, "state">): boolean =>
  version.state === "draft";

/** Clause 1.3: the director approves only a version the council adopted (and whose adoption is recorded). */
export const canBeApproved = (version: Pick<RegulationVersion, "state" | "adoption">): boolean =>
  version.state === "adopted" && version.adoption !== undefined;

/** Clause 1.3: the approval order follows the council's decision: it is not dated before the meeting. */
export const mayApproveOn = (orderDate: string, adoption: Pick<Adoption, "date">): boolean =>
  orderDate >= adoption.date;

/**
 * Clause 4.1: «вступает в силу со дня его утверждения» — in force from the date of the approval
 * order, unless the order itself puts it into effect later («ввести в действие с …», never earlier:
 * orders/rules.ts `mayTakeEffectOn`).
 */
export const inForceFrom = (approval: { date: string; effectiveDate?: string }): string =>
  approval.effectiveDate ?? approval.date;

/**
 * Clause 4.1: a version is in force until a new act on the same matters is approved — approving a
 * newer version supersedes the one in force; an older version cannot replace a newer one.
 */
export const supersedesInForce = (
  version: Pick<RegulationVersion, "no">,
  inForce: Pick<RegulationVersion, "no">,
): boolean => version.no >= inForce.no;

/**
 * Clause 4.1: only the version in force can be declared void («признание его утратившим силу»):
 * its state says so and the in-force pointer names it.
 */
export const isInForce = (
  version: Pick<RegulationVersion, "versionId" | "state">,
  current: Pick<CurrentRegulation, "versionId"> | undefined,
): boolean => version.state === "in_force" && current?.versionId === version.versionId;

/**
 * Who is acquainted with the regulation in force: every active staff member (clause 3.4 binds all
 * users to it; ТК РФ art. 22 asks for acknowledgment under signature).
 */
export const mustAcknowledge = (staff: { active: boolean }): boolean => staff.active;
