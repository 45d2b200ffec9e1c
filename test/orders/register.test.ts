import { createHash } from "node:crypto";
import { DEMO_DATA } from "@soglasie/core/documents/demo";
import { issueOrder } from "@soglasie/core/orders/issue-order";
import { markOrderNoLongerCurrent } from "@soglasie/core/orders/register";
import { beforeAll, describe, expect, it } from "vitest";
import { json, type OrdersTestApp, ordersTestApp, pdfsig, pdfText, unzipFile, zipNames } from "./support.js";

type Session = Awaited<ReturnType<OrdersTestApp["signIn"]>>;
type OrderJson = {
  orderId: string;
  number: string;
  date: string;
  kind: string;
  status: string;
  title: string;
  documentId: string;
};

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("orders register, exports and downloads", () => {
  let t: OrdersTestApp;
  let director: Session;
  let admin: Session;
  let ids: Record<string, OrderJson>;
  /** This year and the previous one: the register spans two years. */
  let Y: number;
  let P: number;

  beforeAll(async () => {
    t = await ordersTestApp();
    Y = Number(t.today().slice(0, 4));
    P = Y - 1;
    director = await t.signIn(["director"], { pedagogical: false });
    const actor = { type: "staff", id: director.staff.staffId, role: "director" } as const;
    const approve = (date: string) =>
      issueOrder(t.services, {
        kind: "approve-regulation",
        documentType: "order-approve-regulation",
        title: "Об утверждении Положения об использовании ИКОП «Сферум»",
        date,
        actor,
        owner: { type: "regulation", id: `v-${date}` },
        buildData: () => DEMO_DATA["order-approve-regulation"],
      });
    // Two years, two kinds; one order no longer current.
    const a = await approve(`${P}-12-20`);
    await approve(`${Y}-01-12`);
    const teacher = await t.member(["teacher"], { fullName: "Аксенова Мария Ильинична" });
    const appointed = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: teacher.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    expect(appointed.status).toBe(201);
    // The appointee is the administrator from today (read-only access to the register).
    admin = await t.session(teacher);
    await markOrderNoLongerCurrent(t.services, a.orderId, actor);
    const all = (await (await t.app.request("/api/orders", { headers: director.bearer })).json()) as {
      orders: OrderJson[];
    };
    ids = Object.fromEntries(all.orders.map((o) => [`${o.date.slice(0, 4)}:${o.number}`, o]));
  });

  it("lists every order of every type with number, date, title, status and signer, filterable by year and kind", async () => {
    const res = await t.app.request("/api/orders", { headers: admin.bearer });
    expect(res.status).toBe(200);
    const all = (await res.json()) as {
      years: number[];
      orders: Array<OrderJson & { signedBy: { name: string } }>;
    };
    expect(all.orders).toHaveLength(3);
    expect(all.years).toEqual([Y, P]);
    expect(all.orders[0]).toMatchObject({
      number: "1-од",
      date: `${P}-12-20`,
      kind: "approve-regulation",
      status: "no_longer_current",
      signedBy: { name: t.services.config.org.directorName },
    });

    const y2025 = (await (
      await t.app.request(`/api/orders?year=${P}`, { headers: admin.bearer })
    ).json()) as { orders: OrderJson[] };
    expect(y2025.orders.map((o) => o.date)).toEqual([`${P}-12-20`]);

    const kind = (await (
      await t.app.request("/api/orders?kind=appoint-administrator", { headers: admin.bearer })
    ).json()) as {
      orders: OrderJson[];
    };
    expect(kind.orders.map((o) => o.kind)).toEqual(["appoint-administrator"]);

    const both = (await (
      await t.app.request(`/api/orders?year=${P}&kind=appoint-administrator`, { headers: admin.bearer })
    ).json()) as {
      orders: OrderJson[];
    };
    expect(both.orders).toEqual([]);

    const bad = await t.app.request("/api/orders?year=abc&kind=unknown", { headers: admin.bearer });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(err.error.fields).sort()).toEqual(["kind", "year"]);
  });

  it("exports the register as Excel-friendly CSV", async () => {
    const res = await t.app.request(`/api/orders/register.csv?year=${Y}`, { headers: director.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe("№ п/п;Номер приказа;Дата;Заголовок;Вид;Статус;Подписал");
    expect(lines).toHaveLength(2 + 2); // header, two orders of this year, trailing empty line
    expect(lines[1]).toBe(
      `1;1-од;12.01.${Y};Об утверждении Положения об использовании ИКОП «Сферум»;Утверждение Положения;Действует;${t.services.config.org.directorPosition} ${t.services.config.org.directorName}`,
    );
  });

  it("exports the register as a signed PDF", async () => {
    const res = await t.app.request("/api/orders/register.pdf", { headers: admin.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    const text = await pdfText(pdf);
    expect(text).toContain("ЖУРНАЛ");
    expect(text).toContain("регистрации приказов за все годы");
    expect(text).toContain(`20.12.${P}`);
    expect(text).toContain("О назначении администратора ИКОП «Сферум»");
    expect(text).toContain("Утратил силу");
    expect(text).toContain("Всего приказов: 3");
  });

  it("downloads one order through a short-lived presigned URL and several as a ZIP", async () => {
    const order = ids[`${Y}:1-од`]!;
    const res = await t.app.request(`/api/orders/${order.orderId}/pdf`, { headers: admin.bearer });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get("location")!);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    const pdf = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const record = await t.services.documents.get(order.documentId);
    expect(sha(pdf)).toBe(record?.sha256);

    const chosen = Object.values(ids);
    const zip = await t.app.request(
      `/api/orders/archive.zip?${chosen.map((o) => `id=${o.orderId}`).join("&")}`,
      {
        headers: director.bearer,
      },
    );
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const bytes = new Uint8Array(await zip.arrayBuffer());
    const names = await zipNames(bytes);
    expect(names.sort()).toEqual(
      [
        `Приказ_1-од_от_12.01.${Y}.pdf`,
        `Приказ_1-од_от_20.12.${P}.pdf`,
        `Приказ_2-од_от_${ruToday(t)}.pdf`,
      ].sort(),
    );
    const inside = await unzipFile(bytes, `Приказ_1-од_от_12.01.${Y}.pdf`);
    expect(sha(inside)).toBe(record?.sha256);

    const none = await t.app.request("/api/orders/archive.zip", { headers: director.bearer });
    expect(none.status).toBe(400);
    const unknown = await t.app.request("/api/orders/00000000-0000-4000-8000-000000000000/pdf", {
      headers: director.bearer,
    });
    expect(unknown.status).toBe(404);
  });

  it("lets only the director and the administrator see and download orders", async () => {
    const order = ids[`${Y}:1-од`]!;
    const paths = [
      "/api/orders",
      "/api/orders/register.csv",
      "/api/orders/register.pdf",
      `/api/orders/${order.orderId}`,
      `/api/orders/${order.orderId}/pdf`,
      `/api/orders/archive.zip?id=${order.orderId}`,
    ];
    const teacher = await t.signIn(["teacher", "class_teacher"]);
    const secretary = await t.signIn(["council_secretary", "teacher"]);
    const employee = await t.signIn(["employee"], { pedagogical: false });
    for (const path of paths) {
      for (const who of [teacher, secretary, employee]) {
        expect((await t.app.request(path, { headers: who.bearer })).status, `${path}`).toBe(403);
      }
      // Parents have no staff session: their personal links never open staff routes.
      expect((await t.app.request(path)).status, path).toBe(401);
      expect((await t.app.request(path, { headers: { authorization: "Bearer forged.token" } })).status).toBe(
        401,
      );
    }
    expect((await t.app.request("/staff/orders", { headers: teacher.cookie })).status).toBe(403);
    expect((await t.app.request("/staff/orders")).status).toBe(303);
    // The administrator reads the register page but has no issuing forms.
    const page = await t.app.request("/staff/orders", { headers: admin.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Журнал регистрации приказов");
    expect(html).not.toContain('href="/staff/orders/appoint"');
    expect((await t.app.request("/staff/orders/appoint", { headers: admin.cookie })).status).toBe(403);
    expect((await t.app.request("/staff/orders/class-teachers", { headers: admin.cookie })).status).toBe(403);
  });

  it("shows the register page with filters and download links for the director", async () => {
    const page = await t.app.request(`/staff/orders?year=${P}`, { headers: director.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/staff/orders/appoint"');
    expect(html).toContain(`/api/orders/${ids[`${P}:1-од`]!.orderId}/pdf`);
    expect(html).not.toContain(`/api/orders/${ids[`${Y}:1-од`]!.orderId}/pdf`);
    expect(html).toContain(`/api/orders/register.csv?year=${P}`);
    expect(html).toContain("Утратил силу");
    const bad = await t.app.request("/staff/orders?year=1", { headers: director.cookie });
    expect(bad.status).toBe(400);
  });
});

function ruToday(t: OrdersTestApp) {
  const [y, m, d] = t.today().split("-");
  return `${d}.${m}.${y}`;
}
