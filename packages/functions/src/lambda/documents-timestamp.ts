import type { Services } from "@soglasie/core/services";
import { z } from "@soglasie/core/validation";
import { servicesFromRuntime } from "./handler.js";

/**
 * The scheduled timestamp job (manifest.ts SCHEDULED_FUNCTIONS; EventBridge every hour): B-B and
 * B-T documents to B-LTA, and (renew) B-LTA ones re-timestamped before their last timestamp's
 * certificate expires. It appends to PDFs and never signs: no access to the signing key.
 */
const eventSchema = z.object({ renew: z.enum(["true", "false"]).optional() }).passthrough();

let services: Promise<Services> | undefined;

export async function handler(event: unknown): Promise<{ due: number; upgraded: number; failed: number }> {
  services ??= servicesFromRuntime().catch((error) => {
    services = undefined;
    throw error;
  });
  const parsed = eventSchema.safeParse(event ?? {});
  const renew = (parsed.success ? parsed.data.renew : undefined) !== "false";
  // A function run is limited in time: at most this many documents per run, the rest next hour.
  // Loaded on the first run, like the PDF engine elsewhere: pkijs and the PDF code stay out of the start chunk.
  const { runTimestampJob } = await import("@soglasie/core/documents/timestamps/job");
  const report = await runTimestampJob(await services, { renew, limit: 200 });
  // Document ids and levels only: no personal data in the log.
  console.log(
    JSON.stringify({
      level: report.failed.length > 0 ? "warn" : "info",
      message: "documents timestamp",
      due: report.due,
      upgraded: report.upgraded,
      failed: report.failed,
    }),
  );
  return { due: report.due, upgraded: report.upgraded.length, failed: report.failed.length };
}
