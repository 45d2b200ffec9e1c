import { createHmac, timingSafeEqual } from "node:crypto";
import { newToken } from "../ids.js";

/**
 * Device tokens (OWASP "device cookies"): a browser that signed in to an account gets a token
 * signed by the server and bound to that account's email. Later attempts from that browser are
 * counted per device, not against the account's lock-out for unknown clients, so whoever floods the
 * director's account with wrong passwords cannot keep the director out of their own computer.
 * A token grants nothing by itself: the password is still checked.
 */
export const DEVICE_TOKEN_TTL_SECONDS = 180 * 24 * 3600;
/** Tokens one browser keeps (several people may sign in on one staff-room computer). */
const MAX_TOKENS = 5;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{16})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

const mac = (secret: string, email: string, nonce: string, issued: string) =>
  createHmac("sha256", secret).update(`device.${email}.${nonce}.${issued}`).digest("base64url").slice(0, 22);

function parse(secret: string, email: string, token: string, now: Date): string | undefined {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return undefined;
  const [, nonce, issued, signature] = m as unknown as [string, string, string, string];
  const issuedAt = Number.parseInt(issued, 36);
  const age = now.getTime() / 1000 - issuedAt;
  if (!(age >= -300 && age < DEVICE_TOKEN_TTL_SECONDS)) return undefined;
  const expected = Buffer.from(mac(secret, email, nonce, issued));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? nonce : undefined;
}

/** The device id of the first valid token for `email` among a browser's tokens, if any. */
export function knownDevice(secret: string, email: string, tokens: string[], now: Date): string | undefined {
  for (const token of tokens.slice(0, MAX_TOKENS)) {
    const device = parse(secret, email, token, now);
    if (device) return device;
  }
  return undefined;
}

/** The browser's tokens after a successful sign-in to `email`: a fresh one first, older ones kept. */
export function withDeviceToken(secret: string, email: string, tokens: string[], now: Date): string[] {
  const nonce = newToken(12);
  const issued = Math.floor(now.getTime() / 1000).toString(36);
  const fresh = `${nonce}.${issued}.${mac(secret, email, nonce, issued)}`;
  const others = tokens.filter((t) => TOKEN_PATTERN.test(t) && !parse(secret, email, t, now));
  return [fresh, ...others].slice(0, MAX_TOKENS);
}
