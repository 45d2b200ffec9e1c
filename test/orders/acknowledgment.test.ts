import { OrderAcknowledgmentRepository } from "@soglasie/core/orders/acknowledgment-repository";
import { getOrder } from "@soglasie/core/orders/register";
import { recordNumber } from "@soglasie/core/staff/acknowledgment-rows";
import { beforeAll, describe, expect, it } from "vitest";
import { form, type TestSession } from "../support/app.js";
import {
  downloadOrder,
  json,
  type OrdersTestApp,
  ordersTestApp,
  pdfsig,
  pdfText,
  phrase,
} from "./support.js";

/**
 * «С приказом ознакомлен(ы)» (ТК РФ art. 22, 68): the signed order prints a row for each person it
 * names with the date and method left blank; each person acknowledges in the service (their own
 * record), and each acknowledgment issues the order's signed «лист ознакомления» anew, superseding
 * the previous one. The order prints the отметка об исполнителе (who prepared it, phone).
 */
let t: OrdersTestApp;
let director: TestSession;
let olga: TestSession;
let petr: TestSession;
let outsider: TestSession;
let orderId: string;
let orderNumber: string;
let orderSha: string;

const acknowledge = (who: TestSession) =>
  t.app.request(`/api/orders/${orderId}/acknowledge`, json({}, who.bearer));

beforeAll(async () => {
  t = await ordersTestApp();
  director = await t.signIn(["director"], {
    fullName: "Иванова Светлана Петровна",
    position: "Директор",
    pedagogical: false,
  });
  await t.staff.setDocumentDetails(
    director.staff.staffId,
    { phone: "+7 3022 32-45-67" },
    {
      type: "system",
      id: "test",
    },
  );
  olga = await t.signIn(["teacher"], { fullName: "Черных Ольга Петровна", position: "Преподаватель" });
  petr = await t.signIn(["teacher"], { fullName: "Дурново Пётр Андреевич", position: "Старший мастер" });
  outsider = await t.signIn(["teacher"]);
  const admin = await t.signIn(["administrator", "teacher"]);
  const imported = await t.app.request("/api/roster/import", {
    method: "POST",
    headers: { ...admin.bearer, "content-type": "text/csv" },
    body: "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\nТМ-31;Андреев Павел Олегович;Андреева Мария Ивановна\nЭС-32;Борисов Иван Ильич;Борисова Анна Петровна\n",
  });
  expect(imported.status).toBe(200);
  const groups = (await (await t.app.request("/api/groups", { headers: admin.bearer })).json()) as {
    groups: Array<{ groupId: string; code: string }>;
  };
  const id = (code: string) => groups.groups.find((g) => g.code === code)!.groupId;
  const order = await t.app.request(
    "/api/orders/class-teacher-assignments",
    json(
      {
        assignments: [
          { groupId: id("ТМ-31"), staffId: olga.staff.staffId },
          { groupId: id("ЭС-32"), staffId: petr.staff.staffId },
        ],
      },
      director.bearer,
    ),
  );
  expect(order.status).toBe(201);
  ({ orderId, number: orderNumber } = (await order.json()) as { orderId: string; number: string });
  orderSha = (await t.services.documents.get((await getOrder(t.services, orderId))!.documentId))!.sha256;
});

describe("acknowledgment of an order by the people it names", () => {
  it("prints the rows, the signer and the executor on the order", async () => {
    const text = await pdfText(await downloadOrder(t, orderId, director.bearer));
    expect(text).toMatch(
      phrase(
        "С приказом ознакомлен(ы): Фамилия, имя, отчество Дата Способ ознакомления Подпись Черных Ольга Петровна Дурново Пётр Андреевич",
      ),
    );
    expect(text).toMatch(phrase("Директор"));
    expect(text).toMatch(phrase("С.П. Иванова"));
    // Отметка об исполнителе: the director who prepared and issued it, with the work phone.
    expect(text).toMatch(phrase("Иванова Светлана Петровна +7 3022 32-45-67"));
    expect((await getOrder(t.services, orderId))!.named).toEqual([olga.staff.staffId, petr.staff.staffId]);
  });

  it("asks on the home page; the person reads the order and confirms it (page, with CSRF)", async () => {
    const home = await (await t.app.request("/staff", { headers: olga.cookie })).text();
    expect(home).toContain("Ознакомьтесь с приказом");
    expect(home).toContain(`№ ${orderNumber}`);
    expect(home).toContain(`href="/staff/orders/${orderId}/document"`);
    expect(home).toContain(`action="/staff/orders/${orderId}/acknowledge"`);
    // Her gender from the patronymic: the button says «Ознакомлена».
    expect(home).toContain(">Ознакомлена</button>");
    expect(await (await t.app.request("/staff", { headers: outsider.cookie })).text()).not.toContain(
      "Ознакомьтесь с приказом",
    );

    const read = await t.app.request(`/staff/orders/${orderId}/document`, { headers: olga.cookie });
    expect(read.status).toBe(302);
    const pdf = await fetch(read.headers.get("location")!);
    expect((await pdf.text()).slice(0, 5)).toBe("%PDF-");
    expect(
      (await t.app.request(`/staff/orders/${orderId}/document`, { headers: outsider.cookie })).status,
    ).toBe(403);

    const posted = form({ _csrf: olga.csrf });
    const res = await t.app.request(`/staff/orders/${orderId}/acknowledge`, {
      method: "POST",
      body: posted.body,
      headers: { ...posted.headers, ...olga.cookie },
    });
    expect(res.status).toBe(303);
    const after = await (await t.app.request(res.headers.get("location")!, { headers: olga.cookie })).text();
    expect(after).not.toContain("Ознакомьтесь с приказом");
    expect(after).toContain(`Спасибо: ознакомление с приказом от`);
    expect(after).toContain(`№ ${orderNumber} записано`);

    const repo = new OrderAcknowledgmentRepository(t.services);
    const ack = await repo.get(orderId, olga.staff.staffId);
    expect(ack).toMatchObject({ fullName: "Черных Ольга Петровна", gender: "female", date: t.today() });
    const sheet = await repo.sheet(orderId);
    const record = await t.services.documents.get(sheet!.documentId);
    expect(record).toMatchObject({
      type: "order-acknowledgment",
      number: `${orderNumber}/ЛО-1`,
      date: t.today(),
      status: "current",
      owner: { type: "order-acknowledgment", id: orderId },
    });
    const bytes = await t.services.documents.pdf(record!);
    expect(await pdfsig(bytes)).toContain("Signature is Valid.");
    const text = await pdfText(bytes);
    expect(text).toMatch(phrase(`ЛИСТ ОЗНАКОМЛЕНИЯ`));
    expect(text).toMatch(
      phrase(`с приказом от ${t.today().split("-").reverse().join(".")} № ${orderNumber}`),
    );
    expect(text).toMatch(phrase(`ознакомлена в системе «Согласие», запись № ${recordNumber(ack!.ackId)}`));
    // Not yet acknowledged: the row is there for a handwritten mark.
    expect(text).toMatch(phrase("Дурново Пётр Андреевич Старший мастер"));
    expect(text).toMatch(phrase("не заменяет ознакомление под роспись"));
  });

  it("records an acknowledgment through the API once; the new sheet supersedes the old one", async () => {
    const repo = new OrderAcknowledgmentRepository(t.services);
    const first = await repo.sheet(orderId);
    const res = await acknowledge(petr);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { recordId: string; recordNumber: string; sheetDocumentId: string };
    expect(body.recordNumber).toBe(recordNumber(body.recordId));
    const again = await acknowledge(petr);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ alreadyAcknowledged: true, recordId: body.recordId });

    expect((await t.services.documents.get(first!.documentId))?.status).toBe("superseded");
    const sheet = await t.services.documents.get(body.sheetDocumentId);
    expect(sheet).toMatchObject({ status: "current", number: `${orderNumber}/ЛО-2` });
    const text = await pdfText(await t.services.documents.pdf(sheet!));
    expect(text).toMatch(phrase(`ознакомлен в системе «Согласие», запись № ${body.recordNumber}`));
    expect(text).toMatch(phrase("ознакомлена в системе «Согласие», запись №"));

    // The signed order itself never changed.
    expect((await t.services.documents.get((await getOrder(t.services, orderId))!.documentId))!.sha256).toBe(
      orderSha,
    );
  });

  it("refuses a person the order does not name, and writes nothing", async () => {
    const res = await acknowledge(outsider);
    expect(res.status).toBe(403);
    expect(
      await new OrderAcknowledgmentRepository(t.services).get(orderId, outsider.staff.staffId),
    ).toBeUndefined();
  });

  it("shows who acknowledged to those who keep the register (JSON and page)", async () => {
    const res = await t.app.request(`/api/orders/${orderId}/acknowledgments`, { headers: director.bearer });
    expect(res.status).toBe(200);
    const status = (await res.json()) as {
      people: Array<{ fullName: string; acknowledged: { recordNumber: string } | null }>;
      sheetDocumentId: string;
    };
    expect(status.people.map((p) => [p.fullName, Boolean(p.acknowledged)])).toEqual([
      ["Черных Ольга Петровна", true],
      ["Дурново Пётр Андреевич", true],
    ]);
    const page = await (await t.app.request("/staff/orders", { headers: director.cookie })).text();
    expect(page).toContain("2 из 2");
    expect(page).toContain(`/api/documents/${status.sheetDocumentId}/pdf`);
    const sheet = await t.app.request(`/api/documents/${status.sheetDocumentId}/pdf`, {
      headers: director.bearer,
    });
    expect(sheet.status).toBe(200);
    // An employee does not download others' sheets.
    expect(
      (await t.app.request(`/api/documents/${status.sheetDocumentId}/pdf`, { headers: olga.bearer })).status,
    ).toBe(403);
  });

  it("keeps every acknowledgment and one complete current sheet when several people confirm at once", async () => {
    const teachers = await Promise.all(Array.from({ length: 4 }, () => t.signIn(["teacher"])));
    const admin = await t.signIn(["administrator", "teacher"]);
    const csv = teachers.map((_, i) => `ОП-4${i};Студент Пётр Олегович;Родитель Мария Ивановна`).join("\n");
    const imported = await t.app.request("/api/roster/import", {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "text/csv" },
      body: `Группа;ФИО обучающегося;ФИО родителя (законного представителя)\n${csv}\n`,
    });
    expect(imported.status).toBe(200);
    const groups = (await (await t.app.request("/api/groups", { headers: admin.bearer })).json()) as {
      groups: Array<{ groupId: string; code: string }>;
    };
    const order = await t.app.request(
      "/api/orders/class-teacher-assignments",
      json(
        {
          assignments: teachers.map((p, i) => ({
            groupId: groups.groups.find((g) => g.code === `ОП-4${i}`)!.groupId,
            staffId: p.staff.staffId,
          })),
        },
        director.bearer,
      ),
    );
    expect(order.status).toBe(201);
    const { orderId: id } = (await order.json()) as { orderId: string };
    const results = await Promise.all(
      teachers.map((p) => t.app.request(`/api/orders/${id}/acknowledge`, json({}, p.bearer))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const repo = new OrderAcknowledgmentRepository(t.services);
    const sheet = await repo.sheet(id);
    expect(new Set(sheet!.includes)).toEqual(new Set(teachers.map((p) => p.staff.staffId)));
    const sheets = (await t.services.documents.listByOwner("order-acknowledgment", id)).filter(
      (d) => d.status === "current",
    );
    expect(sheets.map((d) => d.documentId)).toEqual([sheet!.documentId]);
    const text = await pdfText(await t.services.documents.pdf(sheet!.documentId));
    for (const ack of await repo.list(id)) expect(text).toContain(`запись № ${recordNumber(ack.ackId)}`);
  });
});
