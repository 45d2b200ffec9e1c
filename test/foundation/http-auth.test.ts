import { LOGIN_LIMITS } from "@soglasie/core/staff/login-throttle";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, form, SYSTEM, TEST_PASSWORD, type TestApp } from "../support/app.js";

let t: TestApp;
let email: string;

beforeAll(async () => {
  t = await createTestApp();
  const staff = await new StaffRepository(t.services).create(
    {
      email: "login@test.local",
      fullName: "Зайцева Анна Олеговна",
      position: "Преподаватель",
      pedagogical: true,
      roles: ["teacher"],
      password: TEST_PASSWORD,
    },
    SYSTEM,
  );
  email = staff.email;
});

const json = (body: unknown) => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

describe("sign-in", () => {
  it("issues a bearer token that opens the API", async () => {
    const res = await t.app.request("/api/auth/login", json({ email, password: TEST_PASSWORD }));
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const me = await t.app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email, roles: ["teacher"] });
  });

  it("answers 401 with the same message for a wrong password and an unknown email", async () => {
    const wrong = await t.app.request("/api/auth/login", json({ email, password: "wrong-password" }));
    const unknown = await t.app.request(
      "/api/auth/login",
      json({ email: "nobody@test.local", password: "whatever-123" }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [(await wrong.json()) as any, (await unknown.json()) as any];
    expect(a.error.message).toBe("Неверная почта или пароль");
    expect(b.error.message).toBe(a.error.message);
  });

  it("rejects malformed bodies with field errors and wrong content types with 415", async () => {
    const bad = await t.app.request("/api/auth/login", json({ email: "not-an-email", password: "" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.fields).toHaveProperty("email");
    const text = await t.app.request("/api/auth/login", {
      method: "POST",
      body: "x",
      headers: { "content-type": "text/plain", origin: "http://localhost" },
    });
    expect(text.status).toBe(415);
    const broken = await t.app.request("/api/auth/login", {
      method: "POST",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
  });

  it("sets an HttpOnly SameSite=Lax cookie on the form sign-in and redirects only to local paths", async () => {
    const res = await t.app.request("/login", {
      method: "POST",
      ...form({ email, password: TEST_PASSWORD, next: "//evil.example/x" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const home = await t.app.request("/staff", { headers: { cookie: cookie.split(";")[0]! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Зайцева Анна Олеговна");
  });

  it("shows the form again with a Russian error on a failed form sign-in", async () => {
    const res = await t.app.request("/login", {
      method: "POST",
      ...form({ email, password: "nope-nope-nope" }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Неверная почта или пароль");
  });

  it("refuses cross-site form posts by Origin", async () => {
    const res = await t.app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email, password: TEST_PASSWORD }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });

  it("ends older sessions after a password reset", async () => {
    const login = await t.app.request("/api/auth/login", json({ email, password: TEST_PASSWORD }));
    const { token } = (await login.json()) as { token: string };
    const repo = new StaffRepository(t.services);
    const staff = (await repo.findByEmail(email))!;
    await repo.resetPassword(staff.staffId, "another-password-1", SYSTEM);
    const me = await t.app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it("throttles repeated failures for one account with 429 and Retry-After", async () => {
    const target = "throttle@test.local";
    await new StaffRepository(t.services).create(
      {
        email: target,
        fullName: "Лебедев Олег",
        position: "Методист",
        pedagogical: true,
        roles: [],
        password: TEST_PASSWORD,
      },
      SYSTEM,
    );
    const statuses: number[] = [];
    const limit = LOGIN_LIMITS.pair[0].limit;
    for (let i = 0; i <= limit; i++) {
      statuses.push(
        (await t.app.request("/api/auth/login", json({ email: target, password: `wrong-${i}-xxxx` }))).status,
      );
    }
    // Per account and client (test/security/login-throttle.test.ts has the whole policy).
    expect(statuses).toEqual([...Array(limit).fill(401), 429]);
    const blocked = await t.app.request("/api/auth/login", json({ email: target, password: TEST_PASSWORD }));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("guards", () => {
  it("answers 401 to the API and redirects pages to sign-in without a session", async () => {
    expect((await t.app.request("/api/me")).status).toBe(401);
    const page = await t.app.request("/staff");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fstaff");
  });

  it("ignores forged or tampered tokens", async () => {
    const session = await t.signIn(["teacher"]);
    const token = session.bearer.authorization!.slice(7);
    const [payload, mac] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), s: "someone-else" }),
    ).toString("base64url");
    for (const bad of [`${forged}.${mac}`, `${payload}.AAAA`, "garbage", `${payload}`]) {
      expect((await t.app.request("/api/me", { headers: { authorization: `Bearer ${bad}` } })).status).toBe(
        401,
      );
    }
  });
});

describe("health", () => {
  it("reports both stores ok", async () => {
    const res = await t.app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", dynamodb: "ok", s3: "ok" });
  });

  it("answers 503 naming the failing store", async () => {
    const { createApp } = await import("@soglasie/functions/app");
    const { createServices } = await import("@soglasie/core/services");
    const broken = await createServices(
      { ...t.services.config, bucketName: "missing-bucket-x" },
      { clients: t.stores.clients },
    );
    const res = await createApp(broken).request("/health");
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(body.status).toBe("unavailable");
    expect(body.dynamodb).toBe("ok");
    expect(body.s3).toMatch(/^error/);
  });
});
