import type { Services } from "../services.js";
import { z } from "../validation.js";
import { recordDeliveryReport } from "./outbox.js";
import type { Channel } from "./types.js";

/**
 * Providers' later word on sent messages (docs/messages.md «Delivery reports»): SES events that
 * arrive through SNS, and SMS.ru's status callback. Each report names the provider's message id;
 * `recordDeliveryReport` finds the message by it and moves its state only forward, so a repeated
 * or late report changes nothing (idempotent).
 */
export interface DeliveryReport {
  channel: Channel;
  providerId: string;
  status: "delivered" | "bounced" | "failed";
  reason?: string;
}

// ---------------------------------------------------------------------------------------------
// SES events (event publishing to an SNS topic; also the older identity notifications)

const sesEventSchema = z.object({
  eventType: z.string().max(40).optional(),
  notificationType: z.string().max(40).optional(),
  mail: z.object({ messageId: z.string().min(1).max(200) }),
  bounce: z.object({ bounceType: z.string().max(40).optional() }).optional(),
});

/**
 * Rule: what an SES event says about a message. Delivery → delivered; Bounce → bounced (a
 * transient bounce says the mailbox is full or unreachable for now: SES has given up all the same);
 * Complaint → bounced (the recipient marked it as spam: write no more); Reject → failed. Other
 * events (Send, Open, Click, DeliveryDelay) change nothing.
 */
export function sesEventReport(message: unknown): DeliveryReport | undefined {
  const parsed = sesEventSchema.safeParse(message);
  if (!parsed.success) return undefined;
  const { eventType, notificationType, mail, bounce } = parsed.data;
  const providerId = mail.messageId;
  switch (eventType ?? notificationType) {
    case "Delivery":
      return { channel: "email", providerId, status: "delivered" };
    case "Bounce":
      return {
        channel: "email",
        providerId,
        status: "bounced",
        reason: bounce?.bounceType === "Transient" ? "почтовый ящик временно недоступен" : "адрес недоступен",
      };
    case "Complaint":
      return { channel: "email", providerId, status: "bounced", reason: "получатель пожаловался на письмо" };
    case "Reject":
      return { channel: "email", providerId, status: "failed", reason: "отклонено почтовой службой" };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// SMS.ru status callback

/**
 * SMS.ru's status codes of a message (its «sms/status» method; the callback sends the same):
 * 100–102 queued or on the way, 103 delivered, 110 read; the rest final failures (104–108 and 130–132
 * as two SMS.ru client libraries list them; 110 and 150 not confirmed from here: docs/messages.md).
 */
const SMSRU_FINAL: Record<number, { status: DeliveryReport["status"]; reason?: string }> = {
  103: { status: "delivered" },
  110: { status: "delivered" },
  104: { status: "failed", reason: "не доставлено: истёк срок жизни сообщения" },
  105: { status: "failed", reason: "не доставлено: удалено оператором" },
  106: { status: "failed", reason: "не доставлено: сбой в телефоне" },
  107: { status: "failed", reason: "не доставлено: причина неизвестна" },
  108: { status: "failed", reason: "не доставлено: отклонено" },
  130: { status: "failed", reason: "не доставлено: превышено число сообщений на этот номер в день" },
  131: {
    status: "failed",
    reason: "не доставлено: превышено число одинаковых сообщений на этот номер в минуту",
  },
  132: {
    status: "failed",
    reason: "не доставлено: превышено число одинаковых сообщений на этот номер в день",
  },
  150: { status: "failed", reason: "не доставлено: не найден маршрут на этот номер" },
};

/** Rule: what an SMS.ru status code says about a message (undefined: still on the way). */
export function smsruStatusReport(smsId: string, code: number): DeliveryReport | undefined {
  const final = SMSRU_FINAL[code];
  return final ? { channel: "sms", providerId: smsId, ...final } : undefined;
}

/** One `data[]` entry of the callback: «sms_status\n<sms_id>\n<status_code>\n<unix time>». */
const SMSRU_ENTRY = /^sms_status\n([0-9A-Za-z-]{1,64})\n(-?\d{1,4})(?:\n\d{0,12})?\n?$/;
const smsruEntrySchema = z
  .string()
  .max(500)
  .transform((s) => s.replace(/\r/g, ""))
  .pipe(z.string().regex(SMSRU_ENTRY))
  .transform((s) => {
    const [, smsId = "", code = ""] = SMSRU_ENTRY.exec(s) ?? [];
    return { smsId, code: Number(code) };
  });

/**
 * The reports in an SMS.ru callback body (`data[0]=…&data[1]=…`, form-encoded). Entries of other
 * kinds (SMS.ru also calls back for incoming messages, `sms`) or malformed ones are skipped and
 * counted.
 */
export function parseSmsruCallback(form: URLSearchParams): { reports: DeliveryReport[]; skipped: number } {
  const reports: DeliveryReport[] = [];
  let skipped = 0;
  for (const [key, value] of form) {
    if (!/^data(\[\d{0,4}\])?$/.test(key)) continue;
    const parsed = smsruEntrySchema.safeParse(value);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const report = smsruStatusReport(parsed.data.smsId, parsed.data.code);
    if (report) reports.push(report);
  }
  return { reports, skipped };
}

/** Records reports one by one; the count of those that changed a message. */
export async function recordDeliveryReports(
  services: Pick<Services, "config" | "db" | "now">,
  reports: readonly DeliveryReport[],
): Promise<number> {
  let changed = 0;
  for (const r of reports) if (await recordDeliveryReport(services, r)) changed++;
  return changed;
}
