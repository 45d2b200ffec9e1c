import { orderCounterKey } from "@soglasie/core/orders/keys";
import { listOrders } from "@soglasie/core/orders/register";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "../support/app.js";
import {
  follow,
  json,
  jsonOf,
  meetingRequest,
  pdfsig,
  pdfText,
  protocolPdf,
  qpdfCheck,
  type RegulationTestApp,
  regulationTestApp,
} from "./support.js";

let t: RegulationTestApp;
let admin: TestSession;
let secretary: TestSession;
let director: TestSession;
let scan: Uint8Array;
let protocolNo = 0;

async function createVersion(text?: string): Promise<string> {
  const res = await t.app.request(
    "/api/regulations",
    json(text ? { source: "upload", text, note: "Изменения" } : { source: "template" }, admin.bearer),
  );
  expect(res.status).toBe(201);
  return (await jsonOf(res)).versionId;
}

async function adopt(versionId: string): Promise<{ meetingId: string; extractDocumentId: string }> {
  protocolNo++;
  const res = await t.app.request(
    "/api/council/meetings",
    meetingRequest(
      { versionId, date: t.today(), protocolNumber: String(protocolNo) },
      scan,
      secretary.bearer,
    ),
  );
  expect(res.status).toBe(201);
  const body = await jsonOf(res);
  expect(body.outcome).toBe("adopted");
  return body;
}

const approve = (versionId: string, who: TestSession = director, body?: unknown) =>
  t.app.request(`/api/regulations/${versionId}/approve`, {
    method: "POST",
    headers: { "content-type": "application/json", ...who.bearer },
    body: body ? JSON.stringify(body) : "",
  });

const orderCounter = async () =>
  (
    await t.services.db.get<{ seq: number }>(
      orderCounterKey(t.services.config.orgId, Number(t.today().slice(0, 4))),
      true,
    )
  )?.seq ?? 0;

beforeAll(async () => {
  t = await regulationTestApp();
  admin = await t.signIn(["administrator", "teacher"], {
    fullName: "Смирнов Алексей Игоревич",
    position: "Преподаватель информатики",
  });
  secretary = await t.signIn(["council_secretary", "teacher"]);
  director = await t.signIn(["director", "employee"], {
    fullName: "Иванова Светлана Петровна",
    position: "Директор",
  });
  scan = await protocolPdf();
});

describe("regulation lifecycle: draft → adopted → in force → superseded", () => {
  it("answers /regulation.pdf with a Russian 404 page while there is not even a draft", async () => {
    const res = await t.app.request("/regulation.pdf");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Положение ещё не подготовлено: проекта пока нет");
  });

  it("runs the whole path twice; each PDF is valid and the first version ends superseded", async () => {
    // v1: draft from templates/.
    const v1 = await createVersion();
    const list0 = await jsonOf(await t.app.request("/api/regulations", { headers: secretary.bearer }));
    expect(list0.current).toBeNull();
    expect(list0.versions.find((v: { versionId: string }) => v.versionId === v1)).toMatchObject({
      state: "draft",
      source: "template",
      textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // Approving a draft the council has not adopted is refused and changes nothing.
    const early = await approve(v1);
    expect(early.status).toBe(409);
    expect((await jsonOf(early)).error.message).toContain("принятую педагогическим советом");
    const countBefore = await orderCounter();

    // Council.
    const m1 = await adopt(v1);
    const extract = await t.services.documents.pdf(m1.extractDocumentId);
    expect(await pdfsig(extract)).toContain("Signature is Valid.");

    // Director.
    const res = await approve(v1);
    expect(res.status).toBe(201);
    const order1 = await jsonOf(res);
    expect(order1).toMatchObject({
      orderId: expect.any(String),
      number: `${countBefore + 1}-од`,
      date: t.today(),
      documentId: expect.any(String),
    });

    const orderPdf = await t.services.documents.pdf(order1.documentId);
    expect(await pdfsig(orderPdf)).toContain("Signature is Valid.");
    await qpdfCheck(orderPdf);
    const orderText = await pdfText(orderPdf);
    expect(orderText).toContain("ПРИКАЗ");
    expect(orderText).toContain(order1.number);
    expect(orderText).toContain("Смирнов"); // the administrator is charged with acquainting staff

    const version1 = await new RegulationRepository(t.services).require(v1);
    expect(version1).toMatchObject({
      state: "in_force",
      inForceFrom: t.today(),
      approval: { orderId: order1.orderId, number: order1.number },
    });

    // The in-force PDF carries both marks and is what /regulation.pdf serves (publicly).
    const reg1 = await follow(await t.app.request("/regulation.pdf"));
    expect(await pdfsig(reg1)).toContain("Signature is Valid.");
    await qpdfCheck(reg1);
    const reg1Text = await pdfText(reg1);
    const dmy = t.today().split("-").reverse().join(".");
    expect(reg1Text).toContain("ПРИНЯТО");
    expect(reg1Text).toContain(`протокол от ${dmy} № ${protocolNo}`);
    expect(reg1Text).toContain("УТВЕРЖДЕНО");
    expect(reg1Text).toContain(`от ${dmy} № ${order1.number}`);
    expect(reg1Text).toContain("4.1. Настоящее Положение вступает в силу со дня его утверждения");
    expect(Buffer.from(reg1).equals(Buffer.from(await t.services.documents.pdf(version1.documentId!)))).toBe(
      true,
    );

    // Approving it again is refused.
    const twice = await approve(v1);
    expect(twice.status).toBe(409);
    expect((await jsonOf(twice)).error.message).toContain("уже утверждена");

    // v2: an edited text.
    const text1 = await new RegulationRepository(t.services).text(version1);
    const edited = text1.replace(
      "4.3. В случае изменений",
      "4.4. Текст дополнен для проверки новой редакции.\n\n4.3. В случае изменений",
    );
    const v2 = await createVersion(edited);
    await adopt(v2);
    const res2 = await approve(v2, director, { responsibleStaffId: secretary.staff.staffId });
    expect(res2.status).toBe(201);
    const order2 = await jsonOf(res2);
    expect(order2.number).toBe(`${countBefore + 2}-од`);

    const repo = new RegulationRepository(t.services);
    const [after1, after2, current] = await Promise.all([repo.require(v1), repo.require(v2), repo.current()]);
    expect(after1).toMatchObject({ state: "superseded", inForceTo: t.today(), supersededBy: v2 });
    expect(after2.state).toBe("in_force");
    expect(current).toMatchObject({ versionId: v2, orderNumber: order2.number });

    // Documents of v1 are marked superseded; the register keeps the old order, no longer current.
    expect((await t.services.documents.get(after1.documentId!))?.status).toBe("superseded");
    expect((await t.services.documents.get(order1.documentId))?.status).toBe("superseded");
    const orders = await listOrders(t.services, { kind: "approve-regulation" });
    expect(orders.find((o) => o.orderId === order1.orderId)).toMatchObject({
      status: "no_longer_current",
      replacedBy: order2.orderId,
    });
    expect(orders.find((o) => o.orderId === order2.orderId)?.status).toBe("current");

    // /regulation.pdf now serves v2 with its own text and marks.
    const reg2 = await follow(await t.app.request("/regulation.pdf"));
    expect(await pdfsig(reg2)).toContain("Signature is Valid.");
    const reg2Text = await pdfText(reg2);
    expect(reg2Text).toContain("4.4. Текст дополнен для проверки новой редакции.");
    expect(reg2Text).toContain(`№ ${order2.number}`);

    const verify = await t.services.documents.verifyBytes(reg1);
    expect(verify).toMatchObject({ issued: true, unaltered: true, current: false });
  });

  it("lets only the director approve (others 403, nothing changes)", async () => {
    const v = await createVersion(
      `${await new RegulationRepository(t.services).text((await new RegulationRepository(t.services).list())[0]!)}\nПриложение 1.\n`,
    );
    await adopt(v);
    const before = await orderCounter();
    for (const who of [admin, secretary, await t.signIn(["teacher"])]) {
      const res = await approve(v, who);
      expect(res.status).toBe(403);
      expect((await jsonOf(res)).error.code).toBe("forbidden");
    }
    expect(
      (
        await t.app.request(`/api/regulations/${v}/approve`, {
          method: "POST",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(401);
    expect((await new RegulationRepository(t.services).require(v)).state).toBe("adopted");
    expect(await orderCounter()).toBe(before);
  });

  it("two concurrent approvals: exactly one wins, the other gets a clear 409, numbering stays gap-free", async () => {
    const repo = new RegulationRepository(t.services);
    const base = await repo.text((await repo.list())[0]!);
    const a = await createVersion(`${base}\nВариант А.\n`);
    const b = await createVersion(`${base}\nВариант Б.\n`);
    await adopt(a);
    await adopt(b);
    const before = await orderCounter();

    // The same version approved twice at once…
    const same = await Promise.all([approve(a), approve(a)]);
    expect(same.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = same.find((r) => r.status === 409)!;
    expect((await jsonOf(loser)).error.message).toMatch(/изменено одновременно|уже утверждена/);
    // …and then the in-force one again together with another adopted version.
    const mixed = await Promise.all([approve(a), approve(b)]);
    expect(mixed.map((r) => r.status)).toEqual([409, 201]);
    const orders = await listOrders(t.services, { year: Number(t.today().slice(0, 4)) });
    const seqs = orders.map((o) => o.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await orderCounter()).toBe(before + 2);
    expect((await repo.current())?.versionId).toBe(b);
    expect((await repo.require(a)).state).toBe("superseded");
  });

  it("two different adopted versions approved at once: exactly one comes into force", async () => {
    const repo = new RegulationRepository(t.services);
    const base = await repo.text((await repo.list())[0]!);
    const c = await createVersion(`${base}\nВариант В.\n`);
    const d = await createVersion(`${base}\nВариант Г.\n`);
    await adopt(c);
    await adopt(d);
    const before = await orderCounter();
    const results = await Promise.all([approve(c), approve(d)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect((await jsonOf(loser)).error.code).toBe("concurrent_change");
    expect(await orderCounter()).toBe(before + 1);
    const winner = results[0]!.status === 201 ? c : d;
    const other = winner === c ? d : c;
    expect((await repo.current())?.versionId).toBe(winner);
    expect((await repo.require(other)).state).toBe("adopted");
    const inForce = (await repo.list()).filter((v) => v.state === "in_force");
    expect(inForce.map((v) => v.versionId)).toEqual([winner]);
  });

  it("repeals the in-force version: nothing is in force afterwards", async () => {
    const repo = new RegulationRepository(t.services);
    const current = await repo.current();
    const res = await t.app.request(
      `/api/regulations/${current!.versionId}/repeal`,
      json({ reason: "Принят новый федеральный акт" }, director.bearer),
    );
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).state).toBe("repealed");
    const repealed = await repo.require(current!.versionId);
    expect(repealed).toMatchObject({ repealReason: "Принят новый федеральный акт", inForceTo: t.today() });
    expect((await t.services.documents.get(repealed.documentId!))?.status).toBe("withdrawn");
    const orders = await listOrders(t.services, { kind: "approve-regulation" });
    expect(orders.find((o) => o.orderId === current!.orderId)?.status).toBe("no_longer_current");
    expect(await repo.current()).toBeUndefined();
    // Nothing is in force: the public link shows a draft, marked as one, not the repealed text.
    const after = await t.app.request("/regulation.pdf");
    expect(after.headers.get("content-type")).toBe("application/pdf");
    expect(await pdfText(new Uint8Array(await after.arrayBuffer()))).toContain("ПРОЕКТ");
    const again = await t.app.request(
      `/api/regulations/${current!.versionId}/repeal`,
      json({ reason: "x" }, director.bearer),
    );
    expect(again.status).toBe(409);
  });
});
