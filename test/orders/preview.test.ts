import { listOrders } from "@soglasie/core/orders/register";
import { beforeAll, describe, expect, it } from "vitest";
import { form } from "../support/app.js";
import { addDays, json, type OrdersTestApp, ordersTestApp, pdfsig, pdfText } from "./support.js";

/**
 * Issue 14: every order is shown before it is signed. The draft is the same order marked «ПРОЕКТ»
 * with «№ ___», unsigned, without a QR code, and nothing is registered or stored for it.
 */
describe("orders previewed before signing", () => {
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

  it("the appointment form's draft is the order marked «ПРОЕКТ», unnumbered and unsigned; nothing is registered", async () => {
    const appointee = await t.member(["teacher"], {
      fullName: "Смирнов Алексей Игоревич",
      position: "Преподаватель информатики",
    });
    const page = await (await t.app.request("/staff/orders/appoint", { headers: director.cookie })).text();
    expect(page).toContain('formaction="/staff/orders/appoint/draft.pdf"');
    expect(page).toContain("Подписать и зарегистрировать");

    const f = form({
      _csrf: director.csrf,
      staffId: appointee.staffId,
      effectiveFrom: addDays(t.today(), 2),
    });
    const res = await t.app.request("/staff/orders/appoint/draft.pdf", {
      method: "POST",
      body: f.body,
      headers: { ...f.headers, ...director.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = await pdfText(bytes);
    expect(text).toContain("ПРОЕКТ: документ не подписан и не зарегистрирован");
    expect(text).toContain("№ ___");
    expect(text).toContain("Смирнова Алексея Игоревича");
    expect(text).toContain("ДОКУМЕНТ НЕ ПОДПИСАН");
    expect(text).not.toContain("/verify/");
    expect(await pdfsig(bytes)).toMatch(/does not contain any signatures/);
    expect(await listOrders(t.services, {})).toEqual([]);
  });

  it("a refused draft says why on the form, like the signing would", async () => {
    const accountant = await t.member(["employee"], { fullName: "Орлова Анна Павловна", pedagogical: false });
    const f = form({ _csrf: director.csrf, staffId: accountant.staffId, effectiveFrom: t.today() });
    const res = await t.app.request("/staff/orders/appoint/draft.pdf", {
      method: "POST",
      body: f.body,
      headers: { ...f.headers, ...director.cookie },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("не является педагогическим работником");
  });

  it("pages the register 50 rows at a time and keeps the filter in the page links", async () => {
    const appointee = await t.member(["teacher"], {
      fullName: "Лебедев Павел Олегович",
      position: "Преподаватель",
    });
    for (let i = 0; i < 51; i++) {
      const res = await t.app.request(
        "/api/orders/administrator-appointments",
        json({ staffId: appointee.staffId, effectiveFrom: t.today() }, director.bearer),
      );
      expect(res.status).toBe(201);
    }
    const first = await (await t.app.request("/staff/orders", { headers: director.cookie })).text();
    expect(first).toContain("Приказы 1–50 из 51, страница 1 из 2.");
    expect(first).toContain('href="?page=2"');
    const second = await (await t.app.request("/staff/orders?page=2", { headers: director.cookie })).text();
    expect(second).toContain("Приказы 51–51 из 51, страница 2 из 2.");
    const filtered = await (
      await t.app.request("/staff/orders?kind=appoint-administrator", { headers: director.cookie })
    ).text();
    expect(filtered).toContain('href="?kind=appoint-administrator&amp;page=2"');
  }, 120_000);
});
