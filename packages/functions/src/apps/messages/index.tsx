import { timingSafeEqual } from "node:crypto";
import { unsubscribeSignature } from "@soglasie/core/messages/contacts";
import { isOptedOut, recordOptOut } from "@soglasie/core/messages/outbox";
import type { Channel } from "@soglasie/core/messages/types";
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../../http/env.js";
import { Layout, page } from "../../http/layout.js";

/**
 * Unsubscribing from the college's messages (every e-mail carries the link and RFC 8058 headers):
 *   GET  /unsubscribe/:channel/:key.sig   a page with one button (a GET changes nothing: mail
 *                                         scanners follow links)
 *   POST /unsubscribe/:channel/:key.sig   records the opt-out; also the mail client's one-click POST
 * The link names the contact only by its keyed hash, signed with the server secret.
 */
const CHANNELS: readonly Channel[] = ["email", "sms"];

function parse(c: Context<AppEnv>): { channel: Channel; key: string } | undefined {
  const channel = c.req.param("channel") as Channel;
  const [key = "", sig = ""] = (c.req.param("token") ?? "").split(".");
  if (!CHANNELS.includes(channel) || !/^[A-Za-z0-9_-]{32}$/.test(key) || !/^[A-Za-z0-9_-]{22}$/.test(sig))
    return undefined;
  const expected = Buffer.from(unsubscribeSignature(c.get("services").config.sessionSecret, channel, key));
  return timingSafeEqual(expected, Buffer.from(sig)) ? { channel, key } : undefined;
}

function view(c: Context<AppEnv>, title: string, body: Child, status: 200 | 404 = 200) {
  const org = c.get("services").config.org.shortName;
  c.header("Cache-Control", "no-store");
  return c.html(
    page(
      <Layout title={title} orgName={org} narrow>
        <h1>{title}</h1>
        {body}
      </Layout>,
    ),
    status,
  );
}

const unknown = (c: Context<AppEnv>) =>
  view(
    c,
    "Ссылка не действует",
    <p>Ссылка для отказа от рассылки неверна. Скопируйте её из письма целиком.</p>,
    404,
  );

export const messagesApp = new Hono<AppEnv>()
  .get("/unsubscribe/:channel/:token", async (c) => {
    const target = parse(c);
    if (!target) return unknown(c);
    const services = c.get("services");
    if (await isOptedOut(services, target.channel, target.key))
      return view(c, "Вы отписаны", <p>Сообщения колледжа на этот адрес больше не приходят.</p>);
    return view(
      c,
      "Отказаться от писем колледжа?",
      <form method="post">
        <p>
          Приглашения и напоминания об ответах на этот адрес больше не будут приходить. Ответить по ссылке из
          полученного письма можно и после отказа.
        </p>
        <button type="submit">Отписаться</button>
      </form>,
    );
  })
  .post("/unsubscribe/:channel/:token", async (c) => {
    const target = parse(c);
    if (!target) return unknown(c);
    await recordOptOut(c.get("services"), target.channel, target.key);
    return view(c, "Вы отписаны", <p>Сообщения колледжа на этот адрес больше не приходят.</p>);
  });
