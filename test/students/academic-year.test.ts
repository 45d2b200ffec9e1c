import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { promoteGroups } from "@soglasie/core/students/academic-year";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsentTestApp,
  consentTestApp,
  groupIdByCode,
  importRoster,
  rosterCsv,
} from "../consent/support.js";
import { SYSTEM, type TestSession } from "../support/app.js";

let t: ConsentTestApp;
let admin: TestSession;

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["АД-21", "Егоров Егор Егорович", "Егорова Елена Ивановна"],
      ["АД-31", "Фомина Фаина Петровна", "Фомин Пётр Ильич"],
    ]),
  );
});

describe("a new academic year", () => {
  it("renames a group keeping its students, counters and class teachers; the old code is free, the audit names both", async () => {
    const teacher = await t.signIn(["class_teacher"]);
    const groupId = await groupIdByCode(t, admin, "АД-21");
    await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
    const taken = await t.app.request(`/api/groups/${groupId}/rename`, {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "application/json" },
      body: JSON.stringify({ code: "АД-31" }),
    });
    expect(taken.status).toBe(409);
    // Promotion in the order that frees each code first: АД-31 → АД-41, then АД-21 → АД-31.
    const done = await promoteGroups(
      t.services,
      [
        { from: "АД-21", to: "АД-31" },
        { from: "АД-31", to: "АД-41" },
      ],
      SYSTEM,
      "приказ № 1-к от 01.09.2027",
    );
    expect(done).toEqual([
      { from: "АД-31", to: "АД-41" },
      { from: "АД-21", to: "АД-31" },
    ]);
    const group = (await new GroupRepository(t.services).get(groupId))!;
    expect(group).toMatchObject({ code: "АД-31", classTeacherIds: [teacher.staff.staffId] });
    expect((await new GroupRepository(t.services).findByCode("АД-31"))?.groupId).toBe(groupId);
    expect(await new GroupRepository(t.services).findByCode("АД-21")).toBeUndefined();
    const students = await new StudentRepository(t.services).listByGroup(groupId);
    expect(students.map((s) => s.fullName)).toEqual(["Егоров Егор Егорович"]);
    const own = (await (
      await t.app.request("/api/groups", { headers: (await t.session(teacher.staff)).bearer })
    ).json()) as any;
    expect(own.groups.map((g: any) => g.code)).toEqual(["АД-31"]);
    expect(own.groups[0].counts.total).toBe(1);
    const events: any[] = [];
    for await (const e of t.services.db.auditEvents()) if (e.action === "group.renamed") events.push(e);
    expect(events.map((e) => [e.before, e.after])).toEqual([
      ["АД-31", "АД-41"],
      ["АД-21", "АД-31"],
    ]);
  });

  it("refuses a cycle of renames before changing anything", async () => {
    await expect(
      promoteGroups(
        t.services,
        [
          { from: "АД-31", to: "АД-41" },
          { from: "АД-41", to: "АД-31" },
        ],
        SYSTEM,
      ),
    ).rejects.toThrow(/цикл/);
    expect((await new GroupRepository(t.services).list()).map((g) => g.code).sort()).toEqual([
      "АД-31",
      "АД-41",
    ]);
  });
});
