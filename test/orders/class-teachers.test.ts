import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { effectiveRoles } from "@soglasie/core/staff/roles";
import { createBaseApp } from "@soglasie/functions/app";
import { consentApi } from "@soglasie/functions/apps/consent/api/staff";
import { ordersApp } from "@soglasie/functions/apps/orders/index";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM } from "../support/app.js";
import { downloadOrder, json, type OrdersTestApp, ordersTestApp, pdfsig, pdfText } from "./support.js";

type Session = Awaited<ReturnType<OrdersTestApp["signIn"]>>;

describe("class-teacher distribution order", () => {
  let t: OrdersTestApp;
  let director: Session;
  let groups: GroupRepository;
  /** The orders app together with the consent API whose access the order changes. */
  let app: ReturnType<typeof createBaseApp>;

  beforeAll(async () => {
    t = await ordersTestApp();
    app = createBaseApp(t.services).route("/", consentApi).route("/", ordersApp);
    director = await t.signIn(["director"], { pedagogical: false });
    groups = new GroupRepository(t.services);
  });

  const consents = async (groupId: string, who: Session) =>
    (await app.request(`/api/groups/${groupId}/consents`, { headers: (await t.session(who.staff)).bearer }))
      .status;

  it("binds teachers to groups on signing: the new class teacher gains access, the previous one loses it", async () => {
    const tm = await groups.ensureGroup("ТМ-21", SYSTEM);
    const e = await groups.ensureGroup("Э-11", SYSTEM);
    const previous = await t.signIn(["teacher", "class_teacher"], { fullName: "Горшкова Вера Павловна" });
    await groups.setClassTeachers(tm.groupId, [previous.staff.staffId], SYSTEM);
    const a = await t.signIn(["teacher"], { fullName: "Аксенова Мария Ильинична" });
    const b = await t.signIn(["teacher"], { fullName: "Белов Пётр Андреевич" });

    expect(await consents(tm.groupId, previous)).toBe(200);
    expect(await consents(tm.groupId, a)).toBe(403);

    const res = await app.request(
      "/api/orders/class-teacher-assignments",
      json(
        {
          academicYear: "2026/2027",
          assignments: [
            { groupId: tm.groupId, staffId: a.staff.staffId },
            { groupId: e.groupId, staffId: b.staff.staffId },
          ],
        },
        director.bearer,
      ),
    );
    expect(res.status).toBe(201);
    const order = (await res.json()) as { orderId: string; number: string; documentId: string };
    expect(order.number).toBe("1-од");

    expect(await consents(tm.groupId, a)).toBe(200);
    expect(await consents(e.groupId, a)).toBe(403);
    expect(await consents(e.groupId, b)).toBe(200);
    expect(await consents(tm.groupId, previous)).toBe(403);
    expect((await groups.get(tm.groupId, true))?.classTeacherIds).toEqual([a.staff.staffId]);
    expect((await t.staff.require(a.staff.staffId)).roleGrants).toEqual([
      { role: "class_teacher", from: t.today(), orderId: order.orderId },
    ]);

    const pdf = await downloadOrder(t, order.orderId, director.bearer);
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    const text = await pdfText(pdf);
    expect(text).toContain("О закреплении классных руководителей за учебными группами");
    expect(text).toContain("на 2026/2027 учебный год");
    expect(text).toContain("ТМ-21");
    expect(text).toContain("Аксенова Мария Ильинична");
    expect(text).toContain("Белов Пётр Андреевич");

    // A later order moves ТМ-21 to B: A has no group left and loses the role the order gave.
    const again = await app.request(
      "/api/orders/class-teacher-assignments",
      json({ assignments: [{ groupId: tm.groupId, staffId: b.staff.staffId }] }, director.bearer),
    );
    expect(again.status).toBe(201);
    const aNow = await t.staff.require(a.staff.staffId);
    expect(effectiveRoles(aNow, t.today())).not.toContain("class_teacher");
    expect(await consents(tm.groupId, a)).toBe(403);
    expect(await consents(tm.groupId, b)).toBe(200);
    expect(await consents(e.groupId, b)).toBe(200);
  });

  it("refuses non-pedagogical workers and unknown groups, naming the row, and writes nothing", async () => {
    const g = await groups.ensureGroup("ПК-31", SYSTEM);
    const accountant = await t.signIn(["employee"], { pedagogical: false, fullName: "Дьячков Олег Юрьевич" });
    const res = await app.request(
      "/api/orders/class-teacher-assignments",
      json(
        {
          assignments: [
            { groupId: g.groupId, staffId: accountant.staff.staffId },
            { groupId: "no-such-group", staffId: director.staff.staffId },
          ],
        },
        director.bearer,
      ),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(body.error.fields["assignments.0.staffId"]?.[0]).toContain(
      "не является педагогическим работником",
    );
    expect(body.error.fields["assignments.1.groupId"]).toEqual(["Группа не найдена"]);
    expect((await groups.get(g.groupId, true))?.classTeacherIds).toEqual([]);

    const dup = await app.request(
      "/api/orders/class-teacher-assignments",
      json(
        {
          assignments: [
            { groupId: g.groupId, staffId: "x" },
            { groupId: g.groupId, staffId: "y" },
          ],
        },
        director.bearer,
      ),
    );
    expect(dup.status).toBe(400);
    const empty = await app.request(
      "/api/orders/class-teacher-assignments",
      json({ assignments: [] }, director.bearer),
    );
    expect(empty.status).toBe(400);
    const byAdmin = await app.request(
      "/api/orders/class-teacher-assignments",
      json(
        { assignments: [{ groupId: g.groupId, staffId: director.staff.staffId }] },
        (await t.signIn(["administrator"])).bearer,
      ),
    );
    expect(byAdmin.status).toBe(403);
  });

  it("issues the distribution from the staff page form", async () => {
    const g = await groups.ensureGroup("СВ-41", SYSTEM);
    const teacher = await t.signIn(["teacher"], { fullName: "Ершова Анна Львовна" });
    const page = await app.request("/staff/orders/class-teachers", { headers: director.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("СВ-41");
    expect(html).toContain(`name="teacher.${g.groupId}"`);

    const accountant = await t.signIn(["employee"], { pedagogical: false });
    const bad = await app.request("/staff/orders/class-teachers", {
      method: "POST",
      body: form({
        _csrf: director.csrf,
        academicYear: "",
        [`teacher.${g.groupId}`]: accountant.staff.staffId,
      }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("не является педагогическим работником");
    expect(badHtml).toContain(`href="#f-teacher-${g.groupId}"`);

    const ok = await app.request("/staff/orders/class-teachers", {
      method: "POST",
      body: form({
        _csrf: director.csrf,
        academicYear: "2026/2027",
        [`teacher.${g.groupId}`]: teacher.staff.staffId,
      }).body,
      headers: { ...form({}).headers, ...director.cookie },
    });
    expect(ok.status).toBe(303);
    expect((await groups.get(g.groupId, true))?.classTeacherIds).toEqual([teacher.staff.staffId]);
  });
});
