import { describe, expect, it } from "vitest";
import { hyphenationPoints, SOFT_HYPHEN } from "../../packages/core/src/documents/layout/hyphenation.js";
import { breakLines, glueWords, MIN_SPACE } from "../../packages/core/src/documents/layout/line-breaker.js";

/** The word with a «-» at every point where a line may break. */
const marked = (word: string) => {
  let out = "";
  let from = 0;
  for (const at of hyphenationPoints(word)) {
    out += `${word.slice(from, at)}-`;
    from = at;
  }
  return out + word.slice(from);
};

describe("Russian hyphenation points (hyphen, patterns ru)", () => {
  it("breaks ordinary words by the patterns, 2 letters before and 3 after at least", () => {
    expect(marked("образование")).toBe("об-ра-зо-ва-ние");
    expect(marked("педагогических")).toBe("пе-да-го-ги-че-ских");
    expect(marked("подъезд")).toBe("подъ-езд");
    for (const word of ["образование", "обучающегося", "представителей", "мессенджере", "законных"]) {
      for (const at of hyphenationPoints(word)) {
        expect(at).toBeGreaterThanOrEqual(2);
        expect(word.length - at).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("counts letters only: punctuation and quotes never make up the 2 or 3 letters", () => {
    expect(marked("«Сферум»»")).toBe("«Сфе-рум»»");
    expect(marked("«Сферум»,")).toBe("«Сфе-рум»,");
    expect(marked("(законных")).toBe("(за-кон-ных");
    expect(marked("представителей),")).toBe("пред-ста-ви-те-лей),");
  });

  it("never breaks abbreviations, short capitalised words, numbers, Latin words, URLs and e-mails", () => {
    for (const token of [
      "ГПОУ",
      "«ЧПТК»",
      "ИКОП",
      "МВД",
      "Ким",
      "Чита",
      "Ёлкин",
      "145-од",
      "2026/2027",
      "№273-ФЗ",
      "«MAX»",
      "Sferum",
      "https://max.ru/sferum_help",
      "prof-sferum.ru",
      "info@sferum.ru",
      "poo.zabedu.ru);",
      "т.е.",
    ])
      expect(hyphenationPoints(token), token).toEqual([]);
  });

  it("breaks long capitalised words, and compounds inside their parts, never at their own hyphen", () => {
    expect(hyphenationPoints("Положения").length).toBeGreaterThan(0);
    const compound = "информационно-коммуникационной";
    const points = hyphenationPoints(compound);
    expect(points.length).toBeGreaterThan(0);
    expect(points).not.toContain(compound.indexOf("-") + 1);
    expect(points).not.toContain(compound.indexOf("-"));
  });
});

describe("line breaking", () => {
  // A monospaced measure: every character 1 wide, a space 1.
  const mono = (s: string) => [...s].length;

  it("keeps «№» with its number, initials with the surname, a dash off the start of a line", () => {
    expect(glueWords("приказ № 145-од подписал С.П. Иванова – директор")).toEqual([
      "приказ",
      "№ 145-од",
      "подписал",
      "С.П. Иванова –",
      "директор",
    ]);
  });

  it("initials never end a line apart from the surname, at any width", () => {
    const text = "Приказ подписал директор С.П. Иванова, выписку заверила секретарь О.И. Ёлкина";
    for (let width = 14; width <= 60; width++)
      for (const justify of [false, true])
        for (const l of breakLines(text, mono, { width, justify }))
          expect(l.text, `${width}: ${l.text}`).not.toMatch(/(^|\s)([А-ЯЁ]\.){1,2}$/);
  });

  it("left text breaks at spaces only, with ordinary spaces", () => {
    const lines = breakLines("педагогических работников образовательной организации", mono, { width: 30 });
    expect(lines.map((l) => l.text)).toEqual(["педагогических работников", "образовательной организации"]);
    expect(lines.every((l) => !l.hyphenated && !l.text.includes(SOFT_HYPHEN))).toBe(true);
  });

  it("justified text takes part of a word with a soft hyphen rather than leave wide spaces", () => {
    const text = "для образовательной коммуникации с родителями обучающихся";
    const lines = breakLines(text, mono, { width: 24, justify: true });
    // Joined again at the soft hyphens, the lines give back the text.
    expect(
      lines
        .map((l) => l.text)
        .join(" ")
        .replaceAll(`${SOFT_HYPHEN} `, ""),
    ).toBe(text);
    expect(lines.some((l) => l.hyphenated)).toBe(true);
    for (const l of lines.slice(0, -1)) {
      expect(l.width - l.gaps * (1 - MIN_SPACE)).toBeLessThanOrEqual(24 + 1e-9);
      // Spaces of at most 3 ordinary spaces.
      expect(1 + (24 - l.width) / Math.max(1, l.gaps)).toBeLessThanOrEqual(3);
    }
  });

  it("never breaks the last word of a paragraph, and never puts hyphens on two lines in a row when it can avoid it", () => {
    const text = "обучающихся образовательной организации педагогических работников коммуникационной";
    const lines = breakLines(text, mono, { width: 20, justify: true });
    expect(lines.some((l) => l.hyphenated)).toBe(true);
    expect(
      lines.at(-1)?.text.endsWith(" коммуникационной") || lines.at(-1)?.text === "коммуникационной",
    ).toBe(true);
    for (let i = 1; i < lines.length; i++)
      expect(lines[i - 1]?.hyphenated && lines[i]?.hyphenated, lines.map((l) => l.text).join(" | ")).toBe(
        false,
      );
  });

  it("parts glued words that are wider than the line together before cutting any word", () => {
    expect(breakLines("№ п/п", mono, { width: 4 }).map((l) => l.text)).toEqual(["№", "п/п"]);
  });

  it("cuts a word longer than the whole line between characters", () => {
    const lines = breakLines("x".repeat(25), mono, { width: 10, justify: true });
    expect(lines.map((l) => l.text)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });
});
