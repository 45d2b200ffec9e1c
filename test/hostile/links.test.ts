import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { LINK_MESSAGES, TOKEN_MISS_LIMIT } from "@soglasie/core/consent/links";
import { newToken } from "@soglasie/core/ids";
import { csrfFor, signSession } from "@soglasie/functions/http/session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentAnswer } from "../support/consent-client.js";
import { flatForm, personalData } from "../support/personal-data.js";
import { auditSeq, type HostileStack, hostileStack, observe, problemsOf } from "./support.js";

/**
 * Personal links under attack: forged and truncated tokens, revoked and replaced links, CSRF tokens
 * replayed from another link or another session, and brute force, which is limited per client.
 */

const NAMES = ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"];
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const formPost = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
  body: new URLSearchParams(fields).toString(),
});
let ip = 0;
/** A fresh client address per call, so the brute-force limit does not mask what is being tested. */
const client = () => ({ "x-forwarded-for": `203.0.113.${(ip++ % 250) + 1}` });

describe("hostile input: personal links", () => {
  let t: HostileStack;
  beforeAll(async () => {
    t = await hostileStack();
  }, 120_000);

  it("forged and truncated tokens: 404 that names nobody, nothing stored", async () => {
    const token = t.links.fresh.token;
    const before = await auditSeq(t);
    for (const forged of [
      token.slice(0, 21),
      `${token}A`,
      `${token.slice(0, 21)}${token[21] === "A" ? "B" : "A"}`,
      newToken(16),
      "A".repeat(22),
      "%00".repeat(8),
      encodeURIComponent("<script>alert(1)</script>"),
    ]) {
      for (const [label, req] of [
        ["page", t.app.request(`/c/${forged}`, { headers: client() })],
        ["form", t.app.request(`/c/${forged}`, formPost({ decision: "consent" }, client()))],
        ["api get", t.app.request(`/api/consent/${forged}`, { headers: client() })],
        ["api post", t.app.request(`/api/consent/${forged}`, json(consentAnswer(), client()))],
      ] as const) {
        const o = await observe(`${label} ${forged}`, req);
        expect(o.status, o.label).toBe(404);
        expect(problemsOf(o)).toEqual([]);
        for (const name of NAMES) expect(o.text).not.toContain(name);
      }
    }
    expect(await auditSeq(t)).toBe(before);
  });

  it("a revoked link: 410 with whom to ask, no decision accepted, nothing stored", async () => {
    const { revoked } = t.links;
    const before = await auditSeq(t);
    const page = await observe("page", t.app.request(`/c/${revoked.token}`, { headers: client() }));
    expect(page.status).toBe(410);
    expect(page.text).toContain("Ссылка аннулирована колледжем");
    const api = await observe(
      "api",
      t.app.request(`/api/consent/${revoked.token}`, json(consentAnswer(), client())),
    );
    expect(api.status).toBe(410);
    expect(JSON.parse(api.text).error.message).toBe(LINK_MESSAGES.revoked);
    for (const o of [page, api]) {
      expect(problemsOf(o)).toEqual([]);
      for (const name of NAMES) expect(o.text).not.toContain(name);
    }
    expect(await auditSeq(t)).toBe(before);
  });

  it("a replaced link: 410 «заменена»; the answered link still works after the revocation", async () => {
    const replaced = await t.app.request(
      `/api/consent/${t.links.replaced.token}`,
      json(consentAnswer(), client()),
    );
    expect(replaced.status).toBe(410);
    expect(((await replaced.json()) as any).error.message).toBe(LINK_MESSAGES.replaced);
    const answered = await t.app.request(`/api/consent/${t.links.answered.token}`, { headers: client() });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as any).decision.decision).toBe("consent");
  });

  it("a CSRF token from another link is refused; the link's own token works", async () => {
    const { fresh, another, answered } = t.links;
    const csrfOf = async (token: string) =>
      (
        (await (await t.app.request(`/api/consent/${token}`, { headers: client() })).json()) as {
          csrfToken: string;
        }
      ).csrfToken;
    const foreign = await csrfOf(answered.token);
    const fields = {
      decision: "consent",
      parentName: "Дельта Анна Ивановна",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
      pepRulesAccepted: "on",
      ...flatForm(personalData()),
    };
    const before = await auditSeq(t);
    for (const csrf of [foreign, "", "x".repeat(43), (await csrfOf(another.token)).slice(0, -1)]) {
      const o = await observe(
        `csrf ${csrf.slice(0, 8)}`,
        t.app.request(`/c/${fresh.token}`, formPost({ ...fields, _csrf: csrf }, client())),
      );
      expect(o.status, o.label).toBe(403);
      expect(problemsOf(o)).toEqual([]);
    }
    // Cross-site: the right token but a foreign Origin.
    const cross = await t.app.request(
      `/c/${fresh.token}`,
      formPost(
        { ...fields, _csrf: await csrfOf(fresh.token) },
        { ...client(), origin: "https://evil.example" },
      ),
    );
    expect(cross.status).toBe(403);
    expect(await auditSeq(t)).toBe(before);
    const own = await t.app.request(
      `/c/${fresh.token}`,
      formPost({ ...fields, _csrf: await csrfOf(fresh.token) }, client()),
    );
    expect(own.status).toBe(303);
    expect(own.headers.get("location")).toBe(`/c/${fresh.token}/receipt?recorded=1#main`);
  });

  it("a staff CSRF token from another session or an earlier sign-in is refused", async () => {
    const { config } = t.services;
    const staff = t.all.staff;
    // The same person signed in an hour earlier: a session of its own with its own CSRF token.
    const earlier = new Date(t.services.now().getTime() - 3600_000);
    const oldCsrf = csrfFor(config.sessionSecret, `${staff.staffId}.${Math.floor(earlier.getTime() / 1000)}`);
    expect(
      signSession(
        config.sessionSecret,
        { s: staff.staffId, o: config.orgId, v: staff.sessionVersion },
        earlier,
      ),
    ).toBeTruthy();
    const before = await auditSeq(t);
    for (const [label, csrf] of [
      ["another person's session", t.other.csrf],
      ["an earlier session", oldCsrf],
      ["truncated", t.all.csrf.slice(0, -2)],
    ] as const) {
      const o = await observe(
        label,
        t.app.request(
          "/staff/consents/revoke-unclaimed",
          formPost({ confirm: "on", _csrf: csrf }, t.all.cookie),
        ),
      );
      expect(o.status, label).toBe(403);
      expect(problemsOf(o)).toEqual([]);
    }
    expect(await auditSeq(t)).toBe(before);
  });

  it("brute force is limited per client: 429 for unknown tokens after the limit; valid links still open", async () => {
    const attacker = { "x-forwarded-for": "198.51.100.66" };
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_MISS_LIMIT + 5; i++) {
      statuses.push((await t.app.request(`/api/consent/${newToken(16)}`, { headers: attacker })).status);
    }
    expect(statuses.slice(0, TOKEN_MISS_LIMIT - 1).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(TOKEN_MISS_LIMIT)).toEqual(Array(5).fill(429));
    const locked = await t.app.request(`/c/${newToken(16)}`, { headers: attacker });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await locked.text()).toContain("Слишком много попыток");
    const apiLocked = await observe(
      "api",
      t.app.request(`/api/consent/${newToken(16)}`, { headers: attacker }),
    );
    expect(apiLocked.status).toBe(429);
    expect(problemsOf(apiLocked)).toEqual([]);
    // A parent behind the same address (a shared NAT) still opens a valid link (issue 13, defect 2).
    expect((await t.app.request(`/c/${t.links.another.token}`, { headers: attacker })).status).toBe(200);
    const api = await t.app.request(`/api/consent/${t.links.another.token}`, { headers: attacker });
    expect(api.status).toBe(200);
    // Another client is not affected at all.
    expect((await t.app.request(`/c/${newToken(16)}`, { headers: client() })).status).toBe(404);
  });

  it("in Lambda the limit follows API Gateway's source address, whatever X-Forwarded-For claims", async () => {
    const env = { requestContext: { http: { sourceIp: "198.51.100.77" } } };
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_MISS_LIMIT + 3; i++) {
      const res = await t.app.request(
        `/api/consent/${newToken(16)}`,
        { headers: { "x-forwarded-for": `10.0.0.${i}` } },
        env,
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});

describe("hostile input: brute force over the node server", () => {
  let t: HostileStack;
  let server: ReturnType<typeof serve>;
  let url = "";
  beforeAll(async () => {
    // A server reached directly, as `npm start` is: no proxy of ours, so X-Forwarded-For is not trusted.
    t = await hostileStack({ trustProxy: false });
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => {
    server?.close();
  });

  it("a client cannot dodge the limit by sending a different X-Forwarded-For each time", async () => {
    // X-Forwarded-For is written by the client unless a proxy of ours appends to it (TRUST_PROXY):
    // trusting it would let one client guessing links dodge the limit and forge a parent's recorded IP.
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_MISS_LIMIT + 5; i++) {
      const res = await fetch(`${url}/api/consent/${newToken(16)}`, {
        headers: { "x-forwarded-for": `10.1.${i}.1` },
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
  });
});
