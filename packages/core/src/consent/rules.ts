import type { AlternativeChannel, Relation } from "../documents/schemas.js";
import { RELATIONS } from "../documents/schemas.js";
import { type ConsentRequest, type DecisionKind, linkActive } from "./types.js";

/**
 * Rules of the regulation for parents' decisions and personal links (clauses 1.8 and 2.3). Each is
 * named after the rule; docs/clauses.md lists where each is applied and tested.
 */

/**
 * Clause 1.8: the decision belongs to «родители/законные представители»: the person answering
 * names how they represent the student (mother, father, guardian, trustee, another legal
 * representative) and confirms it (decisionInputSchema asks for both).
 */
export const isLegalRepresentative = (relation: unknown): relation is Relation =>
  typeof relation === "string" && Object.hasOwn(RELATIONS, relation);

/**
 * Clause 1.8: on refusal the alternative channels stay open; the ones the parent prefers are kept
 * with the refusal. A consent keeps none.
 */
export const alternativesKept = (answer: {
  decision: DecisionKind;
  alternatives: readonly AlternativeChannel[];
}): AlternativeChannel[] => (answer.decision === "refusal" ? [...answer.alternatives] : []);

/**
 * Clause 2.3: the administrator «аннулирует невостребованные ссылки-приглашения»: a link is
 * unclaimed while it still works and nobody has decided through it. Links with a decision stay, so
 * parents can change it.
 */
export const isUnclaimed = (
  request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">,
  today: string,
): boolean => !request.decision && linkActive(request, today);

/** A link that no longer works (expired or revoked) and was never used for a decision is re-issued. */
export const needsReissue = (
  request: Pick<ConsentRequest, "decision" | "linkRevokedAt" | "expiresOn">,
  today: string,
): boolean => !request.decision && !linkActive(request, today);

/**
 * 63-FZ art. 9 p. 2: a parent signs under rules of the simple electronic signature they accepted:
 * on the first answer through the link, and again once a new version is in force.
 */
export const pepRulesAcceptanceRequired = (
  request: Pick<ConsentRequest, "pepRules">,
  current: { version: number },
): boolean => request.pepRules?.version !== current.version;

/**
 * 152-FZ art. 9 p. 2 («согласие … может быть отозвано субъектом»): there is something to withdraw
 * while the current decision is a consent with its personal-data consent.
 */
export const canWithdrawPersonalData = (request: Pick<ConsentRequest, "decision">): boolean =>
  request.decision?.decision === "consent" && Boolean(request.decision.personalData);
