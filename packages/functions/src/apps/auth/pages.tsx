import { TooManyRequestsError, UnavailableError, ValidationError } from "@soglasie/core/errors";
import { login } from "@soglasie/core/staff/auth";
import { revokeSession } from "@soglasie/core/staff/session-revocations";
import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { requireCsrf } from "../../http/auth.js";
import { clientAddress, readForm } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { page } from "../../http/layout.js";
import { pageAction, type Refusals } from "../../http/page-action.js";
import { SESSION_COOKIE } from "../../http/session.js";
import { servedOverHttps } from "../../http/transport.js";
import { safeNext } from "./safe-next.js";
import { deviceTokens, setDeviceCookie, setSessionCookie } from "./session-cookie.js";
import { LoginPage } from "./views/login-page.js";
import { LogoutPage } from "./views/logout-page.js";

/** Every refused sign-in is shown on the form: too many attempts 429, busy 503, bad input 400, else 401. */
const signInRefusals: Refusals = (error) =>
  error instanceof TooManyRequestsError
    ? 429
    : error instanceof UnavailableError
      ? 503
      : error instanceof ValidationError
        ? 400
        : 401;

export const authPages = new Hono<AppEnv>()
  .get("/", (c) => c.redirect(c.get("user") ? "/staff" : "/login", 303))
  .get("/login", (c) =>
    c.html(
      page(
        <LoginPage orgName={c.get("services").config.org.shortName} next={safeNext(c.req.query("next"))} />,
      ),
    ),
  )
  .post("/login", async (c) => {
    const form = await readForm(c);
    const next = safeNext(typeof form.next === "string" ? form.next : undefined);
    const email = typeof form.email === "string" ? form.email : "";
    return pageAction(
      c,
      async () => {
        const { staff, devices } = await login(
          c.get("services"),
          { email, password: form.password },
          { address: clientAddress(c), devices: deviceTokens(c) },
        );
        setSessionCookie(c, staff);
        setDeviceCookie(c, devices);
        return next;
      },
      (error, status) => {
        if (error instanceof TooManyRequestsError || error instanceof UnavailableError)
          c.header("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
        return c.html(
          page(
            <LoginPage
              orgName={c.get("services").config.org.shortName}
              next={next}
              email={email}
              error={error.message}
              fields={error instanceof ValidationError ? error.fields : undefined}
            />,
          ),
          status,
        );
      },
      signInRefusals,
    );
  })
  // Signing out changes state, so it is a POST with the session's CSRF token; GET only asks.
  .get("/logout", (c) => {
    const user = c.get("user");
    if (!user) return c.redirect("/login", 303);
    return c.html(
      page(
        <LogoutPage
          orgName={c.get("services").config.org.shortName}
          name={user.staff.fullName}
          csrf={user.csrfToken}
        />,
      ),
    );
  })
  .post("/logout", async (c) => {
    const user = c.get("user");
    if (user) {
      if (user.via === "cookie") await requireCsrf(c, user);
      await revokeSession(c.get("services"), user.session.id, user.session.expiresAt);
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: servedOverHttps(c) });
    return c.redirect("/login", 303);
  });
