import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { groupDashboard } from "@soglasie/core/consent/dashboard";
import { submitDecision } from "@soglasie/core/consent/decisions";
import { revokeUnclaimedLinks, tokenFor } from "@soglasie/core/consent/links";
import {
  buildMessageRecord,
  groupDeliveryStates,
  invitationMessageId,
  listGroupMessages,
  providersFor,
  sendInvitations,
} from "@soglasie/core/messages/index";
import { runSender } from "@soglasie/core/messages/sender";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv } from "@soglasie/core/roster/import";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, SYSTEM, type TestApp, TestClock } from "../support/app.js";
import { refusalAnswer } from "../support/consent-client.js";
import { mailTo, type SmsLoopback, startSmsLoopback } from "../support/messages.js";

/**
 * Invitations and the reminder cadence end to end: roster → invitations through the API → the
 * sender (SES emulator, SMS loopback) on a controlled clock → answers, opt-out, revocation, expiry.
 */
let t: TestApp;
let sms: SmsLoopback;
const DAY = 86_400_000;
const start = new Date("2026-12-01T03:00:00Z"); // 12:00 in Chita
const clock = new TestClock(new Date(start));
const run = Math.random().toString(36).slice(2, 8);
const mail = (n: string) => `${n}.${run}@mail.test`;
const groups: Record<string, string> = {};

async function importGroup(rows: string[]) {
  const csv = `Группа;ФИО обучающегося;ФИО родителя (законного представителя);Телефон;Email\n${rows.join("\n")}\n`;
  await importRosterCsv(t.services, new TextEncoder().encode(csv), SYSTEM, { createGroups: true });
}

const at = (days: number) => {
  clock.current = new Date(start.getTime() + days * DAY);
  return runSender(t.services, { asOf: clock.now() });
};

beforeAll(async () => {
  sms = await startSmsLoopback();
  t = await createTestApp({ clock });
  Object.assign(t.services.config.messages, { smsruApiId: "key", smsruEndpoint: sms.endpoint });
  await importGroup([
    `ТМ-21;Агафонов Артём Ильич;Агафонова Анна Петровна;;${mail("a")}`,
    `ТМ-21;Борисов Борис Олегович;Борисова Вера Ивановна;+7 914 000-22-01;`,
    `ТМ-21;Власов Виктор Юрьевич;Власова Галина Львовна;;${mail("c")}`,
    `ТМ-21;Горин Глеб Петрович;Горина Дарья Олеговна;;`,
  ]);
  await importGroup([`ПКС-21;Демидов Денис Ильич;Демидова Елена Павловна;;${mail("f")}`]);
  // Links of this group live 6 days: the cadence must stop at the link's last day.
  t.services.config.linkTtlDays = 6;
  await importGroup([`ЭС-21;Егоров Егор Павлович;Егорова Жанна Ильинична;;${mail("e")}`]);
  t.services.config.linkTtlDays = 30;
  for (const g of await new GroupRepository(t.services).list()) groups[g.code] = g.groupId;
  return () => sms.close();
});

const studentOf = async (code: string, surname: string) => {
  const requests = await new ConsentRequestRepository(t.services).listByGroup(groups[code]!, true);
  const dash = await t.app.request(`/api/groups/${groups[code]}/consents`, { headers: admin });
  const body = (await dash.json()) as { students: Array<{ studentId: string; fullName: string }> };
  const s = body.students.find((x) => x.fullName.startsWith(surname))!;
  return { studentId: s.studentId, request: requests.find((r) => r.studentId === s.studentId)! };
};
let admin: Record<string, string>;

describe("invitations and reminders", () => {
  it("staff invite a group through the API (role-checked); each student's delivery state follows", async () => {
    admin = (await t.signIn(["administrator"])).bearer;
    const stranger = await t.signIn(["class_teacher"]);
    const refused = await t.app.request(`/api/groups/${groups["ТМ-21"]}/invitations`, {
      method: "POST",
      headers: stranger.bearer,
    });
    expect(refused.status).toBe(403);
    const bad = await t.app.request(`/api/groups/${groups["ТМ-21"]}/invitations`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ studentIds: ["nope"] }),
    });
    expect(bad.status).toBe(400);

    const res = await t.app.request(`/api/groups/${groups["ТМ-21"]}/invitations`, {
      method: "POST",
      headers: admin,
    });
    expect(res.status).toBe(202);
    const out = (await res.json()) as {
      queued: number;
      students: Array<{ result: string; channel?: string; toMasked?: string }>;
    };
    expect(out.queued).toBe(3);
    expect(out.students.map((s) => s.result).sort()).toEqual(["no-contact", "queued", "queued", "queued"]);
    expect(out.students.find((s) => s.channel === "sms")?.toMasked).toBe("+7 914 ***-**-01");
    // Pressing again invites nobody twice.
    const again = await t.app.request(`/api/groups/${groups["ТМ-21"]}/invitations`, {
      method: "POST",
      headers: admin,
    });
    expect(((await again.json()) as { queued: number }).queued).toBe(0);
    for (const code of ["ПКС-21", "ЭС-21"])
      expect(
        (await t.app.request(`/api/groups/${groups[code]}/invitations`, { method: "POST", headers: admin }))
          .status,
      ).toBe(202);

    const r = await at(0);
    expect(r).toMatchObject({ sent: 5, failed: 0 });
    const [inv] = await mailTo(mail("a"));
    const { request: reqA } = await studentOf("ТМ-21", "Агафонов");
    expect(inv?.body.text).toContain(`http://localhost:3000/c/${tokenFor(t.services, reqA)}`);
    expect(inv?.body.text).toContain("Обучающийся: Агафонов А. И., группа ТМ-21.");
    // No child's full name in an SMS.
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]!.msg).not.toContain("Борисов");
    expect(sms.sent[0]!.to).toBe("79140002201");

    const consents = (await (
      await t.app.request(`/api/groups/${groups["ТМ-21"]}/consents`, { headers: admin })
    ).json()) as {
      students: Array<{ fullName: string; delivery: { status: string; to: string; channel: string } | null }>;
    };
    const byName = Object.fromEntries(consents.students.map((s) => [s.fullName.split(" ")[0], s.delivery]));
    expect(byName.Агафонов).toMatchObject({ status: "sent", channel: "email", to: `a***@mail.test` });
    expect(byName.Горин).toBeNull();
    const page = await (
      await t.app.request(`/staff/consents/${groups["ТМ-21"]}`, {
        headers: (await t.signIn(["administrator"])).cookie,
      })
    ).text();
    expect(page).toContain("Приглашение (e-mail a***@mail.test): <strong>отправлено</strong>");
    expect(page).toContain("Отправить приглашения");
  });

  it("reminds on the cadence and never after an answer, an opt-out, a revocation or the link's expiry", async () => {
    // B answers; C unsubscribes through the link of the e-mail; F's link is revoked.
    const b = await studentOf("ТМ-21", "Борисов");
    await submitDecision(
      t.services,
      tokenFor(t.services, b.request)!,
      { ...refusalAnswer("Борисова Вера Ивановна") },
      {
        ip: "203.0.113.1",
        userAgent: "test",
      },
    );
    const [invC] = await mailTo(mail("c"));
    const unsubscribe = /http:\/\/localhost:3000(\/unsubscribe\/\S+)/.exec(invC!.body.text!)![1]!;
    const pageC = await t.app.request(unsubscribe);
    expect(await pageC.text()).toContain("Отписаться");
    expect((await t.app.request(unsubscribe, { method: "POST" })).status).toBe(200);
    expect((await t.app.request(`${unsubscribe.slice(0, -3)}xyz`, { method: "POST" })).status).toBe(404);
    await revokeUnclaimedLinks(t.services, groups["ПКС-21"]!, SYSTEM);

    // Only B's confirmation of the refusal (SMS: B has a phone only) goes before day 5.
    expect((await at(4.9)).sent).toBe(1);
    expect(sms.sent.at(-1)!.msg).toContain("отказ от «Сферума» (группа ТМ-21) записан");
    const day5 = await at(5);
    // A and E get reminder 1; B (answered), C (opted out), F (revoked) are cancelled.
    expect(day5).toMatchObject({ sent: 2, cancelled: 3 });
    const reasons = (await listGroupMessages(t.services, groups["ТМ-21"]!))
      .concat(await listGroupMessages(t.services, groups["ПКС-21"]!))
      .filter((m) => m.status === "cancelled")
      .map((m) => m.reason)
      .sort();
    expect(reasons).toEqual(["ответ уже получен", "получатель отписался", "ссылка аннулирована"]);
    expect((await at(8)).sent).toBe(1); // A's second; E's link ended on day 6
    expect((await at(11)).sent).toBe(1); // A's third and last
    expect((await at(30)).due).toBe(0);
    const toA = await mailTo(mail("a"));
    expect(toA.map((m) => m.subject.startsWith("Напоминание"))).toEqual([false, true, true, true]);
    expect(await mailTo(mail("e"))).toHaveLength(2);
    expect(await mailTo(mail("c"))).toHaveLength(1);
    const states = await groupDeliveryStates(t.services, groups["ТМ-21"]!);
    expect([...states.values()].map((m) => `${m.purpose}:${m.status}`).sort()).toEqual([
      "reminder:cancelled",
      "reminder:cancelled",
      "reminder:sent",
    ]);
    // The audit log has the campaign: one event per queued batch.
    const actions = [];
    for await (const e of t.services.db.auditEvents()) actions.push(e.action);
    expect(actions.filter((a) => a === "messages.invitations_queued")).toHaveLength(3);
  });
});

describe("invitations under concurrency", () => {
  it("two staff pressing at once invite once; a second wave pressed twice at once goes once", async () => {
    await importGroup([
      `ИС-31;Жуков Жан Ильич;Жукова Зоя Петровна;;${mail("j")}`,
      `ИС-31;Зуев Захар Олегович;Зуева Ирина Ивановна;;${mail("z")}`,
    ]);
    const group = (await new GroupRepository(t.services).list()).find((g) => g.code === "ИС-31")!;
    const providers = providersFor(t.services.config);
    const press = (again?: boolean) =>
      sendInvitations(t.services, { group, again, actor: SYSTEM, providers });
    const queuedOf = (o: Awaited<ReturnType<typeof press>>) => o.filter((x) => x.result === "queued").length;
    const invitations = async () =>
      (await listGroupMessages(t.services, group.groupId)).filter((m) => m.purpose === "invitation");

    const first = await Promise.all([press(), press()]);
    expect(first.map(queuedOf).sort()).toEqual([0, 2]);
    expect(first.flat().filter((x) => x.result === "already-invited")).toHaveLength(2);
    expect(await invitations()).toHaveLength(2);

    const second = await Promise.all([press(true), press(true)]);
    expect(second.map(queuedOf).reduce((a, b) => a + b)).toBe(2);
    // Each student has invitations 1 and 2, nothing more.
    const ids = (await invitations()).map((m) => m.id);
    const studentIds = [...new Set((await invitations()).map((m) => m.studentId!))];
    expect(ids.sort()).toEqual(
      studentIds.flatMap((s) => [invitationMessageId(s, 1), invitationMessageId(s, 2)]).sort(),
    );
    // Every queued batch is an act in the audit chain, and the chain holds.
    const queuedEvents = [];
    for await (const e of t.services.db.auditEvents())
      if (e.action === "messages.invitations_queued" && e.entityId === group.groupId) queuedEvents.push(e);
    expect(queuedEvents.map((e) => e.details?.count).sort()).toEqual([2, 2]);
    expect((await verifyAuditChain(t.services.db)).problems).toEqual([]);
  });

  it("a write the group index does not show yet fails the batch whole, then the rest is queued", async () => {
    await importGroup([
      `ИС-32;Иванов Иван Ильич;Иванова Ирина Петровна;;${mail("i")}`,
      `ИС-32;Козлов Карп Олегович;Козлова Клара Ивановна;;${mail("k")}`,
    ]);
    const group = (await new GroupRepository(t.services).list()).find((g) => g.code === "ИС-32")!;
    const students = (await groupDashboard(t.services, group)).rows.map((r) => r.student);
    const other = students[0]!.studentId;
    // Another writer's invitation, committed but not yet in the group index (as DynamoDB's GSIs lag).
    const {
      gsi3pk: _pk,
      gsi3sk: _sk,
      ...lagging
    } = buildMessageRecord(t.services, {
      id: invitationMessageId(other, 1),
      channel: "email",
      to: mail("i"),
      template: "invitation",
      purpose: "invitation",
      causeId: "other-writer",
      groupId: group.groupId,
    });
    await t.services.db.client.send(new PutCommand({ TableName: t.services.db.tableName, Item: lagging }));
    const before = await t.services.db.readHead();

    const out = await sendInvitations(t.services, {
      group,
      actor: SYSTEM,
      providers: providersFor(t.services.config),
    });
    expect(Object.fromEntries(out.map((o) => [o.studentId, o.result]))).toEqual({
      [other]: "already-invited",
      [students[1]!.studentId]: "queued",
    });
    // The failed attempt left nothing: one invitation queued, one audit event for it.
    expect((await listGroupMessages(t.services, group.groupId)).map((m) => m.studentId)).toEqual([
      students[1]!.studentId,
    ]);
    expect((await t.services.db.readHead()).seq).toBe(before.seq + 1);
  });
});
