import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRoster as importRows } from "@soglasie/core/roster/import";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsentTestApp,
  consentTestApp,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
} from "../consent/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";

let t: ConsentTestApp;
let admin: TestSession;

async function auditCount() {
  let n = 0;
  for await (const _ of t.services.db.auditEvents()) n++;
  return n;
}

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
});

describe("roster import", () => {
  it("imports valid rows, reports each bad row with its line and reason, and stores nothing of them", async () => {
    const csv = rosterCsv([
      [
        "ПКС-23",
        "Морозов Кирилл Андреевич",
        "Морозова Елена Викторовна",
        "8 914 555 12 12",
        "morozova@example.ru",
      ],
      ["ПКС-23", "", "Пустой Родитель Иванович"],
      ["ПКС-23", "Одноимённый", "Родитель Есть Иванович"],
      ["ПКС-23", "Цифров 2 Иван", "Цифрова Анна Ивановна"],
      ["ПКС-23", "Телефонов Иван Иванович", "Телефонова Анна Ивановна", "12-34"],
      ["ПКС-23", "Почтов Иван Иванович", "Почтова Анна Ивановна", "", "не-почта"],
      ["<b>ПКС</b>", "Группов Иван Иванович", "Группова Анна Ивановна"],
      ["ПКС-23", "Эмодзи 😀 Иванович", "Эмодзи Анна Ивановна"],
      ["ПКС-23", "Волков Артём Денисович", "Волкова Наталья Сергеевна"],
      ["ПКС-23", "волков артём денисович", "Волков Денис Петрович"],
    ]);
    const before = await auditCount();
    const { status, body } = await importRoster(t, admin, csv);
    expect(status).toBe(200);
    expect(body.imported).toBe(2);
    expect(body.rejected.map((r: any) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 11]);
    const reason = (row: number) => body.rejected.find((r: any) => r.row === row).reason as string;
    expect(reason(3)).toContain("ФИО обучающегося");
    expect(reason(4)).toContain("фамилию и имя");
    expect(reason(5)).toContain("Только буквы");
    expect(reason(6)).toContain("Телефон");
    expect(reason(7)).toContain("Email");
    expect(reason(8)).toContain("Группа");
    expect(reason(9)).toContain("нельзя напечатать");
    expect(reason(11)).toContain("уже указан в строке 10");

    const groupId = await groupIdByCode(t, admin, "ПКС-23");
    const students = await new StudentRepository(t.services).listByGroup(groupId);
    expect(students.map((s) => s.fullName)).toEqual(["Волков Артём Денисович", "Морозов Кирилл Андреевич"]);
    expect(students[1]).toMatchObject({
      parentName: "Морозова Елена Викторовна",
      phone: "+79145551212",
      email: "morozova@example.ru",
    });
    // One group created, one batch of students: two audit events, no personal data in them.
    const events: any[] = [];
    for await (const e of t.services.db.auditEvents()) events.push(e);
    const mine = events.slice(before);
    expect(mine.map((e) => e.action)).toEqual(["group.created", "roster.imported"]);
    expect(JSON.stringify(mine)).not.toMatch(/Морозов|Волков|example\.ru|79145551212/);
  });

  it("changes nothing when the same file is imported again, and updates a changed row in place", async () => {
    const rows: Array<[string, string, string, string?, string?]> = [
      ["ТМ-21", "Семёнов Пётр Ильич", "Семёнова Ирина Павловна", "+79140000001"],
      ["ТМ-21", "Алексеева Ульяна Романовна", "Алексеев Роман Олегович"],
    ];
    const first = await importRoster(t, admin, rosterCsv(rows));
    expect(first.body).toMatchObject({ imported: 2, updated: 0, unchanged: 0, rejected: [] });
    const groupId = await groupIdByCode(t, admin, "ТМ-21");
    const links = await groupLinks(t, admin, groupId);
    const events = await auditCount();

    // Same file, written differently: case, «е» for «ё», Latin letters in the group code, extra spaces.
    const again = await importRoster(
      t,
      admin,
      rosterCsv([
        ["TM-21", "семенов  петр ильич", "Семёнова Ирина Павловна", "8 914 000 00 01"],
        ["тм 21", "АЛЕКСЕЕВА УЛЬЯНА РОМАНОВНА", "Алексеев Роман Олегович"],
      ]),
    );
    expect(again.body).toEqual({
      imported: 0,
      updated: 0,
      unchanged: 2,
      transferred: 0,
      rejected: [],
      ambiguous: [],
      absent: [],
      groupsCreated: [],
    });
    expect(await auditCount()).toBe(events);

    const changed = await importRoster(
      t,
      admin,
      rosterCsv([
        ["ТМ-21", "Семёнов Пётр Ильич", "Семёнов Илья Андреевич", "+79140000002", "semenov@example.ru"],
        ["ТМ-21", "Алексеева Ульяна Романовна", "Алексеев Роман Олегович"],
      ]),
    );
    expect(changed.body).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const students = await new StudentRepository(t.services).listByGroup(groupId);
    expect(students).toHaveLength(2);
    expect(students.find((s) => s.fullName === "Семёнов Пётр Ильич")).toMatchObject({
      parentName: "Семёнов Илья Андреевич",
      phone: "+79140000002",
      email: "semenov@example.ru",
      version: 2,
    });
    // The personal links did not change.
    expect(await groupLinks(t, admin, groupId)).toEqual(links);
  });

  it("creates each student once when the same file is imported twice at the same time", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      row: i + 2,
      values: {
        group: "ПАР-1",
        student: `Параллелев Номер${toLetters(i)} Иванович`,
        parent: "Параллелева Анна Ивановна",
      },
    }));
    const [a, b] = await Promise.all([
      importRows(t.services, rows, SYSTEM, { createGroups: true }),
      importRows(t.services, rows, SYSTEM, { createGroups: true }),
    ]);
    expect(a.imported + b.imported).toBe(30);
    expect(a.imported + a.unchanged).toBe(30);
    expect(b.imported + b.unchanged).toBe(30);
    expect([...a.groupsCreated, ...b.groupsCreated]).toEqual(["ПАР-1"]);
    const groupId = await groupIdByCode(t, admin, "ПАР-1");
    expect(await new StudentRepository(t.services).listByGroup(groupId)).toHaveLength(30);
    const overview = (await (await t.app.request("/api/groups", { headers: admin.bearer })).json()) as any;
    expect(overview.groups.find((g: any) => g.code === "ПАР-1").counts.total).toBe(30);
  });

  it("accepts a Windows-1251 upload from the roster page and shows the result", async () => {
    const csv = iconv.encode(
      rosterCsv([["ЭС-23", "Щукин Ярослав Эдуардович", "Щукина Юлия Эдуардовна"]]),
      "win1251",
    );
    const body = new FormData();
    body.set("_csrf", admin.csrf);
    body.set("file", new File([new Uint8Array(csv)], "список.csv", { type: "text/csv" }));
    const res = await t.app.request("/staff/roster/import", {
      method: "POST",
      body,
      headers: { ...admin.cookie, origin: "http://localhost" },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Добавлено обучающихся: 1");
    expect(html).toContain("ЭС-23");
    const students = await new StudentRepository(t.services).listByGroup(
      await groupIdByCode(t, admin, "ЭС-23"),
    );
    expect(students[0]?.fullName).toBe("Щукин Ярослав Эдуардович");
    // A file that is not a roster: a clear message on the page, nothing stored.
    const bad = new FormData();
    bad.set("_csrf", admin.csrf);
    bad.set("file", new File(["Фамилия;Имя\nА;Б\n"], "x.csv", { type: "text/csv" }));
    const refused = await t.app.request("/staff/roster/import", {
      method: "POST",
      body: bad,
      headers: { ...admin.cookie, origin: "http://localhost" },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("В первой строке нет столбцов");
  });

  it("lets a class teacher import only own groups and never create groups", async () => {
    const teacher = await t.signIn(["class_teacher"]);
    const groups = new GroupRepository(t.services);
    const own = await groups.ensureGroup("СВ-24", SYSTEM);
    await groups.setClassTeachers(own.groupId, [teacher.staff.staffId], SYSTEM);
    const { status, body } = await importRoster(
      t,
      teacher,
      rosterCsv([
        ["СВ-24", "Яковлев Тимофей Сергеевич", "Яковлева Оксана Юрьевна"],
        ["ТМ-21", "Чужой Иван Иванович", "Чужая Анна Ивановна"],
        ["НОВАЯ-1", "Новиков Иван Иванович", "Новикова Анна Ивановна"],
      ]),
    );
    expect(status).toBe(200);
    expect(body.imported).toBe(1);
    expect(body.rejected).toEqual([
      { row: 3, reason: expect.stringContaining("Нет доступа к группе ТМ-21") },
      { row: 4, reason: expect.stringContaining("Группа НОВАЯ-1 не найдена") },
    ]);
    expect(await groups.findByCode("НОВАЯ-1")).toBeUndefined();
    // Roles without roster rights get 403; a bad content type 415.
    const director = await t.signIn(["director"]);
    const forbidden = await t.app.request("/api/roster/import", {
      method: "POST",
      headers: { ...director.bearer, "content-type": "text/csv" },
      body: "Группа;Обучающийся;Родитель\n",
    });
    expect(forbidden.status).toBe(403);
    const wrongType = await t.app.request("/api/roster/import", {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "application/json" },
      body: "{}",
    });
    expect(wrongType.status).toBe(415);
  });

  it("imports 2 000 students in batched transactions", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      row: i + 2,
      values: {
        group: `Б-${String(Math.floor(i / 25) + 1).padStart(2, "0")}`,
        student: `Студентов Номер${toLetters(i)} Иванович`,
        parent: `Родителева Мать${toLetters(i)} Петровна`,
      },
    }));
    const before = await auditCount();
    const started = performance.now();
    let lastProgress = 0;
    const result = await importRows(t.services, rows, SYSTEM, { createGroups: true }, (done) => {
      lastProgress = done;
    });
    const ms = performance.now() - started;
    expect(result).toMatchObject({ imported: 2000, updated: 0, rejected: [] });
    expect(result.groupsCreated).toHaveLength(80);
    expect(lastProgress).toBe(2000);
    // Per group: its creation and one batch of its 25 students, each one transaction and one event.
    expect((await auditCount()) - before).toBe(80 + 80);
    console.log(`[measure] roster import of 2000 rows: ${Math.round(ms)} ms`);

    const again = performance.now();
    const repeat = await importRows(t.services, rows, SYSTEM, { createGroups: true });
    expect(repeat).toMatchObject({ imported: 0, updated: 0, unchanged: 2000 });
    console.log(`[measure] re-import of the same 2000 rows: ${Math.round(performance.now() - again)} ms`);

    const overviewStart = performance.now();
    const res = await t.app.request("/api/groups", { headers: admin.bearer });
    const overview = (await res.json()) as any;
    console.log(
      `[measure] /api/groups over ${overview.totals.total} students: ${Math.round(performance.now() - overviewStart)} ms`,
    );
    expect(overview.totals.total).toBeGreaterThanOrEqual(2000);
    expect(overview.totals.pending).toBe(overview.totals.total);
  }, 90_000); // 2 000 rows imported twice and read back: tens of seconds on a shared 2-core machine

  it("refuses a roster form without the session's CSRF token", async () => {
    const post = form({ _csrf: "wrong" });
    const res = await t.app.request("/staff/roster/import", {
      method: "POST",
      body: post.body,
      headers: { ...post.headers, ...admin.cookie },
    });
    expect(res.status).toBe(403);
  });
});

/** 0 → «а», 1 → «б», … (names must be letters only). */
function toLetters(n: number): string {
  const abc = "абвгдежзиклмнопрстуфхцчшэюя";
  let s = "";
  let x = n;
  do {
    s = abc[x % abc.length] + s;
    x = Math.floor(x / abc.length);
  } while (x > 0);
  return s;
}
