import { execFileSync } from "node:child_process";
import { createSign, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import {
  createProviders,
  isTrustedSnsUrl,
  outboxPutItem,
  rawMessage,
  type SnsEnvelope,
  snsStringToSign,
  sweepOutbox,
} from "@soglasie/core/messages/index";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../packages/functions/src/app.js";
import { createTestApp, SYSTEM, type TestApp, TestClock } from "../support/app.js";
import { type SmsLoopback, startSmsLoopback } from "../support/messages.js";

/**
 * Delivery reports through the public webhooks, over real HTTP (the app on a loopback port): SES
 * events as SNS would post them — signed with an openssl-made certificate served by a loopback
 * stand-in for sns.<region>.amazonaws.com (trusted by SNS_TRUSTED_CERT_URL) — and SMS.ru's status
 * callback behind its secret path token. The messages themselves went out through the SES emulator
 * and the SMS loopback first, so the provider ids are real ones.
 */
const TOPIC = "arn:aws:sns:eu-central-1:123456789012:soglasie-ses-events";
const HOOK_SECRET = randomBytes(24).toString("base64url");
const run = randomBytes(4).toString("hex");
let t: TestApp;
let sms: SmsLoopback;
let app: ReturnType<typeof serve>;
let base: string;
let sns: Server;
let snsBase: string;
let key: string;
const confirmed: string[] = [];
const ids: Record<string, { message: string; provider: string }> = {};

function opensslCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "soglasie-sns-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=sns.test",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  return {
    key: readFileSync(join(dir, "key.pem"), "utf8"),
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
  };
}

/** A message as SNS signs it (SignatureVersion 2: SHA256withRSA). */
function signed(
  fields: Omit<
    SnsEnvelope,
    "Signature" | "SignatureVersion" | "SigningCertURL" | "MessageId" | "Timestamp" | "TopicArn"
  > &
    Partial<SnsEnvelope>,
): SnsEnvelope {
  const m = {
    MessageId: randomBytes(8).toString("hex"),
    Timestamp: new Date().toISOString(),
    TopicArn: TOPIC,
    SignatureVersion: "2",
    SigningCertURL: `${snsBase}/SimpleNotificationService-test.pem`,
    Signature: "",
    ...fields,
  } as SnsEnvelope;
  m.Signature = createSign("RSA-SHA256").update(snsStringToSign(m)).sign(key, "base64");
  return m;
}

const postSns = (body: unknown) =>
  fetch(`${base}/hooks/ses`, {
    method: "POST",
    headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const sesEvent = (eventType: string, providerId: string, extra: Record<string, unknown> = {}) =>
  signed({
    Type: "Notification",
    Message: JSON.stringify({ eventType, mail: { messageId: providerId }, ...extra }),
  });
const postSmsru = (token: string, entries: string[]) =>
  fetch(`${base}/hooks/smsru/${token}`, {
    method: "POST",
    body: new URLSearchParams(entries.map((e, i): [string, string] => [`data[${i}]`, e])),
  });
const statusOf = async (name: string) => (await rawMessage(t.services, ids[name]!.message))!;

beforeAll(async () => {
  const pair = opensslCertificate();
  key = pair.key;
  sns = createServer((req, res) => {
    if (req.url === "/SimpleNotificationService-test.pem") return res.end(pair.cert);
    if (req.url?.startsWith("/confirm?")) {
      confirmed.push(req.url);
      return res.end("<ConfirmSubscriptionResponse/>");
    }
    res.statusCode = 404;
    res.end();
  });
  sns.listen(0, "127.0.0.1");
  await once(sns, "listening");
  snsBase = `http://127.0.0.1:${(sns.address() as AddressInfo).port}`;

  sms = await startSmsLoopback();
  t = await createTestApp({ clock: new TestClock(new Date("2026-12-01T03:00:00Z")) });
  Object.assign(t.services.config.messages, {
    smsruApiId: "test-api-id",
    smsruEndpoint: sms.endpoint,
    smsruCallbackSecret: HOOK_SECRET,
    sesEventsTopicArn: TOPIC,
    snsTrustedCertUrl: `${snsBase}/SimpleNotificationService-test.pem`,
  });
  app = serve({ fetch: createApp(t.services).fetch, hostname: "127.0.0.1", port: 0 });
  await once(app, "listening");
  base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

  // Four messages really sent: two e-mails through the SES emulator, two SMS through the loopback.
  const plan = [
    ["mailA", "email", `ra.${run}@mail.test`],
    ["mailB", "email", `rb.${run}@mail.test`],
    ["smsA", "sms", "+7 914 000-44-01"],
    ["smsB", "sms", "+7 914 000-44-02"],
  ] as const;
  const items = plan.map(([name, channel, to]) =>
    outboxPutItem(t.services, {
      id: `${name}-${run}`,
      channel,
      to,
      template: "code",
      purpose: "code",
      causeId: `reports-${run}`,
      vars: { code: "123456" },
      urgent: true,
    }),
  );
  await t.services.db.transact(items, [
    { type: "test.message-queued", actor: SYSTEM, subject: { type: "test", id: run } } as never,
  ]);
  const sent = await sweepOutbox(t.services, {
    providers: createProviders(t.services.config),
    asOf: t.clock.now(),
  });
  expect(sent.sent).toBe(4);
  for (const [name] of plan) {
    const r = (await rawMessage(t.services, `${name}-${run}`))!;
    ids[name] = { message: r.id, provider: r.providerId! };
  }
}, 60_000);

afterAll(async () => {
  app?.close();
  sns?.close();
  await sms?.close();
});

describe("SES events through SNS", { timeout: 60_000 }, () => {
  it("trusts only https sns.<the topic's region>.amazonaws.com, or the one configured URL", () => {
    const ok = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-abc.pem";
    expect(isTrustedSnsUrl(ok, TOPIC, "cert")).toBe(true);
    for (const bad of [
      "http://sns.eu-central-1.amazonaws.com/x.pem",
      "https://sns.us-east-1.amazonaws.com/x.pem",
      "https://sns.eu-central-1.amazonaws.com.evil.example/x.pem",
      "https://evil.example/sns.eu-central-1.amazonaws.com/x.pem",
      "https://sns.eu-central-1.amazonaws.com/x.txt",
    ])
      expect(isTrustedSnsUrl(bad, TOPIC, "cert"), bad).toBe(false);
  });

  it("confirms a subscription only for the configured topic with a valid signature", async () => {
    const subscription = (topic: string) =>
      signed({
        Type: "SubscriptionConfirmation",
        TopicArn: topic,
        Message: "You have chosen to subscribe…",
        Token: "tok123",
        SubscribeURL: `${snsBase}/confirm?Action=ConfirmSubscription&Token=tok123`,
      });
    expect((await postSns(subscription("arn:aws:sns:eu-central-1:123456789012:other"))).status).toBe(403);
    const forged = { ...subscription(TOPIC), Token: "changed" };
    expect((await postSns(forged)).status).toBe(403);
    expect(confirmed).toHaveLength(0);
    const ok = await postSns(subscription(TOPIC));
    expect(ok.status).toBe(200);
    expect(confirmed).toEqual(["/confirm?Action=ConfirmSubscription&Token=tok123"]);
    // A SubscribeURL elsewhere is never visited, even when signed.
    const elsewhere = signed({
      Type: "SubscriptionConfirmation",
      Message: "…",
      Token: "t",
      SubscribeURL: "https://evil.example/confirm",
    });
    expect((await postSns(elsewhere)).status).toBe(403);
  });

  it("records Delivery, Bounce and Complaint idempotently; a forged or unsigned event changes nothing", async () => {
    const logs = vi.spyOn(console, "log");
    const a = ids.mailA!.provider;
    const tampered = {
      ...sesEvent("Delivery", a),
      Message: JSON.stringify({ eventType: "Bounce", mail: { messageId: a } }),
    };
    expect((await postSns(tampered)).status).toBe(403);
    const untrusted = { ...sesEvent("Delivery", a), SigningCertURL: "https://evil.example/x.pem" };
    expect((await postSns(untrusted)).status).toBe(403);
    expect((await postSns("not json")).status).toBe(400);
    expect((await postSns({ Type: "Notification" })).status).toBe(400);
    expect((await statusOf("mailA")).status).toBe("sent");

    expect((await postSns(sesEvent("Delivery", a))).status).toBe(200);
    expect(await statusOf("mailA")).toMatchObject({ status: "delivered" });
    expect((await postSns(sesEvent("Delivery", a))).status).toBe(200); // SNS retries: same state
    expect((await postSns(sesEvent("Complaint", a))).status).toBe(200);
    expect(await statusOf("mailA")).toMatchObject({
      status: "bounced",
      reason: "получатель пожаловался на письмо",
    });

    const b = ids.mailB!.provider;
    expect((await postSns(sesEvent("Bounce", b, { bounce: { bounceType: "Permanent" } }))).status).toBe(200);
    expect(await statusOf("mailB")).toMatchObject({ status: "bounced", reason: "адрес недоступен" });
    // A late «delivered» after a bounce is not news; an unknown message id is ignored.
    expect((await postSns(sesEvent("Delivery", b))).status).toBe(200);
    expect((await statusOf("mailB")).status).toBe("bounced");
    expect((await postSns(sesEvent("Delivery", "unknown-id"))).status).toBe(200);
    // The logs carry no message ids and no addresses.
    const logged = logs.mock.calls.flat().join("\n");
    logs.mockRestore();
    expect(logged).not.toContain(a);
    expect(logged).not.toContain("@mail.test");
  });

  it("answers 404 while no topic is configured", async () => {
    const topic = t.services.config.messages.sesEventsTopicArn;
    t.services.config.messages.sesEventsTopicArn = undefined;
    try {
      expect((await postSns(sesEvent("Delivery", ids.mailA!.provider))).status).toBe(404);
    } finally {
      t.services.config.messages.sesEventsTopicArn = topic;
    }
  });
});

describe("the SMS.ru status callback", { timeout: 60_000 }, () => {
  it("needs the secret path token, answers 100, records delivered and failed, skips what it cannot read", async () => {
    const a = ids.smsA!.provider;
    const b = ids.smsB!.provider;
    const entry = (id: string, code: number) => `sms_status\n${id}\n${code}\n1764558000`;
    const wrong = await postSmsru("x".repeat(32), [entry(a, 103)]);
    expect(wrong.status).toBe(404);
    expect((await statusOf("smsA")).status).toBe("sent");

    const res = await postSmsru(HOOK_SECRET, [entry(a, 102), entry(a, 103), entry(b, 104), "garbage\n1\n2"]);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("100");
    expect(await statusOf("smsA")).toMatchObject({ status: "delivered" });
    expect(await statusOf("smsB")).toMatchObject({
      status: "failed",
      reason: "не доставлено: истёк срок жизни сообщения",
    });
    // SMS.ru repeats until it reads «100»: a repeat changes nothing and still gets it.
    const again = await postSmsru(HOOK_SECRET, [entry(a, 103), entry(b, 104)]);
    expect(await again.text()).toBe("100");
    expect((await statusOf("smsA")).status).toBe("delivered");
  });

  it("answers 404 while no callback secret is configured", async () => {
    const secret = t.services.config.messages.smsruCallbackSecret;
    t.services.config.messages.smsruCallbackSecret = undefined;
    try {
      expect((await postSmsru(HOOK_SECRET, [])).status).toBe(404);
    } finally {
      t.services.config.messages.smsruCallbackSecret = secret;
    }
  });
});
