import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { transferKnownStudents } from "@soglasie/core/students/movement";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsentTestApp,
  consentTestApp,
  decisionBody,
  groupIdByCode,
  groupLinks,
  importRoster,
  submitJson,
} from "../consent/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { personalData } from "../support/personal-data.js";

let t: ConsentTestApp;
let admin: TestSession;

const HEADER =
  "Группа;ФИО обучающегося;ФИО родителя (законного представителя);Дата рождения;Телефон обучающегося\n";
const csv = (rows: string[][]) => `${HEADER}${rows.map((r) => r.join(";")).join("\n")}\n`;

async function counts(code: string) {
  const res = await t.app.request("/api/groups", { headers: admin.bearer });
  const body = (await res.json()) as any;
  return body.groups.find((g: any) => g.code === code)?.counts;
}

async function api(path: string, body: unknown, session = admin) {
  const res = await t.app.request(path, {
    method: "POST",
    headers: { ...session.bearer, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function studentIdOf(groupCode: string, fullName: string) {
  const groupId = await groupIdByCode(t, admin, groupCode);
  const list = await new StudentRepository(t.services).listByGroup(groupId);
  return list.find((s) => s.fullName === fullName)!.studentId;
}

async function events(action: string) {
  const out: any[] = [];
  for await (const e of t.services.db.auditEvents()) if (e.action === action) out.push(e);
  return out;
}

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  const first = await importRoster(
    t,
    admin,
    csv([
      ["ЭС-21", "Кузнецов Пётр Олегович", "Кузнецова Ольга Ивановна", "01.09.2008", "8 914 111 22 33"],
      ["ЭС-21", "Лебедева Анна Игоревна", "Лебедев Игорь Петрович", "15 мая 2009 г.", ""],
      ["ЭС-21", "Соколов Иван Ильич", "Соколова Дарья Павловна", "", ""],
      ["ТМ-31", "Соколов Иван Ильич", "Соколов Илья Романович", "", ""],
      ["ТМ-31", "Орлов Денис Андреевич", "Орлова Вера Сергеевна", "02.03.2008", ""],
    ]),
  );
  expect(first.body).toMatchObject({ imported: 5, rejected: [] });
});

describe("the student model", () => {
  it("keeps the date of birth and the student's own phone; a stable id finds the student in any group", async () => {
    const id = await studentIdOf("ЭС-21", "Кузнецов Пётр Олегович");
    const res = await t.app.request(`/api/students/${id}`, { headers: admin.bearer });
    expect(res.status).toBe(200);
    const { student } = (await res.json()) as any;
    expect(student).toMatchObject({
      studentId: id,
      birthDate: "2008-09-01",
      group: { code: "ЭС-21" },
      contacts: { studentPhone: "+79141112233" },
      studying: true,
    });
  });

  it("refuses a bad date of birth with the row and reason, and stores nothing of the row", async () => {
    const { body } = await importRoster(
      t,
      admin,
      csv([["ЭС-21", "Новиков Олег Юрьевич", "Новикова Юлия Олеговна", "31.02.2008", ""]]),
    );
    expect(body.rejected).toEqual([
      { row: 2, reason: expect.stringMatching(/^Дата рождения: Такой даты нет/) },
    ]);
    expect(body.imported).toBe(0);
  });
});

describe("transfer", () => {
  it("moves the decision, documents and link; both groups' counters change in one transaction; the audit names the basis", async () => {
    const fromId = await groupIdByCode(t, admin, "ЭС-21");
    const token = (await groupLinks(t, admin, fromId)).get("Кузнецов Пётр Олегович")!;
    // He is 18 (born 01.09.2008): he answers himself (docs/students.md, adult students).
    const decided = await submitJson(t, token, {
      decision: "consent",
      studentName: "Кузнецов Пётр Олегович",
      confirm: true,
      pepRulesAccepted: true,
      personalData: {
        student: { address: "672000, г. Чита, ул. Ленина, д. 1", document: personalData().student.document },
      },
    });
    expect(decided.status).toBe(201);
    const id = await studentIdOf("ЭС-21", "Кузнецов Пётр Олегович");
    const request = (await new ConsentRequestRepository(t.services).get(fromId, id, true))!;
    const docsBefore = await t.services.documents.listByOwner("consent-request", request.requestId);
    const [fromBefore, toBefore] = [await counts("ЭС-21"), await counts("ТМ-31")];

    const toId = await groupIdByCode(t, admin, "ТМ-31");
    const moved = await api(`/api/students/${id}/transfer`, {
      toGroupId: toId,
      basis: "приказ № 45-к от 20.11.2026",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.student).toMatchObject({
      group: { code: "ТМ-31" },
      movements: [
        { kind: "transfer", fromGroup: "ЭС-21", toGroup: "ТМ-31", basis: "приказ № 45-к от 20.11.2026" },
      ],
    });

    const [fromAfter, toAfter] = [await counts("ЭС-21"), await counts("ТМ-31")];
    expect(fromAfter.total).toBe(fromBefore.total - 1);
    expect(fromAfter.consented).toBe(fromBefore.consented - 1);
    expect(toAfter.total).toBe(toBefore.total + 1);
    expect(toAfter.consented).toBe(toBefore.consented + 1);

    // Same request, same documents, same link: the parent still sees their decision.
    const after = (await new ConsentRequestRepository(t.services).get(toId, id, true))!;
    expect(after.requestId).toBe(request.requestId);
    expect(after.decision?.documentId).toBe(request.decision?.documentId);
    expect(await new ConsentRequestRepository(t.services).get(fromId, id, true)).toBeUndefined();
    const docsAfter = await t.services.documents.listByOwner("consent-request", request.requestId);
    expect(docsAfter.map((d) => d.documentId).sort()).toEqual(docsBefore.map((d) => d.documentId).sort());
    const page = await t.app.request(`/c/${token}`);
    expect(page.status).toBe(200);
    const dashboard = (await (
      await t.app.request(`/api/groups/${toId}/consents`, { headers: admin.bearer })
    ).json()) as any;
    expect(JSON.stringify(dashboard)).toContain("Кузнецов");

    const [event] = (await events("student.transferred")).slice(-1);
    expect(event).toMatchObject({
      before: "ЭС-21",
      after: "ТМ-31",
      details: { basis: "приказ № 45-к от 20.11.2026" },
    });
  });

  it("refuses a transfer onto a namesake in the target group and changes nothing", async () => {
    const id = await studentIdOf("ЭС-21", "Соколов Иван Ильич");
    const before = [await counts("ЭС-21"), await counts("ТМ-31")];
    const res = await api(`/api/students/${id}/transfer`, {
      toGroupId: await groupIdByCode(t, admin, "ТМ-31"),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("уже есть обучающийся с такими ФИО");
    expect([await counts("ЭС-21"), await counts("ТМ-31")]).toEqual(before);
  });

  it("answers bad input with field errors, and only the administrator moves students", async () => {
    const id = await studentIdOf("ЭС-21", "Лебедева Анна Игоревна");
    const bad = await api(`/api/students/${id}/leave`, { kind: "holiday" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.kind[0]).toContain("Выберите причину");
    const teacher = await t.signIn(["class_teacher"]);
    const refused = await api(`/api/students/${id}/leave`, { kind: "expelled" }, teacher);
    expect(refused.status).toBe(403);
  });
});

describe("leaving and return", () => {
  it("takes the student out of lists and counters, revokes the unanswered link, keeps everything; return brings them back", async () => {
    const groupId = await groupIdByCode(t, admin, "ЭС-21");
    const token = (await groupLinks(t, admin, groupId)).get("Лебедева Анна Игоревна")!;
    const id = await studentIdOf("ЭС-21", "Лебедева Анна Игоревна");
    const before = await counts("ЭС-21");
    const left = await api(`/api/students/${id}/leave`, { kind: "academic_leave", basis: "приказ № 50-к" });
    expect(left.status).toBe(200);
    expect(left.body.student).toMatchObject({ studying: false, enrolment: { status: "academic_leave" } });
    const during = await counts("ЭС-21");
    expect(during.total).toBe(before.total - 1);
    expect(during.pending).toBe(before.pending - 1);
    expect((await t.app.request(`/c/${token}`)).status).toBe(410);
    const dashboard = (await (
      await t.app.request(`/api/groups/${groupId}/consents`, { headers: admin.bearer })
    ).json()) as any;
    expect(JSON.stringify(dashboard)).not.toContain("Лебедева");
    const again = await api(`/api/students/${id}/leave`, { kind: "expelled" });
    expect(again.status).toBe(409);

    const back = await api(`/api/students/${id}/return`, { basis: "приказ № 61-к" });
    expect(back.status).toBe(200);
    expect(back.body.student.studying).toBe(true);
    expect(back.body.student.movements.map((m: any) => m.kind)).toEqual(["leave", "return"]);
    const after = await counts("ЭС-21");
    expect(after.total).toBe(before.total);
    // The link was revoked on leaving: it counts as revoked until a new one is issued.
    expect(after.revoked).toBe(before.revoked + 1);
  });
});

describe("re-import recognises students", () => {
  it("previews a file (changing nothing), then applies it: a transfer by name and date of birth, ambiguities reported", async () => {
    const file = csv([
      // Known by name and date of birth, now in another group: a transfer.
      ["ЭС-31", "Орлов Денис Андреевич", "Орлова Вера Сергеевна", "02.03.2008", ""],
      // Two students of this name without dates: the service does not guess.
      ["ПК-11", "Соколов Иван Ильич", "Соколова Дарья Павловна", "", ""],
      ["ПК-11", "Зайцев Максим Олегович", "Зайцева Нина Петровна", "10.10.2009", ""],
    ]);
    const auditBefore = (await events("student.transferred")).length;
    const preview = await t.app.request("/api/roster/preview", {
      method: "POST",
      headers: { ...admin.bearer, "content-type": "text/csv" },
      body: file,
    });
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as any;
    expect(p.transferred).toEqual([{ row: 2, student: "Орлов Денис Андреевич", from: "ТМ-31", to: "ЭС-31" }]);
    expect(p.created).toEqual([{ row: 4, student: "Зайцев Максим Олегович", group: "ПК-11" }]);
    expect(p.ambiguous).toEqual([{ row: 3, reason: expect.stringContaining("у 2 известных обучающихся") }]);
    expect(p.groupsToCreate.sort()).toEqual(["ПК-11", "ЭС-31"]);
    // Nothing written by the preview.
    expect((await events("student.transferred")).length).toBe(auditBefore);
    expect(await counts("ЭС-31")).toBeUndefined();

    const applied = await importRoster(t, admin, file);
    expect(applied.body).toMatchObject({ imported: 1, transferred: 1, ambiguous: [{ row: 3 }] });
    expect((await counts("ЭС-31")).total).toBe(1);
    const id = await studentIdOf("ЭС-31", "Орлов Денис Андреевич");
    expect(id).toBeTruthy();
    const [event] = (await events("student.transferred")).slice(-1);
    expect(event.details.basis).toBe("загрузка списка");
  });

  it("a class teacher cannot pull a student from another group by an import", async () => {
    const teacher = await t.signIn(["class_teacher"]);
    const groupId = await groupIdByCode(t, admin, "ЭС-21");
    const { GroupRepository } = await import("@soglasie/core/roster/group-repository");
    await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], {
      type: "system",
      id: "test",
    });
    const { body } = await importRoster(
      t,
      teacher,
      csv([["ЭС-21", "Орлов Денис Андреевич", "Орлова Вера Сергеевна", "02.03.2008", ""]]),
    );
    expect(body.transferred).toBe(0);
    expect(body.rejected[0].reason).toContain("перевод из неё оформляет администратор");
  });

  it("batches transfers several to a transaction; a transfer whose record changed meanwhile alone is refused, counters stay true", async () => {
    await importRoster(
      t,
      admin,
      csv([
        ["ПД-11", "Аксёнов Антон Антонович", "Аксёнова Алла Ивановна", "03.03.2009", ""],
        ["ПД-11", "Быков Борис Борисович", "Быкова Белла Ивановна", "04.04.2009", ""],
        ["ПД-11", "Волков Виктор Викторович", "Волкова Вера Ивановна", "05.05.2009", ""],
      ]),
    );
    const groups = new GroupRepository(t.services);
    const from = (await groups.findByCode("ПД-11"))!;
    const to = await groups.ensureGroup("ПД-21", SYSTEM);
    const students = await new StudentRepository(t.services).listByGroup(from.groupId, true);
    expect(students).toHaveLength(3);
    // The second one's record changed after it was read: its delete condition fails the batch.
    const stale = students.map((s, i) => (i === 1 ? { ...s, version: s.version - 1 } : s));
    const outcomes = await transferKnownStudents(
      t.services,
      stale.map((student) => ({ student, from, to, input: { basis: "приказ № 9-к" } })),
      SYSTEM,
    );
    expect(outcomes.map((o) => (o instanceof Error ? o.message : o.groupId))).toEqual([
      to.groupId,
      "Данные обучающегося изменились. Обновите страницу и повторите.",
      to.groupId,
    ]);
    expect(await counts("ПД-11")).toMatchObject({ total: 1, pending: 1 });
    expect(await counts("ПД-21")).toMatchObject({ total: 2, pending: 2 });
    const requests = new ConsentRequestRepository(t.services);
    expect((await requests.listByGroup(to.groupId, true)).map((r) => r.studentId).sort()).toEqual(
      [students[0]!.studentId, students[2]!.studentId].sort(),
    );
    const moved = (await events("student.transferred")).slice(-2);
    expect(moved.map((e) => e.details.basis)).toEqual(["приказ № 9-к", "приказ № 9-к"]);
  });

  it("the web upload shows the preview first and applies only on confirmation", async () => {
    const data = new FormData();
    data.set("_csrf", admin.csrf);
    data.set(
      "file",
      new File(
        [csv([["ЭС-21", "Белова Мария Олеговна", "Белова Ирина Павловна", "03.04.2009", ""]])],
        "list.csv",
        {
          type: "text/csv",
        },
      ),
    );
    const res = await t.app.request("/staff/roster/preview", {
      method: "POST",
      headers: { ...admin.cookie, origin: "http://localhost" },
      body: data,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("ещё не загружен");
    expect(html).toContain("Белова Мария Олеговна");
    expect(await studentIdOf("ЭС-21", "Белова Мария Олеговна").catch(() => undefined)).toBeUndefined();
    const fileData = /name="file" value="([^"]+)"/.exec(html)![1]!;
    const confirm = await t.app.request("/staff/roster/import/confirm", {
      method: "POST",
      ...form({ _csrf: admin.csrf, file: fileData, fileName: "list.csv" }),
      headers: { ...form({}).headers, ...admin.cookie },
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Добавлено обучающихся: 1");
    expect(await studentIdOf("ЭС-21", "Белова Мария Олеговна")).toBeTruthy();
  });

  it("the administrator's page moves a student by a form", async () => {
    const id = await studentIdOf("ЭС-21", "Белова Мария Олеговна");
    const page = await t.app.request(`/staff/students/${id}`, { headers: admin.cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Перевести в другую группу");
    const res = await t.app.request(`/staff/students/${id}/leave`, {
      method: "POST",
      ...form({ _csrf: admin.csrf, kind: "graduated", basis: "приказ № 70-к" }),
      headers: { ...form({}).headers, ...admin.cookie },
    });
    expect(res.status).toBe(303);
    const shown = await t.app.request(res.headers.get("location")!.replace("..", `/staff/students`), {
      headers: admin.cookie,
    });
    expect(await shown.text()).toContain("Выбытие оформлено");
  });
});

describe("coming of age", () => {
  it("marks a parent's decision for the student's confirmation once the student turns 18, and keeps it", async () => {
    await importRoster(
      t,
      admin,
      csv([
        ["ДР-11", "Морозова Алина Игоревна", "Морозов Игорь Петрович", "10.12.2008", ""],
        ["ДР-11", "Смирнов Олег Олегович", "Смирнова Анна Ивановна", "", ""],
      ]),
    );
    const groupId = await groupIdByCode(t, admin, "ДР-11");
    const links = await groupLinks(t, admin, groupId);
    for (const [student, parent] of [
      ["Морозова Алина Игоревна", "Морозов Игорь Петрович"],
      ["Смирнов Олег Олегович", "Смирнова Анна Ивановна"],
    ] as const) {
      expect((await submitJson(t, links.get(student)!, decisionBody({ parentName: parent }))).status).toBe(
        201,
      );
    }
    // A fresh session each time: the clock moves past a session's lifetime.
    const dashboard = async () => {
      const session = await t.signIn(["administrator"]);
      const res = await t.app.request(`/api/groups/${groupId}/consents`, { headers: session.bearer });
      expect(res.status).toBe(200);
      return (await res.json()) as any;
    };
    const before = await dashboard();
    expect(before.adultConfirmation).toBe(0);

    t.clock.addDays(16); // 11.12.2026: she is 18; his date of birth is unknown.
    const after = await dashboard();
    expect(after.adultConfirmation).toBe(1);
    const row = (name: string) => after.students.find((s: any) => s.fullName === name);
    expect(row("Морозова Алина Игоревна")).toMatchObject({
      needsAdultConfirmation: true,
      status: "consented",
      decision: { signedBy: "Морозов Игорь Петрович" },
    });
    expect(row("Смирнов Олег Олегович").needsAdultConfirmation).toBe(false);
  });
});
