import type { AppConfig } from "@soglasie/core/config";
import { reissueLinks, revokeUnclaimedLinks } from "@soglasie/core/consent/links";
import { importRosterCsv } from "@soglasie/core/roster/import";
import { expect } from "vitest";
import { createTestApp, SYSTEM, type TestApp, type TestSession } from "../support/app.js";
import { collegeLinks, rosterCsvOf, type StudentLink } from "../support/college.js";
import { consentAnswer, submitAnswer } from "../support/consent-client.js";

const SIGNS_OUT = new Set(["POST /logout", "POST /api/auth/logout"]);

export interface Route {
  method: string;
  path: string;
}

export interface HostileStack extends TestApp {
  /** A staff member with every role that guards a route, so hostile input reaches the handlers. */
  all: TestSession;
  /** Another staff member (their CSRF token must not work in `all`'s session). */
  other: TestSession;
  links: {
    /** Never used. */
    fresh: StudentLink;
    /** Answered (consent), still live for changes. */
    answered: StudentLink;
    /** Revoked with «аннулировать невостребованные ссылки». */
    revoked: StudentLink;
    /** Replaced by a re-issued link (the old token). */
    replaced: StudentLink;
    /** A second fresh link (another parent). */
    another: StudentLink;
  };
  /** Every route of the app (method + pattern), from hono's route table. */
  routes: Route[];
}

/** The audit chain's head: every state change moves it, so an unchanged head means nothing was written. */
export const auditSeq = async (t: TestApp) => (await t.services.db.readHead()).seq;

export async function hostileStack(config: Partial<AppConfig> = {}): Promise<HostileStack> {
  const t = await createTestApp({ config });
  const all = await t.signIn(["administrator", "director", "council_secretary", "class_teacher"]);
  const other = await t.signIn(["administrator"]);
  const rows = [
    { group: "ХК-11", student: "Альфа Анна Сергеевна", parent: "Альфа Ольга Петровна" },
    { group: "ХК-11", student: "Бета Борис Ильич", parent: "Бета Ирина Павловна" },
    { group: "ХК-11", student: "Гамма Галина Юрьевна", parent: "Гамма Юрий Олегович" },
    { group: "ХК-12", student: "Дельта Денис Андреевич", parent: "Дельта Анна Ивановна" },
    { group: "ХК-12", student: "Эпсилон Ева Романовна", parent: "Эпсилон Роман Ильич" },
  ];
  await importRosterCsv(t.services, new TextEncoder().encode(rosterCsvOf(rows)), SYSTEM, {
    createGroups: true,
  });
  const byGroup = (code: string) =>
    collegeLinks(t.services).then((ls) => ls.filter((l) => l.groupCode === code));
  const [a1, a2] = await byGroup("ХК-11");
  const send = (path: string, init: RequestInit) => Promise.resolve(t.app.request(path, init));
  const answered = await submitAnswer(send, a1!.token, consentAnswer());
  expect(answered.ack?.status).toBe(201);
  // Revoke the unclaimed links of ХК-11: a2 (and the third) stop working; a1 has a decision and stays.
  await revokeUnclaimedLinks(t.services, a1!.groupId, SYSTEM);
  const [b1, b2] = await byGroup("ХК-12");
  await reissueLinks(t.services, b1!.groupId, SYSTEM, [b1!.studentId]);

  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const r of t.app.routes) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    // Signing out revokes the sessions every hostile case is sent with; those routes are covered
    // by test/security/logout.test.ts (CSRF, cross-site, bearer and the revocation itself).
    if (SIGNS_OUT.has(key)) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: r.method, path: r.path });
  }
  return {
    ...t,
    all,
    other,
    links: { fresh: b2!, answered: a1!, revoked: a2!, replaced: b1!, another: b2! },
    routes,
  };
}

/** Stack traces, source paths and raw JavaScript errors must never reach a client. */
const LEAKS = [
  /\bat \S+ \(\S+:\d+:\d+\)/,
  /node_modules/,
  /\.tsx?:\d+/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/,
  /Unexpected token/,
  /Cannot read propert/,
  /is not a function/,
];

export interface Observed {
  label: string;
  status: number;
  contentType: string;
  text: string;
}

export async function observe(label: string, res: Response | Promise<Response>): Promise<Observed> {
  const r = await res;
  return { label, status: r.status, contentType: r.headers.get("content-type") ?? "", text: await r.text() };
}

/**
 * The common promise for every hostile case: a client error, not a server error; no stack trace or
 * raw JavaScript error; a clear Russian message (JSON {error:{code,message}} for the API, a page
 * otherwise); and a script payload never comes back unescaped.
 */
export function problemsOf(o: Observed, opts: { allow2xx?: boolean; allow3xx?: boolean } = {}): string[] {
  const out: string[] = [];
  const ok =
    (o.status >= 400 && o.status < 500) ||
    (opts.allow2xx && o.status >= 200 && o.status < 300) ||
    (opts.allow3xx && o.status >= 300 && o.status < 400);
  if (!ok) out.push(`${o.label}: status ${o.status} ${o.text.slice(0, 200)}`);
  const textual = /json|text\/|html/.test(o.contentType) || o.contentType === "";
  if (textual)
    for (const leak of LEAKS)
      if (leak.test(o.text)) out.push(`${o.label}: leaks ${leak} in ${o.text.slice(0, 300)}`);
  if (/<script>alert\(/i.test(o.text) || /<img src=x onerror/i.test(o.text))
    out.push(`${o.label}: reflects a script payload unescaped`);
  if (o.status >= 400) {
    if (o.contentType.includes("application/json")) {
      let body: { error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(o.text);
      } catch {
        out.push(`${o.label}: JSON error body does not parse`);
      }
      if (!body.error?.code || !/[А-Яа-яЁё]/.test(body.error.message ?? ""))
        out.push(`${o.label}: error without a Russian message: ${o.text.slice(0, 200)}`);
    } else if (o.contentType.includes("text/html")) {
      if (!/[А-Яа-яЁё]/.test(o.text)) out.push(`${o.label}: error page without a Russian message`);
    } else
      out.push(
        `${o.label}: error answered as ${o.contentType || "no content type"}: ${o.text.slice(0, 100)}`,
      );
  }
  return out;
}

/** Runs `tasks` with at most `n` at a time. */
export async function limited<T>(tasks: Array<() => Promise<T>>, n = 8): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}
