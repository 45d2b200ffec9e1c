import { timingSafeEqual } from "node:crypto";
import { ForbiddenError } from "@soglasie/core/errors";
import type { Role } from "@soglasie/core/staff/roles";
import { isSessionRevoked } from "@soglasie/core/staff/session-revocations";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { parseFormBody } from "./body.js";
import type { AppEnv, SessionUser, StaffEnv } from "./env.js";
import { csrfFor, SESSION_COOKIE, verifySession } from "./session.js";

export const isApiRequest = (c: Context) => c.req.path.startsWith("/api/");

/**
 * Reads the session (cookie or bearer) and loads the staff member; anonymous requests pass through.
 * A signed-out session (revoked server-side) counts as none; the lookup runs beside the staff read.
 */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const services = c.get("services");
  const header = c.req.header("authorization");
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  const token = bearer ?? getCookie(c, SESSION_COOKIE);
  const claims = verifySession(services.config.sessionSecret, token, services.now());
  if (claims && claims.o === services.config.orgId) {
    const repo = new StaffRepository(services);
    const [staff, revoked] = await Promise.all([repo.get(claims.s), isSessionRevoked(services, claims.j)]);
    if (staff?.active && staff.sessionVersion === claims.v && !revoked) {
      const user: SessionUser = {
        staff,
        roles: repo.rolesOf(staff),
        via: bearer ? "bearer" : "cookie",
        csrfToken: csrfFor(services.config.sessionSecret, `${staff.staffId}.${claims.i}`),
        session: { id: claims.j, expiresAt: claims.e },
      };
      c.set("user", user);
    }
  }
  await next();
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Guards a staff route: 401 without a session (pages redirect to sign-in), 403 without one of
 * `roles`. Cookie-authenticated unsafe requests must carry the session's CSRF token. Behind it the
 * route's context has the user (`StaffEnv`).
 */
export function requireRoles(...roles: Role[]) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    // Until this check the session may be missing: loadSession sets the user only for a valid one.
    const user: SessionUser | undefined = c.get("user");
    if (!user) {
      if (!isApiRequest(c) && c.req.method === "GET") {
        const target = c.req.path + (new URL(c.req.url).search || "");
        return c.redirect(`/login?next=${encodeURIComponent(target)}`, 303);
      }
      throw new HTTPException(401, { message: "Войдите в систему" });
    }
    if (roles.length > 0 && !roles.some((r) => user.roles.includes(r))) throw new ForbiddenError();
    if (UNSAFE.has(c.req.method) && user.via === "cookie") await requireCsrf(c, user);
    await next();
  });
}

/** Any signed-in staff member. */
export const requireStaff = requireRoles();

/** A cookie session's unsafe request must carry its CSRF token (header `X-CSRF-Token` or form `_csrf`). */
export async function requireCsrf(c: Context, user: SessionUser) {
  let token = c.req.header("x-csrf-token");
  if (!token) {
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      const body = await parseFormBody(c);
      token = typeof body._csrf === "string" ? body._csrf : undefined;
    }
  }
  if (!sameSecret(token, user.csrfToken)) {
    throw new HTTPException(403, { message: "Форма устарела. Обновите страницу и отправьте ещё раз." });
  }
}

/** Constant-time comparison of a submitted secret (CSRF token) with the expected one. */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
