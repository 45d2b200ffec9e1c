import { localDate } from "@soglasie/core/clock";
import { decisionInputSchemaFor } from "@soglasie/core/consent/schemas";
import { importRosterCsv } from "@soglasie/core/roster/import";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../support/app.js";
import { collegeLinks, collegeRoster, rosterCsvOf, type StudentLink } from "../support/college.js";
import { personalData } from "../support/personal-data.js";
import { HOSTILE_STRINGS } from "./corpus.js";
import { auditSeq, type HostileStack, hostileStack, observe, problemsOf } from "./support.js";

/**
 * Property-based: generated input against the public and staff endpoints. The oracles are the
 * service's own zod schemas (valid input is accepted, anything else gets a 400 and writes nothing)
 * and the common promise of every answer (no 5xx, no stack trace, a Russian message). Runs are
 * bounded to keep `npm test` quick; a failure prints the shrunk counterexample.
 */

const RUNS = { numRuns: 40 };

/** Any text a client could send: Unicode, controls, markup, huge. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom("Иванова Мария Петровна", "Ёлкина Анна", "Петров-Водкин Кузьма Сергеевич"),
);
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
);

describe("hostile input: generated", () => {
  let t: HostileStack;
  let links: StudentLink[];
  let next = 0;
  let ip = 0;
  const client = () => ({ "x-forwarded-for": `100.64.${(ip >> 8) & 255}.${ip++ & 255}` });

  beforeAll(async () => {
    t = await hostileStack();
    // Links of their own for the generated decisions (changes of mind are limited per link and day).
    await importRosterCsv(
      t.services,
      new TextEncoder().encode(rosterCsvOf(collegeRoster(RUNS.numRuns + 10, 25, 3))),
      SYSTEM,
      { createGroups: true },
    );
    const known = new Set(Object.values(t.links).map((l) => l.token));
    links = (await collegeLinks(t.services)).filter(
      (l) => !known.has(l.token) && l.groupCode !== "ХК-11" && l.groupCode !== "ХК-12",
    );
  }, 120_000);

  it("decisions: what the schema accepts is recorded, anything else is a 400 that writes nothing", async () => {
    // Each field valid four times out of five: both sides of the oracle come up in every run.
    const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
      fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: other, weight: 1 });
    const decision = fc.record({
      decision: mostly(fc.constantFrom("consent", "refusal"), anyValue),
      parentName: mostly(
        fc.constantFrom("Волкова Наталья Сергеевна", "Зайцев Павел", "Ёлкина-Щедрина Анна"),
        fc.oneof(text, anyValue),
      ),
      relation: mostly(fc.constantFrom("мать", "father", "опекун", "other"), text),
      // The roster gives no dates of birth: the age question is asked (students/rules.ts).
      studentAge: mostly(fc.constant("minor"), anyValue),
      alternatives: mostly(fc.subarray(["diary", "meetings", "parent_meetings"]), anyValue),
      confirm: mostly(fc.constantFrom(true, "on"), anyValue),
      pepRulesAccepted: mostly(fc.constantFrom(true, "on"), anyValue),
      personalData: mostly(fc.constant(personalData()), anyValue),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(decision, async (body) => {
        const link = links[next++ % links.length]!;
        const before = await auditSeq(t);
        const o = await observe(
          JSON.stringify(body).slice(0, 200),
          t.app.request(`/api/consent/${link.token}`, {
            method: "POST",
            headers: { "content-type": "application/json", ...client() },
            body: JSON.stringify(body),
          }),
        );
        // The oracle sees what the server sees (JSON turns NaN into null, drops undefined...), with the
        // server's settings: its date, no optional personal-data fields, a link yet to accept the rules.
        const oracle = decisionInputSchemaFor({
          today: localDate(t.services.now(), t.services.config.timeZone),
          extraFields: t.services.config.personalData.extraFields,
          pepRules: { version: 1, date: "2026-01-01", required: true },
          respondent: "ask",
        });
        const valid = oracle.safeParse(JSON.parse(JSON.stringify(body))).success;
        if (valid) {
          accepted++;
          expect([200, 201], o.label).toContain(o.status);
        } else {
          expect(o.status, o.label).toBe(400);
          expect(JSON.parse(o.text).error.fields, o.label).toBeTypeOf("object");
          expect(await auditSeq(t)).toBe(before);
        }
        expect(problemsOf(o, { allow2xx: true })).toEqual([]);
      }),
      RUNS,
    );
    // The generator reaches both sides of the oracle.
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  it("any token in a link gets 404, 410 or 429, never an error or an echo of the input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)), async (token) => {
        // Every byte percent-encoded (lone surrogates become U+FFFD, as a browser would send them).
        const path = `/c/${[...Buffer.from(token, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")}`;
        const o = await observe(path, t.app.request(path, { headers: client() }));
        if (token.length > 0) expect([404, 410, 429], o.label).toContain(o.status);
        expect(problemsOf(o, { allow3xx: token.length === 0 })).toEqual([]);
        // Markup in the token never comes back (a token of one or two characters, such as «"», is
        // in every HTML page anyway).
        if (/[<>"]/.test(token) && token.length >= 3) expect(o.text).not.toContain(token);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("a consent form with any fields is refused without its link's CSRF token", async () => {
    const link = links[links.length - 1]!;
    const before = await auditSeq(t);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.oneof(fc.constantFrom("decision", "parentName", "relation", "confirm", "_csrf"), fc.string()),
          text,
        ),
        async (fields) => {
          const o = await observe(
            JSON.stringify(fields).slice(0, 100),
            t.app.request(`/c/${link.token}`, {
              method: "POST",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                origin: "http://localhost",
                ...client(),
              },
              body: new URLSearchParams(fields).toString(),
            }),
          );
          expect(o.status, o.label).toBe(403);
          expect(problemsOf(o)).toEqual([]);
        },
      ),
      RUNS,
    );
    expect(await auditSeq(t)).toBe(before);
  }, 120_000);

  it("roster CSV: every row is imported or rejected with its number; bad files are a 400", async () => {
    const cell = fc.oneof(
      text,
      fc.constantFrom("ТМ-21", "Иванов Иван Иванович", "Иванова Мария Петровна", ""),
    );
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });
    const csv = fc.tuple(fc.boolean(), fc.constantFrom(";", ","), rows).map(([header, sep, rs]) => ({
      rows: rs.length,
      body: `${header ? ["Группа", "ФИО обучающегося", "ФИО родителя"].join(sep) : ""}\n${rs.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(sep)).join("\n")}`,
    }));
    await fc.assert(
      fc.asyncProperty(csv, async ({ body, rows }) => {
        const before = await auditSeq(t);
        const o = await observe(
          body.slice(0, 120),
          t.app.request("/api/roster/import", {
            method: "POST",
            headers: { ...t.all.bearer, "content-type": "text/csv" },
            body,
          }),
        );
        expect(problemsOf(o, { allow2xx: true })).toEqual([]);
        if (o.status === 200) {
          const r = JSON.parse(o.text) as {
            imported: number;
            updated: number;
            unchanged: number;
            rejected: Array<{ row: number; reason: string }>;
          };
          expect(r.imported + r.updated + r.unchanged + r.rejected.length, o.label).toBeLessThanOrEqual(rows);
          for (const bad of r.rejected) expect(/[А-Яа-яЁё]/.test(bad.reason), bad.reason).toBe(true);
          if (r.imported + r.updated === 0) expect(await auditSeq(t)).toBe(before);
        } else {
          expect(o.status, o.label).toBe(400);
          expect(await auditSeq(t)).toBe(before);
        }
      }),
      RUNS,
    );
  }, 120_000);

  it("staff JSON endpoints: generated bodies get a 4xx and write nothing", async () => {
    const targets = t.routes.filter(
      (r) =>
        (r.method === "POST" || r.method === "PUT") &&
        r.path.startsWith("/api/") &&
        !r.path.includes(":") &&
        ![
          "/api/groups/revoke-unclaimed",
          "/api/council/uploads",
          "/api/verify",
          "/api/regulations",
          "/api/roster/import",
          "/api/auth/login",
          // Every contact for parents is optional: an empty object is a valid (empty) answer.
          "/api/staff/me/parent-contacts",
        ].includes(r.path),
    );
    expect(targets.length).toBeGreaterThan(1);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.object({ maxDepth: 3 })),
        async (route, body) => {
          const before = await auditSeq(t);
          const o = await observe(
            `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 120)}`,
            t.app.request(route.path, {
              method: route.method,
              headers: { ...t.all.bearer, "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
          );
          expect(problemsOf(o)).toEqual([]);
          expect(await auditSeq(t)).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
