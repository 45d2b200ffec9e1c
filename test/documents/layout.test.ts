import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { PAGE, pageMargins, QR_SIDE } from "../../packages/core/src/documents/layout/page.js";
import type { LaidLine } from "../../packages/core/src/documents/layout/render.js";
import { templatesDir } from "../../packages/core/src/documents/layout/templates.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import {
  DOCUMENT_TYPES,
  type DocumentType,
  type Signatory,
} from "../../packages/core/src/documents/types.js";
import { type WordBox, wordBoxes } from "./pdf-layout.js";
import { bodyText, meta, save, testSigner, text } from "./support.js";

async function rendered(
  type: DocumentType,
  opts: { signatory?: Signatory; templateSource?: string; data?: unknown } = {},
) {
  const lines: LaidLine[] = [];
  const doc = await renderAndSign(
    type,
    opts.data ?? DEMO_DATA[type],
    meta(type, opts.signatory ? { signatory: opts.signatory } : {}),
    testSigner(),
    DEFAULT_ORG,
    { templateSource: opts.templateSource, onLine: (l) => lines.push(l) },
  );
  const file = save(doc.bytes);
  return { file, lines, ...wordBoxes(file) };
}

const director: Signatory = {
  fullName: "Иванова Светлана Петровна",
  position: "Директор",
  method: "staff-session",
  signedAt: "2026-11-25T03:15:00.000Z",
};

const wordsOf = (words: WordBox[], phrase: string) => {
  const parts = phrase.split(" ");
  for (let i = 0; i + parts.length <= words.length; i++)
    if (parts.every((p, k) => words[i + k]?.text === p)) return words.slice(i, i + parts.length);
  return [];
};

describe("the electronic signature mark (requisite 23)", () => {
  it("names the person who signed with a simple signature, and the organisation's certificate as the organisation's", async () => {
    const { file } = await rendered("order-appoint-administrator", { signatory: director });
    const t = text(file);
    expect(t).toContain("ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ");
    expect(t).toContain("Подписант: Иванова Светлана Петровна");
    expect(t).toContain("Простая электронная подпись, 25.11.2026 12:15 (UTC+09:00)");
    expect(t).toContain("Способ: вход в систему под личной учётной записью");
    const serial = testSigner().certificate.serial;
    expect(t).toContain(
      `Файл подписан электронной подписью организации: сертификат ${serial}, владелец ГПОУ «ЧПТК»`,
    );
    // The certificate follows the organisation's label, never the person's name.
    expect(t.indexOf(serial)).toBeGreaterThan(t.indexOf("электронной подписью организации"));
  });

  it("a parent's mark: simple signature by personal link (with the code when one was asked), checked by the QR code", async () => {
    const parent: Signatory = {
      fullName: "Волкова Наталья Сергеевна",
      method: "personal-link",
      signedAt: "2026-11-20T10:04:05.000Z",
    };
    const plain = text((await rendered("consent", { signatory: parent })).file);
    expect(plain).toContain("Подписант: Волкова Наталья Сергеевна");
    expect(plain).toContain("Простая электронная подпись, 20.11.2026 19:04 (UTC+09:00)");
    expect(plain).toContain("Способ: персональная ссылка");
    expect(plain).toContain("Проверка подлинности: по QR-коду документа");
    const coded = text(
      (await rendered("consent", { signatory: { ...parent, method: "personal-link+code" } })).file,
    );
    expect(coded).toContain("Способ: персональная ссылка и код подтверждения");
  });

  it("a template can print the signatory in the signature row, so the row and the mark name the same person", async () => {
    const source = readFileSync(join(templatesDir(), "protocol-extract.md"), "utf8").replace(
      // The representative's signature row (the adult student's, in `{{#if bySelf}}`, is not rendered here).
      /\n@signature (?!Обучающийся)[^\n]*\n/,
      "\n@signature {{signatory.position}} | {{signatory.fullName|initials}}\n",
    );
    const secretary: Signatory = {
      fullName: "Ёлкина Ольга Игоревна",
      position: "Секретарь педагогического совета",
      method: "staff-session",
      signedAt: "2026-11-11T01:20:00.000Z",
    };
    const { words } = await rendered("protocol-extract", { signatory: secretary, templateSource: source });
    const t = words.map((w) => w.text).join(" ");
    expect(t).toContain("Подписант: Ёлкина Ольга Игоревна");
    expect(t.split("О.И. Ёлкина").length - 1).toBe(2); // the secretary's row of the protocol and the certification
  });

  it("without a signatory the organisation is the signer", async () => {
    const t = text((await rendered("orders-register")).file);
    expect(t).toContain("Подписант: ГПОУ «ЧПТК»");
    expect(t).not.toContain("Простая электронная подпись");
  });

  it("stands where the handwritten signature would be: between the position and the name, overlapping neither", async () => {
    const { words } = await rendered("order-approve-regulation", { signatory: director });
    const [position] = wordsOf(words, "Директор");
    const name = wordsOf(words, "С.П. Иванова");
    const head = wordsOf(words, "ДОКУМЕНТ ПОДПИСАН");
    expect(position && name.length === 2 && head.length === 2).toBe(true);
    const mark = words.filter((w) => w.page === head[0]?.page && w.yMin >= (head[0]?.yMin ?? 0) - 1);
    const markWords = mark.filter((w) => w.xMin > (position?.xMax ?? 0) && w.xMax < (name[0]?.xMin ?? 0));
    expect(markWords.length).toBeGreaterThan(20);
    const top = Math.min(...markWords.map((w) => w.yMin));
    const bottom = Math.max(...markWords.map((w) => w.yMax));
    // The position and the name are on the mark's level, left and right of it.
    for (const w of [position, ...name] as WordBox[]) {
      expect(w.page).toBe(head[0]?.page);
      expect(w.yMin).toBeGreaterThan(top);
      expect(w.yMax).toBeLessThan(bottom);
    }
  });

  it("is readable at natural size: 7.5 pt and larger", async () => {
    const { lines } = await rendered("consent", {
      signatory: {
        fullName: "Кузнецова-Петрова Валентина Александровна",
        method: "personal-link",
        signedAt: "2026-11-20T10:04:05.000Z",
      },
    });
    const markLines = lines.filter((l) => l.size < 10);
    expect(markLines.length).toBeGreaterThan(5);
    for (const l of markLines) expect(l.size).toBeGreaterThanOrEqual(7.5);
  });
});

describe("hyphenated text reads back whole", () => {
  it("pdftotext joins the words broken at a line end; -raw shows the hyphen; no line ends at a compound's own hyphen", async () => {
    const { file, lines } = await rendered("regulation");
    const hyphenated = lines.filter((l) => l.hyphenated);
    expect(hyphenated.length).toBeGreaterThan(20);
    const raw = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    const plain = bodyText(file);
    for (const l of hyphenated) {
      const head =
        l.text
          .split(" ")
          .at(-1)
          ?.replace(/\u00AD$/, "") ?? "";
      // -raw keeps the break: the head and a hyphen at the end of a line.
      expect(raw).toContain(`${head}-\n`);
      // The normal mode joins the word: the head is followed by a letter, not by a hyphen.
      expect(plain).toMatch(new RegExp(`${head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[а-яё]`));
    }
    for (const l of lines) expect(l.text, l.text).not.toMatch(/[^\u00AD]-$/);
  });
});

describe("отметка об исполнителе (requisite 25)", () => {
  const withExecutor = (type: DocumentType) =>
    readFileSync(join(templatesDir(), `${type}.md`), "utf8").replace(
      // The representative's signature row (the adult student's, in `{{#if bySelf}}`, is not rendered here).
      /\n@signature (?!Обучающийся)[^\n]*\n/,
      (m) => `${m}\n@executor Черных Анна Андреевна | +7 (3022) 32-45-17\n`,
    );

  it("sits at the bottom left of the last page, in the text area, beside the QR code's caption on a one-page document", async () => {
    const { words, pages } = await rendered("consent", { templateSource: withExecutor("consent") });
    expect(pages).toHaveLength(1);
    const name = wordsOf(words, "Черных Анна Андреевна");
    const phone = wordsOf(words, "+7 (3022) 32-45-17");
    const f = pageMargins("temporary");
    expect(name[0]?.xMin).toBeCloseTo(f.left, 0);
    expect(phone.at(-1)?.yMax).toBeLessThanOrEqual(PAGE.height - f.bottom + 0.5);
    expect(phone.at(-1)?.yMax).toBeGreaterThan(PAGE.height - f.bottom - 3 * 2.835);
    // Left of the caption of the QR code, which starts with «Проверить».
    const [caption] = wordsOf(words, "Проверить");
    for (const w of [...name, ...phone]) expect(w.xMax).toBeLessThan(caption?.xMin ?? 0);
  });

  it("on a longer document: bottom left of the last page", async () => {
    // Orders print their executor from the data (the template's own @executor).
    const type = "order-appoint-administrator";
    const { words, pages } = await rendered(type, {
      data: { ...DEMO_DATA[type], executor: { name: "Черных Анна Андреевна", phone: "+7 (3022) 32-45-17" } },
    });
    expect(pages.length).toBeGreaterThan(1);
    const phone = wordsOf(words, "+7 (3022) 32-45-17");
    expect(phone[0]?.page).toBe(pages.length - 1);
    const f = pageMargins("permanent");
    expect(phone[0]?.xMin).toBeCloseTo(f.left, 0);
    expect(phone.at(-1)?.yMax).toBeGreaterThan(PAGE.height - f.bottom - QR_SIDE);
  });
});

describe("one form of the signature's расшифровка: initials before the surname", () => {
  it("every signature row of every template prints the initials filter or the organisation", () => {
    for (const type of DOCUMENT_TYPES) {
      const source = readFileSync(join(templatesDir(), `${type}.md`), "utf8");
      for (const line of source.split("\n").filter((l) => /^@(signature|row) /.test(l))) {
        const right = (line.split(" | ")[1] ?? "").split("<br>")[0]?.trim();
        expect(right, `${type}: ${line}`).toMatch(
          /^\{\{\s*[\w.]+\s*\|\s*initials\s*\}\}$|^\{\{\s*org\.shortName\s*\}\}$/,
        );
      }
    }
  });
});

describe("one signatory per document", () => {
  it("refuses a template with two @signature rows", async () => {
    const source = readFileSync(join(templatesDir(), "order-approve-regulation.md"), "utf8");
    const twice = source.replace(/(\n@signature [^\n]*\n)/, "$1$1");
    await expect(rendered("order-approve-regulation", { templateSource: twice })).rejects.toMatchObject({
      fields: { templateSource: [expect.stringContaining("one @signature row per document")] },
    });
  });
});

describe("a signature never stands alone on a page", () => {
  it("takes the last lines of the text with it, with or without a @signature row", async () => {
    const paragraph =
      "Педагогический совет обсудил порядок использования образовательной платформы в колледже и принял решение.";
    for (const signature of ["@signature Директор | {{org.directorName|initials}}", ""]) {
      for (let n = 8; n <= 26; n++) {
        const body = Array.from({ length: n }, (_, i) => `${i + 1}. ${paragraph}`).join("\n\n");
        const source = `---\nkind: ПРИКАЗ\ntitle: О проверке\nrecord-title: Проверка\nfont-size: 14\n---\n${body}\n\n@space\n${signature}\n`;
        const { words } = await rendered("orders-register", { templateSource: source });
        const [head] = wordsOf(words, "ДОКУМЕНТ ПОДПИСАН");
        const above = words.filter(
          (w) => w.page === head?.page && w.yMax < (head?.yMin ?? 0) && /^[а-яё.]+$/i.test(w.text),
        );
        expect(above.length, `${n} paragraphs ${signature ? "with" : "without"} @signature`).toBeGreaterThan(
          3,
        );
      }
    }
  }, 120_000);
});
