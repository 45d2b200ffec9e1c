import { localDate, ruDate } from "@soglasie/core/clock";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { templateText } from "@soglasie/core/regulation/text";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, protocolPdf } from "../regulation/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import {
  addDays,
  downloadOrder,
  json,
  type OrdersTestApp,
  ordersTestApp,
  pdfText,
  phrase,
} from "./support.js";

/**
 * Dates that agree: an order is dated the day it is registered and signed; what it puts into effect
 * («ввести в действие с», an appointment's start) is that day or later. A refusal says so in Russian
 * next to the field (page) and by field (API), and writes nothing.
 */
let t: OrdersTestApp;
let director: TestSession;
let secretary: TestSession;
let n = 0;

type Fields = { error: { message: string; fields: Record<string, string[]> } };

/** A version the council adopted today (each with a text of its own). */
async function adoptedVersion(): Promise<string> {
  n++;
  const v = await new RegulationRepository(t.services).create(
    { source: "upload", text: `${templateText()}\nРедакция для проверки дат № ${n}.\n` },
    SYSTEM,
  );
  const meeting = await t.app.request(
    "/api/council/meetings",
    meetingRequest(
      { versionId: v.versionId, date: t.today(), protocolNumber: `Д-${n}` },
      await protocolPdf(),
      secretary.bearer,
    ),
  );
  expect(meeting.status).toBe(201);
  return v.versionId;
}

beforeAll(async () => {
  t = await ordersTestApp();
  director = await t.signIn(["director"], { pedagogical: false });
  secretary = await t.signIn(["council_secretary", "teacher"]);
});

describe("dates of orders", () => {
  it("refuses an appointment starting before the order's date: API field error and the page's message", async () => {
    const teacher = await t.member(["teacher"]);
    const yesterday = addDays(t.today(), -1);
    const api = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: teacher.staffId, effectiveFrom: yesterday }, director.bearer),
    );
    expect(api.status).toBe(400);
    const body = (await api.json()) as Fields;
    expect(body.error.message).toBe("Дата назначения не может быть раньше даты приказа");
    expect(body.error.fields.effectiveFrom).toEqual([`Не раньше даты приказа: ${ruDate(t.today())}`]);

    const page = await t.app.request("/staff/orders/appoint", {
      method: "POST",
      body: form({ _csrf: director.csrf, staffId: teacher.staffId, effectiveFrom: yesterday }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain(
      `<p class="field-error" id="e-effectiveFrom">Не раньше даты приказа: ${ruDate(t.today())}</p>`,
    );
    // The value typed stays in the field.
    expect(html).toContain(`value="${yesterday}"`);
    const register = (await (await t.app.request("/api/orders", { headers: director.bearer })).json()) as {
      orders: unknown[];
    };
    expect(register.orders).toEqual([]);
  });

  it("refuses «ввести в действие» before the order and an order dated other than today", async () => {
    const versionId = await adoptedVersion();
    const early = await t.app.request(
      `/api/regulations/${versionId}/approve`,
      json({ effectiveDate: addDays(t.today(), -1) }, director.bearer),
    );
    expect(early.status).toBe(400);
    const body = (await early.json()) as Fields;
    expect(body.error.message).toBe("Положение не может вводиться в действие раньше даты приказа");
    expect(body.error.fields.effectiveDate).toEqual([`Не раньше даты приказа: ${ruDate(t.today())}`]);

    const backdated = await t.app.request(
      `/api/regulations/${versionId}/approve`,
      json({ date: addDays(t.today(), -3) }, director.bearer),
    );
    expect(backdated.status).toBe(400);
    expect(((await backdated.json()) as Fields).error.fields.date).toEqual([
      `Приказ подписывается сегодня, ${ruDate(t.today())}`,
    ]);

    // The page: the message next to the date field of that version's approval form.
    const page = await t.app.request(`/staff/regulations/${versionId}/approve`, {
      method: "POST",
      body: form({ _csrf: director.csrf, effectiveDate: addDays(t.today(), -1) }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('id="f-effectiveDate"');
    expect(html).toContain(
      `<p class="field-error" id="e-effectiveDate">Не раньше даты приказа: ${ruDate(t.today())}</p>`,
    );
    expect((await new RegulationRepository(t.services).require(versionId)).state).toBe("adopted");
  });

  it("puts the regulation into effect on a later day the order sets; the order is dated and signed today", async () => {
    const versionId = await adoptedVersion();
    const later = addDays(t.today(), 5);
    const page = await t.app.request(`/staff/regulations/${versionId}/approve`, {
      method: "POST",
      body: form({ _csrf: director.csrf, effectiveDate: later }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(page.status).toBe(303);
    const version = await new RegulationRepository(t.services).require(versionId);
    expect(version).toMatchObject({ state: "in_force", inForceFrom: later });
    expect(version.approval).toMatchObject({ date: t.today(), effectiveDate: later });

    const order = await t.services.documents.get(version.approval!.orderDocumentId);
    // The document's date is the day it was registered and signed.
    expect(order!.date).toBe(t.today());
    expect(localDate(new Date(order!.signedAt), t.services.config.timeZone)).toBe(order!.date);
    const text = await pdfText(await t.services.documents.pdf(order!));
    expect(text).toMatch(phrase(`${ruDate(t.today())} № ${order!.number}`));
    expect(text).toMatch(phrase(`2. Ввести Положение в действие с ${ruDate(later)}.`));
    // The regulation's approval grif names the order (ГОСТ Р 7.0.97: «УТВЕРЖДЕНО приказом … от … № …»).
    const regulation = await pdfText(await t.services.documents.pdf(version.documentId!));
    expect(regulation).toMatch(
      phrase(`УТВЕРЖДЕНО приказом ГПОУ «ЧПТК» от ${ruDate(t.today())} № ${order!.number}`),
    );
    expect(regulation).toMatch(
      phrase(`ПРИНЯТО педагогическим советом ГПОУ «ЧПТК» (протокол от ${ruDate(t.today())} № Д-${n})`),
    );
  });

  it("dates the appointment order today and prints the later start", async () => {
    const teacher = await t.member(["teacher"], { fullName: "Черных Ольга Петровна", position: "Методист" });
    const from = addDays(t.today(), 2);
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: teacher.staffId, effectiveFrom: from }, director.bearer),
    );
    expect(res.status).toBe(201);
    const issued = (await res.json()) as { orderId: string; date: string };
    expect(issued.date).toBe(t.today());
    const text = await pdfText(await downloadOrder(t, issued.orderId, director.bearer));
    expect(text).toMatch(phrase(`${ruDate(t.today())} № `));
    expect(text).toMatch(phrase(`с ${ruDate(from)} методиста Черных Ольгу Петровну.`));
  });
});
