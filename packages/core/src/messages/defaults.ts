import {
  DECISION_CONFIRMATION_RESOLVER,
  decisionConfirmationResolver,
} from "../consent/decision-confirmation.js";
import { CONSENT_RESOLVER, consentFollowUp, consentResolver } from "./invitations.js";
import type { FollowUps, Resolvers } from "./outbox.js";

/** The resolvers every sender runs with (the Cron, the local timer, the CLI). */
export const DEFAULT_RESOLVERS: Resolvers = {
  [CONSENT_RESOLVER]: consentResolver,
  [DECISION_CONFIRMATION_RESOLVER]: decisionConfirmationResolver,
};
export const DEFAULT_FOLLOW_UPS: FollowUps = { [CONSENT_RESOLVER]: consentFollowUp };
