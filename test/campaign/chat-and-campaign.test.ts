import { answersPerDay } from "@soglasie/core/campaign/answers";
import { chatOfferText } from "@soglasie/core/chat/group-chat";
import { isChatInvitationUrl } from "@soglasie/core/chat/rules";
import type { ConsentRequest } from "@soglasie/core/consent/types";
import { outboxPutItem } from "@soglasie/core/messages/outbox";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { AnswersChart } from "../../packages/functions/src/apps/campaign/views/answers-chart.js";
import {
  type ConsentTestApp,
  consentTestApp,
  decisionBody,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
  submitJson,
} from "../consent/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";

/**
 * The parents' chat of a group (clauses 2.5, 2.3, 1.8) and the administrator's campaign view: the
 * class teacher stores the Sferum/MAX invitation, only consenting parents see it, the administrator
 * sees it handed out and records its revocation once the campaign is over; answers per day as SVG.
 */
const CHAT = "https://max.ru/join/AbCdEf0123456789_chat-TM21";
let t: ConsentTestApp;
let admin: TestSession;
let director: TestSession;
let teacher: TestSession;
let otherTeacher: TestSession;
let tm21: string;
let links: Map<string, string>;
let el11Link: string;

const putChat = (groupId: string, body: unknown, session: TestSession) =>
  t.app.request(`/api/groups/${groupId}/chat`, {
    method: "PUT",
    headers: { ...session.bearer, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const postPage = (path: string, fields: Record<string, string>, session: TestSession) => {
  const f = form({ _csrf: session.csrf, ...fields });
  return t.app.request(path, { method: "POST", body: f.body, headers: { ...f.headers, ...session.cookie } });
};
const pageOf = async (path: string, session?: TestSession) => {
  const res = await t.app.request(path, { headers: session?.cookie ?? {} });
  return { status: res.status, html: await res.text() };
};
/** Moves the clock and renews the sessions (a session's age is checked against the clock). */
async function passDays(n: number) {
  t.clock.addDays(n);
  [admin, director, teacher] = await Promise.all([
    t.session(admin.staff),
    t.session(director.staff),
    t.session(teacher.staff),
  ]);
}
const consent = (token: string, over: Record<string, unknown> = {}) =>
  submitJson(t, token, decisionBody(over));

beforeAll(async () => {
  t = await consentTestApp(); // 2026-11-25 12:00 in Chita
  admin = await t.signIn(["administrator"]);
  director = await t.signIn(["director"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ТМ-21", "Кузнецов Павел Олегович", "Кузнецова Ольга Ивановна"],
      ["ТМ-21", "Лебедева Анна Сергеевна", "Лебедев Сергей Петрович"],
      ["ТМ-21", "Морозов Игорь Денисович", "Морозова Нина Ивановна"],
      ["ЭЛ-11", "Орлов Денис Ильич", "Орлова Вера Павловна"],
    ]),
  );
  tm21 = await groupIdByCode(t, admin, "ТМ-21");
  links = await groupLinks(t, admin, tm21);
  el11Link = [...(await groupLinks(t, admin, await groupIdByCode(t, admin, "ЭЛ-11"))).values()][0]!;
  teacher = await t.signIn(["class_teacher"], "Смирнова Елена Викторовна");
  otherTeacher = await t.signIn(["class_teacher"], "Петрова Ирина Олеговна");
  await new GroupRepository(t.services).setClassTeachers(tm21, [teacher.staff.staffId], SYSTEM);
}, 60_000);

describe("the invitation link", { timeout: 120_000 }, () => {
  it("accepts only https links on the Sferum/MAX hosts", () => {
    expect(isChatInvitationUrl(CHAT)).toBe(true);
    expect(isChatInvitationUrl("https://sferum.ru/?p=messages&join=Y3YK9q6lMAzsRU4k")).toBe(true);
    expect(isChatInvitationUrl("https://web.max.ru/-68396892343002")).toBe(true);
    for (const bad of [
      "http://max.ru/join/abc",
      "https://max.ru/",
      "https://max.ru.evil.example/join/abc",
      "https://user:pw@max.ru/join/abc",
      "https://max.ru:8443/join/abc",
      "javascript:alert(1)",
      "max.ru/join/abc",
    ])
      expect(isChatInvitationUrl(bad), bad).toBe(false);
  });

  it("the class teacher stores it (page, CSRF); others may not; bad links are refused at the field", async () => {
    const refused = await putChat(tm21, { url: "http://max.ru/join/abc" }, teacher);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error.fields.url[0]).toContain("https://");
    expect((await putChat(tm21, { url: CHAT }, otherTeacher)).status).toBe(403);

    const stored = await postPage(`/staff/consents/${tm21}/chat`, { url: CHAT, version: "0" }, teacher);
    expect(stored.status).toBe(303);
    const bad = await postPage(
      `/staff/consents/${tm21}/chat`,
      { url: "https://vk.com/chat", version: "1" },
      teacher,
    );
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("<title>Ошибка: Чат родителей группы ТМ-21");
    expect(badHtml).toMatch(/id="e-url"[^>]*>Нужна ссылка-приглашение «Сферума» или MAX/);
    const f = form({ url: CHAT, version: "1" }); // no _csrf
    const forged = await t.app.request(`/staff/consents/${tm21}/chat`, {
      method: "POST",
      body: f.body,
      headers: { ...f.headers, ...teacher.cookie },
    });
    expect(forged.status).toBe(403);

    const api = await t.app.request(`/api/groups/${tm21}/chat`, { headers: teacher.bearer });
    expect(await api.json()).toMatchObject({ url: CHAT, handedOutAt: null, revokedOn: null, version: 1 });
    const page = await pageOf(`/staff/consents/${tm21}/chat`, teacher);
    expect(page.html).toContain("ещё никому не показана");
  });
});

describe("only consenting parents get it", { timeout: 120_000 }, () => {
  it("shows the link on a consenting parent's receipt and marks it handed out; a refusing parent gets clause 1.8", async () => {
    const a = links.get("Кузнецов Павел Олегович")!;
    expect((await consent(a)).status).toBe(201);
    const receipt = await pageOf(`/c/${a}/receipt`);
    expect(receipt.html).toContain(`href="${CHAT}"`);
    expect(receipt.html).toContain("Перейти в чат группы");
    const chat = (await (
      await t.app.request(`/api/groups/${tm21}/chat`, { headers: admin.bearer })
    ).json()) as any;
    expect(chat.handedOutAt).toBe(t.clock.now().toISOString());

    await passDays(1);
    const b = links.get("Лебедева Анна Сергеевна")!;
    expect(
      (await consent(b, { decision: "refusal", alternatives: ["diary"], personalData: undefined })).status,
    ).toBe(201);
    const refused = await pageOf(`/c/${b}/receipt`);
    expect(refused.html).not.toContain(CHAT);
    expect(refused.html).not.toContain("Перейти в чат группы");
    expect(refused.html).toContain("По пункту 1.8 Положения для вас остаются доступными");
    expect(refused.html).toContain("Классный руководитель — <strong>Смирнова Елена Викторовна</strong>");
    // The first hand-out stays the first.
    await pageOf(`/c/${a}/receipt`);
    const again = (await (
      await t.app.request(`/api/groups/${tm21}/chat`, { headers: admin.bearer })
    ).json()) as any;
    expect(again.handedOutAt).toBe(chat.handedOutAt);
    // The parent's form before an answer never shows it either.
    expect((await pageOf(`/c/${links.get("Морозов Игорь Денисович")!}`)).html).not.toContain(CHAT);
  });

  it("gives the confirmation message its lines: the link for a consent, clause 1.8 otherwise", () => {
    expect(chatOfferText({ kind: "invitation", url: CHAT })).toContain(CHAT);
    expect(chatOfferText({ kind: "alternatives" })).toContain("Сетевой город");
    expect(chatOfferText({ kind: "ask-teacher" })).toContain("классный руководитель");
  });
});

describe("the campaign view", { timeout: 120_000 }, () => {
  it("draws answers per day for the college and a group, with the same figures in the table", async () => {
    await passDays(2); // 2026-11-28
    expect((await consent(links.get("Морозов Игорь Денисович")!)).status).toBe(201);
    expect((await consent(el11Link)).status).toBe(201);
    // A reminder wave of ТМ-21 today, as the outbox records it.
    await t.services.db.transact(
      [1, 2].map((n) =>
        outboxPutItem(t.services, {
          channel: "email",
          to: `r${n}@mail.test`,
          template: "reminder",
          purpose: "reminder",
          causeId: `wave-${n}`,
          groupId: tm21,
          studentId: `s${n}`,
        }),
      ),
      [{ actor: SYSTEM, action: "test.reminders_queued", entityType: "test", entityId: "wave" }],
    );

    const college = await pageOf("/staff/campaign", admin);
    expect(college.status).toBe(200);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(college.html)![0];
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="answers-chart-title">Ответы родителей по дням — весь колледж</title>');
    expect(svg).toContain("с 25.11.2026 по 28.11.2026 — 4 ответа (согласий 3, отказов 1, отзывов 0)");
    expect(svg).not.toContain("<script");
    expect(svg).toContain(
      '<g class="wave" data-date="2026-11-28" data-count="2"><title>Напоминания 28.11.2026: 2</title>',
    );
    const totals = [...svg.matchAll(/data-date="([\d-]+)" data-total="(\d+)"/g)].map(
      (m) => `${m[1]}=${m[2]}`,
    );
    expect(totals).toEqual(["2026-11-25=1", "2026-11-26=1", "2026-11-27=0", "2026-11-28=2"]);
    expect(svg).toMatch(/data-kind="refusal" data-count="1"/);
    expect(college.html).toMatch(
      /<tr data-date="2026-11-28"><th scope="row">28\.11\.2026<\/th><td class="num">2<\/td><td class="num">0<\/td>/,
    );

    expect(college.html).toContain("<td>волна (2)</td>");
    const group = await pageOf(`/staff/campaign?group=${tm21}`, admin);
    expect(group.html).toContain("Ответы родителей по дням — группа ТМ-21");
    expect(group.html).toContain("3 ответа (согласий 2, отказов 1, отзывов 0)");
    const api = (await (
      await t.app.request(`/api/campaign?group=${tm21}`, { headers: director.bearer })
    ).json()) as any;
    expect(api.totals).toEqual({ consent: 2, refusal: 1, withdrawal: 0, total: 3 });
    expect(api.days.map((d: any) => d.total)).toEqual([1, 1, 0, 1]);
    expect(api.waves).toEqual([{ date: "2026-11-28", count: 2 }]);

    expect((await pageOf("/staff/campaign", teacher)).status).toBe(403);
    expect((await t.app.request("/api/campaign", { headers: teacher.bearer })).status).toBe(403);
  });

  it("marks reminder waves on the chart (the wave dates are an input)", () => {
    const at = (iso: string) => `${iso}T02:00:00.000Z`;
    const request = (kind: "consent" | "refusal", day: string) =>
      ({
        createdAt: at("2026-11-20"),
        history: [],
        decision: { decision: kind, decidedAt: at(day) },
      }) as unknown as ConsentRequest;
    const series = answersPerDay(
      [request("consent", "2026-11-21"), request("consent", "2026-11-26"), request("refusal", "2026-11-26")],
      "Asia/Chita",
      "2026-11-27",
      [
        { date: "2026-11-25", count: 12 },
        { date: "2026-11-10", count: 3 }, // before the chart: counted from the earliest date shown
      ],
    );
    expect(series.from).toBe("2026-11-10");
    const svg = String(AnswersChart({ series, scope: "группа ТМ-21" }));
    const waves = [...svg.matchAll(/<g class="wave" data-date="([\d-]+)" data-count="(\d+)">/g)].map(
      (m) => m[1],
    );
    expect(waves).toEqual(["2026-11-10", "2026-11-25"]);
    expect(svg).toContain("<title>Напоминания 25.11.2026: 12</title>");
    expect(svg).toContain(">Н2</text>");
    expect(svg).toContain("напоминания: 10.11.2026 (3), 25.11.2026 (12)");
    expect(svg).toMatch(/data-date="2026-11-26" data-total="2"/);
  });

  it("reminds the administrator once the campaign is over, and records the revocation (clause 2.3)", async () => {
    // ТМ-21: every parent answered — nobody can still use the invitation's campaign.
    const over = await pageOf("/staff/campaign", admin);
    expect(over.html).toMatch(/id="revocation-reminder"[\s\S]*ТМ-21/);
    expect(over.html).toContain("впервые 25.11.2026");
    expect((await pageOf("/staff", admin)).html).toMatch(
      /id="chat-revocations"[^>]*>Сбор ответов завершён[^<]*ТМ-21/,
    );
    const director_ = await pageOf("/staff/campaign", director);
    expect(director_.html).not.toContain("Отметить аннулирование");

    const revoke = (fields: Record<string, string>, session = admin) =>
      postPage(
        `/staff/consents/${tm21}/chat/revoked`,
        { version: "1", from: "campaign", ...fields },
        session,
      );
    expect((await revoke({ revokedOn: "2026-11-29" })).status).toBe(400); // the future
    const early = await revoke({ revokedOn: "2026-11-24" });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("не может быть раньше дня, когда ссылку сохранили");
    expect((await revoke({ revokedOn: "2026-11-28" }, teacher)).status).toBe(403);
    const done = await revoke({ revokedOn: "2026-11-28" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/staff/campaign?done=revoked#chats");
    const after = await pageOf("/staff/campaign?done=revoked", admin);
    expect(after.html).not.toContain('id="revocation-reminder"');
    expect(after.html).toContain("Аннулирование ссылки-приглашения отмечено.");
    expect((await pageOf("/staff", admin)).html).not.toContain('id="chat-revocations"');
    const twice = await t.app.request(`/api/groups/${tm21}/chat/revoked`, {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "application/json" },
      body: JSON.stringify({ revokedOn: "2026-11-28", version: 1 }),
    });
    expect(twice.status).toBe(409);

    // A revoked invitation is not shown any more: the parent is told the teacher sends a new one.
    const receipt = await pageOf(`/c/${links.get("Кузнецов Павел Олегович")!}/receipt`);
    expect(receipt.html).not.toContain(CHAT);
    expect(receipt.html).toContain("пришлёт классный руководитель");
  });
});
