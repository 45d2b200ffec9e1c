import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import {
  follow,
  jsonOf,
  meetingRequest,
  objectCount,
  pdfsig,
  pdfText,
  protocolPdf,
  qpdfCheck,
  type RegulationTestApp,
  regulationTestApp,
} from "../regulation/support.js";
import { SYSTEM, type TestSession } from "../support/app.js";

let t: RegulationTestApp;
let secretary: TestSession;
let scan: Uint8Array;

async function newDraft(): Promise<string> {
  // Each draft needs a distinct text (identical drafts are refused), so vary the change note and text.
  const repo = new RegulationRepository(t.services);
  const base = (await repo.list())[0];
  const text = base ? `${await repo.text(base)}\nДополнение ${Math.random()}\n` : undefined;
  const v = await repo.create(text ? { source: "upload", text } : { source: "template" }, SYSTEM);
  return v.versionId;
}

const post = (
  fields: Parameters<typeof meetingRequest>[0],
  file: Uint8Array | undefined = scan,
  filename?: string,
) => t.app.request("/api/council/meetings", meetingRequest(fields, file, secretary.bearer, filename));

/** Nothing of a refused request may remain: no meeting, no upload, the version still a draft. */
async function expectNothingStored(versionId: string, uploadsBefore: number) {
  expect(await objectCount(t, "uploads")).toBe(uploadsBefore);
  expect((await new MeetingRepository(t.services).list()).filter((m) => m.versionId === versionId)).toEqual(
    [],
  );
  expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("draft");
}

beforeAll(async () => {
  t = await regulationTestApp();
  secretary = await t.signIn(["council_secretary", "teacher"]);
  scan = await protocolPdf();
});

describe("POST /api/council/meetings", () => {
  it("adopts a draft with quorum and majority: extract PDF signed, scan stored as is with its hash", async () => {
    const versionId = await newDraft();
    const res = await post({ versionId, date: t.today(), protocolNumber: "3" }, scan, "скан протокола.pdf");
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ outcome: "adopted", extractDocumentId: expect.any(String) });
    expect(Object.keys(body).sort()).toEqual(["extractDocumentId", "meetingId", "outcome", "reason"]);
    expect(body.reason).toContain("Решение принято");

    const version = await new RegulationRepository(t.services).require(versionId);
    expect(version.state).toBe("adopted");
    expect(version.adoption).toMatchObject({
      meetingId: body.meetingId,
      date: t.today(),
      protocolNumber: "3",
    });

    const extract = await t.services.documents.pdf(body.extractDocumentId);
    expect(await pdfsig(extract)).toContain("Signature is Valid.");
    await qpdfCheck(extract);
    const text = await pdfText(extract);
    expect(text).toContain("ВЫПИСКА");
    expect(text).toContain("40");
    expect(text).toContain("30");
    expect(text).toContain("Принять Положение");
    const record = await t.services.documents.get(body.extractDocumentId);
    expect(record).toMatchObject({
      type: "protocol-extract",
      number: "3",
      owner: { type: "council-meeting", id: body.meetingId },
    });

    // The scan: byte-for-byte what was uploaded, content-addressed.
    const meeting = await new MeetingRepository(t.services).get(body.meetingId);
    const stored = await t.services.objects.get(meeting!.protocolScan.key);
    expect(Buffer.from(stored).equals(Buffer.from(scan))).toBe(true);
    expect(meeting!.protocolScan.key).toContain(meeting!.protocolScan.sha256);
    const download = await follow(
      await t.app.request(`/staff/council/meetings/${body.meetingId}/protocol`, {
        headers: secretary.cookie,
      }),
    );
    expect(Buffer.from(download).equals(Buffer.from(scan))).toBe(true);

    // Adopting it again is refused and changes nothing.
    const again = await post({ versionId, date: t.today(), protocolNumber: "4" });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.message).toContain("уже принята");
  });

  it("records a meeting without quorum as not adopted; the version stays a draft and no extract is issued", async () => {
    const versionId = await newDraft();
    const res = await post({
      versionId,
      date: t.today(),
      protocolNumber: "5",
      membersTotal: 40,
      membersPresent: 20,
      votesFor: 20,
      votesAgainst: 0,
      votesAbstained: 0,
    });
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ outcome: "not_adopted", extractDocumentId: null });
    expect(body.reason).toContain("Кворума нет: присутствовали 20 из 40");
    expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("draft");
    expect(await new MeetingRepository(t.services).get(body.meetingId)).toMatchObject({
      quorum: false,
      outcome: "not_adopted",
    });
  });

  it("records a meeting without majority as not adopted", async () => {
    const versionId = await newDraft();
    const res = await post({
      versionId,
      date: t.today(),
      protocolNumber: "6",
      membersTotal: 40,
      membersPresent: 30,
      votesFor: 15,
      votesAgainst: 10,
      votesAbstained: 5,
    });
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body.outcome).toBe("not_adopted");
    expect(body.reason).toContain("Нет большинства: «за» — 15 из 30");
    expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("draft");
  });

  it("refuses inconsistent numbers with field errors and stores nothing", async () => {
    const versionId = await newDraft();
    const before = await objectCount(t, "uploads");
    const votes = await post({
      versionId,
      date: t.today(),
      protocolNumber: "7",
      membersPresent: 30,
      votesFor: 20,
      votesAgainst: 8,
      votesAbstained: 5,
    });
    expect(votes.status).toBe(400);
    const e1 = (await jsonOf(votes)).error;
    expect(e1.code).toBe("validation_error");
    expect(e1.fields.votesFor[0]).toContain("Голосов (20 + 8 + 5 = 33) больше, чем присутствующих (30)");

    const present = await post({
      versionId,
      date: t.today(),
      protocolNumber: "7",
      membersTotal: 25,
      membersPresent: 30,
    });
    expect(present.status).toBe(400);
    expect((await jsonOf(present)).error.fields.membersPresent[0]).toContain(
      "Присутствующих (30) больше, чем членов совета (25)",
    );

    const garbage = await post({
      versionId,
      date: "2026-02-30",
      protocolNumber: "",
      membersTotal: "много",
      votesFor: -1,
    });
    expect(garbage.status).toBe(400);
    const fields = (await jsonOf(garbage)).error.fields;
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining(["date", "protocolNumber", "membersTotal", "votesFor"]),
    );
    await expectNothingStored(versionId, before);
  });

  it("refuses a non-PDF (by content, whatever its name) and stores nothing", async () => {
    const versionId = await newDraft();
    const before = await objectCount(t, "uploads");
    const jpeg = Uint8Array.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      ...new TextEncoder().encode("JFIF not a pdf at all"),
    ]);
    const res = await post({ versionId, date: t.today(), protocolNumber: "8" }, jpeg, "protocol.pdf");
    expect(res.status).toBe(400);
    const error = (await jsonOf(res)).error;
    expect(error.message).toContain("в формате PDF");
    expect(error.fields.protocol).toBeDefined();
    const missing = await t.app.request(
      "/api/council/meetings",
      meetingRequest({ versionId, date: t.today(), protocolNumber: "8" }, undefined, secretary.bearer),
    );
    expect(missing.status).toBe(400);
    expect((await jsonOf(missing)).error.fields.protocol).toBeDefined();
    await expectNothingStored(versionId, before);
  });

  it("refuses an upload over 20 MB with 413 and a clear message, and stores nothing", async () => {
    const versionId = await newDraft();
    const before = await objectCount(t, "uploads");
    // Just over the file limit (the request itself is under the body limit): the handler refuses it.
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(scan);
    const res = await post({ versionId, date: t.today(), protocolNumber: "9" }, big);
    expect(res.status).toBe(413);
    const error = (await jsonOf(res)).error;
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toContain("больше 20 МБ");
    // Far over: refused by the body limit before parsing.
    const huge = await post(
      { versionId, date: t.today(), protocolNumber: "9" },
      new Uint8Array(22 * 1024 * 1024),
    );
    expect(huge.status).toBe(413);
    expect((await jsonOf(huge)).error.message).toContain("20 МБ");
    await expectNothingStored(versionId, before);
  });

  it("refuses a second record of the same protocol (date and number)", async () => {
    const a = await newDraft();
    const first = await post({
      versionId: a,
      date: t.today(),
      protocolNumber: "11",
      membersPresent: 10,
      votesFor: 10,
      votesAgainst: 0,
      votesAbstained: 0,
    });
    expect((await jsonOf(first)).outcome).toBe("not_adopted");
    const b = await newDraft();
    const second = await post({ versionId: b, date: t.today(), protocolNumber: "11" });
    expect(second.status).toBe(400);
    expect((await jsonOf(second)).error.fields.protocolNumber).toBeDefined();
    expect((await new RegulationRepository(t.services).require(b)).state).toBe("draft");
  });

  it("refuses a meeting dated in the future", async () => {
    const versionId = await newDraft();
    const res = await post({ versionId, date: "2099-01-01", protocolNumber: "12" });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.fields.date).toBeDefined();
  });

  it("lets only the council secretary record meetings", async () => {
    const versionId = await newDraft();
    for (const roles of [["director"], ["administrator"], ["teacher"]] as const) {
      const other = await t.signIn([...roles]);
      const res = await t.app.request(
        "/api/council/meetings",
        meetingRequest({ versionId, date: t.today() }, scan, other.bearer),
      );
      expect(res.status).toBe(403);
    }
    const anonymous = await t.app.request(
      "/api/council/meetings",
      meetingRequest({ versionId, date: t.today() }, scan, {}),
    );
    expect(anonymous.status).toBe(401);
  });

  it("applies the organisation's own rules once the director sets them", async () => {
    const director = await t.signIn(["director"]);
    const put = await t.app.request("/api/council/rules", {
      method: "PUT",
      headers: { "content-type": "application/json", ...director.bearer },
      body: JSON.stringify({
        quorum: { numerator: 2, denominator: 3, strict: false },
        majority: { numerator: 2, denominator: 3, strict: false, base: "present" },
      }),
    });
    expect(put.status).toBe(200);
    try {
      const versionId = await newDraft();
      // 25 of 40 present is more than half but less than two thirds (27).
      const res = await post({
        versionId,
        date: t.today(),
        protocolNumber: "13",
        membersTotal: 40,
        membersPresent: 25,
        votesFor: 25,
        votesAgainst: 0,
        votesAbstained: 0,
      });
      const body = await jsonOf(res);
      expect(body.outcome).toBe("not_adopted");
      expect(body.reason).toContain("не менее двух третей (не менее 27)");
      const secretaryPut = await t.app.request("/api/council/rules", {
        method: "PUT",
        headers: { "content-type": "application/json", ...secretary.bearer },
        body: "{}",
      });
      expect(secretaryPut.status).toBe(403);
    } finally {
      await t.app.request("/api/council/rules", {
        method: "PUT",
        headers: { "content-type": "application/json", ...director.bearer },
        body: JSON.stringify({
          quorum: { numerator: 1, denominator: 2, strict: true },
          majority: { numerator: 1, denominator: 2, strict: true, base: "present" },
        }),
      });
    }
  });

  it("lists meetings as JSON for the secretary, director and administrator", async () => {
    const res = await t.app.request("/api/council/meetings", { headers: secretary.bearer });
    expect(res.status).toBe(200);
    const { meetings } = await jsonOf(res);
    expect(meetings.length).toBeGreaterThan(0);
    expect(meetings[0]).toHaveProperty("protocolSha256");
    const teacher = await t.signIn(["teacher"]);
    expect((await t.app.request("/api/council/meetings", { headers: teacher.bearer })).status).toBe(403);
  });
});

describe("/staff/council page", () => {
  it("shows the form to the secretary and re-renders refused input with messages, keeping the values", async () => {
    const versionId = await newDraft();
    const page = await t.app.request("/staff/council", { headers: secretary.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('name="protocol"');

    const req = meetingRequest(
      { versionId, date: t.today(), protocolNumber: "21", membersTotal: 10, membersPresent: 12 },
      scan,
      {
        ...secretary.cookie,
      },
    );
    (req.body as FormData).append("_csrf", secretary.csrf);
    const res = await t.app.request("/staff/council/meetings", req);
    expect(res.status).toBe(400);
    const errorHtml = await res.text();
    expect(errorHtml).toContain("Присутствующих (12) больше, чем членов совета (10)");
    expect(errorHtml).toContain('value="21"');

    const ok = meetingRequest({ versionId, date: t.today(), protocolNumber: "21" }, scan, secretary.cookie);
    (ok.body as FormData).append("_csrf", secretary.csrf);
    const done = await t.app.request("/staff/council/meetings", ok);
    expect(done.status).toBe(303);
    // The notice is a key; the page says it from the meeting's record (issue 13).
    const shown = await t.app.request(done.headers.get("location")!, { headers: secretary.cookie });
    expect(await shown.text()).toContain("Решение записано: Положение принято");
  });

  it("refuses a form post without the CSRF token", async () => {
    const versionId = await newDraft();
    const res = await t.app.request(
      "/staff/council/meetings",
      meetingRequest({ versionId, date: t.today(), protocolNumber: "22" }, scan, secretary.cookie),
    );
    expect(res.status).toBe(403);
    expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("draft");
  });
});
