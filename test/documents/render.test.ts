import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { templatesDir } from "../../packages/core/src/documents/layout/templates.js";
import { inspectPdf } from "../../packages/core/src/documents/records/inspect-pdf.js";
import { DOCUMENT_TYPES, type DocumentType } from "../../packages/core/src/documents/types.js";
import { dir, pages, render, save, testSigner, text, tool } from "./support.js";

/** Phrases of the template and values of the demo data each PDF must contain (as pdftotext reads them). */
const EXPECTED: Record<DocumentType, string[]> = {
  regulation: [
    "ПОЛОЖЕНИЕ",
    "ПРИНЯТО на заседании педагогического совета ГПОУ «ЧПТК» протокол от 10.11.2026 № 3",
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
    "Выписка верна.",
  ],
  "order-approve-regulation": [
    "ПРИКАЗ",
    "Об утверждении Положения об использовании ИКОП «Сферум» в национальном мессенджере «MAX»",
    "ПРИКАЗЫВАЮ:",
    "(протокол от 10.11.2026 № 3)",
    "Ввести Положение в действие с 12.11.2026.",
    "Ответственному лицу – заместитель директора по учебно-воспитательной работе Петрова Анна Андреевна",
    "Контроль за исполнением настоящего приказа оставляю за собой.",
    "Директор",
    "С.П. Иванова",
  ],
  "order-appoint-administrator": [
    "ПРИКАЗ",
    "О назначении администратора ИКОП «Сферум», интегрированной с сервисом «MAX»",
    "с 13.11.2026: преподаватель информатики Кузнецов Игорь Сергеевич",
    "(пункт 2.3 Положения)",
    "аннулировать невостребованные ссылки-приглашения",
    "возложить на ответственное лицо: заместитель директора по учебно-воспитательной работе Петрова Анна Андреевна",
    "утвержденного приказом от 12.11.2026 № 145-од",
  ],
  "order-assign-class-teachers": [
    "О закреплении классных руководителей за учебными группами",
    "на 2026/2027 учебный год",
    "ТМ-21",
    "Смирнова Елена Викторовна",
    "Николаева-Щедрина Мария Юрьевна",
    "мастер производственного обучения",
    "Группа",
    "Классный руководитель",
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
    "Петрова Анна Андреевна",
    "ознакомлен(а) электронно",
    "Смирнова Елена Викторовна",
    "Дата ознакомления",
  ],
  "orders-register": [
    "ЖУРНАЛ",
    "регистрации приказов за 2026 год",
    "Сформирован 25.11.2026 12:15. Все виды приказов. Всего приказов: 3.",
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
    "использования простой электронной подписи в сервисе «Согласие» для родителей (законных представителей) обучающихся",
    "Редакция № 1 от 25.11.2026",
    "хранить персональную ссылку",
    "часть 2 статьи 6 Федерального закона № 63-ФЗ",
  ],
};

const COMMON = [
  "Государственное профессиональное образовательное учреждение «Читинский политехнический колледж»",
  "г. Чита",
  "25.11.2026",
  "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
  "Владелец: ГПОУ «ЧПТК»",
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
    for (const phrase of [...COMMON, ...EXPECTED[type]]) expect(t).toContain(phrase);
    const n = pages(file);
    expect(t).toContain(`страница ${n} из ${n}`);
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
    // Page footers sit between the pages' texts: drop them to compare paragraphs that continue.
    const t = text(save((await render("regulation")).bytes)).replace(
      / ?Положение № П-7 от 25\.11\.2026 страница \d+ из \d+ ?/g,
      " ",
    );
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
