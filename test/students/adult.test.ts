import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { studentKey } from "@soglasie/core/roster/keys";
import { StudentRepository } from "@soglasie/core/roster/student-repository";
import { backfillStudentRecords } from "@soglasie/core/students/backfill";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsentTestApp,
  consentTestApp,
  decisionBody,
  groupIdByCode,
  groupLinks,
  importRoster,
  saveFile,
  submitJson,
  tool,
} from "../consent/support.js";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { PASSPORT_STUDENT, personalData } from "../support/personal-data.js";

/**
 * Adult students decide for themselves (issue 15, docs/students.md): from 18 the student answers
 * through the link personally and signs documents naming them; for a minor the parent answers;
 * without a date of birth the page asks and the answer is recorded; a parent's decision that
 * needs the adult student's confirmation gets the student a link of their own; old student
 * records get their id index by the backfill. The clock starts at 25.11.2026.
 */

let t: ConsentTestApp;
let admin: TestSession;
let groupId: string;
let links: Map<string, string>;

const HEADER = "Группа;ФИО обучающегося;ФИО родителя (законного представителя);Дата рождения\n";
const ADULT = "Зайцева Мария Андреевна"; // 19
const MINOR = "Петров Илья Сергеевич"; // 16
const UNKNOWN = "Григорьев Олег Павлович"; // no date of birth
const COMING = "Морозова Алина Игоревна"; // 18 on 10.12.2026

/** The adult student's own answer through the JSON API. */
const ownAnswer = (over: Record<string, unknown> = {}) => ({
  decision: "consent",
  studentName: ADULT,
  confirm: true,
  pepRulesAccepted: true,
  personalData: {
    student: {
      address: "672000, Забайкальский край, г. Чита, ул. Ленина, д. 5, кв. 1",
      document: personalData().student.document,
    },
  },
  ...over,
});

async function pdfTextOf(url: string): Promise<string> {
  const res = await t.app.request(new URL(url).pathname);
  expect(res.status).toBe(200);
  const file = saveFile(new Uint8Array(await res.arrayBuffer()));
  expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
  // One line per paragraph, single spaces: phrases are found whatever the line breaks.
  return tool("pdftotext", ["-enc", "UTF-8", file, "-"]).out.replace(/\s+/g, " ");
}

/**
 * No representative in the adult's documents. The one exception is the title of the signature
 * rules they sign under, which names both who may sign under them («…для родителей (законных
 * представителей) обучающихся и совершеннолетних обучающихся»).
 */
const PEP_RULES_TITLE = "для родителей (законных представителей) обучающихся и совершеннолетних обучающихся";
const REPRESENTATIVE_WORDING = /законн\S* представител|представител/i;
const withoutRulesTitle = (text: string) => text.replaceAll(PEP_RULES_TITLE, "");

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  const res = await importRoster(
    t,
    admin,
    `${HEADER}${[
      ["ВЗ-41", ADULT, "Зайцева Ольга Ивановна", "10.03.2007"],
      ["ВЗ-41", MINOR, "Петрова Анна Павловна", "01.02.2010"],
      ["ВЗ-41", UNKNOWN, "Григорьева Вера Олеговна", ""],
      ["ВЗ-41", COMING, "Морозов Игорь Петрович", "10.12.2008"],
    ]
      .map((r) => r.join(";"))
      .join("\n")}\n`,
  );
  expect(res.body).toMatchObject({ imported: 4, rejected: [] });
  groupId = await groupIdByCode(t, admin, "ВЗ-41");
  links = await groupLinks(t, admin, groupId);
});

describe("who answers through the personal link", () => {
  it("an adult student answers personally and signs documents naming them; no representative anywhere", async () => {
    const token = links.get(ADULT)!;
    const info = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(info).toMatchObject({ respondent: "student", studentAgeRequired: false });

    const page = await (await t.app.request(`/c/${token}`)).text();
    expect(page).toContain("Вам исполнилось 18 лет: решение принимаете вы сами");
    expect(page).toContain('name="studentName"');
    expect(page).not.toContain('name="relation"');
    expect(page).not.toContain("personalData.representative");
    expect(page.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "")).not.toMatch(
      REPRESENTATIVE_WORDING,
    );

    // A parent's answer is refused at the student's fields; a name other than the student's too.
    const asParent = await submitJson(t, token, decisionBody({ parentName: "Зайцева Ольга Ивановна" }));
    expect(asParent.status).toBe(400);
    expect(Object.keys(asParent.body.error.fields)).toEqual(
      expect.arrayContaining(["studentName", "personalData.student.address"]),
    );
    const otherName = await submitJson(t, token, ownAnswer({ studentName: "Зайцева Ольга Ивановна" }));
    expect(otherName.status).toBe(400);
    expect(otherName.body.error.fields.studentName[0]).toContain("как они указаны в списке группы");

    const ok = await submitJson(t, token, ownAnswer({ studentName: "зайцева мария андреевна" }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ respondent: "student", relation: null, ageStatement: null });

    const consent = await pdfTextOf(ok.body.pdfUrl);
    expect(consent).toContain(`Я, ${ADULT}, учебная группа ВЗ-41, действуя лично`);
    expect(consent).toContain("подписано простой электронной подписью обучающегося");
    expect(consent).toContain("Обучающийся");
    expect(consent).toContain("М.А. Зайцева");
    expect(withoutRulesTitle(consent)).not.toMatch(REPRESENTATIVE_WORDING);

    const pd = await pdfTextOf(ok.body.personalDataConsent.pdfUrl);
    expect(pd).toContain(`Я, ${ADULT}, действуя свободно, своей волей и в своем интересе`);
    expect(pd).toContain("на обработку моих персональных данных");
    expect(pd).toContain(PASSPORT_STUDENT.number);
    expect(withoutRulesTitle(pd)).not.toMatch(REPRESENTATIVE_WORDING);

    const stored = await new ConsentRequestRepository(t.services).listByGroup(groupId);
    const adultStudent = (await new StudentRepository(t.services).listByGroup(groupId)).find(
      (s) => s.fullName === ADULT,
    )!;
    expect(stored.find((r) => r.studentId === adultStudent.studentId)?.decision).toMatchObject({
      respondent: "student",
      parentName: "Зайцева Мария Андреевна",
    });
    // The file's first documents: the fonts are parsed and the signature rules issued here.
  }, 60_000);

  it("for a minor the parent answers as before", async () => {
    const token = links.get(MINOR)!;
    const info = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(info.respondent).toBe("representative");
    const { studentAge: _notAsked, ...body } = decisionBody({ parentName: "Петрова Анна Павловна" });
    const ok = await submitJson(t, token, body);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ respondent: "representative", relation: "mother" });
    const consent = await pdfTextOf(ok.body.pdfUrl);
    expect(consent).toContain("Я, Петрова Анна Павловна, являясь родителем (законным представителем)");
    expect(consent).not.toContain("Дата рождения обучающегося колледжу не сообщена");
  });

  it("without a date of birth the age question is required, and the answer is recorded", async () => {
    const token = links.get(UNKNOWN)!;
    const info = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(info).toMatchObject({ respondent: null, studentAgeRequired: true });

    const { studentAge: _missing, ...body } = decisionBody({ parentName: "Григорьева Вера Олеговна" });
    const missing = await submitJson(t, token, body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.studentAge).toEqual(["Укажите, исполнилось ли обучающемуся 18 лет"]);

    // The page: the question, and the message next to it when it is left unanswered.
    const page = await (await t.app.request(`/c/${token}`)).text();
    expect(page).toContain("Исполнилось ли обучающемуся 18 лет?");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = form({ _csrf: csrf, decision: "refusal", parentName: "Григорьева Вера Олеговна" });
    const refused = await t.app.request(`/c/${token}`, { method: "POST", ...post });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /id="e-studentAge"[^>]*>[^<]*Укажите, исполнилось ли обучающемуся 18 лет/,
    );
    // «Да» draws the student's form.
    const adultForm = await (await t.app.request(`/c/${token}?age=adult`)).text();
    expect(adultForm).toContain('name="studentName"');

    const ok = await submitJson(t, token, { ...body, studentAge: "minor" });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ respondent: "representative", ageStatement: "minor" });
    const consent = await pdfTextOf(ok.body.pdfUrl);
    expect(consent).toContain(
      "Дата рождения обучающегося колледжу не сообщена. Со слов подписавшего документ родителя (законного представителя), на дату подписания обучающийся не достиг возраста 18 лет.",
    );
    const pd = await pdfTextOf(ok.body.personalDataConsent.pdfUrl);
    expect(pd).toContain("на дату подписания обучающийся не достиг возраста 18 лет");
  });
});

describe("a parent's decision confirmed by the student who came of age", () => {
  it("gives the student a link of their own; the student's answer becomes the current decision", async () => {
    const token = links.get(COMING)!;
    const parent = await submitJson(t, token, decisionBody({ parentName: "Морозов Игорь Петрович" }));
    expect(parent.status).toBe(201);
    const parentDocs = [parent.body.documentId, parent.body.personalDataConsent.documentId];

    // Before 18 the student cannot be given a link of their own.
    const studentId = (await new StudentRepository(t.services).listByGroup(groupId)).find(
      (s) => s.fullName === COMING,
    )!.studentId;
    const early = await t.app.request(`/api/groups/${groupId}/students/${studentId}/student-link`, {
      method: "POST",
      headers: admin.bearer,
    });
    expect(early.status).toBe(409);

    t.clock.addDays(16); // 11.12.2026: she is 18.
    const session = await t.signIn(["administrator"]);
    const overview = (await (
      await t.app.request("/api/groups?with=adultConfirmation", { headers: session.bearer })
    ).json()) as any;
    const line = overview.groups.find((g: any) => g.groupId === groupId);
    expect(line.adultConfirmation).toBe(1);
    expect(overview.adultConfirmation).toBe(1);
    const consentedBefore = line.counts.consented;
    const groupPage = await (
      await t.app.request(`/staff/consents/${groupId}`, { headers: session.cookie })
    ).text();
    expect(groupPage).toContain("Нужно подтверждение совершеннолетнего (1)");
    expect(groupPage).toContain("Выдать ссылку обучающемуся");
    expect(await (await t.app.request("/staff/consents", { headers: session.cookie })).text()).toContain(
      "Нужно подтверждение совершеннолетнего: <strong>1</strong>",
    );

    const issued = await t.app.request(`/api/groups/${groupId}/students/${studentId}/student-link`, {
      method: "POST",
      headers: session.bearer,
    });
    expect(issued.status).toBe(201);
    const { url } = (await issued.json()) as any;
    const own = /\/c\/([A-Za-z0-9_-]{22})$/.exec(url)![1]!;
    // The parent's link is replaced: only the student answers now.
    expect((await t.app.request(`/api/consent/${token}`)).status).toBe(410);
    const info = (await (await t.app.request(`/api/consent/${own}`)).json()) as any;
    expect(info.respondent).toBe("student");
    expect(info.decision).toMatchObject({
      respondent: "representative",
      parentName: "Морозов Игорь Петрович",
    });

    const answer = await submitJson(
      t,
      own,
      ownAnswer({
        studentName: COMING,
        decision: "refusal",
        personalData: undefined,
        alternatives: ["diary"],
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ decision: "refusal", respondent: "student" });
    const refusal = await pdfTextOf(answer.body.pdfUrl);
    expect(refusal).toContain(`Я, ${COMING}, учебная группа ВЗ-41, действуя лично`);
    expect(withoutRulesTitle(refusal)).not.toMatch(REPRESENTATIVE_WORDING);
    // The refusal withdrew the parent's personal-data consent, signed by the student.
    const withdrawal = await pdfTextOf(answer.body.withdrawal.pdfUrl);
    expect(withdrawal).toContain(`Я, ${COMING}, в соответствии с частью 2 статьи 9`);
    expect(withoutRulesTitle(withdrawal)).not.toMatch(REPRESENTATIVE_WORDING);

    // The parent's documents stay (superseded or withdrawn, never deleted); history kept; counters right.
    for (const id of parentDocs) {
      const doc = await t.services.documents.get(id);
      expect(doc?.status === "superseded" || doc?.status === "withdrawn").toBe(true);
      expect((await t.services.documents.pdf(doc!)).byteLength).toBeGreaterThan(1000);
    }
    const request = (await new ConsentRequestRepository(t.services).listByGroup(groupId)).find(
      (r) => r.studentId === studentId,
    )!;
    expect(request.history.map((h) => h.documentId)).toEqual([parent.body.documentId]);
    expect(request.linkHolder).toBe("student");
    const after = (await (
      await t.app.request("/api/groups?with=adultConfirmation", { headers: session.bearer })
    ).json()) as any;
    const next = after.groups.find((g: any) => g.groupId === groupId);
    expect(next.adultConfirmation).toBe(0);
    expect(next.counts.consented).toBe(consentedBefore - 1);
    expect(next.counts.refused).toBe(line.counts.refused + 1);
    expect(next.counts.total).toBe(line.counts.total);
  });
});

describe("students imported before the student record (backfill)", () => {
  it("gives old records their id index, so GET /api/students/{id} finds them; a second run changes nothing", async () => {
    const session = await t.signIn(["administrator"]);
    const student = (await new StudentRepository(t.services).listByGroup(groupId)).find(
      (s) => s.fullName === MINOR,
    )!;
    // What such a record looks like: the same item without the byOwner index entry.
    const item = await t.services.db.get<Record<string, unknown> & { pk: string; sk: string }>(
      studentKey(t.services.config.orgId, groupId, student.nameKey),
      true,
    );
    expect(item).toBeDefined();
    const { gsi1pk: _a, gsi1sk: _b, ...old } = item!;
    await t.services.db.transact(
      [{ put: old }],
      [{ actor: SYSTEM, action: "test.old_record", entityType: "student", entityId: student.studentId }],
    );
    const res = () => t.app.request(`/api/students/${student.studentId}`, { headers: session.bearer });
    expect((await res()).status).toBe(404);

    const first = await backfillStudentRecords(t.services, SYSTEM);
    expect(first).toMatchObject({ indexed: 1, orphans: [] });
    expect((await res()).status).toBe(200);
    const second = await backfillStudentRecords(t.services, SYSTEM);
    expect(second.indexed).toBe(0);
    expect(second.students).toBe(first.students);
  });
});
