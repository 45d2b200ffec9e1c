import { ruDateTime } from "@soglasie/core/clock";
import { AcknowledgmentRepository } from "@soglasie/core/regulation/acknowledgment-repository";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { recordNumber } from "@soglasie/core/staff/acknowledgment-rows";
import { beforeAll, describe, expect, it } from "vitest";
import { form, sessionFor, type TestSession } from "../support/app.js";
import {
  json,
  jsonOf,
  meetingRequest,
  pdfRawText,
  pdfsig,
  protocolPdf,
  qpdfCheck,
  type RegulationTestApp,
  regulationTestApp,
} from "./support.js";

let t: RegulationTestApp;
let admin: TestSession;
let director: TestSession;
let versionId: string;
let orderNumber: string;

const acknowledge = (who: TestSession, id = versionId) =>
  t.app.request(`/api/regulations/${id}/acknowledge`, json({}, who.bearer));

beforeAll(async () => {
  t = await regulationTestApp();
  admin = await t.signIn(["administrator", "teacher"], {
    fullName: "Смирнов Алексей Игоревич",
    position: "Преподаватель информатики",
  });
  director = await t.signIn(["director"], { fullName: "Иванова Светлана Петровна", position: "Директор" });
  const secretary = await t.signIn(["council_secretary", "teacher"]);
  const created = await jsonOf(
    await t.app.request("/api/regulations", json({ source: "template" }, admin.bearer)),
  );
  versionId = created.versionId;
  const meeting = await t.app.request(
    "/api/council/meetings",
    meetingRequest(
      { versionId, date: t.today(), protocolNumber: "1" },
      await protocolPdf(),
      secretary.bearer,
    ),
  );
  expect((await jsonOf(meeting)).outcome).toBe("adopted");
  const approved = await t.app.request(`/api/regulations/${versionId}/approve`, json({}, director.bearer));
  expect(approved.status).toBe(201);
  orderNumber = (await jsonOf(approved)).number;
});

describe("staff acknowledgment of the in-force version", () => {
  it("prompts on the staff home page and records «Ознакомлен(а)» from the form (with CSRF)", async () => {
    const teacher = await t.signIn(["teacher"], {
      fullName: "Петрова Наталья Сергеевна",
      position: "Преподаватель",
    });
    const home = await (await t.app.request("/staff", { headers: teacher.cookie })).text();
    expect(home).toContain("Ознакомьтесь с Положением");
    expect(home).toContain(`№ ${orderNumber}`);
    expect(home).toContain("Ознакомлен(а)");
    expect(home).toContain(`action="/staff/regulations/${versionId}/acknowledge"`);

    const noToken = await t.app.request(`/staff/regulations/${versionId}/acknowledge`, {
      method: "POST",
      ...form({}),
      headers: { ...form({}).headers, ...teacher.cookie },
    });
    expect(noToken.status).toBe(403);
    expect(
      await new AcknowledgmentRepository(t.services).get(versionId, teacher.staff.staffId),
    ).toBeUndefined();

    const posted = form({ _csrf: teacher.csrf });
    const res = await t.app.request(`/staff/regulations/${versionId}/acknowledge`, {
      method: "POST",
      body: posted.body,
      headers: { ...posted.headers, ...teacher.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff?acknowledged=1");
    const after = await (await t.app.request("/staff?acknowledged=1", { headers: teacher.cookie })).text();
    expect(after).not.toContain("Ознакомьтесь с Положением");
    expect(after).toContain("ознакомление с Положением записано");
    expect(
      await new AcknowledgmentRepository(t.services).get(versionId, teacher.staff.staffId),
    ).toMatchObject({
      date: t.today(),
    });
  });

  it("offers «Ознакомлена» on the regulation page too, and comes back there with the thanks", async () => {
    const teacher = await t.signIn(["teacher"], {
      fullName: "Соколова Дарья Андреевна",
      position: "Преподаватель",
    });
    const page = await (await t.app.request("/staff/regulations", { headers: teacher.cookie })).text();
    expect(page).toContain('<div class="card" id="acknowledge">');
    expect(page).toContain(`action="/staff/regulations/${versionId}/acknowledge"`);
    expect(page).toContain('<button type="submit">Ознакомлена</button>');

    const posted = form({ _csrf: teacher.csrf, from: "regulations" });
    const res = await t.app.request(`/staff/regulations/${versionId}/acknowledge`, {
      method: "POST",
      body: posted.body,
      headers: { ...posted.headers, ...teacher.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/regulations?acknowledged=1#acknowledge");
    const after = await (
      await t.app.request("/staff/regulations?acknowledged=1", { headers: teacher.cookie })
    ).text();
    expect(after).toContain("ознакомление с Положением записано");
    expect(after).not.toContain("Подтвердите ознакомление");
    expect(
      await new AcknowledgmentRepository(t.services).get(versionId, teacher.staff.staffId),
    ).toMatchObject({ date: t.today() });
  });

  it("is idempotent through the API: the second confirmation keeps the first date", async () => {
    const teacher = await t.signIn(["teacher"]);
    const first = await acknowledge(teacher);
    expect(first.status).toBe(201);
    const body = await jsonOf(first);
    expect(body).toMatchObject({
      versionId,
      date: t.today(),
      alreadyConfirmed: false,
      sheetDocumentId: expect.any(String),
    });
    t.clock.addDays(1);
    try {
      const second = await acknowledge(sessionFor(t.services, teacher.staff));
      expect(second.status).toBe(200);
      expect(await jsonOf(second)).toMatchObject({ alreadyConfirmed: true, date: body.date });
    } finally {
      t.clock.addDays(-1);
    }
  });

  it("records two staff confirming at the same moment; the final sheet lists both and supersedes the older ones", async () => {
    const a = await t.signIn(["teacher"], {
      fullName: "Соколов Дмитрий Андреевич",
      position: "Преподаватель",
    });
    const b = await t.signIn(["employee"], {
      fullName: "Морозова Татьяна Юрьевна",
      position: "Главный бухгалтер",
      pedagogical: false,
    });
    const results = await Promise.all([acknowledge(a), acknowledge(b)]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);

    const service = new AcknowledgmentRepository(t.services);
    const sheet = await service.sheet(versionId);
    expect(sheet?.includes).toEqual(expect.arrayContaining([a.staff.staffId, b.staff.staffId]));
    const record = await t.services.documents.get(sheet!.documentId);
    expect(record).toMatchObject({ type: "acknowledgment", status: "current", number: `ЛО-1.${sheet!.rev}` });

    const pdf = await t.services.documents.pdf(sheet!.documentId);
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    await qpdfCheck(pdf);
    const text = await pdfRawText(pdf);
    const dmy = t.today().split("-").reverse().join(".");
    expect(text).toContain("ЛИСТ ОЗНАКОМЛЕНИЯ");
    expect(text).toContain(`№ ${orderNumber}`);
    for (const name of [
      "Соколов Дмитрий Андреевич",
      "Морозова Татьяна Юрьевна",
      "Петрова Наталья Сергеевна",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("Главный бухгалтер");
    expect(text).toContain(dmy);
    // Each employee's own record: gendered mark, the record's number, the local time.
    for (const [who, mark] of [
      [a, "ознакомлен"],
      [b, "ознакомлена"],
    ] as const) {
      const ack = await service.get(versionId, who.staff.staffId);
      expect(ack?.ackId).toEqual(expect.any(String));
      expect(text).toContain(`${mark} в системе «Согласие», запись № ${recordNumber(ack!.ackId!)}`);
      expect(text).toContain(ruDateTime(new Date(ack!.at), t.services.config.timeZone).slice(-5));
    }
    expect(text).toContain("не заменяет ознакомление под роспись");
    // Staff who have not confirmed are listed with empty date and mark, for a handwritten one.
    expect(text).toContain("Иванова Светлана Петровна");

    // Every earlier sheet is superseded: exactly one current sheet.
    const sheets = await t.services.documents.listByOwner("regulation-version", versionId);
    const current = sheets.filter((d) => d.type === "acknowledgment" && d.status === "current");
    expect(current.map((d) => d.documentId)).toEqual([sheet!.documentId]);
    expect(sheets.filter((d) => d.type === "acknowledgment").length).toBe(sheet!.rev);
  });

  it("keeps every confirmation and a complete sheet under a burst of simultaneous confirmations", async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => t.signIn(["teacher"])));
    const results = await Promise.all(people.map((p) => acknowledge(p)));
    const bad = results.filter((r) => r.status !== 201);
    expect(await Promise.all(bad.map(async (r) => `${r.status} ${await r.text()}`))).toEqual([]);
    const service = new AcknowledgmentRepository(t.services);
    const confirmed = new Set((await service.confirmations(versionId)).map((c) => c.staffId));
    for (const p of people) expect(confirmed.has(p.staff.staffId)).toBe(true);
    const sheet = await service.sheet(versionId);
    expect(new Set(sheet!.includes)).toEqual(confirmed);
  });

  it("shows the administrator who has not confirmed yet (JSON and page); others may not see it", async () => {
    const res = await t.app.request(`/api/regulations/${versionId}/acknowledgments`, {
      headers: admin.bearer,
    });
    expect(res.status).toBe(200);
    const status = await jsonOf(res);
    const pendingNames = status.pending.map((p: { fullName: string }) => p.fullName);
    expect(pendingNames).toContain("Смирнов Алексей Игоревич");
    expect(pendingNames).toContain("Иванова Светлана Петровна");
    expect(status.confirmed.map((c: { fullName: string }) => c.fullName)).toContain(
      "Соколов Дмитрий Андреевич",
    );
    expect(status.sheetDocumentId).toEqual(expect.any(String));

    const page = await (await t.app.request("/staff/regulations", { headers: admin.cookie })).text();
    expect(page).toContain("Не ознакомились");
    expect(page).toContain("Смирнов Алексей Игоревич");

    const teacher = await t.signIn(["teacher"]);
    expect(
      (await t.app.request(`/api/regulations/${versionId}/acknowledgments`, { headers: teacher.bearer }))
        .status,
    ).toBe(403);
    const teacherPage = await (await t.app.request("/staff/regulations", { headers: teacher.cookie })).text();
    expect(teacherPage).not.toContain("Не ознакомились");
    expect(teacherPage).toContain('href="/regulation.pdf"');
  });

  it("refuses confirming a version that is not in force", async () => {
    const teacher = await t.signIn(["teacher"]);
    const repo = new RegulationRepository(t.services);
    const text = await repo.text(await repo.require(versionId));
    const draft = await repo.create(
      { source: "upload", text: `${text}\nПроект изменений.\n` },
      { type: "system", id: "test" },
    );
    const res = await acknowledge(teacher, draft.versionId);
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).error.message).toContain("только с действующей редакцией");
    expect(
      await new AcknowledgmentRepository(t.services).get(draft.versionId, teacher.staff.staffId),
    ).toBeUndefined();
  });
});
