import type { AppConfig } from "../../config.js";
import { type MessageProvider, type OutgoingMessage, ProviderError } from "./types.js";

/**
 * SMS through SMS.ru's HTTP API: `POST {endpoint}/sms/send` with `api_id`, `to`, `msg`, `from`,
 * `json=1`; the answer is `{status, status_code, sms: {<phone>: {status, status_code, sms_id,
 * status_text}}}`, status_code 100 meaning accepted. Chosen because it needs no contract to start
 * (an api_id from a personal account), speaks plain HTTP with JSON answers and registers sender
 * names. Off unless SMSRU_API_ID is set; tests talk to a loopback server answering in this format.
 */

/** Codes after which the same request may succeed later: the service busy, per-number limits hit. */
const TEMPORARY_CODES = new Set([220, 230, 231, 232, 233]);

const REASONS: Record<number, string> = {
  200: "неверный ключ SMS.ru (api_id)",
  201: "на счёте SMS.ru недостаточно средств",
  202: "неверный номер получателя",
  203: "пустой текст сообщения",
  204: "имя отправителя не согласовано в SMS.ru",
  205: "сообщение слишком длинное",
  206: "исчерпан дневной лимит сообщений",
  207: "на этот номер нельзя отправлять сообщения",
  209: "номер в стоп-листе SMS.ru",
  220: "SMS.ru временно недоступен",
  230: "превышен лимит сообщений на этот номер в день",
  231: "превышен лимит одинаковых сообщений на этот номер в минуту",
  232: "превышен лимит одинаковых сообщений на этот номер в день",
  233: "превышен лимит сообщений на этот номер",
};

interface SmsRuAnswer {
  status?: string;
  status_code?: number;
  status_text?: string;
  sms?: Record<string, { status?: string; status_code?: number; sms_id?: string; status_text?: string }>;
}

const refusal = (code: number | undefined, text: string | undefined) =>
  new ProviderError(
    (code !== undefined && REASONS[code]) ||
      `SMS.ru отказал${code !== undefined ? ` (код ${code})` : ""}${text ? `: ${text}` : ""}`,
    code !== undefined && TEMPORARY_CODES.has(code),
  );

export function smsruProvider(config: AppConfig): MessageProvider | undefined {
  const m = config.messages;
  const apiId = m.smsruApiId;
  if (!apiId) return undefined;
  return {
    channel: "sms",
    ratePerSecond: m.smsRatePerSecond,
    async send(message: OutgoingMessage) {
      const to = message.to.replace(/\D/g, "");
      const body = new URLSearchParams({ api_id: apiId, to, msg: message.text, json: "1" });
      if (m.smsFrom) body.set("from", m.smsFrom);
      let answer: SmsRuAnswer;
      try {
        const res = await fetch(`${m.smsruEndpoint}/sms/send`, {
          method: "POST",
          body,
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status >= 500 || res.status === 429)
          throw new ProviderError(`SMS.ru временно недоступен (HTTP ${res.status})`, true);
        answer = (await res.json()) as SmsRuAnswer;
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        throw new ProviderError("SMS.ru не ответил", true);
      }
      if (answer.status !== "OK") throw refusal(answer.status_code, answer.status_text);
      const one = answer.sms?.[to] ?? Object.values(answer.sms ?? {})[0];
      if (one?.status !== "OK" || !one.sms_id) throw refusal(one?.status_code, one?.status_text);
      return { providerId: one.sms_id };
    },
  };
}
