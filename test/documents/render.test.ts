import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruDate } from "../../packages/core/src/clock.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { templatesDir } from "../../packages/core/src/documents/layout/templates.js";
import { inspectPdf } from "../../packages/core/src/documents/records/inspect-pdf.js";
import { DOCUMENT_TYPES, type DocumentType } from "../../packages/core/src/documents/types.js";
import { bodyText, demoDate, dir, pages, render, save, testSigner, text, tool } from "./support.js";

/** Phrases of the template and values of the demo data each PDF must contain (as pdftotext reads them). */
const EXPECTED: Record<DocumentType, string[]> = {
  regulation: [
    "ПОЛОЖЕНИЕ",
    "ПРИНЯТО педагогическим советом ГПОУ «ЧПТК» (протокол от 10.11.2026 № 3)",
    "УТВЕРЖДЕНО приказом ГПОУ «ЧПТК» от 12.11.2026 № 145-од",
    "1. Общие положения",
    "2.10. Все пользователи самостоятельно (обучающиеся с помощью родителей или законных представителей) обеспечивают безопасность своего профиля",
    "– дневник обучающегося в АИС «Сетевой город. Образование»".slice(2),
    "4.3. В случае изменений или принятия новых нормативных правовых актов",
  ],
  "protocol-extract": [
    "ВЫПИСКА",
    "из протокола заседания педагогического совета",
    "протокол № 3",
    "Всего членов педагогического совета: 48. Присутствовали: 41. Кворум имеется",
    "«за» – 39, «против» – 0, «воздержались» – 2. Решение принято.",
    "РЕШИЛИ:",
    "Председатель – Иванова Светлана Петровна",
    "Секретарь – Ёлкина Ольга Игоревна",
    // The certification of the extract (ГОСТ Р 7.0.97: «Верно», position, signature, расшифровка, date).
    "Верно",
    "Секретарь педагогического совета",
    "О.И. Ёлкина",
    "11.11.2026",
  ],
  "order-approve-regulation": [
    "ПРИКАЗ",
    "Об утверждении Положения об использовании ИКОП «Сферум» в национальном мессенджере «MAX»",
    "ПРИКАЗЫВАЮ:",
    "(протокол от 10.11.2026 № 3)",
    "2. Ввести Положение в действие с 12.11.2026.",
    // Dative: «Ответственному лицу – кому?».
    "3. Ответственному лицу – заместителю директора по учебно-воспитательной работе Черных Анне Андреевне:",
    "4. Контроль за исполнением настоящего приказа оставляю за собой.",
    "Директор",
    "С.П. Иванова",
    "С приказом ознакомлен(ы):",
    "Фамилия, имя, отчество Дата Способ ознакомления Подпись",
    "Иванова Светлана Петровна +7 3022 32-45-67",
  ],
  "order-appoint-administrator": [
    "ПРИКАЗ",
    "О назначении администратора ИКОП «Сферум», интегрированной с сервисом «MAX»",
    // Accusative: «Назначить кого?»; clauses numbered 1, 2, 3.
    "1. Назначить администратором ИКОП «Сферум», интегрированной с сервисом «MAX», в ГПОУ «ЧПТК» с 13.11.2026 преподавателя информатики Гусейнова Эльчина Рашид оглы.",
    "2. Администратору ИКОП «Сферум» координировать",
    "(пункт 2.3 Положения)",
    "аннулировать невостребованные ссылки-приглашения",
    "3. Контроль за исполнением настоящего приказа возложить на заместителя директора по учебно-воспитательной работе Черных Анну Андреевну.",
    "утвержденного приказом от 12.11.2026 № 145-од",
    "С приказом ознакомлен(ы):",
    "Гусейнов Эльчин Рашид оглы",
    "Иванова Светлана Петровна +7 3022 32-45-67",
  ],
  "order-assign-class-teachers": [
    "О закреплении классных руководителей за учебными группами",
    "на 2026/2027 учебный год",
    "ТМ-21",
    "Ким Юлия Сергеевна",
    "Кузнецова-Петрова Мария Юрьевна",
    "мастер производственного обучения",
    "Группа",
    "Классный руководитель",
    "5. Контроль за исполнением настоящего приказа оставляю за собой.",
    "С приказом ознакомлен(ы):",
  ],
  "order-cancel": [
    "ПРИКАЗ",
    "О признании утратившим силу приказа от 13.11.2026 № 146-од",
    "В связи с переводом Гусейнова Эльчина Рашид оглы на должность методиста",
    "ПРИКАЗЫВАЮ:",
    "1. Признать утратившим силу с 24.11.2026 приказ ГПОУ «ЧПТК» от 13.11.2026 № 146-од",
    "2. Контроль за исполнением настоящего приказа оставляю за собой.",
    "С.П. Иванова",
    "С приказом ознакомлен(ы):",
    "Гусейнов Эльчин Рашид оглы",
  ],
  consent: [
    "СОГЛАСИЕ",
    "Волков Артём Денисович",
    "ТМ-21",
    "Волкова Наталья Сергеевна",
    "мать",
    "даю согласие на регистрацию и использование обучающимся",
    "безопасный режим",
    "(пункт 2.10 Положения)",
    "простой электронной подписью",
    "«Волкова Наталья Сергеевна» 20.11.2026 19:04 (UTC+09:00)",
  ],
  refusal: [
    "ОТКАЗ",
    "Зайцева Алёна Павловна",
    "Зайцев Павел Николаевич",
    "отец",
    "не даю согласия на регистрацию и использование",
    "пунктом 1.8 Положения",
    "X дневник обучающегося в АИС «Сетевой город. Образование»",
    "очные встречи по предварительной договоренности",
    "X родительские собрания",
    "безопасный режим",
    "(пункт 2.10 Положения)",
    "21.11.2026 11:30 (UTC+09:00)",
  ],
  acknowledgment: [
    "ЛИСТ ОЗНАКОМЛЕНИЯ",
    "утвержденным приказом от 12.11.2026 № 145-од",
    "Черных Анна Андреевна",
    // Each employee's own record: date and time, gendered mark, the record's number.
    "13.11.2026",
    "09:41",
    "ознакомлена в системе «Согласие», запись № 3F2A9C1B",
    "ознакомлен в системе «Согласие», запись № 7C0D52E4",
    "Ким Юлия Сергеевна",
    "Дата и время ознакомления",
    "статьи 22.1–22.3 Трудового кодекса Российской Федерации",
    "не заменяет ознакомление под роспись",
  ],
  "order-acknowledgment": [
    "ЛИСТ ОЗНАКОМЛЕНИЯ",
    "с приказом от 13.11.2026 № 146-од «О назначении администратора ИКОП «Сферум»»",
    "Гусейнов Эльчин Рашид оглы",
    "14:07",
    "ознакомлен в системе «Согласие», запись № A41B9F07",
    "Черных Анна Андреевна",
    "не заменяет ознакомление под роспись",
  ],
  "orders-register": [
    "ВЫПИСКА",
    "из журнала регистрации приказов за 2026 год",
    "№ ВЖ-1",
    "Сформирована 25.11.2026 12:15. Все виды приказов. Всего приказов: 4.",
    "145-од",
    "13.11.2026",
    "О назначении администратора ИКОП «Сферум»",
    "Утратил силу",
    "Директор Иванова Светлана Петровна",
    "Выписка отражает журнал на момент формирования",
  ],
  "personal-data-consent": [
    "СОГЛАСИЕ",
    "на обработку персональных данных обучающегося и его родителя (законного представителя)",
    "являясь матерью (законным представителем) обучающегося Волкова Артёма Денисовича",
    "паспорт гражданина Российской Федерации серия 76 22 № 318204, дата выдачи 16.05.2024, кем выдан: УМВД России по Забайкальскому краю",
    "свидетельство о рождении серия II-СП № 581034, дата выдачи 02.03.2010, кем выдано: Отдел записи актов гражданского состояния",
    "Забайкальский край, г. Чита",
    "Обработка персональных данных по поручению оператора другим лицам не поручается.",
    "Согласие действует до окончания обучения обучающегося в колледже",
  ],
  "personal-data-consent-withdrawal": [
    "ОТЗЫВ",
    "согласия на обработку персональных данных",
    "отзываю согласие № С-0001-ПД от 20.11.2026",
    "не позднее 24.12.2026",
    "пунктами 2–11 части 1 статьи 6",
  ],
  "pep-rules": [
    "ПРАВИЛА",
    "использования простой электронной подписи в сервисе «Согласие» для родителей (законных представителей) обучающихся и совершеннолетних обучающихся",
    "Редакция № 1 от 12.11.2026",
    "хранить персональную ссылку",
    "часть 2 статьи 6 Федерального закона № 63-ФЗ",
  ],
};

const COMMON = [
  "Государственное профессиональное образовательное учреждение «Читинский политехнический колледж»",
  "г. Чита",
  "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
  "Подписант: ГПОУ «ЧПТК»",
  "Файл подписан электронной подписью организации: сертификат",
  "владелец ГПОУ «ЧПТК», действителен с",
  "Проверка подлинности: по QR-коду документа",
  "Проверить подлинность и актуальность документа:",
];

describe.each(DOCUMENT_TYPES)("%s", (type) => {
  it("is signed (pdfsig), well-formed (qpdf) and says what it must (pdftotext)", async () => {
    const doc = await render(type);
    const file = save(doc.bytes, `${type}.pdf`);

    const sig = tool("pdfsig", [file]);
    expect(sig.out).toContain("Signature is Valid.");
    expect(sig.out).toContain("ETSI.CAdES.detached");
    expect(sig.out).toContain("Signer Certificate Common Name: ГПОУ «ЧПТК»");
    expect(sig.out).toContain("Total document signed");

    const check = tool("qpdf", ["--check", file]);
    expect(check.status, check.out).toBe(0);
    expect(check.out).not.toMatch(/WARNING|error:/i);

    const t = text(file);
    for (const phrase of [...COMMON, ruDate(demoDate(type)), ...EXPECTED[type]]) expect(t).toContain(phrase);
    expect(t).not.toContain("страница");
    expect(t).toContain(`/verify/${inspectPdf(doc.bytes).documentId}`);

    expect(inspectPdf(doc.bytes).intact).toBe(true);
    expect(doc.bytes.byteLength).toBeLessThan(200_000);
  });
});

describe("layout", () => {
  it("a consent fits on one page; the regulation breaks across pages", async () => {
    expect(pages(save((await render("consent")).bytes))).toBe(1);
    expect(pages(save((await render("regulation")).bytes))).toBeGreaterThan(4);
  });

  it("prints the regulation text of the template exactly", async () => {
    // Page numbers sit between the pages' texts: drop them to compare paragraphs that continue.
    const t = bodyText(save((await render("regulation")).bytes));
    const source = readFileSync(join(templatesDir(), "regulation.md"), "utf8").split("@header")[1] ?? "";
    const paragraphs = source
      .split("\n")
      .map((l) =>
        l
          .replace(/^#\s+/, "")
          .replace(/^\s*-\s+/, "")
          .trim(),
      )
      .filter(Boolean);
    expect(paragraphs.length).toBeGreaterThan(80);
    for (const p of paragraphs) expect(t).toContain(p);
  });

  it("keeps text extractable whatever was rendered before in the process (shared font objects)", async () => {
    // Regression: subsetting once created Latin «T» (a component of Cyrillic «Т») without code points.
    for (const type of ["regulation", "acknowledgment", "order-assign-class-teachers"] as const)
      await render(type);
    const t = text(save((await render("consent")).bytes));
    expect(t).toContain("UTC+09:00");
    expect(t).toContain("ТМ-21");
  });

  it("renders page 1 to PNG (pdftoppm)", async () => {
    const file = save((await render("consent")).bytes, "consent-png.pdf");
    const out = join(dir, "consent-page");
    const r = tool("pdftoppm", ["-r", "50", "-png", "-f", "1", "-l", "1", file, out]);
    expect(r.status, r.out).toBe(0);
    expect(statSync(`${out}-1.png`).size).toBeGreaterThan(5_000);
  });

  it("embeds the certificate's Cyrillic names unchanged", async () => {
    const file = save((await render("consent")).bytes);
    const sig = tool("pdfsig", [file]);
    // pdfsig shortens long names; the beginning shows the Cyrillic survived byte for byte.
    expect(sig.out).toContain(
      "Signer full Distinguished Name: C=RU+L=Чита+O=Государственное профессиональное",
    );
    expect(testSigner().certificate.subject).toBe(
      "C=RU, L=Чита, O=Государственное профессиональное образовательное учреждение «Читинский политехнический колледж», CN=ГПОУ «ЧПТК»",
    );
  });

  it("varies with the data: refusal without chosen channels marks none", async () => {
    const t = text(save((await render("refusal", { ...DEMO_DATA.refusal, channels: [] })).bytes));
    expect(t).toContain("дневник обучающегося");
    expect(t).not.toContain("X дневник");
  });
});
