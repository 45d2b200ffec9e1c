import type { Actor } from "@soglasie/core/audit/types";
import { currentPepRules } from "@soglasie/core/pep/rules-versions";
import { PEP_AUDIENCES } from "@soglasie/core/pep/types";
import type { Services } from "@soglasie/core/services";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { DEMO_STAFF } from "./demo-staff.js";
import { seedRegulation } from "./regulation.js";
import { seedRoster } from "./roster.js";

export const SEED_ACTOR: Actor = { type: "system", id: "demo-seed" };

export interface SeedReport {
  staffCreated: number;
}

/**
 * Seeds the demo college. Idempotent: existing records are left as they are. Refused outside
 * local mode so a production deployment can never receive demo accounts.
 */
export async function seedDemo(
  services: Services,
  password: string,
  onProgress?: (step: string) => void,
): Promise<SeedReport> {
  if (services.config.mode !== "local")
    throw new Error("Demo seeding is allowed only in local mode (APP_MODE=local)");
  const staff = new StaffRepository(services);
  let staffCreated = 0;
  onProgress?.("staff");
  for (const member of DEMO_STAFF) {
    if (await staff.findByEmail(member.email)) continue;
    await staff.create({ ...member, password }, SEED_ACTOR);
    staffCreated++;
  }
  // Version 1 of the signature rules of both audiences (otherwise issued on first need).
  onProgress?.("pep-rules");
  for (const audience of PEP_AUDIENCES) await currentPepRules(services, audience);
  await seedRegulation(services, SEED_ACTOR, onProgress);
  await seedRoster(services, SEED_ACTOR, onProgress);
  return { staffCreated };
}
