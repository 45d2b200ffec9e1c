import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, TEST_PASSWORD } from "../support/app.js";
import { launchChromium, serveApp } from "../support/browser.js";
import { type SecurityStack, securityStack } from "./support.js";

/**
 * Issue 13, defect 8: signing out was a GET link and the old cookie still opened /api/me. Now it is
 * a POST with the session's CSRF token that revokes this session server-side; GET /logout only asks.
 */
let s: SecurityStack;
beforeAll(async () => {
  s = await securityStack();
}, 120_000);

/** A browser sign-in: the session cookie and the CSRF token its pages carry. */
async function browserSession(email: string) {
  const f = form({ email, password: TEST_PASSWORD });
  const res = await s.t.app.request("/login", { method: "POST", body: f.body, headers: f.headers });
  expect(res.status).toBe(303);
  const cookie = { cookie: res.headers.get("set-cookie")!.split(";")[0]! };
  const home = await (await s.t.app.request("/staff", { headers: cookie })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1];
  expect(csrf).toBeDefined();
  return { cookie, csrf: csrf!, home };
}

const me = (headers: Record<string, string>) => s.t.app.request("/api/me", { headers });
const postLogout = (headers: Record<string, string>, fields: Record<string, string>) =>
  s.t.app.request("/logout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });

describe("signing out", () => {
  it("the navigation signs out with a POST form carrying the CSRF token, not a link", async () => {
    const { home, csrf } = await browserSession(s.admin.staff.email);
    expect(home).not.toContain('href="/logout"');
    expect(home).toMatch(
      /<form method="post" action="\/logout"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/,
    );
    expect(home).toContain(`value="${csrf}"`);
  });

  it("GET /logout no longer signs out: it asks, and the session keeps working", async () => {
    const { cookie } = await browserSession(s.admin.staff.email);
    const page = await s.t.app.request("/logout", { headers: cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(await page.text()).toContain("Выйти из системы?");
    expect((await me(cookie)).status).toBe(200);
  });

  it("a POST without the CSRF token, or from another site, is refused and signs nobody out", async () => {
    const { cookie, csrf } = await browserSession(s.admin.staff.email);
    expect((await postLogout({ ...cookie, origin: "http://localhost" }, {})).status).toBe(403);
    expect((await postLogout({ ...cookie, origin: "https://evil.example" }, { _csrf: csrf })).status).toBe(
      403,
    );
    expect((await me(cookie)).status).toBe(200);
  });

  it("POST /logout ends this session server-side: the old cookie gets 401 from /api/me", async () => {
    const { cookie, csrf } = await browserSession(s.admin.staff.email);
    // The same person's API token, signed in separately, is another session and stays.
    const login = await s.t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: s.admin.staff.email, password: TEST_PASSWORD }),
    });
    const other = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };

    const out = await postLogout({ ...cookie, origin: "http://localhost" }, { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/^sid=;.*Max-Age=0/);
    // The browser would drop the cookie; an attacker who copied it keeps sending it.
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(((await after.json()) as any).error.message).toBe("Войдите в систему");
    const page = await s.t.app.request("/staff", { headers: cookie });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/^\/login/);
    expect((await me(other)).status).toBe(200);
  });

  it("an API client ends its bearer token with POST /api/auth/logout", async () => {
    const login = await s.t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: s.admin.staff.email, password: TEST_PASSWORD }),
    });
    const bearer = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    expect((await me(bearer)).status).toBe(200);
    const out = await s.t.app.request("/api/auth/logout", { method: "POST", headers: bearer });
    expect(out.status).toBe(204);
    expect((await me(bearer)).status).toBe(401);
  });
});

describe("signing out in Chromium", () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof serveApp>>;
  beforeAll(async () => {
    served = await serveApp(s.t.app);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("«Выйти» signs out, and Back does not show the group dashboard with its parents' links again", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const base = served.base;
    await page.goto(`${base}/login`);
    await page.fill("#f-email", s.teacher.staff.email);
    await page.fill("#f-password", TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/staff`), page.click("button[type=submit]")]);
    await page.goto(`${base}/staff/consents/${s.groupId}`);
    expect(await page.content()).toContain("БУ-31");
    await Promise.all([page.waitForURL(`${base}/login`), page.click("form.sign-out button")]);
    await page.goBack();
    await page.waitForLoadState();
    expect(page.url()).toContain("/login");
    expect(await page.content()).not.toContain("Сергеев");
    const status = await page.evaluate(async () => (await fetch("/api/me")).status);
    expect(status).toBe(401);
    await context.close();
  });
});
