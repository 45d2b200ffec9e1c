import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, form, TEST_PASSWORD, type TestApp } from "../support/app.js";

/**
 * Issue 13, defect 12: framing refused in both headers that say so, HSTS only where the browser
 * came over https, and the session cookie `Secure` whenever the public URL is https — also when
 * TLS ends at a proxy in front (the request itself arrives as http) or at API Gateway.
 */
const API_GATEWAY_ENV = { requestContext: { http: { sourceIp: "198.51.100.20", method: "POST" } } };

async function signInCookie(t: TestApp, email: string, headers: Record<string, string> = {}, env?: object) {
  const f = form({ email, password: TEST_PASSWORD });
  const res = await t.app.request(
    "/login",
    { method: "POST", body: f.body, headers: { ...f.headers, ...headers } },
    env,
  );
  expect(res.status).toBe(303);
  return { res, cookie: res.headers.get("set-cookie") ?? "" };
}

describe("security headers over plain http (npm start on loopback)", () => {
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    t = await createTestApp({ config: { trustProxy: false } });
    email = (await t.member(["teacher"])).email;
  });

  it("refuses framing with X-Frame-Options: DENY, the same as frame-ancestors 'none'", async () => {
    const res = await t.app.request("/login");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("sends no HSTS and no Secure cookie over http", async () => {
    const page = await t.app.request("/login");
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const { res, cookie } = await signInCookie(t, email);
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it("does not believe X-Forwarded-Proto from a client when no proxy of ours is configured", async () => {
    const res = await t.app.request("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("security headers behind TLS", () => {
  it("an https public URL (TLS ends at a proxy; the request arrives as http): HSTS and a Secure cookie", async () => {
    const t = await createTestApp({ config: { publicBaseUrl: "https://soglasie.example.ru" } });
    const email = (await t.member(["teacher"])).email;
    const page = await t.app.request("http://soglasie.example.ru/login");
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const { cookie } = await signInCookie(t, email, { origin: "https://soglasie.example.ru" });
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/);
  });

  it("X-Forwarded-Proto: https from a proxy of ours (TRUST_PROXY): HSTS and a Secure cookie", async () => {
    const t = await createTestApp({ config: { trustProxy: true } });
    const email = (await t.member(["teacher"])).email;
    const proxied = { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" };
    const page = await t.app.request("/login", { headers: proxied });
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=/);
    const { cookie } = await signInCookie(t, email, proxied);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("API Gateway (always https): HSTS and a Secure cookie", async () => {
    const t = await createTestApp();
    const email = (await t.member(["teacher"])).email;
    const page = await t.app.request("/login", {}, API_GATEWAY_ENV);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=/);
    const { cookie } = await signInCookie(t, email, {}, API_GATEWAY_ENV);
    expect(cookie).toMatch(/;\s*Secure/i);
  });
});
