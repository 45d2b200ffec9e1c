import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { AppConfig } from "../config.js";
import { ValidationError } from "../errors.js";
import { normalizePhone } from "../roster/normalize.js";
import type { Student } from "../roster/student-repository.js";
import type { Channel } from "./types.js";

/** One form per contact, so an opt-out of «I.Petrova@Mail.ru» also covers «i.petrova@mail.ru». */
export function normalizeContact(channel: Channel, to: string): string {
  if (channel === "sms") {
    const phone = normalizePhone(to);
    if (!phone)
      throw new ValidationError("Некорректный номер телефона", { to: ["Некорректный номер телефона"] });
    return phone;
  }
  const email = to.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new ValidationError("Некорректный адрес почты", { to: ["Некорректный адрес почты"] });
  return email;
}

/** «+7 914 ***-**-01»: the operator code and the last two digits, enough to recognise one's own number. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, "");
  return `+7 ${d.slice(1, 4)} ***-**-${d.slice(-2)}`;
}

/** «i***@mail.ru»: the first letter and the domain. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

export const maskContact = (channel: Channel, normalized: string) =>
  channel === "sms" ? maskPhone(normalized) : maskEmail(normalized);

const keys = new Map<string, Buffer>();
function derived(secret: string, label: string): Buffer {
  const id = `${label}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "soglasie", label, 32));
    keys.set(id, key);
  }
  return key;
}

/**
 * A keyed hash of the normalised contact: opt-outs and unsubscribe links name a contact without
 * storing it, and a copy of the table alone cannot test guessed addresses against it.
 */
export function contactKey(secret: string, channel: Channel, normalized: string): string {
  return createHmac("sha256", derived(secret, "messages/contact-key/v1"))
    .update(`${channel}:${normalized}`)
    .digest("base64url")
    .slice(0, 32);
}

/**
 * What must travel with a queued message but not outlive it (the full contact, a code, a name):
 * AES-256-GCM under a key derived from the server secret, dropped once the message is final. A
 * changed secret makes queued messages unreadable: they fail with a reason instead of going out wrong.
 */
export function seal(secret: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derived(secret, "messages/seal/v1"), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function unseal<T>(secret: string, sealed: string): T | undefined {
  try {
    const raw = Buffer.from(sealed, "base64");
    const decipher = createDecipheriv(
      "aes-256-gcm",
      derived(secret, "messages/seal/v1"),
      raw.subarray(0, 12),
    );
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The signature of an unsubscribe link for a contact key (stateless, lasts as long as the secret). */
export function unsubscribeSignature(secret: string, channel: Channel, key: string): string {
  return createHmac("sha256", derived(secret, "messages/unsubscribe/v1"))
    .update(`${channel}:${key}`)
    .digest("base64url")
    .slice(0, 22);
}

export const unsubscribeUrl = (publicBaseUrl: string, secret: string, channel: Channel, key: string) =>
  `${publicBaseUrl}/unsubscribe/${channel}/${key}.${unsubscribeSignature(secret, channel, key)}`;

/**
 * The contact of whoever signs on a configured channel, in the given order of preference: the
 * adult student's own when they sign for themself, else the parent's; undefined when none is on
 * file, valid and deliverable by a configured provider.
 */
export function signerContact(
  config: Pick<AppConfig, "messages">,
  student: Pick<Student, "phone" | "email" | "studentPhone" | "studentEmail">,
  bySelf: boolean,
  order: readonly Channel[],
): { channel: Channel; to: string } | undefined {
  const configured = { email: Boolean(config.messages.mailFrom), sms: Boolean(config.messages.smsruApiId) };
  const on = {
    email: bySelf ? student.studentEmail : student.email,
    sms: bySelf ? student.studentPhone : student.phone,
  };
  for (const channel of order) {
    const to = on[channel];
    if (!configured[channel] || !to) continue;
    try {
      return { channel, to: normalizeContact(channel, to) };
    } catch {
      // An invalid contact on file: try the next channel.
    }
  }
  return undefined;
}
