import { getGroupChat, setGroupChatLink } from "@soglasie/core/chat/group-chat";
import { resolveLink } from "@soglasie/core/consent/links";
import { listMessagesByCause, rawMessage } from "@soglasie/core/messages/index";
import { runSender } from "@soglasie/core/messages/sender";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { setParentContacts } from "@soglasie/core/staff/parent-contacts";
import { beforeAll, describe, expect, it } from "vitest";
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
import { SYSTEM, type TestSession } from "../support/app.js";
import { mailTo, type SmsLoopback, startSmsLoopback } from "../support/messages.js";

/**
 * The confirmation message after a decision (issue 16, clauses 1.8 and 2.5), queued in the
 * decision's own transaction and sent through the outbox to the local SES emulator (SMS to the
 * loopback SMS.ru): a consenting parent gets the group chat's invitation, a refusing one the
 * alternatives of 1.8 and the class teacher's contacts; no contact, no message; a decision that
 * fails queues nothing.
 */
const CHAT = "https://max.ru/join/Confirm0123456789_TM21";
const run = Math.random().toString(36).slice(2, 8);
const mail = (n: string) => `d${n}.${run}@mail.test`;
let t: ConsentTestApp;
let sms: SmsLoopback;
let admin: TestSession;
let links: Map<string, string>;
let tm21: string;

const send = () => runSender(t.services, { asOf: t.clock.now() });
const requestIdOf = async (name: string) =>
  (await resolveLink(t.services, links.get(name)!)).request.requestId;
const refusal = { decision: "refusal", alternatives: ["diary"], personalData: undefined };

beforeAll(async () => {
  sms = await startSmsLoopback();
  t = await consentTestApp(); // 2026-11-25 12:00 in Chita
  Object.assign(t.services.config.messages, { smsruApiId: "test-api-id", smsruEndpoint: sms.endpoint });
  admin = await t.signIn(["administrator"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ТМ-21", "Кузнецов Павел Олегович", "Кузнецова Ольга Ивановна", "", mail("a")],
      ["ТМ-21", "Лебедева Анна Сергеевна", "Лебедев Сергей Петрович", "", mail("b")],
      ["ТМ-21", "Морозов Игорь Денисович", "Морозова Нина Ивановна", "+7 914 000-33-01", ""],
      ["ТМ-21", "Орлов Денис Ильич", "Орлова Вера Павловна", "", ""],
      ["ТМ-21", "Петров Олег Ильич", "Петрова Инна Павловна", "", mail("e")],
    ]),
  );
  tm21 = await groupIdByCode(t, admin, "ТМ-21");
  links = await groupLinks(t, admin, tm21);
  const teacher = await t.member(["class_teacher"], { fullName: "Смирнова Елена Викторовна" });
  await setParentContacts(
    t.services,
    teacher.staffId,
    { phone: "+7 914 555-00-11", email: "smirnova@college.test", note: "по будням с 15:00 до 17:00" },
    SYSTEM,
  );
  await new GroupRepository(t.services).setClassTeachers(tm21, [teacher.staffId], SYSTEM);
  await setGroupChatLink(t.services, tm21, { url: CHAT }, SYSTEM);
  return () => sms.close();
}, 60_000);

describe("the confirmation message after a decision", { timeout: 120_000 }, () => {
  it("a consenting parent gets the chat invitation by e-mail; it is marked handed out; the record keeps no link", async () => {
    const res = await submitJson(t, links.get("Кузнецов Павел Олегович")!, decisionBody());
    expect(res.status).toBe(201);
    // Queued by the decision's transaction, the invitation handed out with it.
    const [queued] = await listMessagesByCause(t.services, await requestIdOf("Кузнецов Павел Олегович"));
    expect(queued).toMatchObject({ purpose: "confirmation", channel: "email", toMasked: "d***@mail.test" });
    expect((await getGroupChat(t.services, tm21, true))?.handedOutAt).toBe(t.clock.now().toISOString());
    const stored = JSON.stringify(await rawMessage(t.services, queued!.id));
    expect(stored).not.toContain(CHAT);
    expect(stored).not.toContain(links.get("Кузнецов Павел Олегович")!);

    expect(await send()).toMatchObject({ sent: 1, failed: 0 });
    const [m] = await mailTo(mail("a"));
    expect(m?.subject).toBe("ГПОУ «ЧПТК»: ваш ответ о «Сферуме» записан");
    const text = m!.body.text!;
    expect(text).toContain("Ваше согласие на участие ребёнка в учебных чатах «Сферума» записано");
    expect(text).toContain("Обучающийся: Кузнецов П. О., группа ТМ-21.");
    expect(text).toContain(`Чат родителей группы в «Сферуме» (MAX): ${CHAT}`);
    expect(text).toContain(`http://localhost:3000/c/${links.get("Кузнецов Павел Олегович")}/receipt`);
    expect(text).toMatch(/Отписаться от писем: http:\/\/localhost:3000\/unsubscribe\//);
    expect(text).not.toContain("Сетевой город");
    // A repeat of the same answer queues nothing more.
    expect((await submitJson(t, links.get("Кузнецов Павел Олегович")!, decisionBody())).status).toBe(200);
    expect(await listMessagesByCause(t.services, await requestIdOf("Кузнецов Павел Олегович"))).toHaveLength(
      1,
    );
  });

  it("a refusing parent gets the alternatives of 1.8 and the class teacher's contacts, no chat link", async () => {
    expect((await submitJson(t, links.get("Лебедева Анна Сергеевна")!, decisionBody(refusal))).status).toBe(
      201,
    );
    expect(await send()).toMatchObject({ sent: 1 });
    const [m] = await mailTo(mail("b"));
    const text = m!.body.text!;
    expect(text).toContain("Ваш отказ от участия ребёнка в учебных чатах «Сферума» записан");
    expect(text).toContain(
      "дневник в АИС «Сетевой город. Образование», очные встречи по договорённости и родительские собрания",
    );
    expect(text).toContain(
      "Классный руководитель: Смирнова Елена Викторовна, тел. +7 914 555-00-11, e-mail smirnova@college.test, по будням с 15:00 до 17:00.",
    );
    expect(text).not.toContain("max.ru");
    expect(text).not.toContain("Чат родителей");
  });

  it("by SMS when the parent has only a phone: no child's name, no chat link after a refusal", async () => {
    const before = sms.sent.length;
    expect((await submitJson(t, links.get("Морозов Игорь Денисович")!, decisionBody(refusal))).status).toBe(
      201,
    );
    expect(await send()).toMatchObject({ sent: 1 });
    const [s] = sms.sent.slice(before);
    expect(s!.to).toBe("79140003301");
    expect(s!.msg).toContain("отказ от «Сферума» (группа ТМ-21) записан");
    expect(s!.msg).toContain("Кл. руководитель: Смирнова Е. В., +7 914 555-00-11");
    expect(s!.msg).not.toContain("Морозов");
    expect(s!.msg).not.toContain("max.ru");
  });

  it("no contact, no message", async () => {
    expect((await submitJson(t, links.get("Орлов Денис Ильич")!, decisionBody())).status).toBe(201);
    expect(await listMessagesByCause(t.services, await requestIdOf("Орлов Денис Ильич"))).toHaveLength(0);
  });

  it("a decision that fails queues nothing; a change of mind before sending cancels the stale confirmation", async () => {
    const token = links.get("Петров Олег Ильич")!;
    const cause = await requestIdOf("Петров Олег Ильич");
    expect((await submitJson(t, token, decisionBody({ parentName: "" }))).status).toBe(400);
    expect(await listMessagesByCause(t.services, cause)).toHaveLength(0);
    // Two different answers at once: one is recorded, the other refused, and one message queued.
    const both = await Promise.all([
      submitJson(t, token, decisionBody()),
      submitJson(t, token, decisionBody(refusal)),
    ]);
    expect(both.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(both.map((r) => r.status).filter((s) => s >= 400)).toHaveLength(1);
    expect(await listMessagesByCause(t.services, cause)).toHaveLength(1);
    // The parent changes their mind before the sender runs: only the current decision is confirmed.
    const won = both.find((r) => r.status === 201)!.body.decision as string;
    const other = won === "consent" ? decisionBody(refusal) : decisionBody();
    expect((await submitJson(t, token, other)).status).toBe(201);
    expect(await send()).toMatchObject({ sent: 1, cancelled: 1 });
    const views = await listMessagesByCause(t.services, cause);
    expect(views.map((v) => `${v.status}:${v.reason ?? ""}`).sort()).toEqual([
      "cancelled:решение изменено",
      "sent:",
    ]);
    const [m] = await mailTo(mail("e"));
    expect(m!.body.text).toContain(won === "consent" ? "Ваш отказ" : "Ваше согласие");
  });
});
