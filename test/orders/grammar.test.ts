import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { templateText } from "@soglasie/core/regulation/text";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, protocolPdf } from "../regulation/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { downloadOrder, json, type OrdersTestApp, ordersTestApp, pdfText, phrase } from "./support.js";

/**
 * Names and positions in the case each sentence of an order needs, read back from the signed PDFs
 * with pdftotext: «Назначить … кого?» (accusative) in the appointment order, «Ответственному лицу –
 * кому?» (dative) in the approval order. Surnames that do not decline (Черных, Ким for a woman,
 * Дурново), double surnames and ё; positions with adjectives, compounds and abbreviations.
 */
const PEOPLE = [
  {
    fullName: "Черных Ольга Петровна",
    position: "Социальный педагог",
    accusative: "социального педагога Черных Ольгу Петровну",
    dative: "социальному педагогу Черных Ольге Петровне",
  },
  {
    fullName: "Ким Юлия Сергеевна",
    position: "Педагог-организатор",
    accusative: "педагога-организатора Ким Юлию Сергеевну",
    dative: "педагогу-организатору Ким Юлии Сергеевне",
  },
  {
    fullName: "Дурново Пётр Андреевич",
    position: "Старший мастер",
    accusative: "старшего мастера Дурново Петра Андреевича",
    dative: "старшему мастеру Дурново Петру Андреевичу",
  },
  {
    fullName: "Николаева-Щедрина Мария Юрьевна",
    position: "Преподаватель информатики",
    accusative: "преподавателя информатики Николаеву-Щедрину Марию Юрьевну",
    dative: "преподавателю информатики Николаевой-Щедриной Марии Юрьевне",
  },
  {
    fullName: "Ёлкин Семён Фёдорович",
    position: "Заместитель директора по УВР",
    accusative: "заместителя директора по УВР Ёлкина Семёна Фёдоровича",
    dative: "заместителю директора по УВР Ёлкину Семёну Фёдоровичу",
  },
  {
    fullName: "Черных Игорь Сергеевич",
    position: "Мастер производственного обучения",
    accusative: "мастера производственного обучения Черных Игоря Сергеевича",
    dative: "мастеру производственного обучения Черных Игорю Сергеевичу",
  },
];

let t: OrdersTestApp;
let director: TestSession;
let secretary: TestSession;
let protocolNo = 0;

/** A version adopted by the council today, approved with `responsibleStaffId`: the order's PDF text. */
async function approvalText(responsibleStaffId: string): Promise<string> {
  protocolNo++;
  // Each approval needs a version of its own, and versions differ in text.
  const text = `${templateText()}\nРедакция для проверки падежей № ${protocolNo}.\n`;
  const v = await new RegulationRepository(t.services).create({ source: "upload", text }, SYSTEM);
  const meeting = await t.app.request(
    "/api/council/meetings",
    meetingRequest(
      { versionId: v.versionId, date: t.today(), protocolNumber: `Г-${protocolNo}` },
      await protocolPdf(),
      secretary.bearer,
    ),
  );
  expect(meeting.status).toBe(201);
  const approved = await t.app.request(
    `/api/regulations/${v.versionId}/approve`,
    json({ responsibleStaffId }, director.bearer),
  );
  expect(approved.status).toBe(201);
  const { orderId } = (await approved.json()) as { orderId: string };
  return pdfText(await downloadOrder(t, orderId, director.bearer));
}

beforeAll(async () => {
  t = await ordersTestApp();
  director = await t.signIn(["director"], {
    fullName: "Иванова Светлана Петровна",
    position: "Директор",
    pedagogical: false,
  });
  secretary = await t.signIn(["council_secretary", "teacher"]);
});

describe("names and positions by case in signed orders", () => {
  it.each(PEOPLE)("appointment: «Назначить … $accusative»", async (person) => {
    const member = await t.member(["teacher"], { fullName: person.fullName, position: person.position });
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: member.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    const text = await pdfText(await downloadOrder(t, orderId, director.bearer));
    expect(text).toMatch(
      phrase(`в ГПОУ «ЧПТК» с ${t.today().split("-").reverse().join(".")} ${person.accusative}.`),
    );
    // The nominative never stands where the accusative belongs.
    expect(text).not.toMatch(phrase(`${person.position.toLocaleLowerCase("ru-RU")} ${person.fullName}.`));
    // The «С приказом ознакомлен(ы)» row names the person in the nominative.
    expect(text).toMatch(
      phrase(
        `С приказом ознакомлен(ы): Фамилия, имя, отчество Дата Способ ознакомления Подпись ${person.fullName}`,
      ),
    );
  });

  it.each(PEOPLE.slice(0, 3))("approval: «Ответственному лицу – $dative:»", async (person) => {
    const member = (await t.staff.list()).find((s) => s.fullName === person.fullName)!;
    const text = await approvalText(member.staffId);
    expect(text).toMatch(phrase(`Ответственному лицу – ${person.dative}:`));
    // Clauses are numbered as printed: 1, 2, 3, 4.
    expect(text).toMatch(phrase("2. Ввести Положение в действие с"));
    expect(text).toMatch(phrase("3. Ответственному лицу"));
    expect(text).toMatch(phrase("4. Контроль за исполнением настоящего приказа оставляю за собой."));
  });

  it("prints the forms the director corrected, and the gender given on the record", async () => {
    // «ЗАМ по УВР» is an abbreviation the rules leave as it is: the director writes the forms out.
    const member = await t.member(["teacher"], { fullName: "Ким Саша", position: "ЗАМ по УВР" });
    const page = await (await t.app.request("/staff/orders/staff", { headers: director.cookie })).text();
    expect(page).toContain("Сотрудники в приказах");
    expect(page).toContain(`value="ЗАМ по УВР"`);
    expect(page).toContain("не определяется — укажите");

    const posted = form({
      _csrf: director.csrf,
      version: String(member.version),
      genitive: "заместителя директора по УВР",
      dative: "заместителю директора по УВР",
      accusative: "заместителя директора по УВР",
      instrumental: "заместителем директора по УВР",
      gender: "female",
      phone: "",
    });
    const saved = await t.app.request(`/staff/orders/staff/${member.staffId}`, {
      method: "POST",
      body: posted.body,
      headers: { ...posted.headers, ...director.cookie },
    });
    expect(saved.status).toBe(303);
    expect(await t.staff.require(member.staffId)).toMatchObject({
      gender: "female",
      positionCases: { dative: "заместителю директора по УВР" },
    });

    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: member.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    const { orderId } = (await res.json()) as { orderId: string };
    const text = await pdfText(await downloadOrder(t, orderId, director.bearer));
    // «Саша» tells no gender; the record says female: «Ким Сашу».
    expect(text).toMatch(phrase("заместителя директора по УВР Ким Сашу."));
  });

  it("refuses a wrong correction next to its field and keeps the record (page and API)", async () => {
    const member = await t.member(["teacher"], { fullName: "Шевчук Анна Игоревна", position: "Методист" });
    const posted = form({
      _csrf: director.csrf,
      version: String(member.version),
      genitive: "методиста",
      dative: "",
      accusative: "методиста",
      instrumental: "методистом",
      gender: "",
      phone: "звоните в приёмную",
    });
    const page = await t.app.request(`/staff/orders/staff/${member.staffId}`, {
      method: "POST",
      body: posted.body,
      headers: { ...posted.headers, ...director.cookie },
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('id="e-positionCases.dative"');
    expect(html).toContain('id="e-phone"');
    expect(html).toContain("Телефон: цифры, пробелы, +, скобки и дефис");

    const api = await t.app.request(`/api/orders/staff-forms/${member.staffId}`, {
      method: "PUT",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: JSON.stringify({ phone: "12", positionCases: { dative: "" } }),
    });
    expect(api.status).toBe(400);
    const body = (await api.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(["phone", "positionCases.dative"]);
    expect(await t.staff.require(member.staffId)).toMatchObject({ version: member.version });

    const ok = await t.app.request(`/api/orders/staff-forms/${member.staffId}`, {
      method: "PUT",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: JSON.stringify({ phone: "+7 3022 26-11-05", version: member.version }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      positionCases: { dative: "методисту", accusative: "методиста" },
      gender: "female",
      genderFromRecord: false,
      phone: "+7 3022 26-11-05",
    });
  });
});
