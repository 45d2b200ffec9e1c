import { StateError } from "../errors.js";
import type { TxItem } from "../storage/database.js";
import { currentKey, versionKey } from "./keys.js";
import { inForceFrom } from "./rules.js";
import type { Adoption, Approval, CurrentRegulation, RegulationVersion } from "./types.js";

/**
 * Transaction items for the version's transitions. Each is conditional on the state and revision
 * the caller read, so two people acting at once cannot both succeed: the loser gets a StateError
 * and the whole transaction (with its documents and audit events) is discarded.
 */
export const changedMeanwhile = () =>
  new StateError(
    "Положение было изменено одновременно с вами (другое решение уже записано). Обновите страницу и проверьте состояние редакции.",
    "concurrent_change",
  );

/** draft → adopted by the council. */
export function adoptionTxItem(
  orgId: string,
  version: RegulationVersion,
  adoption: Adoption,
  now: string,
): TxItem {
  return {
    update: versionKey(orgId, version.versionId),
    expression: "SET #state = :adopted, adoption = :adoption, updatedAt = :now, #rev = :next",
    condition: "#state = :draft AND #rev = :rev",
    names: { "#state": "state", "#rev": "version" },
    values: {
      ":adopted": "adopted",
      ":draft": "draft",
      ":adoption": adoption,
      ":now": now,
      ":rev": version.version,
      ":next": version.version + 1,
    },
    onConflict: changedMeanwhile,
  };
}

/**
 * adopted → draft again: the council's decision it rested on was annulled as an erroneous record
 * (council/annul.ts). Only while the director has not approved it.
 */
export function adoptionAnnulledTxItem(orgId: string, version: RegulationVersion, now: string): TxItem {
  return {
    update: versionKey(orgId, version.versionId),
    expression: "SET #state = :draft, updatedAt = :now, #rev = :next REMOVE adoption",
    condition: "#state = :adopted AND #rev = :rev",
    names: { "#state": "state", "#rev": "version" },
    values: {
      ":adopted": "adopted",
      ":draft": "draft",
      ":now": now,
      ":rev": version.version,
      ":next": version.version + 1,
    },
    onConflict: changedMeanwhile,
  };
}

/** The version is still a draft (a "not adopted" meeting is recorded against a draft only). */
export function draftCheckTxItem(orgId: string, version: RegulationVersion): TxItem {
  return {
    check: versionKey(orgId, version.versionId),
    condition: "#state = :draft",
    names: { "#state": "state" },
    values: { ":draft": "draft" },
    onConflict: changedMeanwhile,
  };
}

/** adopted → in_force by the director's order; the regulation PDF with both marks is attached. */
export function approvalTxItem(
  orgId: string,
  version: RegulationVersion,
  approval: Approval,
  documentId: string,
  now: string,
): TxItem {
  return {
    update: versionKey(orgId, version.versionId),
    expression:
      "SET #state = :inForce, approval = :approval, documentId = :doc, inForceFrom = :from, updatedAt = :now, #rev = :next",
    condition: "#state = :adopted AND #rev = :rev",
    names: { "#state": "state", "#rev": "version" },
    values: {
      ":inForce": "in_force",
      ":adopted": "adopted",
      ":approval": approval,
      ":doc": documentId,
      ":from": inForceFrom(approval),
      ":now": now,
      ":rev": version.version,
      ":next": version.version + 1,
    },
    onConflict: changedMeanwhile,
  };
}

/** in_force → superseded (a later version came into force) or repealed (declared void). */
export function endTxItem(
  orgId: string,
  version: RegulationVersion,
  to: "superseded" | "repealed",
  on: string,
  now: string,
  extra: { supersededBy?: string; repealReason?: string },
): TxItem {
  const set = ["#state = :to", "inForceTo = :on", "updatedAt = :now", "#rev = :next"];
  const values: Record<string, unknown> = {
    ":to": to,
    ":inForce": "in_force",
    ":on": on,
    ":now": now,
    ":rev": version.version,
    ":next": version.version + 1,
  };
  if (extra.supersededBy) {
    set.push("supersededBy = :by");
    values[":by"] = extra.supersededBy;
  }
  if (extra.repealReason) {
    set.push("repealReason = :reason");
    values[":reason"] = extra.repealReason;
  }
  return {
    update: versionKey(orgId, version.versionId),
    expression: `SET ${set.join(", ")}`,
    condition: "#state = :inForce AND #rev = :rev",
    names: { "#state": "state", "#rev": "version" },
    values,
    onConflict: changedMeanwhile,
  };
}

/**
 * The in-force pointer, written only if it still holds what the caller read (or is still absent):
 * this is what makes two concurrent approvals of different versions exclusive.
 */
export function pointerTxItem(
  orgId: string,
  previous: CurrentRegulation | undefined,
  next: Omit<CurrentRegulation, "rev">,
): TxItem {
  const rev = (previous?.rev ?? 0) + 1;
  return previous
    ? {
        put: { ...currentKey(orgId), ...next, rev },
        condition: "rev = :rev AND versionId = :prev",
        values: { ":rev": previous.rev, ":prev": previous.versionId },
        onConflict: changedMeanwhile,
      }
    : {
        put: { ...currentKey(orgId), ...next, rev },
        condition: "attribute_not_exists(pk)",
        onConflict: changedMeanwhile,
      };
}

/** Removes the pointer when the in-force version is repealed (nothing is in force afterwards). */
export function pointerDeleteTxItem(orgId: string, previous: CurrentRegulation): TxItem {
  return {
    delete: currentKey(orgId),
    condition: "rev = :rev AND versionId = :prev",
    values: { ":rev": previous.rev, ":prev": previous.versionId },
    onConflict: changedMeanwhile,
  };
}
