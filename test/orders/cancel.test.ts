import { auditPk } from "@soglasie/core/audit/chain";
import { ruDate } from "@soglasie/core/clock";
import { currentAppointment } from "@soglasie/core/orders/appointments";
import { cancelOrder } from "@soglasie/core/orders/cancel-order";
import { getOrder, listOrders } from "@soglasie/core/orders/register";
import { approveVersion } from "@soglasie/core/regulation/approve";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { effectiveRoles } from "@soglasie/core/staff/roles";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, protocolPdf, regulationTestApp } from "../regulation/support.js";
import { form, SYSTEM } from "../support/app.js";
import {
  addDays,
  downloadOrder,
  json,
  type OrdersTestApp,
  ordersTestApp,
  pdfsig,
  pdfText,
  phrase,
  qpdfCheck,
} from "./support.js";

type Issued = { orderId: string; number: string; date: string; documentId: string };

/**
 * Issue 14: an order issued in error is cancelled by a new order («Об отмене приказа …»), one that
 * should stop acting is declared void from a date («О признании утратившим силу приказа …»); the
 * old order is never deleted and the register shows both.
 */
describe("cancelling an order by a new order", () => {
  let t: OrdersTestApp;
  let director: Awaited<ReturnType<OrdersTestApp["signIn"]>>;

  beforeAll(async () => {
    t = await ordersTestApp();
    director = await t.signIn(["director", "employee"], {
      fullName: "Иванова Светлана Петровна",
      position: "Директор",
      pedagogical: false,
    });
  });

  const appoint = async (fullName: string, effectiveFrom = t.today()) => {
    const appointee = await t.member(["teacher"], { fullName, position: "Преподаватель информатики" });
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: appointee.staffId, effectiveFrom }, director.bearer),
    );
    expect(res.status).toBe(201);
    return { appointee, order: (await res.json()) as Issued };
  };

  it("cancels an appointment issued in error: a signed order, the old one «Отменён» with a reference, the appointment ended", async () => {
    const { appointee, order } = await appoint("Смирнов Алексей Игоревич");
    const res = await t.app.request(
      `/api/orders/${order.orderId}/cancel`,
      json({ kind: "cancel", reason: "В связи с допущенной ошибкой в выборе работника." }, director.bearer),
    );
    expect(res.status).toBe(201);
    const cancelling = (await res.json()) as Issued;
    expect(cancelling.number).toBe("2-од");

    const pdf = await downloadOrder(t, cancelling.orderId, director.bearer);
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    expect(await qpdfCheck(pdf)).toContain("No syntax or stream encoding errors");
    const text = await pdfText(pdf);
    expect(text).toMatch(
      phrase(`Об отмене приказа от ${ruDate(order.date)} № 1-од «О назначении администратора ИКОП «Сферум»»`),
    );
    expect(text).toMatch(phrase("В связи с допущенной ошибкой в выборе работника"));
    expect(text).not.toContain("В связи с в связи");
    expect(text).toMatch(phrase("1. Отменить приказ ГПОУ «ЧПТК»"));
    expect(text).toMatch(phrase("как изданный ошибочно."));
    expect(text).toMatch(phrase("2. Контроль за исполнением настоящего приказа оставляю за собой."));
    expect(text).toContain("С.П. Иванова");
    expect(text).toContain("С приказом ознакомлен(ы):");
    expect(text).toContain("Смирнов Алексей Игоревич");

    // The old order stays in the register, cancelled, with the reference; its PDF is withdrawn.
    const old = await getOrder(t.services, order.orderId);
    expect(old).toMatchObject({
      status: "cancelled",
      cancelledBy: { orderId: cancelling.orderId, number: "2-од", date: t.today() },
    });
    expect((await t.services.documents.get(order.documentId))?.status).toBe("withdrawn");
    const register = await listOrders(t.services, {});
    expect(register.map((o) => [o.number, o.status])).toEqual([
      ["1-од", "cancelled"],
      ["2-од", "current"],
    ]);
    expect(register[1]).toMatchObject({ kind: "cancel-order", named: [appointee.staffId] });

    // The appointment it granted ended: no administrator role from today, no appointment in force.
    const stored = await t.staff.require(appointee.staffId);
    expect(effectiveRoles(stored, t.today())).not.toContain("administrator");
    expect(await currentAppointment(t.services)).toBeUndefined();

    // Audited in the same transaction.
    const events = await t.services.db.queryPartition<{ action: string; entityId: string; after?: string }>(
      auditPk(t.services.config.orgId),
      "EVENT#",
    );
    expect(events.some((e) => e.action === "order.status_changed" && e.entityId === order.orderId)).toBe(
      true,
    );
    expect(
      events.some((e) => e.action === "administrator.appointment_ended" && e.entityId === appointee.staffId),
    ).toBe(true);

    // The register page shows both, the status and the reference.
    const page = await (await t.app.request("/staff/orders", { headers: director.cookie })).text();
    expect(page).toContain("Отменён");
    expect(page).toContain(`от ${ruDate(t.today())} № 2-од`);
    expect(page).toContain(`Об отмене приказа от ${ruDate(order.date)} № 1-од`);

    // Cancelled once: the second attempt is a conflict, and nothing new is registered.
    const again = await t.app.request(
      `/api/orders/${order.orderId}/cancel`,
      json({ kind: "cancel", reason: "ошибкой" }, director.bearer),
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain("уже отменён");
    expect(await listOrders(t.services, {})).toHaveLength(2);
  });

  it("declares an appointment void from a date: «О признании утратившим силу», the grant ends on that date", async () => {
    const { appointee, order } = await appoint("Кузнецов Игорь Сергеевич");
    const from = addDays(t.today(), 5);
    const res = await t.app.request(
      `/api/orders/${order.orderId}/cancel`,
      json(
        { kind: "void-from", reason: "переводом работника на другую должность", effectiveDate: from },
        director.bearer,
      ),
    );
    expect(res.status).toBe(201);
    const cancelling = (await res.json()) as Issued;
    const text = await pdfText(await downloadOrder(t, cancelling.orderId, director.bearer));
    expect(text).toMatch(
      phrase(`О признании утратившим силу приказа от ${ruDate(order.date)} № ${order.number}`),
    );
    expect(text).toMatch(phrase(`1. Признать утратившим силу с ${ruDate(from)} приказ ГПОУ «ЧПТК»`));
    expect(await getOrder(t.services, order.orderId)).toMatchObject({
      status: "repealed",
      cancelledBy: { orderId: cancelling.orderId, effectiveDate: from },
    });
    const stored = await t.staff.require(appointee.staffId);
    expect(effectiveRoles(stored, addDays(from, -1))).toContain("administrator");
    expect(effectiveRoles(stored, from)).not.toContain("administrator");
  });

  it("an order a later one replaced can only be cancelled as issued in error, and the later appointment stays", async () => {
    const first = await appoint("Фёдоров Иван Ильич");
    const second = await appoint("Зайцева Ольга Петровна");
    expect((await getOrder(t.services, first.order.orderId))?.status).toBe("no_longer_current");
    const voidFrom = await t.app.request(
      `/api/orders/${first.order.orderId}/cancel`,
      json({ kind: "void-from", reason: "ошибкой", effectiveDate: t.today() }, director.bearer),
    );
    expect(voidFrom.status).toBe(400);
    expect(Object.keys(((await voidFrom.json()) as { error: { fields: object } }).error.fields)).toEqual([
      "kind",
    ]);
    const cancelled = await t.app.request(
      `/api/orders/${first.order.orderId}/cancel`,
      json({ kind: "cancel", reason: "ошибкой в дате" }, director.bearer),
    );
    expect(cancelled.status).toBe(201);
    expect((await getOrder(t.services, first.order.orderId))?.status).toBe("cancelled");
    expect((await currentAppointment(t.services))?.orderId).toBe(second.order.orderId);
    expect(effectiveRoles(await t.staff.require(second.appointee.staffId), t.today())).toContain(
      "administrator",
    );
  });

  it("refuses bad input with field errors and changes nothing (400)", async () => {
    const { order } = await appoint("Орлов Пётр Андреевич");
    const count = (await listOrders(t.services, {})).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: "cancel", reason: "" }, "reason"],
      [{ kind: "delete", reason: "ошибкой" }, "kind"],
      [{ kind: "void-from", reason: "ошибкой" }, "effectiveDate"],
      [{ kind: "void-from", reason: "ошибкой", effectiveDate: addDays(t.today(), -1) }, "effectiveDate"],
      [{ kind: "void-from", reason: "ошибкой", effectiveDate: "2026-02-30" }, "effectiveDate"],
    ];
    for (const [body, field] of cases) {
      const res = await t.app.request(`/api/orders/${order.orderId}/cancel`, json(body, director.bearer));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = (await res.json()) as { error: { fields?: Record<string, string[]> } };
      expect(Object.keys(answer.error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect(await listOrders(t.services, {})).toHaveLength(count);
    expect((await getOrder(t.services, order.orderId))?.status).toBe("current");
    expect(
      (
        await t.app.request(
          "/api/orders/no-such-order/cancel",
          json({ kind: "cancel", reason: "ошибкой" }, director.bearer),
        )
      ).status,
    ).toBe(404);
  });

  it("only the director cancels (403) and a cancelling order itself is not cancelled (409)", async () => {
    const { order } = await appoint("Лебедев Павел Олегович");
    const administrator = await t.signIn(["administrator"]);
    const res = await t.app.request(
      `/api/orders/${order.orderId}/cancel`,
      json({ kind: "cancel", reason: "ошибкой" }, administrator.bearer),
    );
    expect(res.status).toBe(403);
    const page = await t.app.request(`/staff/orders/${order.orderId}/cancel`, {
      headers: administrator.cookie,
    });
    expect(page.status).toBe(403);
    expect((await getOrder(t.services, order.orderId))?.status).toBe("current");

    const cancelling = await cancelOrder(
      t.services,
      order.orderId,
      { kind: "cancel", reason: "ошибкой" },
      { type: "staff", id: director.staff.staffId, role: "director" },
    );
    const refused = await t.app.request(
      `/api/orders/${cancelling.orderId}/cancel`,
      json({ kind: "cancel", reason: "ошибкой" }, director.bearer),
    );
    expect(refused.status).toBe(409);
  });

  it("the page form shows the draft «ПРОЕКТ» first, then signs; a refused form says why at the field", async () => {
    const { order } = await appoint("Соколов Дмитрий Алексеевич");
    const register = await (await t.app.request("/staff/orders", { headers: director.cookie })).text();
    expect(register).toContain(`href="/staff/orders/${order.orderId}/cancel"`);
    const page = await (
      await t.app.request(`/staff/orders/${order.orderId}/cancel`, { headers: director.cookie })
    ).text();
    expect(page).toContain(`formaction="/staff/orders/${order.orderId}/cancel/draft.pdf"`);
    expect(page).toContain("Подписать и зарегистрировать");

    const fields = { _csrf: director.csrf, kind: "cancel", reason: "технической ошибкой", effectiveDate: "" };
    const f = form(fields);
    const draft = await t.app.request(`/staff/orders/${order.orderId}/cancel/draft.pdf`, {
      method: "POST",
      body: f.body,
      headers: { ...f.headers, ...director.cookie },
    });
    expect(draft.status).toBe(200);
    const bytes = new Uint8Array(await draft.arrayBuffer());
    const text = await pdfText(bytes);
    expect(text).toContain("ПРОЕКТ: документ не подписан и не зарегистрирован");
    expect(text).toContain("№ ___");
    expect(text).toMatch(phrase(`Об отмене приказа от ${ruDate(order.date)} № ${order.number}`));
    expect(await pdfsig(bytes)).toMatch(/does not contain any signatures/);
    expect((await getOrder(t.services, order.orderId))?.status).toBe("current");

    const bad = form({ ...fields, reason: "" });
    const refused = await t.app.request(`/staff/orders/${order.orderId}/cancel`, {
      method: "POST",
      body: bad.body,
      headers: { ...bad.headers, ...director.cookie },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="e-reason"');

    const ok = form(fields);
    const signed = await t.app.request(`/staff/orders/${order.orderId}/cancel`, {
      method: "POST",
      body: ok.body,
      headers: { ...ok.headers, ...director.cookie },
    });
    expect(signed.status).toBe(303);
    expect((await getOrder(t.services, order.orderId))?.status).toBe("cancelled");
  });
});

describe("cancelling the regulation's approval order", () => {
  it("repeals the version it approved in the same transaction", async () => {
    const t = await regulationTestApp();
    const secretary = await t.signIn(["council_secretary"]);
    const director = await t.signIn(["director"]);
    const v = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const meeting = await t.app.request(
      "/api/council/meetings",
      meetingRequest(
        { versionId: v.versionId, date: t.today(), protocolNumber: "7", membersPresent: 30, votesFor: 25 },
        await protocolPdf(),
        secretary.bearer,
      ),
    );
    expect(meeting.status).toBe(201);
    const actor = { type: "staff" as const, id: director.staff.staffId, role: "director" };
    await approveVersion(t.services, v.versionId, {}, actor);
    const [approval] = await listOrders(t.services, { kind: "approve-regulation" });
    const regulationDoc = (await new RegulationRepository(t.services).require(v.versionId)).documentId;

    const res = await t.app.request(
      `/api/orders/${approval!.orderId}/cancel`,
      json({ kind: "cancel", reason: "ошибкой в дате протокола" }, director.bearer),
    );
    expect(res.status).toBe(201);
    const after = await new RegulationRepository(t.services).require(v.versionId);
    expect(after.state).toBe("repealed");
    expect(await new RegulationRepository(t.services).current()).toBeUndefined();
    expect((await t.services.documents.get(regulationDoc!))?.status).toBe("withdrawn");
    expect((await getOrder(t.services, approval!.orderId))?.status).toBe("cancelled");
  });
});
