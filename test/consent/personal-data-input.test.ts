import { decisionInputSchemaFor } from "@soglasie/core/consent/schemas";
import { personalDataInputSchema } from "@soglasie/core/personal-data/consent-input";
import { personalDataFingerprint } from "@soglasie/core/personal-data/fingerprint";
import { normalizeBirthCertificateSeries } from "@soglasie/core/personal-data/identity-documents";
import { withdrawalDeadline } from "@soglasie/core/personal-data/rules";
import { describe, expect, it } from "vitest";
import { personalData } from "../support/personal-data.js";

/**
 * The parent's form asks for the elements of 152-FZ art. 9 p. 4 items 1-2 and checks their formats
 * where they are: each problem is a Russian message at the field's own path (the form shows it next
 * to the field, the API returns it in `error.fields`).
 */

const TODAY = "2026-11-25";
const schema = (
  extraFields: Array<"student-birth-date" | "division-code"> = [],
  relation = "mother" as const,
) => personalDataInputSchema({ today: TODAY, extraFields }, relation);

/** Field → messages of a refused value (empty when accepted). */
function fieldsOf(value: unknown, s = schema()): Record<string, string[]> {
  const r = s.safeParse(value);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) {
    const key = i.path.join(".");
    out[key] = [...(out[key] ?? []), i.message];
  }
  return out;
}

const withStudentDoc = (doc: Record<string, unknown>) => {
  const pd = personalData();
  return { ...pd, student: { ...pd.student, document: { ...pd.student.document, ...doc } } };
};
const withAuthority = (doc: Record<string, unknown>) => ({ ...personalData(), authority: doc });

describe("passport of a citizen of the Russian Federation", () => {
  it("accepts series and number as people type them and normalises them", () => {
    const r = schema().parse(withStudentDoc({ series: "76 22", number: " 318 204 " }));
    expect(r.student.document).toMatchObject({ type: "passport-ru", series: "7622", number: "318204" });
  });

  it.each([
    [{ series: "762" }, "series", "Серия паспорта — 4 цифры, например 76 04"],
    [{ series: "76АБ" }, "series", "Серия паспорта — 4 цифры, например 76 04"],
    [{ number: "31820" }, "number", "Номер паспорта — 6 цифр"],
    [{ number: "3182045" }, "number", "Номер паспорта — 6 цифр"],
    [{ number: undefined }, "number", "Номер паспорта — 6 цифр"],
    [{ issuedOn: "2030-01-01" }, "issuedOn", "Дата не может быть позже сегодняшнего дня"],
    [{ issuedOn: "2026-11-26" }, "issuedOn", "Дата не может быть позже сегодняшнего дня"],
    [
      { issuedOn: "1996-05-01" },
      "issuedOn",
      "Паспорта гражданина Российской Федерации выдаются с 01.10.1997: проверьте дату выдачи",
    ],
    [{ issuedOn: "31.02.2020" }, "issuedOn", "Такой даты нет"],
    [{ issuedOn: "вчера" }, "issuedOn", "Дата в формате ДД.ММ.ГГГГ"],
    [{ issuer: "  " }, "issuer", "Укажите, кем выдан паспорт"],
  ])("refuses %j at its field with a Russian message", (doc, field, message) => {
    expect(fieldsOf(withStudentDoc(doc))).toEqual({ [`student.document.${field}`]: [message] });
  });

  it("accepts dates as ДД.ММ.ГГГГ too, and today itself", () => {
    expect(schema().parse(withStudentDoc({ issuedOn: "16.05.2024" })).student.document.issuedOn).toBe(
      "2024-05-16",
    );
    expect(fieldsOf(withStudentDoc({ issuedOn: TODAY }))).toEqual({});
  });

  it("asks for the division code (000-000) only when the college collects it", () => {
    expect(schema().parse(withStudentDoc({ divisionCode: "garbage" })).student.document).not.toHaveProperty(
      "divisionCode",
    );
    const withCode = schema(["division-code"]);
    expect(fieldsOf(personalData(), withCode)).toEqual({
      "student.document.divisionCode": ["Код подразделения — 6 цифр в формате 000-000, например 750-001"],
      "representative.document.divisionCode": [
        "Код подразделения — 6 цифр в формате 000-000, например 750-001",
      ],
    });
    const pd = personalData();
    const good = {
      ...pd,
      student: { ...pd.student, document: { ...pd.student.document, divisionCode: "750001" } },
      representative: {
        ...pd.representative,
        document: { ...pd.representative.document, divisionCode: "750-002" },
      },
    };
    const r = withCode.parse(good);
    expect(r.student.document).toMatchObject({ divisionCode: "750-001" });
    expect(r.representative?.document).toMatchObject({ divisionCode: "750-002" });
    expect(
      fieldsOf(
        {
          ...good,
          student: { ...good.student, document: { ...good.student.document, divisionCode: "75-0001" } },
        },
        withCode,
      ),
    ).toEqual({
      "student.document.divisionCode": ["Код подразделения — 6 цифр в формате 000-000, например 750-001"],
    });
  });

  it("with the student's date of birth collected, refuses a passport issued before 14", () => {
    const s = schema(["student-birth-date"]);
    const pd = personalData();
    const born = (birthDate: string, issuedOn: string) => ({
      ...pd,
      student: { ...pd.student, birthDate, document: { ...pd.student.document, issuedOn } },
      authority: { ...pd.authority, issuedOn: "2010-06-01" },
    });
    expect(fieldsOf(born("2010-05-16", "2024-05-16"), s)).toEqual({});
    expect(fieldsOf(born("2010-05-17", "2024-05-16"), s)).toEqual({
      "student.document.issuedOn": ["Паспорт выдаётся с 14 лет: дата выдачи раньше 14-летия обучающегося"],
    });
    expect(fieldsOf(pd, s)).toEqual({ "student.birthDate": ["Укажите дату рождения обучающегося"] });
    expect(fieldsOf(born("2027-01-01", "2024-05-16"), s)).toMatchObject({
      "student.birthDate": ["Дата не может быть позже сегодняшнего дня"],
    });
  });
});

describe("birth certificate", () => {
  it.each([
    ["I-СП", "I-СП"],
    ["iv-аб", "IV-АБ"],
    ["IV АБ", "IV-АБ"],
    ["XII–МЮ", "XII-МЮ"],
    ["ІХ-ЕК", "IX-ЕК"], // Cyrillic І and Х for the Roman numeral
    ["II-CП", "II-СП"], // a Latin C among the Cyrillic letters
    ["IIСП", "II-СП"],
  ])("series %s is read as %s", (typed, series) => {
    expect(normalizeBirthCertificateSeries(typed)).toBe(series);
    const r = schema().parse(withAuthority({ ...personalData().authority, series: typed }));
    expect(r.authority).toMatchObject({ type: "birth-certificate", series });
  });

  const SERIES = "Серия свидетельства — римское число, дефис и две русские буквы, например IV-АБ";
  it.each([
    [{ series: "4-АБ" }, "series", SERIES],
    [{ series: "IIII-АБ" }, "series", SERIES],
    [{ series: "IV-A" }, "series", SERIES],
    [{ series: "IV-АБВ" }, "series", SERIES],
    [{ series: "" }, "series", "Укажите серию свидетельства"],
    [{ number: "58103" }, "number", "Номер свидетельства — 6 цифр"],
    [{ issuedOn: "2027-03-02" }, "issuedOn", "Дата не может быть позже сегодняшнего дня"],
    [{ issuer: "" }, "issuer", "Укажите, каким органом ЗАГС выдано свидетельство"],
  ])("refuses %j at its field", (doc, field, message) => {
    expect(fieldsOf(withAuthority({ ...personalData().authority, ...doc }))).toEqual({
      [`authority.${field}`]: [message],
    });
  });

  it("may be the student's own document, then it is the parent's authority too", () => {
    const doc = {
      type: "birth-certificate",
      series: "I-СП",
      number: "123456",
      issuedOn: "2012-04-01",
      issuer: "Отдел ЗАГС",
    };
    const pd = { ...withStudentDoc(doc), authority: { type: "student-document" } };
    pd.student.document = doc as never;
    expect(schema().parse(pd).authority).toEqual({ type: "student-document" });
    // Not when the student's document is a passport.
    expect(fieldsOf({ ...personalData(), authority: { type: "student-document" } })).toEqual({
      "authority.type": [
        "Документом обучающегося выше указано не свидетельство о рождении: укажите реквизиты свидетельства о рождении",
      ],
    });
    // Not before the student was born.
    const s = schema(["student-birth-date"]);
    const early = { ...pd, student: { ...pd.student, birthDate: "2012-05-01" } };
    expect(fieldsOf(early, s)).toEqual({
      "student.document.issuedOn": ["Свидетельство о рождении не может быть выдано раньше дня рождения"],
    });
  });
});

describe("other documents and the representative's authority", () => {
  const guardian = personalDataInputSchema({ today: TODAY, extraFields: [] }, "guardian");
  const act = {
    type: "other",
    name: "Постановление администрации городского округа «Город Чита» о назначении опекуна",
    number: "1234-п",
    issuedOn: "2019-06-10",
    issuer: "Администрация городского округа «Город Чита»",
  };

  it("takes any other document in free form (foreign passport, residence permit, act of guardianship)", () => {
    const foreign = {
      type: "other",
      name: "паспорт иностранного гражданина",
      series: "AB",
      number: "1234567",
      issuedOn: "2020-01-10",
      issuer: "МВД Республики Казахстан",
    };
    const r = guardian.parse({
      ...personalData(),
      representative: { ...personalData().representative, document: foreign },
      authority: act,
    });
    expect(r.representative?.document).toEqual(foreign);
    expect(r.authority).toEqual(act);
    expect(fieldsOf({ ...personalData(), authority: { type: "other" } }, guardian)).toEqual({
      "authority.name": ["Укажите название документа"],
      "authority.number": ["Укажите номер документа"],
      "authority.issuedOn": ["Укажите дату выдачи"],
      "authority.issuer": ["Укажите, кем выдан документ"],
    });
  });

  it("asks a guardian for the act of appointment, not a birth certificate", () => {
    expect(fieldsOf(personalData(), guardian)).toEqual({
      "authority.type": [
        "Свидетельство о рождении подтверждает полномочия родителя; опекун (попечитель) указывает акт о назначении: выберите «Иной документ»",
      ],
    });
  });

  it("a representative has no birth certificate as an identity document; kinds must be chosen", () => {
    const pd = personalData();
    expect(
      fieldsOf({ ...pd, representative: { ...pd.representative, document: { ...pd.authority } } }),
    ).toEqual({ "representative.document.type": ["Выберите документ"] });
    expect(fieldsOf({})).toEqual({
      "representative.address": ["Укажите ваш адрес"],
      "student.address": ["Укажите адрес обучающегося"],
      "student.document.type": ["Выберите документ"],
      "representative.document.type": ["Выберите документ"],
      "authority.type": ["Выберите документ, подтверждающий полномочия"],
    });
  });

  it("copies the parent's address for the student when they live together", () => {
    const r = schema().parse(personalData());
    expect(r.student.address).toBe(r.representative?.address);
    const pd = personalData();
    const apart = schema().parse({
      ...pd,
      student: { ...pd.student, sameAddress: false, address: "г. Чита, ул. Ленина, д. 1" },
    });
    expect(apart.student.address).toBe("г. Чита, ул. Ленина, д. 1");
  });
});

describe("the whole answer", () => {
  const options = {
    today: TODAY,
    extraFields: [] as never[],
    pepRules: { version: 2, date: "2026-11-20", required: true },
  };
  const base = {
    decision: "consent",
    parentName: "Волкова Наталья Сергеевна",
    relation: "мать",
    studentAge: "minor",
    confirm: true,
  };

  it("reports every problem at once: the answer's fields, the personal data and the rules' acceptance", () => {
    const r = decisionInputSchemaFor(options).safeParse({ decision: "consent" });
    expect(r.success).toBe(false);
    const paths = new Set(r.error!.issues.map((i) => i.path.join(".")));
    for (const p of [
      "parentName",
      "relation",
      "confirm",
      "pepRulesAccepted",
      "personalData.student.document.type",
    ])
      expect(paths).toContain(p);
  });

  it("needs personal data only for a consent, and the rules' acceptance only while required", () => {
    expect(
      decisionInputSchemaFor(options).safeParse({ ...base, decision: "refusal", pepRulesAccepted: "on" })
        .success,
    ).toBe(true);
    const accepted = { ...options, pepRules: { ...options.pepRules, required: false } };
    expect(decisionInputSchemaFor(accepted).safeParse({ ...base, decision: "withdrawal" }).success).toBe(
      true,
    );
    expect(decisionInputSchemaFor(options).safeParse({ ...base, pepRulesAccepted: true }).success).toBe(
      false,
    );
  });

  it("refuses the acceptance of a version that is no longer in force", () => {
    const r = decisionInputSchemaFor(options).safeParse({
      ...base,
      personalData: personalData(),
      pepRulesAccepted: true,
      pepRulesVersion: "1",
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([
      expect.objectContaining({
        path: ["pepRulesAccepted"],
        message:
          "Правила обновлены: действует редакция № 2 от 20.11.2026. Ознакомьтесь с ней и подтвердите снова",
      }),
    ]);
  });
});

describe("what is kept of the values", () => {
  it("a keyed fingerprint: the same answer gives the same one, any change another, the key matters", () => {
    const secret = "x".repeat(40);
    const a = personalDataFingerprint(secret, personalData());
    expect(a).toMatch(/^v1:[0-9a-f]{32}$/);
    expect(personalDataFingerprint(secret, personalData())).toBe(a);
    expect(personalDataFingerprint(secret, personalData({ address: "г. Чита" }))).not.toBe(a);
    expect(personalDataFingerprint("y".repeat(40), personalData())).not.toBe(a);
    expect(a).not.toContain("318204");
  });
});

describe("152-FZ art. 21 p. 5", () => {
  it("the college stops and destroys within 30 calendar days of receiving the withdrawal", () => {
    expect(withdrawalDeadline("2026-11-25")).toBe("2026-12-25");
    expect(withdrawalDeadline("2027-02-10")).toBe("2027-03-12");
    expect(withdrawalDeadline("2026-12-31")).toBe("2027-01-30");
  });
});
