import type { Actor, AuditEventInput } from "../audit/types.js";
import { NotFoundError, StateError } from "../errors.js";
import { adoptionAnnulledTxItem, changedMeanwhile } from "../regulation/lifecycle.js";
import { RegulationRepository } from "../regulation/regulation-repository.js";
import type { RegulationVersion } from "../regulation/types.js";
import type { Services } from "../services.js";
import type { TxItem } from "../storage/database.js";
import { cleanText, parseInput, z } from "../validation.js";
import { meetingKey, protocolKey } from "./keys.js";
import { MeetingRepository } from "./meeting-repository.js";
import type { CouncilMeeting } from "./types.js";

export const annulInputSchema = z.object({
  reason: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: "Укажите причину аннулирования" })
      .min(5, "Опишите причину: что в записи неверно (не короче 5 символов)")
      .pipe(cleanText(1000)),
  ),
});
export type AnnulInput = z.input<typeof annulInputSchema>;

/**
 * Whether an erroneous meeting record may be annulled: not twice, and not once the director has
 * approved the version it adopted — the approval order stands on it and is corrected only by an
 * order of its own (records law: a signed order is cancelled by a new order, never erased).
 */
export function mayAnnulMeeting(
  meeting: CouncilMeeting,
  version: RegulationVersion | undefined,
): { ok: true } | { ok: false; reason: string } {
  if (meeting.annulment) return { ok: false, reason: "Запись уже аннулирована" };
  if (meeting.outcome !== "adopted") return { ok: true };
  if (version?.state === "adopted" && version.adoption?.meetingId === meeting.meetingId) return { ok: true };
  return {
    ok: false,
    reason:
      "Положение по этому решению уже утверждено приказом директора: запись нельзя аннулировать. Сначала директор отменяет приказ об утверждении новым приказом.",
  };
}

/**
 * The secretary annuls an erroneous meeting record (wrong figures, wrong date) with a reason. The
 * record is kept and marked annulled, the audit log says who and why, and its protocol number
 * (per date) is freed so the right record can be entered under it. An annulled adoption takes the
 * version back to a draft and withdraws the extract issued for it. One transaction.
 */
export async function annulMeeting(
  services: Services,
  meetingId: string,
  input: AnnulInput,
  actor: Actor,
): Promise<CouncilMeeting> {
  const { reason } = parseInput(annulInputSchema, input, "Укажите причину аннулирования");
  const meeting = await new MeetingRepository(services).get(meetingId);
  if (!meeting) throw new NotFoundError("Заседание не найдено");
  const version = await new RegulationRepository(services).get(meeting.versionId);
  const allowed = mayAnnulMeeting(meeting, version);
  if (!allowed.ok) throw new StateError(allowed.reason, "meeting_not_annullable");

  const { orgId } = services.config;
  const at = services.now().toISOString();
  const annulment = { reason, at, by: actor };
  const items: TxItem[] = [
    {
      update: meetingKey(orgId, meetingId),
      expression: "SET annulment = :annulment",
      condition: "attribute_exists(pk) AND attribute_not_exists(annulment)",
      values: { ":annulment": annulment },
      onConflict: () => new StateError("Запись уже аннулирована", "meeting_not_annullable"),
    },
    {
      delete: protocolKey(orgId, meeting.date, meeting.protocolNumber),
      condition: "meetingId = :meeting",
      values: { ":meeting": meetingId },
      onConflict: changedMeanwhile,
    },
  ];
  const events: AuditEventInput[] = [
    {
      actor,
      action: "council.meeting_annulled",
      entityType: "council_meeting",
      entityId: meetingId,
      before: meeting.outcome,
      after: "annulled",
      details: { protocolNumber: meeting.protocolNumber, date: meeting.date, reason },
    },
  ];
  if (meeting.outcome === "adopted" && version) {
    items.push(adoptionAnnulledTxItem(orgId, version, at));
    events.push({
      actor,
      action: "regulation.adoption_annulled",
      entityType: "regulation_version",
      entityId: version.versionId,
      before: "adopted",
      after: "draft",
      details: { meetingId },
    });
    const extract = meeting.extractDocumentId
      ? await services.documents.get(meeting.extractDocumentId)
      : undefined;
    if (extract && extract.status !== "withdrawn") {
      const w = services.documents.withdrawal(
        extract,
        actor,
        `Запись о заседании аннулирована: ${reason}`,
        at,
      );
      items.push(w.txItem);
      events.push(w.auditEvent);
    }
  }
  await services.db.transact(items, events);
  return { ...meeting, annulment };
}
