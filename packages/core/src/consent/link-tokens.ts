import { createHmac } from "node:crypto";
import { localDate } from "../clock.js";
import { newToken, tokenHash } from "../ids.js";

/**
 * Personal links. A link's token is never stored: the record keeps its SHA-256 (for lookup) and
 * a random 128-bit seed from the CSPRNG, and the token is HMAC(server secret, seed). So a copy of
 * the database alone opens no link, while the service can print the same links again (CSV, slips
 * for a parent meeting, CLI) without re-issuing them and breaking the ones already handed out.
 * If the secret ever changes, re-derived tokens no longer match the stored hash and exports mark
 * those links as needing re-issue instead of printing dead links.
 */
const LINK_KEY_LABEL = "soglasie/consent-link/v1";

const linkKey = (secret: string) => createHmac("sha256", secret).update(LINK_KEY_LABEL).digest();

/** 128 bits, URL-safe: 22 characters. */
export function deriveToken(secret: string, seed: string): string {
  return createHmac("sha256", linkKey(secret)).update(seed).digest().subarray(0, 16).toString("base64url");
}

export interface IssuedLink {
  seed: string;
  token: string;
  tokenHash: string;
}

export function issueLink(secret: string): IssuedLink {
  const seed = newToken(16);
  const token = deriveToken(secret, seed);
  return { seed, token, tokenHash: tokenHash(token) };
}

/** The token of a stored link, or undefined when it cannot be re-derived (the secret changed). */
export function tokenOf(secret: string, link: { linkSeed: string; tokenHash: string }): string | undefined {
  const token = deriveToken(secret, link.linkSeed);
  return tokenHash(token) === link.tokenHash ? token : undefined;
}

/** Only tokens of this shape are looked up; anything else is an unknown link. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const linkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/c/${token}`;

/** ISO date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Links are valid through a whole local day («до 25.12.2026 включительно»), which is what people
 * read on a slip; the last day is today + TTL in the organisation's time zone.
 */
export function linkExpiry(now: Date, timeZone: string, ttlDays: number): string {
  return addDays(localDate(now, timeZone), ttlDays);
}
