import type { Actor } from "../audit/types.js";
import { localDate } from "../clock.js";
import { orderIdKey } from "../orders/keys.js";
import { orderEndedItem } from "../orders/register.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { cleanText, parseInput, z } from "../validation.js";
import { changedMeanwhile, endTxItem, pointerDeleteTxItem } from "./lifecycle.js";
import { RegulationRepository } from "./regulation-repository.js";
import { isInForce } from "./rules.js";
import { assertTransition } from "./state.js";
import type { CurrentRegulation, RegulationVersion } from "./types.js";

export const repealInputSchema = z.object({ reason: cleanText(500) });

/**
 * Declares the in-force version void (clause 4.1: «признание его утратившим силу»); afterwards no
 * version is in force until a new one is approved. The reason (e.g. the act that voids it) is kept.
 */
export async function repealVersion(
  services: Services,
  versionId: string,
  input: z.input<typeof repealInputSchema>,
  actor: Actor,
): Promise<RegulationVersion> {
  const { reason } = parseInput(repealInputSchema, input);
  const regulation = new RegulationRepository(services);
  const version = await regulation.require(versionId);
  const current = await regulation.current();
  if (!isInForce(version, current)) {
    // The refusal in words: a draft, an adopted, a superseded version… (state.ts).
    assertTransition(version.state, "repealed");
    assertTransition("superseded", "repealed");
  }
  const on = localDate(services.now(), services.config.timeZone);
  const now = services.now().toISOString();
  const orgId = services.config.orgId;
  const items = await repealTxItems(services, version, current!, reason, on, now);
  const order = version.approval
    ? await services.db.get<{ year: number; seq: number }>(orderIdKey(orgId, version.approval.orderId), true)
    : undefined;
  if (order) {
    items.push(orderEndedItem(orgId, order, now, { onConflict: changedMeanwhile }));
  }
  await services.db.transact(items, [
    {
      actor,
      action: "regulation.repealed",
      entityType: "regulation_version",
      entityId: versionId,
      before: "in_force",
      after: "repealed",
    },
  ]);
  return regulation.require(versionId);
}

/**
 * The writes that repeal the in-force version (without its approval order's status, which the
 * caller changes: repealVersion ends it, a cancelling order marks it cancelled or repealed):
 * the version ends on `on`, nothing is in force afterwards, and the regulation's PDF is withdrawn
 * so verification answers "not in force".
 */
export async function repealTxItems(
  services: Services,
  version: RegulationVersion,
  current: CurrentRegulation,
  reason: string,
  on: string,
  now: string,
): Promise<TxItem[]> {
  const orgId = services.config.orgId;
  const items: TxItem[] = [
    endTxItem(orgId, version, "repealed", on, now, { repealReason: reason }),
    pointerDeleteTxItem(orgId, current),
  ];
  const document = version.documentId ? await services.documents.get(version.documentId) : undefined;
  if (document?.status === "current")
    items.push(services.documents.records.withdrawTx(document, `Утратило силу: ${reason}`, now));
  return items;
}
