import type { Services } from "../services.js";
import { DEFAULT_FOLLOW_UPS, DEFAULT_RESOLVERS } from "./defaults.js";
import { type SweepOptions, type SweepResult, sweepOutbox } from "./outbox.js";
import { providersFor } from "./providers/index.js";

/**
 * One run of the sender as every runner does it (the Cron function, the timer in `npm start`, the
 * CLI): the configured providers, the default resolvers and follow-ups, then one sweep.
 */
export function runSender(
  services: Services,
  opts: Partial<SweepOptions> & { asOf?: Date } = {},
): Promise<SweepResult> {
  return sweepOutbox(services, {
    providers: providersFor(services.config),
    resolvers: DEFAULT_RESOLVERS,
    followUps: DEFAULT_FOLLOW_UPS,
    ...opts,
  });
}

/** «отправлено 12, повторно позже 1, не отправлено 0, отменено 2, перенесено 0». */
export function describeSweep(r: SweepResult): string {
  return `к отправке ${r.due}: отправлено ${r.sent}, повтор позже ${r.retried}, не отправлено ${r.failed}, отменено ${r.cancelled}, перенесено (тихие часы) ${r.postponed}`;
}
