import { describe, expect, it } from "vitest";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import { templateContext } from "../../packages/core/src/documents/layout/context.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { TemplateError } from "../../packages/core/src/documents/layout/markup.js";
import {
  fillTemplate,
  initials,
  loadTemplate,
  parseTemplate,
} from "../../packages/core/src/documents/layout/templates.js";
import { renderAndSign, validateDocumentData } from "../../packages/core/src/documents/pipeline.js";
import type { Signer } from "../../packages/core/src/documents/signing/signer.js";
import { DOCUMENT_TYPES, type DocumentType } from "../../packages/core/src/documents/types.js";
import { ValidationError } from "../../packages/core/src/errors.js";
import { meta, testSigner } from "./support.js";

function fieldsOf(type: DocumentType | string, data: unknown): Record<string, string[]> {
  try {
    validateDocumentData(type as DocumentType, data);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }
  throw new Error("expected a ValidationError");
}

describe("schemas name the bad field", () => {
  it("missing and wrong fields", () => {
    const { student: _s, ...noStudent } = DEMO_DATA.consent;
    expect(Object.keys(fieldsOf("consent", noStudent))).toEqual(["student"]);
    expect(
      Object.keys(
        fieldsOf("consent", { ...DEMO_DATA.consent, parent: { name: "Волкова Наталья", relation: "aunt" } }),
      ),
    ).toEqual(["parent.relation"]);
    expect(fieldsOf("consent", { ...DEMO_DATA.consent, decidedAt: "вчера" })).toHaveProperty("decidedAt");
    expect(
      fieldsOf("consent", { ...DEMO_DATA.consent, student: { name: "Иван2", group: "ТМ-21" } }),
    ).toHaveProperty("student.name");
    expect(fieldsOf("refusal", { ...DEMO_DATA.refusal, channels: ["carrier-pigeon"] })).toHaveProperty(
      "channels.0",
    );
    expect(fieldsOf("regulation", { adoption: { date: "2026-02-30", protocolNumber: "3" } })).toEqual({
      "adoption.date": ["Несуществующая дата"],
    });
    expect(fieldsOf("acknowledgment", { ...DEMO_DATA.acknowledgment, entries: [] })).toHaveProperty(
      "entries",
    );
    expect(fieldsOf("order-appoint-administrator", { appointee: { name: "Кузнецов Игорь" } })).toHaveProperty(
      "appointee.position",
    );
    expect(fieldsOf("nonsense", {})).toHaveProperty("type");
  });

  it("cross-field rules", () => {
    const p = DEMO_DATA["protocol-extract"];
    expect(fieldsOf("protocol-extract", { ...p, membersPresent: 60 })).toHaveProperty("membersPresent");
    expect(
      fieldsOf("protocol-extract", { ...p, votes: { for: 40, against: 1, abstained: 1 } }),
    ).toHaveProperty("votes");
    const a = DEMO_DATA["order-assign-class-teachers"];
    const dup = { ...a, assignments: [...a.assignments, { group: "тм-21", teacher: "Иванов Иван" }] };
    expect(fieldsOf("order-assign-class-teachers", dup)).toHaveProperty("assignments.4.group");
    expect(fieldsOf("order-assign-class-teachers", { ...a, academicYear: "2026/2028" })).toHaveProperty(
      "academicYear",
    );
  });

  it("every demo data set is valid", () => {
    for (const type of DOCUMENT_TYPES)
      expect(() => validateDocumentData(type, DEMO_DATA[type])).not.toThrow();
  });

  it("fails before any byte is produced: the signer is never called", async () => {
    let calls = 0;
    const real = testSigner();
    const counting: Signer = {
      certificate: real.certificate,
      certificateDer: real.certificateDer,
      sign: (data) => {
        calls++;
        return real.sign(data);
      },
    };
    await expect(
      renderAndSign(
        "consent",
        { ...DEMO_DATA.consent, typedName: "" },
        meta("consent"),
        counting,
        DEFAULT_ORG,
      ),
    ).rejects.toThrow(ValidationError);
    await expect(
      renderAndSign(
        "consent",
        DEMO_DATA.consent,
        meta("consent", { number: "№ <script>" }),
        counting,
        DEFAULT_ORG,
      ),
    ).rejects.toMatchObject({ fields: { number: expect.any(Array) } });
    await expect(
      renderAndSign(
        "consent",
        DEMO_DATA.consent,
        meta("consent", { date: "25.11.2026" }),
        counting,
        DEFAULT_ORG,
      ),
    ).rejects.toMatchObject({ fields: { date: expect.any(Array) } });
    expect(calls).toBe(0);
    await renderAndSign("consent", DEMO_DATA.consent, meta("consent"), counting, DEFAULT_ORG);
    expect(calls).toBe(1);
  });
});

describe("templates", () => {
  const context = (type: DocumentType) =>
    templateContext(type, validateDocumentData(type, DEMO_DATA[type]), meta(type), DEFAULT_ORG);

  it("every template fills with its data; record titles carry no personal data", () => {
    for (const type of DOCUMENT_TYPES) {
      const filled = fillTemplate(loadTemplate(type), context(type));
      expect(filled.blocks.length).toBeGreaterThan(0);
      expect(filled.kind).toMatch(/^[А-ЯЁ ]+$/);
      for (const name of [
        "Волков",
        "Волкова",
        "Зайцев",
        "Гусейнов",
        "Черных",
        "Дурново",
        "Ёлкин",
        "Ким Юлия",
      ])
        expect(filled.recordTitle).not.toContain(name);
    }
  });

  it("reports template mistakes with the line", () => {
    const front = "---\nkind: ПРИКАЗ\ntitle: т\nrecord-title: т\n---\n";
    expect(() => parseTemplate(`${front}{{#if x}}\nтекст\n`, "t.md")).toThrow(
      /t\.md:6: \{\{#if\}\} is not closed/,
    );
    expect(() => parseTemplate(`${front}{{/each}}\n`, "t.md")).toThrow(TemplateError);
    expect(() => parseTemplate("kind: X\n", "t.md")).toThrow(/needs "kind:"/);
    expect(() => fillTemplate(parseTemplate(`${front}Привет, {{nobody}}!\n`, "t.md"), {})).toThrow(
      /\{\{nobody\}\} has no printable value/,
    );
    expect(() =>
      fillTemplate(parseTemplate(`${front}Да {{#if a}}нет{{/if}}\n`, "t.md"), { a: true }),
    ).toThrow(/directives go on their own line/);
    expect(() => fillTemplate(parseTemplate(`${front}{{a|shout}}\n`, "t.md"), { a: "x" })).toThrow(
      /unknown filter/,
    );
  });

  it("markup: paragraphs, lists, checkboxes, tables, loops, conditions, filters", () => {
    const source = [
      "---",
      "kind: ПРИКАЗ",
      "title: О {{topic}}",
      "record-title: Приказ",
      "---",
      "# Раздел",
      "Первая строка",
      "продолжение абзаца {{day|date}}.",
      "",
      "[center, bold] ПО ЦЕНТРУ",
      "- пункт {{who|initials}}",
      "- [{{yes}}] отмечено",
      "- [ ] не отмечено",
      "  - вложенный",
      "| № | Имя |",
      "|-10-|-90-|",
      "{{#each people}}",
      "| {{@n}} | {{name|upper}} |",
      "{{/each}}",
      "{{#unless people}}",
      "никого",
      "{{else}}",
      "есть люди",
      "{{/unless}}",
      "@signature Директор | {{who|initials}}",
    ].join("\n");
    const filled = fillTemplate(parseTemplate(source, "t.md"), {
      topic: "теме",
      day: "2026-11-25",
      who: "Иванова Светлана Петровна",
      yes: true,
      people: [{ name: "Анна" }, { name: "Пётр" }],
    });
    expect(filled.title).toBe("О теме");
    expect(filled.blocks).toEqual([
      { kind: "heading", level: 1, text: [{ text: "Раздел", bold: false }] },
      {
        kind: "paragraph",
        align: "justify",
        indent: true,
        bold: false,
        text: [{ text: "Первая строка продолжение абзаца 25.11.2026.", bold: false }],
      },
      {
        kind: "paragraph",
        align: "center",
        indent: false,
        bold: true,
        text: [{ text: "ПО ЦЕНТРУ", bold: false }],
      },
      { kind: "item", level: 1, checked: undefined, text: [{ text: "пункт С.П. Иванова", bold: false }] },
      { kind: "item", level: 1, checked: true, text: [{ text: "отмечено", bold: false }] },
      { kind: "item", level: 1, checked: false, text: [{ text: "не отмечено", bold: false }] },
      { kind: "item", level: 2, checked: undefined, text: [{ text: "вложенный", bold: false }] },
      {
        kind: "table",
        borders: true,
        widths: [10, 90],
        separated: true,
        header: [[{ text: "№", bold: false }], [{ text: "Имя", bold: false }]],
        rows: [
          [[{ text: "1", bold: false }], [{ text: "АННА", bold: false }]],
          [[{ text: "2", bold: false }], [{ text: "ПЁТР", bold: false }]],
        ],
      },
      {
        kind: "paragraph",
        align: "justify",
        indent: true,
        bold: false,
        text: [{ text: "есть люди", bold: false }],
      },
      {
        kind: "signature",
        mark: true,
        left: [{ text: "Директор", bold: false }],
        right: [{ text: "С.П. Иванова", bold: false }],
      },
    ]);
  });

  it("initials follow ГОСТ: initials before the surname", () => {
    expect(initials("Иванова Светлана Петровна")).toBe("С.П. Иванова");
    expect(initials("Кузнецов Игорь")).toBe("И. Кузнецов");
    expect(initials("Ёлкина")).toBe("Ёлкина");
  });
});
