import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import { submitDecision } from "@soglasie/core/consent/decisions";
import { reissueLinks, today, tokenFor } from "@soglasie/core/consent/links";
import { decisionDocumentIds } from "@soglasie/core/consent/types";
import { DomainError } from "@soglasie/core/errors";
import { type Group, GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRoster } from "@soglasie/core/roster/import";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { leaveStudent, returnStudent, transferStudent } from "@soglasie/core/students/movement";
import { respondentOn } from "@soglasie/core/students/rules";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type ConsentTestApp, consentTestApp, decisionBody } from "../consent/support.js";
import { SYSTEM } from "../support/app.js";
import { personalData } from "../support/personal-data.js";

/**
 * Issue 15: under any sequence of imports, transfers, leavings, returns, decisions, changes of mind
 * and birthdays (days passing: links expire, students come of age), every group's counters equal
 * the truth recounted from the records, each student has exactly one consent request (one current
 * decision state) in the group their record is in, and no document is lost.
 */

const PEOPLE = [
  ["Андреев Антон Андреевич", "Андреева Алла Антоновна", "01.02.2008"],
  ["Борисова Белла Борисовна", "Борисов Борис Петрович", "12.12.2008"],
  ["Васильев Виктор Ильич", "Васильева Вера Павловна", "29.02.2008"],
  ["Григорьева Галина Олеговна", "Григорьев Олег Иванович", ""],
] as const;

type Op =
  | { op: "import"; who: number[]; group: number }
  | { op: "transfer"; who: number; group: number }
  | { op: "leave"; who: number; kind: "expelled" | "graduated" | "academic_leave" }
  | { op: "return"; who: number; group: number | null }
  | { op: "decide"; who: number; decision: "consent" | "refusal" }
  | { op: "reissue"; who: number }
  | { op: "days"; days: number };

const who = fc.integer({ min: 0, max: PEOPLE.length - 1 });
const group = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant("import" as const),
      who: fc.subarray([0, 1, 2, 3], { minLength: 1 }),
      group,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant("transfer" as const), who, group }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant("leave" as const),
      who,
      kind: fc.constantFrom("expelled" as const, "graduated" as const, "academic_leave" as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant("return" as const), who, group: fc.option(group) }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant("decide" as const),
      who,
      decision: fc.constantFrom("consent" as const, "refusal" as const),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ op: fc.constant("days" as const), days: fc.integer({ min: 1, max: 400 }) }),
    weight: 1,
  },
);

let t: ConsentTestApp;
let run = 0;
/** Steps that went through (not refused), by kind: the generator must reach every kind. */
const applied = new Map<string, number>();
const refused = new Map<string, string>();

beforeAll(async () => {
  t = await consentTestApp();
});

async function checkWorld(groups: Group[], documents: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  const ids = new Set(groups.map((g) => g.groupId));
  const overview = await collegeOverview(t.services, (g) => ids.has(g.groupId));
  const requests = new ConsentRequestRepository(t.services);
  const seen = new Map<string, string>();
  for (const g of groups) {
    const stored = overview.groups.find((r) => r.group.groupId === g.groupId)?.counts;
    const truth = (await groupDashboard(t.services, g)).counts;
    if (stored && JSON.stringify(stored) !== JSON.stringify(truth))
      problems.push(`${g.code}: counters ${JSON.stringify(stored)} ≠ records ${JSON.stringify(truth)}`);
    if (!stored && truth.total > 0) problems.push(`${g.code}: no counters for ${truth.total} students`);
    const students = await new StudentRepository(t.services).listByGroup(g.groupId, true);
    const groupRequests = await requests.listByGroup(g.groupId, true);
    for (const s of students) {
      if (seen.has(s.studentId)) problems.push(`${s.studentId}: a record in two groups`);
      seen.set(s.studentId, g.groupId);
      const own = groupRequests.filter((r) => r.studentId === s.studentId);
      if (own.length !== 1) problems.push(`${s.fullName}: ${own.length} requests in ${g.code}`);
      if (Boolean(s.enrolment) !== Boolean(own[0]?.leftAt))
        problems.push(`${s.fullName}: left state disagrees`);
      for (const r of own) if (r.decision) for (const d of decisionDocumentIds(r.decision)) documents.add(d);
    }
    if (groupRequests.length !== students.length) problems.push(`${g.code}: requests without students`);
  }
  for (const id of documents) {
    if (!(await t.services.documents.get(id))) problems.push(`document ${id} lost`);
  }
  return problems;
}

describe("students' movement keeps the books straight", () => {
  it("counters, one current state per student and every document hold after each step of any sequence", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 10 }), async (ops) => {
        run++;
        const codes = [0, 1, 2].map((i) => `С${run}-${i + 1}`);
        const documents = new Set<string>();
        const groupsNow = async () =>
          (await new GroupRepository(t.services).list()).filter((g) => codes.includes(g.code));
        const studentOf = async (i: number) => {
          for (const g of await groupsNow()) {
            const s = (await new StudentRepository(t.services).listByGroup(g.groupId, true)).find(
              (x) => x.fullName === PEOPLE[i]![0],
            );
            if (s) return s;
          }
          return undefined;
        };
        const groupId = async (i: number) =>
          (await new GroupRepository(t.services).ensureGroup(codes[i]!, SYSTEM)).groupId;
        // Everyone starts in the first group; the random steps take it from there.
        const start: Op = { op: "import", who: [0, 1, 2, 3], group: 0 };
        for (const step of [start, ...ops]) {
          let effective = true;
          try {
            switch (step.op) {
              case "import":
                await importRoster(
                  t.services,
                  step.who.map((i, n) => ({
                    row: n + 2,
                    values: {
                      group: codes[step.group]!,
                      student: PEOPLE[i]![0],
                      parent: PEOPLE[i]![1],
                      birthDate: PEOPLE[i]![2],
                    },
                  })),
                  SYSTEM,
                  { createGroups: true },
                );
                break;
              case "transfer": {
                const s = await studentOf(step.who);
                if (s)
                  await transferStudent(
                    t.services,
                    { studentId: s.studentId, toGroupId: await groupId(step.group) },
                    SYSTEM,
                  );
                break;
              }
              case "leave": {
                const s = await studentOf(step.who);
                effective = Boolean(s);
                if (s) await leaveStudent(t.services, { studentId: s.studentId, kind: step.kind }, SYSTEM);
                break;
              }
              case "return": {
                const s = await studentOf(step.who);
                const to = step.group === null ? undefined : await groupId(step.group);
                effective = Boolean(s);
                if (s) await returnStudent(t.services, { studentId: s.studentId, toGroupId: to }, SYSTEM);
                break;
              }
              case "decide": {
                const s = await studentOf(step.who);
                const request =
                  s && (await new ConsentRequestRepository(t.services).get(s.groupId, s.studentId, true));
                const token = request && tokenFor(t.services, request);
                effective = Boolean(token);
                if (token) {
                  // From 18 the student answers personally (students/rules.ts); before, the parent.
                  const bySelf = respondentOn(s, today(t.services)) === "student";
                  const signer = bySelf
                    ? {
                        studentName: PEOPLE[step.who]![0],
                        personalData: {
                          student: {
                            address: "672000, г. Чита, ул. Ленина, д. 1",
                            document: personalData().student.document,
                          },
                        },
                      }
                    : { parentName: PEOPLE[step.who]![1] };
                  const body =
                    step.decision === "consent"
                      ? decisionBody(signer)
                      : decisionBody({
                          ...signer,
                          decision: "refusal",
                          personalData: undefined,
                          alternatives: ["diary"],
                        });
                  await submitDecision(t.services, token, body, { ip: "203.0.113.9", userAgent: "property" });
                }
                break;
              }
              case "reissue": {
                const s = await studentOf(step.who);
                effective = Boolean(s);
                if (s) await reissueLinks(t.services, s.groupId, SYSTEM, [s.studentId]);
                break;
              }
              case "days":
                t.clock.addDays(step.days);
                break;
            }
            if (effective) applied.set(step.op, (applied.get(step.op) ?? 0) + 1);
          } catch (error) {
            refused.set(step.op, (error as Error).message);
            // Refusals (a transfer of a student who left, a dead link...) are part of the game; they must change nothing.
            if (!(error instanceof DomainError)) throw error;
          }
          const problems = await checkWorld(await groupsNow(), documents);
          expect(problems, JSON.stringify(step)).toEqual([]);
        }
      }),
      // A fixed seed by default keeps CI reproducible (the sequences reach every kind of step);
      // PROPERTY_SEED=random explores new ones.
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 6),
        ...(process.env.PROPERTY_SEED === "random"
          ? {}
          : { seed: Number(process.env.PROPERTY_SEED ?? 20261201) }),
      },
    );
    console.log(
      "[property] applied steps:",
      Object.fromEntries(applied),
      "refusals seen:",
      Object.fromEntries(refused),
    );
    // The sequences did reach the interesting steps (refused ones are checked too, but prove less).
    for (const kind of ["transfer", "leave", "decide"])
      expect(applied.get(kind) ?? 0, kind).toBeGreaterThan(0);
  }, 600_000);
});
