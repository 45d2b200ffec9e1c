import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env.js";

const SAFE_METHODS = /^(GET|HEAD|OPTIONS)$/;

/** A bearer-authenticated request: its credential is not ambient, so no other site can forge it. */
export const hasBearer = (authorization: string | undefined) => /^Bearer\s/i.test(authorization ?? "");

/**
 * Cross-site request forgery by Origin, for requests a browser could send with its cookies.
 *
 * - Bearer-token requests pass: a page on another site cannot attach an Authorization header
 *   without a CORS preflight, which this service never grants.
 * - A browser says where an unsafe request comes from: `Sec-Fetch-Site` (pages cannot forge it) or
 *   `Origin`. Our own pages send `Origin: null` on form posts (Referrer-Policy: no-referrer) but
 *   `Sec-Fetch-Site: same-origin`. Anything from another site is refused here with 403.
 * - A request without `Origin` (and without `Sec-Fetch-Site: cross-site`) is not a browser's
 *   cross-site request: it goes on to the route, where a staff route answers 401 without a session
 *   and a cookie session still has to present its CSRF token (http/auth.ts).
 */
export function originCheck(publicBaseUrl: string): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return async (c, next) => {
    if (SAFE_METHODS.test(c.req.method) || hasBearer(c.req.header("authorization"))) return next();
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const ours = origin === new URL(c.req.url).origin || origin === publicOrigin;
    const allowed = site !== undefined ? site === "same-origin" || ours : origin === undefined || ours;
    if (!allowed) {
      throw new HTTPException(403, {
        message: "Запрос отправлен с другого сайта и отклонён. Откройте страницу сервиса и повторите.",
      });
    }
    await next();
  };
}
