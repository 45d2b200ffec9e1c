import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { promotedCode, promoteGroups } from "@soglasie/core/students/academic-year";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsentTestApp,
  consentTestApp,
  groupIdByCode,
  importRoster,
  rosterCsv,
} from "../consent/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";

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

const post = (path: string, session: TestSession, fields: Record<string, string | string[]>) =>
  t.app.request(path, {
    method: "POST",
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, ...session.cookie },
  });

const codes = async () => (await new GroupRepository(t.services).list()).map((g) => g.code).sort();

describe("the new academic year on the web and in the API", () => {
  it("suggests the next course by the first digit of the code", () => {
    expect(promotedCode("ТМ-21")).toBe("ТМ-31");
    expect(promotedCode("2ПКС-1")).toBe("3ПКС-1");
    expect(promotedCode("ТМ-91")).toBeUndefined();
    expect(promotedCode("Подготовительная")).toBeUndefined();
  });

  it("lets the administrator rename a group from the groups page; the director only reads; bad codes are shown by the field", async () => {
    await importRoster(
      t,
      admin,
      rosterCsv([
        ["ЮР-11", "Ильин Илья Ильич", "Ильина Инна Петровна"],
        ["ЮР-21", "Жукова Жанна Олеговна", "Жуков Олег Ильич"],
        ["ЮР-31", "Зайцев Захар Павлович", "Зайцева Зоя Ивановна"],
      ]),
    );
    const director = await t.signIn(["director"]);
    const read = await t.app.request("/staff/groups", { headers: director.cookie });
    expect(read.status).toBe(200);
    const readHtml = await read.text();
    expect(readHtml).toContain("ЮР-21");
    expect(readHtml).not.toContain("Переименовать</button>");
    const groupId = await groupIdByCode(t, admin, "ЮР-31");
    expect((await post(`/staff/groups/${groupId}/rename`, director, { code: "ЮР-41" })).status).toBe(403);
    expect((await t.app.request("/staff/groups/promote", { headers: director.cookie })).status).toBe(403);

    const page = await t.app.request("/staff/groups", { headers: admin.cookie });
    expect(await page.text()).toContain("Переименовать</button>");
    const noCsrf = await t.app.request(`/staff/groups/${groupId}/rename`, {
      method: "POST",
      ...form({ code: "ЮР-41" }),
      headers: { ...form({}).headers, ...admin.cookie },
    });
    expect(noCsrf.status).toBe(403);
    const bad = await post(`/staff/groups/${groupId}/rename`, admin, { code: "ЮР#41" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/<p class="field-error" id="e-code">Код группы: буквы, цифры/);
    expect(badHtml).toContain('value="ЮР#41"');
    const taken = await post(`/staff/groups/${groupId}/rename`, admin, { code: "ЮР-21" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("Группа ЮР-21 уже существует");
    const ok = await post(`/staff/groups/${groupId}/rename`, admin, { code: "ЮР-41", basis: "приказ № 2-к" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("../../groups?done=renamed");
    expect(await codes()).toContain("ЮР-41");
    expect(await codes()).not.toContain("ЮР-31");
  });

  it("promotes several groups after a check: suggested codes, editable, errors by the field, then confirmed in a freeing order", async () => {
    const form1 = await (await t.app.request("/staff/groups/promote", { headers: admin.cookie })).text();
    const id11 = await groupIdByCode(t, admin, "ЮР-11");
    const id21 = await groupIdByCode(t, admin, "ЮР-21");
    expect(form1).toContain(`name="code_${id11}" maxlength="30" value="ЮР-21"`);
    expect(form1).toContain(`name="code_${id21}" maxlength="30" value="ЮР-31"`);

    // Two groups to one code: refused by the field, nothing changes, the typed values stay.
    const twice = await post("/staff/groups/promote", admin, {
      promote: [id11, id21],
      [`code_${id11}`]: "ЮР-31",
      [`code_${id21}`]: "ЮР-31",
      step: "check",
    });
    expect(twice.status).toBe(400);
    const twiceHtml = await twice.text();
    expect(twiceHtml).toContain(
      `<p class="field-error" id="e-code_${id21}">Код ЮР-31 уже выбран для группы ЮР-11</p>`,
    );
    expect(twiceHtml).toContain(`href="#f-code_${id21}">Новый код группы ЮР-21: код ЮР-31 уже выбран`);

    const before = await codes();
    const check = await post("/staff/groups/promote", admin, {
      promote: [id11, id21],
      [`code_${id11}`]: "ЮР-21",
      [`code_${id21}`]: "ЮР-31",
      basis: "приказ № 3-к от 01.09.2027",
      step: "check",
    });
    expect(check.status).toBe(200);
    const checkHtml = await check.text();
    expect(checkHtml).toMatch(/<li>ЮР-21 → ЮР-31<\/li><li>ЮР-11 → ЮР-21<\/li>/);
    expect(await codes()).toEqual(before);
    const hidden = [...checkHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)];
    const fields: Record<string, string[]> = {};
    for (const [, name, value] of hidden.slice(0, hidden.findIndex(([, n]) => n === "step") + 1))
      if (name !== "_csrf" && name !== "step") fields[name!] = [...(fields[name!] ?? []), value!];
    const done = await post("/staff/groups/promote", admin, { ...fields, step: "confirm" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("../groups?done=promoted");
    expect((await new GroupRepository(t.services).get(id11))!.code).toBe("ЮР-21");
    expect((await new GroupRepository(t.services).get(id21))!.code).toBe("ЮР-31");
    const events: any[] = [];
    for await (const e of t.services.db.auditEvents()) if (e.action === "group.renamed") events.push(e);
    expect(events.slice(-2).map((e) => [e.before, e.after, e.details.basis])).toEqual([
      ["ЮР-21", "ЮР-31", "приказ № 3-к от 01.09.2027"],
      ["ЮР-11", "ЮР-21", "приказ № 3-к от 01.09.2027"],
    ]);
  });

  it("POST /api/groups/promote checks every code first and answers field errors; by id or by current code", async () => {
    const before = await codes();
    const api = (body: unknown) =>
      t.app.request("/api/groups/promote", {
        method: "POST",
        headers: { ...admin.bearer, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await api({
      renames: [
        { from: "ЮР-31", code: "ЮР-41" },
        { from: "ЮР-21", code: "ЮР 3#" },
      ],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.fields["renames.1.code"][0]).toContain("Код группы");
    expect(await codes()).toEqual(before);
    const neither = await api({ renames: [{ code: "ЮР-51" }] });
    expect(neither.status).toBe(400);
    expect(((await neither.json()) as any).error.fields["renames.0.groupId"][0]).toContain("Укажите группу");
    const id31 = await groupIdByCode(t, admin, "ЮР-31");
    const ok = await api({
      renames: [
        { groupId: id31, code: "ЮР-41" },
        { from: "юр 41", code: "ЮР-51" },
      ],
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).renamed).toEqual([
      { from: "ЮР-41", to: "ЮР-51" },
      { from: "ЮР-31", to: "ЮР-41" },
    ]);
  });
});
