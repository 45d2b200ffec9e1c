import { existsSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOSTILE_QUERIES, type HostileBody, hostileBodies, hostileParams } from "./corpus.js";
import {
  auditSeq,
  type HostileStack,
  hostileStack,
  limited,
  type Observed,
  observe,
  problemsOf,
  type Route,
} from "./support.js";

/**
 * A corpus of nasty inputs against every route of the app (enumerated from hono's route table, so
 * new routes are covered without editing this file), as an anonymous client, a signed-in API
 * client (bearer), a browser session without and with its CSRF token, and a cross-site form.
 * Every case: a 4xx with a clear Russian message, never a 5xx or a stack trace; the audit chain
 * (every state change writes to it) does not move.
 */

const ORIGIN = "http://localhost";

/** Routes whose action needs no body: a signed-in POST performs it whatever the body says (hand out a presigned upload form). */
const BODYLESS_ACTIONS = new Set(["POST /api/council/uploads"]);
/**
 * GET routes that issue a signed document: on every call (a register extract), or once, on first
 * need (version 1 of the signature rules, which a parent must be able to read before accepting).
 */
const ISSUES_ON_GET = new Set(["GET /api/orders/register.pdf", "GET /pep-rules.pdf", "GET /pep-rules/:file"]);
/** Routes where an arbitrary text is valid input (a regulation draft may say anything). */
const FREE_TEXT = new Set([
  "POST /api/regulations",
  "POST /staff/regulations",
  // Every contact for parents is optional: any form saves what it holds (nothing, at worst).
  "POST /staff/contacts",
]);
/** «Изменить данные» of the council's check step: shows the posted values in the form again, stores nothing. */
const ECHO_FORM = new Set(["POST /staff/council/meetings/edit"]);
/** Routes made to take any bytes: verification answers «not a document of ours» (200). */
const ANY_BYTES = new Set(["POST /verify", "POST /api/verify"]);
/** Public routes that answer anonymous visitors. */
const PUBLIC = (r: Route) =>
  r.path === "/health" ||
  r.path === "/" ||
  r.path === "/regulation.pdf" ||
  r.path.startsWith("/pep-rules") ||
  r.path === "/api/pep-rules" ||
  r.path.startsWith("/login") ||
  r.path === "/logout" ||
  r.path.startsWith("/c/") ||
  r.path.startsWith("/api/consent/") ||
  r.path.startsWith("/api/auth/") ||
  r.path.startsWith("/verify") ||
  r.path.startsWith("/api/verify");

type Mode = "anonymous" | "bearer" | "cookie-no-csrf" | "cookie+csrf" | "cross-site";

describe("hostile input: a corpus against every route", () => {
  let t: HostileStack;
  let bodies: HostileBody[];
  const problems: string[] = [];

  const headersFor = (mode: Mode): Record<string, string> => {
    switch (mode) {
      case "anonymous":
        return { origin: ORIGIN };
      case "bearer":
        return t.all.bearer;
      case "cookie-no-csrf":
        return { ...t.all.cookie, origin: ORIGIN };
      case "cookie+csrf":
        return { ...t.all.cookie, origin: ORIGIN, "x-csrf-token": t.all.csrf };
      case "cross-site":
        // A page on another site can make the browser send the cookie, but not a custom header.
        return { ...t.all.cookie, origin: "https://evil.example" };
    }
  };

  const fill = (path: string, value: string) => path.replace(/:[A-Za-z]+/g, value);

  async function checkRoute(
    route: Route,
    cases: Array<{
      label: string;
      run: () => Promise<Observed>;
      allow: { allow2xx?: boolean; allow3xx?: boolean };
    }>,
  ) {
    const before = await auditSeq(t);
    const seen = await limited(
      cases.map((c) => () => c.run().then((o) => ({ o, allow: c.allow }))),
      8,
    );
    for (const { o, allow } of seen) problems.push(...problemsOf(o, allow));
    if (process.env.HOSTILE_DUMP) for (const { o } of seen) if (o.status >= 500) console.log("DUMP", o.label);
    const after = await auditSeq(t);
    const key = `${route.method} ${route.path}`;
    if (after !== before && !FREE_TEXT.has(key) && !ISSUES_ON_GET.has(key))
      problems.push(`${key}: the store changed (audit ${before} → ${after})`);
  }

  beforeAll(async () => {
    t = await hostileStack();
    bodies = hostileBodies();
  }, 120_000);
  beforeEach(() => {
    problems.length = 0;
  });

  it("sees every route of the app", () => {
    const keys = t.routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      "GET /c/:token",
      "POST /c/:token",
      "POST /api/consent/:token",
      "POST /api/roster/import",
      "POST /staff/roster/import",
      "GET /api/groups/:groupId/consents",
      "POST /api/auth/login",
    ])
      expect(keys).toContain(expected);
    expect(keys.length).toBeGreaterThan(40);
  });

  it("forged, truncated, traversal and injection path parameters get a 4xx on every route", async () => {
    const token = t.links.fresh.token;
    const params = hostileParams({
      truncated: token.slice(0, 21),
      flipped: `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`,
    });
    for (const [routeIndex, route] of t.routes.filter((r) => r.path.includes(":")).entries()) {
      const modes: Mode[] =
        route.method === "GET"
          ? ["anonymous", "bearer", "cookie-no-csrf"]
          : ["anonymous", "bearer", "cookie+csrf"];
      const cases = modes.flatMap((mode) =>
        params
          // A signed-out visitor of a staff route is refused before the parameter is read: every
          // value still meets that refusal, spread over the routes (a quarter of them per route).
          .filter((_, i) => PUBLIC(route) || mode !== "anonymous" || i % 4 === routeIndex % 4)
          .map((value) => ({
            label: `${mode} ${route.method} ${fill(route.path, value.slice(0, 40))}`,
            // Signed-out page visits are sent to the sign-in page (303), which is not an error.
            allow: { allow3xx: mode === "anonymous" && route.method === "GET" && !PUBLIC(route) },
            run: () =>
              observe(
                "",
                t.app.request(fill(route.path, value), {
                  method: route.method,
                  headers: {
                    ...headersFor(mode),
                    "x-forwarded-for": `192.0.2.${(value.length % 200) + 1}`,
                    ...(route.method === "GET" ? {} : { "content-type": "application/json" }),
                  },
                  ...(route.method === "GET" ? {} : { body: "{}" }),
                }),
              ),
          })),
      );
      for (const c of cases) {
        const run = c.run;
        c.run = () => run().then((o) => ({ ...o, label: c.label }));
      }
      await checkRoute(route, cases);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it("hostile query strings on routes without parameters never cause a 5xx", async () => {
    for (const route of t.routes.filter((r) => !r.path.includes(":") && r.method === "GET")) {
      const cases = (["anonymous", "bearer"] as Mode[]).flatMap((mode) =>
        HOSTILE_QUERIES.map((q) => ({
          label: `${mode} GET ${route.path}${q.slice(0, 30)}`,
          allow: { allow2xx: true, allow3xx: true },
          run: () =>
            observe(
              `${mode} GET ${route.path}${q.slice(0, 30)}`,
              t.app.request(`${route.path}${q}`, { headers: headersFor(mode) }),
            ),
        })),
      );
      await checkRoute(route, cases);
    }
    // The sign-in page never sends anyone to another site afterwards.
    const login = await t.app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({
        email: t.all.staff.email,
        password: "test-password-123",
        next: "//evil.example/x",
      }),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/staff");
    expect(problems).toEqual([]);
  }, 300_000);

  it("random bytes, wrong content types, 10 MB, deep JSON, Unicode and script payloads get a 4xx", async () => {
    const posts = t.routes.filter((r) => r.method !== "GET");
    for (const [routeIndex, route] of posts.entries()) {
      const key = `${route.method} ${route.path}`;
      const path = fill(route.path, "00000000-0000-4000-8000-000000000000");
      const modes: Mode[] = ["anonymous", "cookie-no-csrf", "cross-site"];
      if (!BODYLESS_ACTIONS.has(key)) modes.push("bearer", "cookie+csrf");
      /** The modes whose body reaches a handler here; the others are refused before the body is read. */
      const reaches = (mode: Mode) => (PUBLIC(route) ? true : mode === "bearer" || mode === "cookie+csrf");
      const cases = modes.flatMap((mode) =>
        bodies
          // 10 MB bodies where they reach a handler: the API with a bearer token, pages with a
          // browser session, public routes from anyone (once per route keeps the suite quick).
          .filter(
            (b) =>
              !b.big ||
              (PUBLIC(route)
                ? mode === "anonymous"
                : mode === (route.path.startsWith("/api/") ? "bearer" : "cookie+csrf")),
          )
          // Where the request is refused before its body is read, every body still meets every such
          // mode, but spread over the routes (a quarter of them per route) rather than on each one.
          .filter((b, i) => b.big || reaches(mode) || i % 4 === routeIndex % 4)
          .map((b) => {
            const label = `${mode} ${key} [${b.name}]`;
            return {
              label,
              allow: {
                allow2xx:
                  ((FREE_TEXT.has(key) || ECHO_FORM.has(key)) && mode !== "anonymous") || ANY_BYTES.has(key),
                allow3xx: FREE_TEXT.has(key),
              },
              run: () =>
                observe(
                  label,
                  t.app.request(path, {
                    method: route.method,
                    headers: {
                      ...headersFor(mode),
                      "x-forwarded-for": "198.51.100.99",
                      ...(b.contentType ? { "content-type": b.contentType } : {}),
                    },
                    body: b.body as string,
                  }),
                ),
            };
          }),
      );
      await checkRoute(route, cases);
    }
    // A traversal file name never becomes a path on the server.
    expect(existsSync("/tmp/soglasie-traversal.csv")).toBe(false);
    expect(problems).toEqual([]);
  }, 600_000);

  it("a traversal file name on a valid roster upload is only a name: imported, no file written there", async () => {
    const target = `/tmp/soglasie-traversal-${Date.now()}.csv`;
    const boundary = "tr4versal";
    const csv =
      "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\nХК-99;Омегина Ольга Олеговна;Омегина Ирина Павловна\n";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../../../..${target}"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await t.app.request("/staff/roster/import", {
      method: "POST",
      headers: { ...headersFor("cookie+csrf"), "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("ХК-99");
    expect(existsSync(target)).toBe(false);
  });

  it("a body-less action still needs a session and, from a browser, its CSRF token", async () => {
    for (const route of t.routes.filter((r) => BODYLESS_ACTIONS.has(`${r.method} ${r.path}`))) {
      const before = await auditSeq(t);
      const anon = await observe(
        "anon",
        t.app.request(route.path, { method: route.method, headers: headersFor("anonymous") }),
      );
      const noCsrf = await observe(
        "no csrf",
        t.app.request(route.path, { method: route.method, headers: headersFor("cookie-no-csrf") }),
      );
      const other = await observe(
        "another session's csrf",
        t.app.request(route.path, {
          method: route.method,
          headers: { ...t.all.cookie, origin: ORIGIN, "x-csrf-token": t.other.csrf },
        }),
      );
      expect(anon.status).toBe(401);
      expect(noCsrf.status).toBe(403);
      expect(other.status).toBe(403);
      expect(await auditSeq(t)).toBe(before);
    }
  });
});
