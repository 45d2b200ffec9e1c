import { createHash } from "node:crypto";
import {
  buildMessageRecord,
  createProviders,
  describeContact,
  listMessagesByCause,
  outboxPutItem,
  rawMessage,
  recordDeliveryReport,
  recordOptOut,
  sweepOutbox,
} from "@soglasie/core/messages/index";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, SYSTEM, type TestApp, TestClock } from "../support/app.js";
import { mailTo, type SmsLoopback, startSmsLoopback } from "../support/messages.js";

let t: TestApp;
let sms: SmsLoopback;
const clock = new TestClock(new Date("2026-12-01T03:00:00Z")); // 12:00 in Chita
const run = createHash("sha256").update(String(Math.random())).digest("hex").slice(0, 8);
const email = (n: string) => `p${n}.${run}@mail.test`;

beforeAll(async () => {
  sms = await startSmsLoopback();
  t = await createTestApp({ clock });
  t.services.config.messages.smsruApiId = "test-api-id";
  t.services.config.messages.smsruEndpoint = sms.endpoint;
  return () => sms.close();
});

const providers = () => createProviders(t.services.config);
const event = (id: string) =>
  ({ type: "test.message-queued", actor: SYSTEM, subject: { type: "test", id } }) as never;

async function queue(inputs: Parameters<typeof outboxPutItem>[1][]) {
  await t.services.db.transact(
    inputs.map((i) => outboxPutItem(t.services, i)),
    [event(inputs[0]!.causeId)],
  );
}

describe("the outbox", () => {
  it("commits with the caller's transaction, sends through SES, keeps only the masked contact", async () => {
    const to = email("a");
    await queue([
      {
        channel: "email",
        to: to.toUpperCase(),
        template: "invitation",
        purpose: "invitation",
        causeId: `c-a-${run}`,
        studentId: "s1",
        groupId: "g1",
        vars: {
          student: "Иванов И.",
          group: "ТМ-21",
          expiresOn: "2026-12-31",
          link: "http://localhost:3000/c/TOKEN",
        },
      },
    ]);
    const [queued] = await listMessagesByCause(t.services, `c-a-${run}`);
    expect(queued).toMatchObject({ status: "queued", toMasked: `p***@mail.test`, attempts: 0 });
    const stored = JSON.stringify(await rawMessage(t.services, queued!.id));
    expect(stored.toLowerCase()).not.toContain(to);
    expect(stored).not.toContain("TOKEN");

    const result = await sweepOutbox(t.services, { providers: providers(), asOf: clock.now() });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await mailTo(to);
    expect(mail?.subject).toContain("согласие на участие в «Сферуме»");
    expect(mail?.body.text).toContain("Обучающийся: Иванов И., группа ТМ-21.");
    expect(mail?.body.text).toContain("до 31.12.2026 включительно");
    expect(mail?.body.text).toMatch(/Отписаться от писем: http:\/\/localhost:3000\/unsubscribe\/email\/\S+/);
    const sent = await rawMessage(t.services, queued!.id);
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    expect(sent?.sealed).toBeUndefined();
    expect(sent?.gsi2pk).toContain("MSG-PROVIDER");
    expect(sent?.ttl).toBeGreaterThan(Date.now() / 1000 + 80 * 86_400);

    // Delivery reports move it on; a second sweep finds nothing.
    expect(
      await recordDeliveryReport(t.services, {
        channel: "email",
        providerId: sent!.providerId!,
        status: "bounced",
      }),
    ).toBe(true);
    expect((await rawMessage(t.services, queued!.id))?.status).toBe("bounced");
    expect((await sweepOutbox(t.services, { providers: providers(), asOf: clock.now() })).due).toBe(0);
  });

  it("sends SMS through SMS.ru's format, retries a busy provider later, fails a bad number with the reason", async () => {
    const cause = `c-sms-${run}`;
    await queue([
      {
        channel: "sms",
        to: "8 (914) 000-11-01",
        template: "invitation",
        purpose: "invitation",
        causeId: cause,
        id: `m1-${run}`,
        vars: { group: "ТМ-21", expiresOn: "2026-12-31", link: "http://x/c/1" },
      },
      {
        channel: "sms",
        to: "+79140001102",
        template: "invitation",
        purpose: "invitation",
        causeId: cause,
        id: `m2-${run}`,
        vars: { group: "ТМ-21", expiresOn: "2026-12-31", link: "http://x/c/2" },
      },
    ]);
    sms.failNext(220, 202);
    const first = await sweepOutbox(t.services, {
      providers: providers(),
      asOf: clock.now(),
      concurrency: 1,
    });
    expect(first).toMatchObject({ claimed: 2, retried: 1, failed: 1, sent: 0 });
    const views = await listMessagesByCause(t.services, cause);
    const retried = views.find((v) => v.status === "queued")!;
    const failed = views.find((v) => v.status === "failed")!;
    expect(failed.reason).toBe("неверный номер получателя");
    expect(retried.reason).toBe("SMS.ru временно недоступен");
    expect(retried.dueAt > clock.now().toISOString()).toBe(true);
    // Not yet due; due after the backoff.
    expect((await sweepOutbox(t.services, { providers: providers(), asOf: clock.now() })).claimed).toBe(0);
    const later = await sweepOutbox(t.services, {
      providers: providers(),
      asOf: new Date(Date.parse(retried.dueAt) + 1000),
    });
    expect(later.sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]).toMatchObject({ apiId: "test-api-id" });
    expect(sms.sent[0]!.msg).toMatch(
      /^ГПОУ «ЧПТК»: просим ответить о согласии на «Сферум» для группы ТМ-21 до 31\.12\.2026: http:\/\/x\/c\/\d$/,
    );
    expect(views.map((v) => v.toMasked).sort()).toEqual(["+7 914 ***-**-01", "+7 914 ***-**-02"]);
  });

  it("never sends one message twice from two sweepers; a sender killed between send and record repeats that one only", async () => {
    const cause = `c-race-${run}`;
    const tos = Array.from({ length: 12 }, (_, i) => email(`r${i}`));
    await queue(
      tos.map((to) => ({
        channel: "email" as const,
        to,
        template: "invitation",
        purpose: "invitation",
        causeId: cause,
        vars: { student: "С.", group: "Г", expiresOn: "2026-12-31", link: "L" },
      })),
    );
    // A sender dies right after the provider accepted its third message.
    let sentByDoomed = 0;
    await expect(
      sweepOutbox(t.services, {
        providers: providers(),
        asOf: clock.now(),
        concurrency: 1,
        afterSend: () => {
          if (++sentByDoomed === 3) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    // Two sweepers race over the rest; the dead one's claim still holds its message.
    const [a, b] = await Promise.all([
      sweepOutbox(t.services, { providers: providers(), asOf: clock.now() }),
      sweepOutbox(t.services, { providers: providers(), asOf: clock.now() }),
    ]);
    expect(a.sent + b.sent).toBe(9);
    // After the lease (300 s from the claim, on the sweep clock), the unrecorded message goes again.
    const after = await sweepOutbox(t.services, {
      providers: providers(),
      asOf: new Date(clock.now().getTime() + 600_000),
    });
    expect(after.sent).toBe(1);
    const mail = await mailTo(...tos);
    const counts = tos.map((to) => mail.filter((m) => m.destination.to.includes(to)).length);
    expect(counts.filter((c) => c === 2)).toHaveLength(1);
    expect(counts.filter((c) => c === 1)).toHaveLength(11);
    const views = await listMessagesByCause(t.services, cause);
    expect(views.every((v) => v.status === "sent")).toBe(true);
  });

  it("holds messages through quiet hours, honours opt-outs and resolvers that cancel", async () => {
    // 22:30 in Chita: queued for 09:00 local the next morning.
    const late = new TestClock(new Date("2026-12-01T13:30:00Z"));
    const rec = buildMessageRecord(
      { config: t.services.config, now: late.now },
      { channel: "email", to: email("q"), template: "reminder", purpose: "reminder", causeId: "q" },
    );
    expect(rec.dueAt).toBe("2026-12-02T00:00:00.000Z");
    const urgent = buildMessageRecord(
      { config: t.services.config, now: late.now },
      { channel: "email", to: email("q"), template: "reminder", purpose: "code", causeId: "q", urgent: true },
    );
    expect(urgent.dueAt).toBe("2026-12-01T13:30:00.000Z");

    const cause = `c-opt-${run}`;
    const out = email("opt");
    await queue([
      { channel: "email", to: out, template: "reminder", purpose: "reminder", causeId: cause, vars: {} },
      {
        channel: "email",
        to: email("gone"),
        template: "reminder",
        purpose: "reminder",
        causeId: cause,
        resolver: { name: "request", ref: { id: "r1" } },
      },
    ]);
    await recordOptOut(t.services, "email", describeContact(t.services, "email", out).key);
    const r = await sweepOutbox(t.services, {
      providers: providers(),
      asOf: clock.now(),
      resolvers: { request: async (_s, m) => (m.ref.id === "r1" ? { cancel: "родитель уже ответил" } : {}) },
    });
    expect(r).toMatchObject({ cancelled: 2, sent: 0 });
    const reasons = (await listMessagesByCause(t.services, cause)).map((v) => v.reason).sort();
    expect(reasons).toEqual(["получатель отписался", "родитель уже ответил"]);
    expect(await mailTo(out)).toHaveLength(0);
  });
});
