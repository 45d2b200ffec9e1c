import { DEMO_DATA, DEMO_PEP } from "@soglasie/core/documents/layout/demo";
import { describe, expect, it } from "vitest";
import { render, save, text, tool } from "../documents/support.js";

/**
 * The personal-data consent holds every element of 152-FZ art. 9 p. 4 (docs/personal-data.md maps
 * them to its lines), read back from the signed PDF with pdftotext, for a parent and for a guardian;
 * and it is a separate document (art. 9 p. 1 as amended by 156-FZ): nothing else is stated in it.
 */

const PD = DEMO_DATA["personal-data-consent"];

const guardian = {
  ...PD,
  student: {
    name: "Черных Ольга Игоревна",
    group: "ЭС-22",
    birthDate: "2010-04-02",
    address: "674600, Забайкальский край, г. Борзя, ул. Лазо, д. 7",
    document: {
      type: "birth-certificate",
      series: "III-СП",
      number: "604512",
      issuedOn: "2010-04-20",
      issuer: "Отдел ЗАГС Борзинского района Департамента ЗАГС Забайкальского края",
    },
  },
  representative: {
    name: "Шевчук Ирина Павловна",
    relation: "guardian",
    address: "674600, Забайкальский край, г. Борзя, ул. Лазо, д. 9",
    document: {
      type: "passport-ru",
      series: "7615",
      number: "771204",
      issuedOn: "2016-02-11",
      issuer: "ТП УФМС России по Забайкальскому краю в Борзинском районе",
      divisionCode: "750-014",
    },
  },
  authority: {
    type: "other",
    name: "Распоряжение органа опеки и попечительства о назначении опекуна",
    number: "118-р",
    issuedOn: "2021-09-01",
    issuer: "Администрация муниципального района «Борзинский район»",
  },
  processor: {
    name: "ООО «Пример-Платформа»",
    address: "101000, г. Москва, ул. Примерная, д. 1",
  },
  typedName: "шевчук ирина павловна",
} as const;

async function pdfText(data: unknown, type: "personal-data-consent" | "consent" = "personal-data-consent") {
  const doc = await render(type, data, { pep: DEMO_PEP.parents });
  const file = save(doc.bytes);
  expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
  return text(file);
}

describe("the personal-data consent holds every element of art. 9 p. 4", () => {
  it("for a mother (passports, the child's birth certificate as her authority)", async () => {
    const t = await pdfText(PD);
    const elements: Array<[string, string[]]> = [
      [
        "item 1: the subject — full name, address, identity document with number, date and issuer",
        [
          "Субъект персональных данных",
          // pdftotext reads a table's label column before its value column.
          "Обучающийся Адрес Основной документ, удостоверяющий личность",
          "Волков Артём Денисович, учебная группа ТМ-21 672039, Забайкальский край, г. Чита, ул. Бабушкина, д. 12, кв. 4",
          "паспорт гражданина Российской Федерации серия 76 22 № 318204, дата выдачи 16.05.2024, кем выдан: УМВД России по Забайкальскому краю",
        ],
      ],
      [
        "item 2: the representative — the same, and the document of the authority",
        [
          "Представитель субъекта персональных данных",
          "Волкова Наталья Сергеевна (мать)",
          "паспорт гражданина Российской Федерации серия 76 11 № 402817, дата выдачи 03.09.2012",
          "Документ, подтверждающий полномочия представителя",
          "свидетельство о рождении серия II-СП № 581034, дата выдачи 02.03.2010",
          "являясь матерью (законным представителем) обучающегося Волкова Артёма Денисовича",
        ],
      ],
      [
        "item 3: the operator's name and address",
        [
          "Оператор, получающий согласие Наименование Адрес",
          "Государственное профессиональное образовательное учреждение «Читинский политехнический колледж» (ГПОУ «ЧПТК») Забайкальский край, г. Чита",
        ],
      ],
      [
        "item 4: the purpose",
        [
          "Цель обработки персональных данных",
          "Регистрация обучающегося и его родителя (законного представителя) в информационно-коммуникационной образовательной платформе «Сферум»",
          "для образовательной коммуникации с колледжем",
          "Положение утверждено приказом ГПОУ «ЧПТК» от 12.11.2026 № 145-од",
        ],
      ],
      [
        "item 5: the list of data",
        [
          "Перечень персональных данных, на обработку которых дается согласие",
          "обучающегося: фамилия, имя, отчество; учебная группа; адрес; сведения об основном документе",
          "реквизиты документа, подтверждающего полномочия законного представителя",
        ],
      ],
      [
        "item 6: nobody processes on the operator's behalf (none configured)",
        ["Обработка персональных данных по поручению оператора другим лицам не поручается."],
      ],
      [
        "item 7: actions and a general description of the methods",
        [
          "Сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, использование, предоставление (доступ)",
          "блокирование, удаление, уничтожение",
          "с использованием средств автоматизации",
          "и без использования таких средств",
        ],
      ],
      [
        "item 8: the period and the way of withdrawal",
        [
          "Согласие действует до окончания обучения обучающегося в колледже (отчисления из колледжа) либо до отзыва согласия",
          "Согласие может быть отозвано в любое время: по той же персональной ссылке",
          "письменным заявлением, направленным оператору по адресу: Забайкальский край, г. Чита",
        ],
      ],
      [
        "item 9: the signature (simple electronic signature under the rules in force)",
        [
          "Согласие подписано простой электронной подписью родителя (законного представителя) в соответствии с Правилами использования простой электронной подписи для родителей (законных представителей) обучающихся и совершеннолетних обучающихся (редакция № 1 от 12.11.2026)",
          "«Волкова Наталья Сергеевна» 20.11.2026 19:04 (UTC+09:00)",
          "Н.С. Волкова",
        ],
      ],
    ];
    for (const [element, phrases] of elements) for (const p of phrases) expect(t, element).toContain(p);
  });

  it("for a guardian (an act of appointment; a processor configured; optional elements collected)", async () => {
    const t = await pdfText(guardian);
    for (const p of [
      "Обучающийся Дата рождения Адрес",
      "Черных Ольга Игоревна, учебная группа ЭС-22 02.04.2010 674600",
      "свидетельство о рождении серия III-СП № 604512, дата выдачи 20.04.2010",
      "Шевчук Ирина Павловна (опекун)",
      "являясь опекуном (законным представителем) обучающегося Черных Ольги Игоревны",
      "серия 76 15 № 771204, дата выдачи 11.02.2016, кем выдан: ТП УФМС России по Забайкальскому краю в Борзинском районе, код подразделения 750-014",
      "Распоряжение органа опеки и попечительства о назначении опекуна № 118-р, дата выдачи 01.09.2021, кем выдан: Администрация муниципального района «Борзинский район»",
      "учебная группа; дата рождения; адрес",
      "выдавший орган, код подразделения",
      "ООО «Пример-Платформа», адрес: 101000, г. Москва, ул. Примерная, д. 1 — по поручению оператора (часть 3 статьи 6 Федерального закона № 152-ФЗ).",
      "«шевчук ирина павловна»",
    ])
      expect(t).toContain(p);
    expect(t).not.toContain("другим лицам не поручается");
  });

  it("is a document of its own: no statement of the platform decision in it, and none of it in the decision", async () => {
    const pd = await pdfText(PD);
    for (const other of [
      "С Положением ознакомлен",
      "безопасный режим",
      "пункт 2.10",
      "альтернативные способы",
      "даю согласие на регистрацию и использование обучающимся",
    ])
      expect(pd).not.toContain(other);
    const decision = await pdfText(DEMO_DATA.consent, "consent");
    expect(decision).toContain("С Положением ознакомлена.");
    expect(decision).toContain("дано мной отдельным документом № С-0001-ПД");
    for (const pdOnly of ["318204", "Перечень персональных данных", "Бабушкина"])
      expect(decision).not.toContain(pdOnly);
  });

  it("refuses a student's document as the authority when it is not the birth certificate", async () => {
    await expect(
      render("personal-data-consent", { ...PD, authority: { type: "student-document" } }),
    ).rejects.toMatchObject({
      fields: { "authority.type": ["Документом обучающегося указано не свидетельство о рождении"] },
    });
  });
});

describe("the withdrawal says what the college then does and by when (art. 21 p. 5)", () => {
  it("30 days from receipt, the grounds that remain (art. 6 p. 1 items 2–11), blocking within 6 months", async () => {
    const doc = await render(
      "personal-data-consent-withdrawal",
      DEMO_DATA["personal-data-consent-withdrawal"],
      {
        pep: DEMO_PEP.parents,
      },
    );
    const t = text(save(doc.bytes));
    for (const p of [
      "отзываю согласие № С-0001-ПД от 20.11.2026 на обработку персональных данных",
      "в соответствии с частью 2 статьи 9 Федерального закона от 27.07.2006 № 152-ФЗ",
      "Отзыв поступил оператору 24.11.2026",
      "в срок, не превышающий тридцати дней с даты поступления отзыва, то есть не позднее 24.12.2026",
      "исключает обучающегося и родителя (законного представителя) из сообщества колледжа",
      "блокирует их и обеспечивает их уничтожение в срок не более шести месяцев (часть 6 статьи 21",
      "на основаниях, предусмотренных пунктами 2–11 части 1 статьи 6 Федерального закона № 152-ФЗ (часть 2 статьи 9)",
      "(пункт 2 части 1 статьи 6)",
      "в соответствии с Правилами использования простой электронной подписи для родителей (законных представителей) обучающихся и совершеннолетних обучающихся (редакция № 1 от 12.11.2026)",
    ])
      expect(t).toContain(p);
  });
});
