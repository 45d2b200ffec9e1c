import { DEVICE_TOKEN_TTL_SECONDS } from "@soglasie/core/staff/device-tokens";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../http/env.js";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "../../http/session.js";
import { servedOverHttps } from "../../http/transport.js";

/** A session token for the staff member (the cookie value and the API bearer token). */
export function issueSession(c: Context<AppEnv>, staff: StaffMember): string {
  const { config, now } = c.get("services");
  return signSession(
    config.sessionSecret,
    { s: staff.staffId, o: config.orgId, v: staff.sessionVersion },
    now(),
  );
}

/** The session cookie of a browser sign-in: not readable by scripts, sent on same-site navigation. */
export function setSessionCookie(c: Context<AppEnv>, staff: StaffMember): void {
  setCookie(c, SESSION_COOKIE, issueSession(c, staff), {
    httpOnly: true,
    sameSite: "Lax",
    secure: servedOverHttps(c),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

/** The device cookie (core/staff/device-tokens.ts): which accounts signed in from this browser. */
export const DEVICE_COOKIE = "device";

export function deviceTokens(c: Context<AppEnv>): string[] {
  const value = getCookie(c, DEVICE_COOKIE);
  return value ? value.split("~").slice(0, 5) : [];
}

export function setDeviceCookie(c: Context<AppEnv>, tokens: string[]): void {
  setCookie(c, DEVICE_COOKIE, tokens.join("~"), {
    httpOnly: true,
    sameSite: "Lax",
    secure: servedOverHttps(c),
    path: "/",
    maxAge: DEVICE_TOKEN_TTL_SECONDS,
  });
}
