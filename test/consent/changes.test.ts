import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import {
  type ConsentTestApp,
  consentTestApp,
  decisionBody,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
  saveFile,
  submitJson,
  tool,
} from "./support.js";

let t: ConsentTestApp;
let teacher: TestSession;
let groupId: string;
let links: Map<string, string>;

beforeAll(async () => {
  t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  teacher = await t.signIn(["class_teacher"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["МЕ-11", "Возвратов Олег Петрович", "Возвратова Анна Ивановна"],
      ["МЕ-11", "Частов Илья Петрович", "Частова Анна Ивановна"],
      ["МЕ-11", "Переизданов Марк Петрович", "Переизданова Анна Ивановна"],
    ]),
  );
  groupId = await groupIdByCode(t, admin, "МЕ-11");
  await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
  links = await groupLinks(t, teacher, groupId);
});

describe("coming back through the same link", () => {
  it("shows the current decision with its document and offers to change it", async () => {
    const token = links.get("Возвратов Олег Петрович")!;
    const first = await submitJson(t, token, decisionBody({ parentName: "Возвратова Анна Ивановна" }));
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain("Ваше текущее решение: согласие");
    expect(html).toContain(`документ № ${first.body.documentNumber}`);
    expect(html).toContain(`/c/${token}/documents/${first.body.documentId}`);
    expect(html).toContain("Изменить решение");
    // The relation is remembered; the name is not shown back (a leaked link reveals less).
    expect(html).toMatch(/value="mother" checked/);
    expect(html).not.toContain("Возвратова Анна Ивановна");
    // Without a decision the receipt sends the parent to the form.
    const other = links.get("Частов Илья Петрович")!;
    const receipt = await t.app.request(`/c/${other}/receipt`);
    expect(receipt.status).toBe(303);
    expect(receipt.headers.get("location")).toBe(`/c/${other}`);
  });

  it("lets a parent answer again after staff withdrew the document; the withdrawn one stays withdrawn", async () => {
    const token = links.get("Возвратов Олег Петрович")!;
    const current = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    await t.services.documents.withdraw(current.decision.documentId, SYSTEM, "Подписано не тем родителем");
    const again = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Возвратов Пётр Олегович", relation: "father" }),
    );
    expect(again.status).toBe(201);
    expect((await t.services.documents.get(current.decision.documentId))?.status).toBe("withdrawn");
    expect((await t.services.documents.get(again.body.documentId))?.supersedes).toBeUndefined();
  });

  it("limits changes of mind to 20 a day per link (429), keeping every document", async () => {
    const token = links.get("Частов Илья Петрович")!;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await submitJson(
        t,
        token,
        decisionBody({ parentName: "Частова Анна Ивановна", decision: i % 2 ? "refusal" : "consent" }),
      );
      statuses.push(res.status);
    }
    // The first answer is free; the next 20 changes pass; the 22nd submission is refused.
    expect(statuses.slice(0, 21).every((s) => s === 201)).toBe(true);
    expect(statuses[21]).toBe(429);
    const current = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(current.history).toHaveLength(20);
    const { resolveLink } = await import("@soglasie/core/consent/links");
    const { request } = await resolveLink(t.services, token);
    const docs = await t.services.documents.listByOwner("consent-request", request.requestId);
    // Each consent is two documents (with its personal-data consent); each refusal after a consent
    // two as well (with the withdrawal of that personal-data consent).
    expect(docs).toHaveLength(42);
    expect(
      docs
        .filter((d) => d.status === "current")
        .map((d) => d.type)
        .sort(),
    ).toEqual(["consent", "personal-data-consent"]);
  }, 60_000);

  it("re-issues one student's working link only after the confirmation page, and reports it in the row", async () => {
    const old = links.get("Переизданов Марк Петрович")!;
    const page = await (
      await t.app.request(`/staff/consents/${groupId}`, { headers: teacher.cookie })
    ).text();
    const confirmHref = /href="(\/staff\/consents\/[^"]+\/reissue\?student=([^"]+))"/.exec(page)!;
    const studentId = decodeURIComponent(confirmHref[2]!);
    // A post without the confirmation (an old page, a replayed form) only leads to the question.
    const bare = form({ _csrf: teacher.csrf, studentId });
    const unconfirmed = await t.app.request(`/staff/consents/${groupId}/reissue`, {
      method: "POST",
      body: bare.body,
      headers: { ...bare.headers, ...teacher.cookie },
    });
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.get("location")).toBe(confirmHref[1]!.replaceAll("&amp;", "&"));
    expect((await t.app.request(`/c/${old}`)).status).toBe(200);

    const question = await (
      await t.app.request(unconfirmed.headers.get("location")!, { headers: teacher.cookie })
    ).text();
    expect(question).toContain("Выдать новую ссылку?");
    expect(question).toContain("напечатанный листок и уже отправленная ссылка перестанут работать");
    expect(question).toContain(`href="/staff/consents/${groupId}#s-${studentId}"`);

    const post = form({ _csrf: teacher.csrf, studentId, confirm: "on" });
    const res = await t.app.request(`/staff/consents/${groupId}/reissue`, {
      method: "POST",
      body: post.body,
      headers: { ...post.headers, ...teacher.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=reissued&n=1");
    expect(res.headers.get("location")).toMatch(new RegExp(`#s-${studentId}$`));
    const after = await (
      await t.app.request(res.headers.get("location")!, { headers: teacher.cookie })
    ).text();
    // The message is in the student's row, where the page opens.
    expect(after).toMatch(
      new RegExp(`<tr id="s-${studentId}" class="highlight">.*?Выдана новая ссылка, она действует до`, "s"),
    );
    const fresh = await groupLinks(t, teacher, groupId);
    const renewed = [...fresh.values()].filter((v) => ![...links.values()].includes(v));
    expect(renewed).toHaveLength(1);
    expect(after).toContain(`/c/${renewed[0]}`);
    expect(after).not.toContain(`/c/${old}`);
    expect((await t.app.request(`/c/${old}`)).status).toBe(410);
  });

  it("names the regulation in force on the page and in the signed document", async () => {
    const { currentKey } = await import("@soglasie/core/regulation/keys");
    // The in-force pointer as the regulation workflow writes it when the director approves a version.
    await t.services.db.transact(
      [
        {
          put: {
            ...currentKey(t.services.config.orgId),
            versionId: "00000000-0000-4000-8000-000000000001",
            no: 1,
            documentId: "00000000-0000-4000-8000-000000000002",
            orderId: "00000000-0000-4000-8000-000000000003",
            orderNumber: "145-од",
            orderDate: "2026-11-12",
            adoption: { date: "2026-11-10", protocolNumber: "3" },
            rev: 1,
          },
        },
      ],
      [{ actor: SYSTEM, action: "test.regulation_in_force", entityType: "regulation", entityId: "test" }],
    );
    const token = [...(await groupLinks(t, teacher, groupId)).values()][0]!;
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain("утверждено приказом от 12.11.2026 № 145-од");
    const res = await submitJson(t, token, decisionBody({ parentName: "Переизданова Анна Ивановна" }));
    const pdf = await t.app.request(new URL(res.body.pdfUrl).pathname);
    const text = tool("pdftotext", [
      "-enc",
      "UTF-8",
      saveFile(new Uint8Array(await pdf.arrayBuffer())),
      "-",
    ]).out;
    expect(text.replace(/\s+/g, " ")).toContain("от 12.11.2026 № 145-од");
  });

  it("answers a form posted to an expired link with the 410 page, recording nothing", async () => {
    const token = [...(await groupLinks(t, teacher, groupId)).values()][0]!;
    const page = await (await t.app.request(`/c/${token}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    t.clock.addDays(t.services.config.linkTtlDays + 1);
    const post = form({
      _csrf: csrf,
      decision: "refusal",
      parentName: "Кто Угодно Иванович",
      relation: "other",
      studentAge: "minor",
      confirm: "on",
      pepRulesAccepted: "on",
    });
    const res = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: post.headers,
    });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Срок действия ссылки истёк");
  });
});
