import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { AppConfig } from "../../config.js";
import { type MessageProvider, type OutgoingMessage, ProviderError } from "./types.js";

/** SES errors worth another try later: throttling, quotas per second, the service itself. */
const TEMPORARY = new Set([
  "TooManyRequestsException",
  "LimitExceededException",
  "ThrottlingException",
  "InternalFailure",
  "ServiceUnavailable",
]);

/** Russian reasons for the permanent refusals staff can act on. */
const REASONS: Record<string, string> = {
  MessageRejected: "почтовый сервис отклонил письмо",
  MailFromDomainNotVerifiedException: "домен отправителя не подтверждён в почтовом сервисе",
  AccountSuspendedException: "отправка почты приостановлена почтовым сервисом",
  SendingPausedException: "отправка почты приостановлена почтовым сервисом",
  NotFoundException: "отправитель не найден в почтовом сервисе",
  BadRequestException: "почтовый сервис не принял письмо",
};

/** A display name in a From header: RFC 2047 encoded-word, so Cyrillic survives every relay. */
const encodeName = (name: string) => `=?UTF-8?B?${Buffer.from(name, "utf8").toString("base64")}?=`;

/**
 * E-mail through the SES v2 API (SendEmail, simple content). The endpoint is configurable: Yandex
 * Cloud Postbox implements the same API (docs/deploy.md), and `npm start` points it at the local
 * emulator (aws-ses-v2-local).
 */
export function sesProvider(config: AppConfig): MessageProvider | undefined {
  const m = config.messages;
  if (!m.mailFrom) return undefined;
  const local = config.mode === "local" && !process.env.AWS_ACCESS_KEY_ID;
  // The SDK client is loaded with the first message: most requests of the functions that queue
  // messages send none, and its code would otherwise be parsed at every cold start.
  let sdk: Promise<{
    client: SESv2Client;
    SendEmailCommand: typeof import("@aws-sdk/client-sesv2").SendEmailCommand;
  }>;
  const load = () =>
    (sdk ??= import("@aws-sdk/client-sesv2").then(({ SESv2Client, SendEmailCommand }) => ({
      SendEmailCommand,
      client: new SESv2Client({
        region: m.sesRegion,
        endpoint: m.sesEndpoint,
        credentials: local ? { accessKeyId: "local", secretAccessKey: "local" } : undefined,
        maxAttempts: 1,
      }),
    })));
  const from = `${encodeName(m.senderName)} <${m.mailFrom}>`;
  return {
    channel: "email",
    ratePerSecond: m.emailRatePerSecond,
    async send(message: OutgoingMessage) {
      const headers = message.unsubscribeUrl
        ? [
            { Name: "List-Unsubscribe", Value: `<${message.unsubscribeUrl}>` },
            { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
          ]
        : undefined;
      try {
        const { client, SendEmailCommand } = await load();
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [message.to] },
            Content: {
              Simple: {
                Subject: { Data: message.subject ?? "", Charset: "UTF-8" },
                Body: { Text: { Data: message.text, Charset: "UTF-8" } },
                Headers: headers,
              },
            },
          }),
        );
        return { providerId: out.MessageId ?? message.id };
      } catch (error) {
        const name = (error as { name?: string }).name ?? "Error";
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // No answer at all (network, DNS, timeout) or a 5xx/429: the message may still go later.
        if (TEMPORARY.has(name) || status === undefined || status >= 500 || status === 429)
          throw new ProviderError(`почтовый сервис временно недоступен (${name})`, true);
        throw new ProviderError(REASONS[name] ?? `почтовый сервис отказал (${name})`, false);
      }
    },
  };
}
