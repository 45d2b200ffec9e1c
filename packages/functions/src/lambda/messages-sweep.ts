import type { SweepResult } from "@soglasie/core/messages/outbox";
import { runSender } from "@soglasie/core/messages/sender";
import type { Services } from "@soglasie/core/services";
import { servicesFromRuntime } from "./handler.js";

/**
 * The scheduled message sender (manifest.ts SCHEDULED_FUNCTIONS; EventBridge every 5 minutes):
 * one outbox sweep, stopping well before the function's timeout so claims do not outlive it.
 */
let services: Promise<Services> | undefined;

export async function handler(): Promise<SweepResult> {
  services ??= servicesFromRuntime().catch((error) => {
    services = undefined;
    throw error;
  });
  const result = await runSender(await services, { maxDurationMs: 240_000 });
  // Counts only: no contact, no text in the log.
  console.log(JSON.stringify({ level: "info", message: "messages sweep", ...result }));
  return result;
}
