import { DomainError, ValidationError } from "@soglasie/core/errors";
import { login } from "@soglasie/core/staff/auth";
import { ROLE_LABELS } from "@soglasie/core/staff/roles";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import { z } from "@soglasie/core/validation";
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { requireStaff } from "../http/auth.js";
import { clientAddress, readForm, readJson } from "../http/body.js";
import type { AppEnv } from "../http/env.js";
import { ErrorSummary, FieldError, Layout, page } from "../http/layout.js";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "../http/session.js";

/** Only same-site relative paths: an open redirect after sign-in would help phishing. */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/staff";
  return next;
}

function issueSession(c: Context<AppEnv>, staff: StaffMember): string {
  const { config, now } = c.get("services");
  return signSession(
    config.sessionSecret,
    { s: staff.staffId, o: config.orgId, v: staff.sessionVersion },
    now(),
  );
}

function LoginPage(props: {
  orgName: string;
  next: string;
  email?: string;
  error?: string;
  fields?: Record<string, string[]>;
}) {
  return (
    <Layout title="Вход для сотрудников — Согласие" orgName={props.orgName} narrow>
      <h1>Вход для сотрудников</h1>
      <div class="card">
        <ErrorSummary message={props.error} fields={props.fields} />
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="f-email">Электронная почта</label>
          <input
            id="f-email"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={props.email ?? ""}
          />
          <FieldError name="email" fields={props.fields} />
          <label for="f-password">Пароль</label>
          <input id="f-password" type="password" name="password" autocomplete="current-password" required />
          <FieldError name="password" fields={props.fields} />
          <p>
            <button type="submit" class="block">
              Войти
            </button>
          </p>
        </form>
        <p class="hint">
          Родители (законные представители) входят не здесь, а по персональной ссылке от классного
          руководителя.
        </p>
      </div>
    </Layout>
  );
}

const apiLoginSchema = z.object({ email: z.string(), password: z.string() });

export const authApp = new Hono<AppEnv>()
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
    try {
      const staff = await login(c.get("services"), { email, password: form.password }, clientAddress(c));
      setCookie(c, SESSION_COOKIE, issueSession(c, staff), {
        httpOnly: true,
        sameSite: "Lax",
        secure: new URL(c.req.url).protocol === "https:",
        path: "/",
        maxAge: SESSION_TTL_SECONDS,
      });
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === "too_many_requests" ? 429 : error instanceof ValidationError ? 400 : 401;
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
    }
  })
  .get("/logout", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  })
  .post("/api/auth/login", async (c) => {
    const body = await readJson(c, apiLoginSchema);
    const staff = await login(c.get("services"), body, clientAddress(c));
    const token = issueSession(c, staff);
    const { now } = c.get("services");
    return c.json({
      token,
      tokenType: "Bearer",
      expiresAt: new Date(now().getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
      staff: { staffId: staff.staffId, fullName: staff.fullName, email: staff.email },
    });
  })
  .get("/api/me", requireStaff, (c) => {
    const user = c.get("user")!;
    const { staffId, fullName, email, position, pedagogical } = user.staff;
    return c.json({
      staffId,
      fullName,
      email,
      position,
      pedagogical,
      roles: user.roles,
      csrfToken: user.csrfToken,
    });
  });

export const roleList = (roles: readonly (keyof typeof ROLE_LABELS)[]) =>
  roles.map((r) => ROLE_LABELS[r]).join(", ");
