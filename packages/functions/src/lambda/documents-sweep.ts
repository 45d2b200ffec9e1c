import { DEFAULT_GRACE_SECONDS, sweepOrphanDocuments } from "@soglasie/core/documents/records/sweep";
import type { Services } from "@soglasie/core/services";
import { z } from "@soglasie/core/validation";
import { servicesFromRuntime } from "./handler.js";

/**
 * The scheduled orphan sweep (manifest.ts SCHEDULED_FUNCTIONS; EventBridge every hour): deletes
 * signed PDFs that no record refers to once they are older than the grace period the event carries.
 */
const eventSchema = z
  .object({
    graceSeconds: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional(),
  })
  .passthrough();

let services: Promise<Services> | undefined;

export async function handler(event: unknown): Promise<{ deleted: number; young: number; kept: number }> {
  services ??= servicesFromRuntime().catch((error) => {
    services = undefined;
    throw error;
  });
  const parsed = eventSchema.safeParse(event ?? {});
  const graceSeconds = (parsed.success ? parsed.data.graceSeconds : undefined) ?? DEFAULT_GRACE_SECONDS;
  const report = await sweepOrphanDocuments(await services, { graceSeconds });
  // Keys only (content hashes): no personal data in the log.
  console.log(
    JSON.stringify({
      level: "info",
      message: "documents sweep",
      graceSeconds,
      deleted: report.deleted.length,
      young: report.young,
      kept: report.kept,
      keys: report.deleted,
    }),
  );
  return { deleted: report.deleted.length, young: report.young, kept: report.kept };
}
