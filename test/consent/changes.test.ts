import { GroupRepository } from "@soglasie/core/roster/groups";
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
  submitJson,
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
    const { ConsentRequests } = await import("@soglasie/core/consent/requests");
    const { request } = await new ConsentRequests(t.services).resolve(token);
    const docs = await t.services.documents.listByOwner("consent-request", request.requestId);
    expect(docs).toHaveLength(21);
    expect(docs.filter((d) => d.status === "current")).toHaveLength(1);
  }, 60_000);

  it("re-issues one student's link from the group page and shows the new one", async () => {
    const old = links.get("Переизданов Марк Петрович")!;
    const page = await (
      await t.app.request(`/staff/consents/${groupId}`, { headers: teacher.cookie })
    ).text();
    const studentId = /name="studentId" value="([^"]+)"/.exec(page)![1]!;
    const post = form({ _csrf: teacher.csrf, studentId });
    const res = await t.app.request(`/staff/consents/${groupId}/reissue`, {
      method: "POST",
      body: post.body,
      headers: { ...post.headers, ...teacher.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=reissued&n=1");
    const after = await (
      await t.app.request(res.headers.get("location")!, { headers: teacher.cookie })
    ).text();
    expect(after).toContain("Выдано новых ссылок: 1.");
    const fresh = await groupLinks(t, teacher, groupId);
    const renewed = [...fresh.values()].filter((v) => ![...links.values()].includes(v));
    expect(renewed).toHaveLength(1);
    expect(after).toContain(`/c/${renewed[0]}`);
    expect(after).not.toContain(`/c/${old}`);
    expect((await t.app.request(`/c/${old}`)).status).toBe(410);
  });

  it("answers a form posted to an expired link with the 410 page, recording nothing", async () => {
    const token = [...(await groupLinks(t, teacher, groupId)).values()][0]!;
    const page = await (await t.app.request(`/c/${token}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    t.clock.advanceDays(t.services.config.linkTtlDays + 1);
    const post = form({
      _csrf: csrf,
      decision: "refusal",
      parentName: "Кто Угодно Иванович",
      relation: "other",
      confirm: "on",
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
