import { describe, expect, it } from "vitest";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { ValidationError } from "../../packages/core/src/errors.js";
import { bodyText, pages, render, save, text, tool } from "./support.js";

/** Renders, checks the signature and returns the extracted text. */
async function renderChecked(type: Parameters<typeof render>[0], data: unknown): Promise<string> {
  const doc = await render(type, data);
  const file = save(doc.bytes);
  expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
  expect(tool("qpdf", ["--check", file]).status).toBe(0);
  return text(file);
}

async function rejection(type: Parameters<typeof render>[0], data: unknown): Promise<ValidationError> {
  const error = await render(type, data).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const consent = DEMO_DATA.consent;

describe("hostile data", () => {
  it("a 200-character name wraps and is printed whole", async () => {
    const long = `${"Константинопольская-Водовозова ".repeat(6)}Мария-Антуанетта Ёлкина`.slice(0, 200).trim();
    const t = await renderChecked("consent", {
      ...consent,
      parent: { ...consent.parent, name: long },
      typedName: long,
    });
    expect(t).toContain(long);
  });

  it("a name without spaces longer than a line is cut, not lost or overflowing", async () => {
    const word = "Щ".repeat(150);
    const t = await renderChecked("consent", { ...consent, student: { ...consent.student, name: word } });
    expect(t.replace(/\s/g, "")).toContain(word);
  });

  it("quotes, «», ё and apostrophes are printed exactly", async () => {
    const name = "Д’Артаньян-Ёлкин Пётр Алексеевич";
    const t = await renderChecked("protocol-extract", {
      ...DEMO_DATA["protocol-extract"],
      chair: name,
      decision: "Принять «Положение» и \"правила\" — с учётом пункта 2.10; ёж, Ё, 'апостроф'.",
    });
    expect(t).toContain(name);
    expect(t).toContain("Принять «Положение» и \"правила\" — с учётом пункта 2.10; ёж, Ё, 'апостроф'.");
  });

  it("control characters and right-to-left marks are removed before printing", async () => {
    const t = await renderChecked("consent", {
      ...consent,
      student: { name: "Волков\u0000 Артём\u202E Денисович\u200F", group: "ТМ\u0007-21\u2066" },
    });
    expect(t).toContain("Волков Артём Денисович");
    expect(t).toContain("ТМ-21");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that control characters are gone
    expect(t).not.toMatch(/[\u0000-\u0008\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });

  it("a name of control characters only is rejected", async () => {
    const error = await rejection("consent", {
      ...consent,
      parent: { ...consent.parent, name: "\u0000\u202E\u200F" },
    });
    expect(Object.keys(error.fields)).toContain("parent.name");
  });

  it("markup and placeholders inside data are printed literally, never interpreted", async () => {
    const evil = "{{org.directorName}} | # заголовок <br> **жирный** {{#each x}} @signature";
    const t = await renderChecked("protocol-extract", { ...DEMO_DATA["protocol-extract"], decision: evil });
    expect(t).toContain(evil);
  });

  it("a 10 000-character text breaks across pages", async () => {
    const sentence = "Педагогический совет обсудил порядок использования платформы и принял решение. ";
    const decision = sentence.repeat(200).slice(0, 10_000);
    const doc = await render("protocol-extract", { ...DEMO_DATA["protocol-extract"], decision });
    const file = save(doc.bytes);
    expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
    expect(pages(file)).toBeGreaterThanOrEqual(4);
    const t = bodyText(file);
    expect(t).toContain(decision.trim().slice(0, 3000));
    expect(t).toContain(decision.trim().slice(-3000));
  });

  it("10 000-character fields where they do not belong are rejected with a clear message", async () => {
    const huge = "А".repeat(10_000);
    const error = await rejection("consent", { ...consent, student: { ...consent.student, name: huge } });
    expect(error.fields["student.name"]?.[0]).toBe("Не длиннее 200 символов");
    const decision = await rejection("protocol-extract", {
      ...DEMO_DATA["protocol-extract"],
      decision: "Б".repeat(10_001),
    });
    expect(decision.fields.decision?.[0]).toBe("Не длиннее 10000 символов");
  });

  it("characters the document font cannot draw are rejected, naming the field", async () => {
    const error = await rejection("consent", {
      ...consent,
      student: { ...consent.student, group: "ТМ-21 😀" },
    });
    expect(error.fields["student.group"]?.[0]).toContain("нельзя напечатать");
    const cjk = await rejection("consent", { ...consent, parent: { ...consent.parent, name: "李小龍" } });
    expect(cjk.fields["parent.name"]?.[0]).toContain("нельзя напечатать");
  });

  it("a long table (300 groups) repeats its header on every page", async () => {
    const assignments = Array.from({ length: 300 }, (_, i) => ({
      group: `ГР-${i + 1}`,
      teacher: "Смирнова Елена Викторовна",
      position: "преподаватель",
    }));
    const doc = await render("order-assign-class-teachers", {
      ...DEMO_DATA["order-assign-class-teachers"],
      assignments,
    });
    const file = save(doc.bytes);
    expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
    const n = pages(file);
    expect(n).toBeGreaterThan(5);
    const t = text(file);
    expect(t.split("Классный руководитель").length - 1).toBeGreaterThanOrEqual(n - 1);
    expect(t).toContain("ГР-300");
  });
});
