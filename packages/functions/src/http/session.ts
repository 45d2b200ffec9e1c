import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Session lifetime: a working day with margin. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
export const SESSION_COOKIE = "sid";

export interface SessionClaims {
  /** staff id */
  s: string;
  /** organisation id */
  o: string;
  /** staff sessionVersion at issue; a password reset raises it and ends older sessions */
  v: number;
  /** issued at / expires at, epoch seconds */
  i: number;
  e: number;
  /** this session's own random id: signing out revokes it (and only it) server-side */
  j: string;
}

const mac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("base64url");

/** A stateless signed token `payload.mac`, used both as the cookie value and as the API bearer token. */
export function signSession(secret: string, claims: Omit<SessionClaims, "i" | "e" | "j">, now: Date): string {
  const i = Math.floor(now.getTime() / 1000);
  const j = randomBytes(16).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ ...claims, i, e: i + SESSION_TTL_SECONDS, j })).toString(
    "base64url",
  );
  return `${payload}.${mac(secret, `session.${payload}`)}`;
}

export function verifySession(
  secret: string,
  token: string | undefined,
  now: Date,
): SessionClaims | undefined {
  if (!token || token.length > 2048) return undefined;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(secret, `session.${payload}`));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionClaims;
    if (typeof claims.e !== "number" || claims.e * 1000 <= now.getTime()) return undefined;
    // Tokens without a session id predate server-side sign-out and could not be revoked.
    if (typeof claims.j !== "string" || !/^[A-Za-z0-9_-]{22}$/.test(claims.j)) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

/** CSRF token bound to one scope (a session, a consent link): hidden form field or `X-CSRF-Token`. */
export const csrfFor = (secret: string, scope: string) => mac(secret, `csrf.${scope}`);
