import type { Actor } from "@soglasie/core/audit/types";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { Services } from "@soglasie/core/services";

/**
 * Seeds the regulation: a draft version from the text in templates/, ready for the council.
 * Idempotent: does nothing once any version exists.
 */
export async function seedRegulation(
  services: Services,
  actor: Actor,
  onProgress?: (step: string) => void,
): Promise<{ versionCreated: boolean }> {
  onProgress?.("regulation");
  const repo = new RegulationRepository(services);
  if ((await repo.list()).length > 0) return { versionCreated: false };
  await repo.create({ source: "template", note: "Исходный текст Положения" }, actor);
  return { versionCreated: true };
}
