import { createHash, timingSafeEqual } from "node:crypto";
import {
  parseSmsruCallback,
  recordDeliveryReports,
  sesEventReport,
} from "@soglasie/core/messages/delivery-reports";
import {
  confirmSnsSubscription,
  isTrustedSnsUrl,
  snsEnvelopeSchema,
  verifySnsSignature,
} from "@soglasie/core/messages/sns";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../http/env.js";

/**
 * Providers' delivery reports, public webhooks (no session; docs/messages.md «Delivery reports»):
 *   POST /hooks/ses               SES events through an SNS HTTPS subscription: the topic must be
 *                                 SES_EVENTS_TOPIC_ARN and every message carries a valid SNS
 *                                 signature; a SubscriptionConfirmation is confirmed only then
 *   POST /hooks/smsru/:token      SMS.ru's status callback, guarded by SMSRU_CALLBACK_SECRET in the
 *                                 path (SMS.ru signs nothing); answers `100` as SMS.ru expects
 * Either answers 404 while it is not configured. Logs carry counts only: no ids, no contacts.
 */
const MAX_HOOK_BYTES = 256 * 1024;

const log = (message: string, fields: Record<string, unknown>) =>
  console.log(JSON.stringify({ level: "info", message, ...fields }));

const plain = (c: Context<AppEnv>, text: string) => {
  c.header("Cache-Control", "no-store");
  return c.text(text, 200);
};

const ERRORS = {
  400: ["bad_request", "Запрос не распознан"],
  403: ["forbidden", "Сообщение не подписано доверенным отправителем"],
  404: ["not_found", "Страница не найдена"],
  413: ["too_large", "Слишком большой запрос"],
} as const;

/** Errors as the JSON API answers them ({error: {code, message}}, Russian). */
const fail = (c: Context<AppEnv>, status: keyof typeof ERRORS) => {
  c.header("Cache-Control", "no-store");
  const [code, message] = ERRORS[status];
  return c.json({ error: { code, message } }, status);
};

async function bodyText(c: Context<AppEnv>): Promise<string | undefined> {
  const text = await c.req.text();
  return Buffer.byteLength(text) > MAX_HOOK_BYTES ? undefined : text;
}

/** Constant-time comparison of the path token with the configured secret. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

export const hooksApp = new Hono<AppEnv>()
  .post("/hooks/ses", async (c) => {
    const { messages } = c.get("services").config;
    const topicArn = messages.sesEventsTopicArn;
    if (!topicArn) return fail(c, 404);
    const text = await bodyText(c);
    if (text === undefined) return fail(c, 413);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail(c, 400);
    }
    const envelope = snsEnvelopeSchema.safeParse(json);
    if (!envelope.success) return fail(c, 400);
    const m = envelope.data;
    const trust = { extraCertUrl: messages.snsTrustedCertUrl };
    // Another topic, or not signed by SNS: refused before anything in it is believed.
    if (m.TopicArn !== topicArn || !(await verifySnsSignature(m, trust))) {
      log("SNS message refused", { type: m.Type });
      return fail(c, 403);
    }
    if (m.Type === "SubscriptionConfirmation") {
      if (!m.SubscribeURL || !isTrustedSnsUrl(m.SubscribeURL, m.TopicArn, "subscribe", trust))
        return fail(c, 403);
      await confirmSnsSubscription(m);
      log("SNS subscription confirmed", { type: m.Type });
      return plain(c, "confirmed");
    }
    if (m.Type === "UnsubscribeConfirmation") return plain(c, "ok");
    let event: unknown;
    try {
      event = JSON.parse(m.Message);
    } catch {
      return plain(c, "ok"); // signed but not an SES event: nothing to record, nothing to retry
    }
    const report = sesEventReport(event);
    const changed = report ? await recordDeliveryReports(c.get("services"), [report]) : 0;
    log("SES event", { status: report?.status ?? "ignored", changed });
    return plain(c, "ok");
  })
  .post("/hooks/smsru/:token", async (c) => {
    const secret = c.get("services").config.messages.smsruCallbackSecret;
    if (!secret || !sameSecret(c.req.param("token"), secret)) return fail(c, 404);
    const text = await bodyText(c);
    if (text === undefined) return fail(c, 413);
    const { reports, skipped } = parseSmsruCallback(new URLSearchParams(text));
    const changed = await recordDeliveryReports(c.get("services"), reports);
    log("SMS.ru status callback", { reports: reports.length, changed, skipped });
    // SMS.ru repeats a callback until it gets «100».
    return plain(c, "100");
  });
