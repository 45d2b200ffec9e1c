import { auditPk } from "@soglasie/core/audit/chain";
import { annulMeeting } from "@soglasie/core/council/annul";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { approveVersion } from "@soglasie/core/regulation/approve";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import {
  meetingRequest,
  protocolPdf,
  type RegulationTestApp,
  regulationTestApp,
} from "../regulation/support.js";
import { SYSTEM, type TestSession } from "../support/app.js";

/** Issue 14: an erroneous council record is annulled with a reason, never edited or erased. */
describe("annulling a council meeting record", () => {
  let t: RegulationTestApp;
  let secretary: TestSession;
  const actor = () => ({ type: "staff" as const, id: secretary.staff.staffId, role: "council_secretary" });

  beforeAll(async () => {
    t = await regulationTestApp();
    secretary = await t.signIn(["council_secretary"]);
  });

  const record = async (versionId: string, protocolNumber: string, present = 30) => {
    const res = await t.app.request(
      "/api/council/meetings",
      meetingRequest(
        { versionId, date: t.today(), protocolNumber, membersPresent: present, votesFor: present - 5 },
        await protocolPdf(),
        secretary.bearer,
      ),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { meetingId: string }).meetingId;
  };

  it("keeps an annulled adoption, returns the version to a draft, withdraws the extract and audits it", async () => {
    const v = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const meetingId = await record(v.versionId, "31");
    const before = (await new MeetingRepository(t.services).get(meetingId))!;
    await expect(annulMeeting(t.services, meetingId, { reason: "" }, actor())).rejects.toThrow(/причин/i);

    await annulMeeting(t.services, meetingId, { reason: "Неверная дата заседания" }, actor());
    const after = (await new MeetingRepository(t.services).get(meetingId))!;
    expect(after.annulment).toMatchObject({
      reason: "Неверная дата заседания",
      by: { id: secretary.staff.staffId },
    });
    expect((await new RegulationRepository(t.services).require(v.versionId)).state).toBe("draft");
    expect((await t.services.documents.get(before.extractDocumentId!))?.status).toBe("withdrawn");
    const events = await t.services.db.queryPartition<{ action: string; entityId: string }>(
      auditPk(t.services.config.orgId),
      "EVENT#",
    );
    expect(events.some((e) => e.action === "council.meeting_annulled" && e.entityId === meetingId)).toBe(
      true,
    );

    await expect(annulMeeting(t.services, meetingId, { reason: "Ещё раз" }, actor())).rejects.toThrow(
      "Запись уже аннулирована",
    );
    // The number is free: the right record goes in under it.
    await record(v.versionId, "31");
  });

  it("refuses to annul the adoption of a version the director has approved", async () => {
    // A college of its own: one version with the template's text is all a college may have at once.
    t = await regulationTestApp();
    secretary = await t.signIn(["council_secretary"]);
    const v = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const meetingId = await record(v.versionId, "32");
    const director = await t.signIn(["director"]);
    await approveVersion(
      t.services,
      v.versionId,
      {},
      { type: "staff", id: director.staff.staffId, role: "director" },
    );
    await expect(annulMeeting(t.services, meetingId, { reason: "Ошибка в цифрах" }, actor())).rejects.toThrow(
      /уже утверждено приказом директора/,
    );
    expect((await new MeetingRepository(t.services).get(meetingId))?.annulment).toBeUndefined();
  });
});
