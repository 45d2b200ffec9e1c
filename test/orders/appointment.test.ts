import { ruDate } from "@soglasie/core/clock";
import { currentAppointment } from "@soglasie/core/orders/appointments";
import { getOrder, listOrders } from "@soglasie/core/orders/register";
import { effectiveRoles } from "@soglasie/core/staff/roles";
import { beforeAll, describe, expect, it } from "vitest";
import { form } from "../support/app.js";
import {
  addDays,
  Clock,
  downloadOrder,
  json,
  type OrdersTestApp,
  ordersTestApp,
  pdfsig,
  pdfText,
  qpdfCheck,
} from "./support.js";

describe("appointment of the Sferum administrator (clauses 2.1, 2.4)", () => {
  let t: OrdersTestApp;
  let director: Awaited<ReturnType<OrdersTestApp["signIn"]>>;

  beforeAll(async () => {
    // The real time: presigned S3 links are signed with the service clock and checked by S3's.
    t = await ordersTestApp();
    director = await t.signIn(["director", "employee"], {
      fullName: "Иванова Светлана Петровна",
      position: "Директор",
      pedagogical: false,
    });
  });

  it("appoints a pedagogical worker from the effective date, with a signed order", async () => {
    const appointee = await t.member(["teacher"], {
      fullName: "Смирнов Алексей Игоревич",
      position: "Преподаватель информатики",
    });
    const from = addDays(t.today(), 3);
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: appointee.staffId, effectiveFrom: from }, director.bearer),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { orderId: string; number: string; date: string; documentId: string };
    expect(body).toEqual({
      orderId: expect.any(String),
      number: "1-од",
      date: t.today(),
      documentId: expect.any(String),
    });

    // The signed PDF: valid signature, intact structure, the appointee and the number in the text.
    const pdf = await downloadOrder(t, body.orderId, director.bearer);
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    expect(await qpdfCheck(pdf)).toContain("No syntax or stream encoding errors");
    const text = await pdfText(pdf);
    expect(text).toContain("№ 1-од");
    expect(text).toContain("Смирнов Алексей Игоревич");
    expect(text).toContain(`с ${ruDate(from)}`);

    // The role starts on the effective date: before it the appointee is refused the register.
    const stored = await t.staff.require(appointee.staffId);
    expect(stored.roleGrants).toEqual([{ role: "administrator", from, orderId: body.orderId }]);
    expect(effectiveRoles(stored, addDays(from, -1))).not.toContain("administrator");
    expect(effectiveRoles(stored, from)).toContain("administrator");
    const before = await t.session(stored);
    expect((await t.app.request("/api/orders", { headers: before.bearer })).status).toBe(403);

    t.clock.addDays(3);
    try {
      const after = await t.session(stored);
      const me = (await (await t.app.request("/api/me", { headers: after.bearer })).json()) as {
        roles: string[];
      };
      expect(me.roles).toContain("administrator");
      const register = await t.app.request("/api/orders", { headers: after.bearer });
      expect(register.status).toBe(200);
      // Read-only: the administrator cannot issue orders.
      const issue = await t.app.request(
        "/api/orders/administrator-appointments",
        json({ staffId: appointee.staffId, effectiveFrom: t.today() }, after.bearer),
      );
      expect(issue.status).toBe(403);
    } finally {
      t.clock.addDays(-3);
    }

    const entry = await getOrder(t.services, body.orderId);
    expect(entry).toMatchObject({
      kind: "appoint-administrator",
      number: "1-од",
      seq: 1,
      status: "current",
      signedBy: { name: director.staff.fullName, position: t.services.config.org.directorPosition },
      documentId: body.documentId,
    });
  });

  it("refuses a non-pedagogical employee with a clear message and writes nothing", async () => {
    const accountant = await t.member(["employee"], {
      pedagogical: false,
      fullName: "Морозова Татьяна Юрьевна",
      position: "Главный бухгалтер",
    });
    const before = await listOrders(t.services);
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: accountant.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; fields: Record<string, string[]> };
    };
    expect(body.error.code).toBe("validation_error");
    expect(body.error.message).toContain("только педагогический работник");
    expect(body.error.fields.staffId?.[0]).toContain(
      "Морозова Татьяна Юрьевна не является педагогическим работником",
    );
    expect(await listOrders(t.services)).toEqual(before);
    expect((await t.staff.require(accountant.staffId)).roleGrants).toEqual([]);
  });

  it("validates the input at the edge", async () => {
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: "", effectiveFrom: "2026-02-30" }, director.bearer),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(["effectiveFrom", "staffId"]);
    const past = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: director.staff.staffId, effectiveFrom: addDays(t.today(), -1) }, director.bearer),
    );
    expect(past.status).toBe(400);
    expect(
      ((await past.json()) as { error: { fields: Record<string, string[]> } }).error.fields.effectiveFrom,
    ).toBeDefined();
    const unknown = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: "nobody", effectiveFrom: t.today() }, director.bearer),
    );
    expect(unknown.status).toBe(400);
  });
});

describe("replacement of the administrator", () => {
  it("ends the previous appointment at the new date and marks its order no longer current, in one step", async () => {
    const t = await ordersTestApp(new Clock(new Date("2026-09-01T02:00:00Z")));
    const director = await t.signIn(["director"], { pedagogical: false });
    // An administrator given as a permanent role outside orders (seed, CLI).
    const legacy = await t.member(["administrator", "teacher"]);
    const first = await t.member(["teacher"], { fullName: "Белов Пётр Андреевич" });
    const second = await t.member(["teacher"], { fullName: "Горшкова Вера Павловна" });

    const a = (await (
      await t.app.request(
        "/api/orders/administrator-appointments",
        json({ staffId: first.staffId, effectiveFrom: "2026-09-01" }, director.bearer),
      )
    ).json()) as { orderId: string; documentId: string; number: string };
    expect(a.number).toBe("1-од");
    // The permanent role became a period ending when the appointee took over.
    const legacyNow = await t.staff.require(legacy.staffId);
    expect(legacyNow.roles).toEqual(["teacher"]);
    expect(legacyNow.roleGrants).toEqual([{ role: "administrator", from: "2026-09-01", to: "2026-09-01" }]);
    expect(effectiveRoles(legacyNow, "2026-09-01")).not.toContain("administrator");

    t.clock.addDays(30);
    // Sessions last a working day: sign in again after the month passed.
    const director2 = await t.session(director.staff);
    const b = (await (
      await t.app.request(
        "/api/orders/administrator-appointments",
        json({ staffId: second.staffId, effectiveFrom: "2026-10-05" }, director2.bearer),
      )
    ).json()) as { orderId: string; documentId: string; number: string };
    expect(b.number).toBe("2-од");

    const firstNow = await t.staff.require(first.staffId);
    expect(firstNow.roleGrants).toEqual([
      { role: "administrator", from: "2026-09-01", to: "2026-10-05", orderId: a.orderId },
    ]);
    expect(effectiveRoles(firstNow, "2026-10-04")).toContain("administrator");
    expect(effectiveRoles(firstNow, "2026-10-05")).not.toContain("administrator");
    const secondNow = await t.staff.require(second.staffId);
    expect(effectiveRoles(secondNow, "2026-10-04")).not.toContain("administrator");
    expect(effectiveRoles(secondNow, "2026-10-05")).toContain("administrator");

    // Both orders stay in the register; the earlier one is no longer current, its PDF superseded.
    const register = await listOrders(t.services, { year: 2026 });
    expect(register.map((o) => [o.number, o.status, o.replacedBy])).toEqual([
      ["1-од", "no_longer_current", b.orderId],
      ["2-од", "current", undefined],
    ]);
    expect((await t.services.documents.get(a.documentId))?.status).toBe("superseded");
    expect((await t.services.documents.get(b.documentId))?.status).toBe("current");
    expect(await currentAppointment(t.services)).toMatchObject({
      staffId: second.staffId,
      orderId: b.orderId,
      effectiveFrom: "2026-10-05",
    });

    const list = (await (
      await t.app.request("/api/orders?year=2026", { headers: director2.bearer })
    ).json()) as {
      orders: Array<{ number: string; status: string }>;
    };
    expect(list.orders.map((o) => o.status)).toEqual(["no_longer_current", "current"]);

    // The audit trail has the issue and the status change.
    const actions: string[] = [];
    for await (const e of t.services.db.auditEvents()) actions.push(e.action);
    expect(actions.filter((a) => a === "order.issued")).toHaveLength(2);
    expect(actions).toContain("order.status_changed");
  });
});

describe("staff pages for appointments", () => {
  it("shows the form with pedagogical workers only, errors next to the field, and issues on a valid post", async () => {
    const t = await ordersTestApp();
    const director = await t.signIn(["director"], { pedagogical: false });
    const teacher = await t.member(["teacher"], { fullName: "Ершова Анна Львовна" });
    const accountant = await t.member(["employee"], { pedagogical: false, fullName: "Дьячков Олег Юрьевич" });

    const page = await t.app.request("/staff/orders/appoint", { headers: director.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="_csrf"');
    expect(html).toContain(teacher.staffId);
    expect(html).not.toContain(accountant.staffId);

    // A forged post (no CSRF token) is refused.
    const forged = await t.app.request("/staff/orders/appoint", {
      method: "POST",
      ...form({ staffId: teacher.staffId, effectiveFrom: t.today() }),
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(forged.status).toBe(403);

    const bad = await t.app.request("/staff/orders/appoint", {
      method: "POST",
      body: form({ _csrf: director.csrf, staffId: accountant.staffId, effectiveFrom: t.today() }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('class="field-error" id="e-staffId"');
    expect(badHtml).toContain("не является педагогическим работником");

    const ok = await t.app.request("/staff/orders/appoint", {
      method: "POST",
      body: form({ _csrf: director.csrf, staffId: teacher.staffId, effectiveFrom: t.today() }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(ok.status).toBe(303);
    const location = ok.headers.get("location")!;
    expect(location).toMatch(/^\/staff\/orders\?issued=/);
    const after = await (await t.app.request(location, { headers: director.cookie })).text();
    expect(after).toContain("Приказ № 1-од");
    expect(after).toContain("Ершова Анна Львовна");
  });
});
