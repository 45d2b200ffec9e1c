import { createHash } from "node:crypto";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { issueOrder } from "@soglasie/core/orders/issue-order";
import { registerExtractKey } from "@soglasie/core/orders/keys";
import { markOrderNoLongerCurrent } from "@soglasie/core/orders/register";
import { registerPdf } from "@soglasie/core/orders/register-pdf";
import { beforeAll, describe, expect, it } from "vitest";
import {
  json,
  type OrdersTestApp,
  ordersTestApp,
  pdfsig,
  pdfText,
  qpdfCheck,
  unzipFile,
  zipNames,
} from "./support.js";

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
      // The director who signed in and signed it, with the head's position of the organisation.
      signedBy: { name: director.staff.fullName, position: t.services.config.org.directorPosition },
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
      `1;1-од;12.01.${Y};Об утверждении Положения об использовании ИКОП «Сферум»;Утверждение Положения;Действует;${t.services.config.org.directorPosition} ${director.staff.fullName}`,
    );
  });

  it("exports the register as a signed PDF", async () => {
    const res = await t.app.request("/api/orders/register.pdf", { headers: admin.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(await pdfsig(pdf)).toContain("Signature is Valid.");
    expect(await qpdfCheck(pdf)).toContain("No syntax or stream encoding errors");
    const text = await pdfText(pdf);
    // One name in the title and the text; a number of the extracts' own series, not «б/н».
    expect(text).toContain("ВЫПИСКА");
    expect(text).not.toContain("ЖУРНАЛ");
    expect(text).toContain("из журнала регистрации приказов за все годы");
    expect(text).toMatch(/№ ВЖ-\d+/);
    expect(text).not.toContain("б/н");
    expect(text).toContain("Сформирована");
    expect(text).toContain(`20.12.${P}`);
    expect(text).toContain("О назначении администратора ИКОП «Сферум»");
    expect(text).toContain("Утратил силу");
    expect(text).toContain("Всего приказов: 3");
    // The QR code and the signature mark lead to this extract's own verification page.
    expect(text).toContain(`/verify/${res.headers.get("x-document-id")}`);
  });

  it("issues each extract as a document: /verify says issued, unaltered and current until a newer extract of the same filter", async () => {
    const download = async (query: string) => {
      const res = await t.app.request(`/api/orders/register.pdf${query}`, { headers: director.bearer });
      expect(res.status).toBe(200);
      return { id: res.headers.get("x-document-id")!, pdf: new Uint8Array(await res.arrayBuffer()) };
    };
    const verify = async (pdf: Uint8Array) => {
      const res = await t.app.request("/api/verify", {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: pdf as Uint8Array<ArrayBuffer>,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };

    const first = await download(`?year=${Y}`);
    expect(await pdfsig(first.pdf)).toContain("Signature is Valid.");
    expect(await verify(first.pdf)).toMatchObject({
      issued: true,
      unaltered: true,
      current: true,
      signatureValid: true,
      documentId: first.id,
      type: "orders-register",
      title: `Выписка из журнала регистрации приказов за ${Y} год`,
      number: expect.stringMatching(/^ВЖ-\d+$/),
      status: "current",
    });
    const record = await t.services.documents.get(first.id);
    expect(record).toMatchObject({
      owner: { type: "orders_register", id: String(Y) },
      sha256: sha(first.pdf),
    });

    // Another filter is another series: it does not replace the year's extract.
    const byKind = await download(`?year=${Y}&kind=appoint-administrator`);
    expect((await t.services.documents.get(byKind.id))?.owner).toEqual({
      type: "orders_register",
      id: `${Y}:appoint-administrator`,
    });
    expect(await verify(first.pdf)).toMatchObject({ issued: true, current: true });

    // A newer extract of the same filter supersedes the earlier one.
    const second = await download(`?year=${Y}`);
    expect(second.id).not.toBe(first.id);
    // Every extract takes the next number of the year's series, whatever its filter.
    const seqOf = async (id: string) => Number((await t.services.documents.get(id))?.number.slice(3));
    expect([await seqOf(byKind.id), await seqOf(second.id)]).toEqual([
      (await seqOf(first.id)) + 1,
      (await seqOf(first.id)) + 2,
    ]);
    expect(await verify(first.pdf)).toMatchObject({
      issued: true,
      unaltered: true,
      current: false,
      status: "superseded",
    });
    expect(await verify(second.pdf)).toMatchObject({ issued: true, unaltered: true, current: true });
    expect(await t.services.documents.get(first.id)).toMatchObject({ supersededBy: second.id });
    expect(await verify(byKind.pdf)).toMatchObject({ current: true });

    // A changed byte is detected (the bytes are not the issued ones).
    const altered = Uint8Array.from(second.pdf);
    const middle = altered.length >> 1;
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    expect(await verify(altered)).toMatchObject({ unaltered: false });

    // Concurrent extracts of one filter: exactly one stays current.
    const racing = await Promise.all([
      download(`?kind=approve-regulation`),
      download(`?kind=approve-regulation`),
    ]);
    const statuses = await Promise.all(racing.map((r) => t.services.documents.get(r.id)));
    expect(statuses.map((r) => r?.status).sort()).toEqual(["current", "superseded"]);
    const series = await t.services.documents.listByOwner("orders_register", "all:approve-regulation");
    expect(series.filter((d) => d.status === "current")).toHaveLength(1);
  });

  it("retries when another process issues an extract of the same filter between its read and its write", async () => {
    const actor = { type: "staff", id: director.staff.staffId, role: "director" } as const;
    const before = await registerPdf(t.services, { year: P }, actor);
    const documents = t.services.documents;
    const realPrepare = documents.prepare.bind(documents);
    let rival: string | undefined;
    // Another Lambda container cannot run inside this process: its effect is injected while our
    // first attempt renders (after we read the pointer), exactly as it would land in the table.
    documents.prepare = async (input) => {
      const mine = await realPrepare(input);
      if (!rival) {
        const other = await realPrepare({ ...input, supersedes: [before.record.documentId] });
        await t.services.db.transact(
          [
            {
              put: {
                ...registerExtractKey(t.services.config.orgId, String(P)),
                entity: "orders-register-extract",
                documentId: other.documentId,
              },
            },
            ...other.txItems,
          ],
          [other.auditEvent],
        );
        rival = other.documentId;
      }
      return mine;
    };
    let after: Awaited<ReturnType<typeof registerPdf>>;
    try {
      after = await registerPdf(t.services, { year: P }, actor);
    } finally {
      Reflect.deleteProperty(documents, "prepare");
    }
    expect(rival).toBeDefined();
    const series = await documents.listByOwner("orders_register", String(P));
    expect(series.filter((d) => d.status === "current").map((d) => d.documentId)).toEqual([
      after.record.documentId,
    ]);
    expect(after.supersedes).toBe(rival);
    expect(await documents.get(rival!)).toMatchObject({
      status: "superseded",
      supersededBy: after.record.documentId,
    });
    expect(await documents.get(before.record.documentId)).toMatchObject({ supersededBy: rival });
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
