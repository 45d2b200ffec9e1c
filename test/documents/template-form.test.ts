import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDirectives } from "../../packages/core/src/documents/layout/markup.js";
import {
  fillTemplate,
  parseTemplate,
  templatesDir,
} from "../../packages/core/src/documents/layout/templates.js";

/**
 * Templates stay as their authors wrote them. Their markup (templates/README.md) looks like Markdown
 * but is not: a Markdown formatter once put blank lines into the front matter, indented `{{else}}` and
 * `{{/each}}` under list items and renumbered the clauses of an order (1, 1, 3 in a signed PDF).
 * These are the marks such a reflow leaves; none of them is in an authored template.
 */
const DIRECTIVE = /^\s*\{\{\s*(?:[#/](?:if|each|unless)\b|else\s*\}\}|!)/;
const OPENING = /^\{\{\s*(?:#(?:if|each|unless)\b|else\s*\}\})/;
const LIST_ITEM = /^\s*[-–]\s+/;
const CLAUSE = /^(\d+)\.\s/;

type Nodes = ReturnType<typeof parseDirectives>;

/** Top-level clauses «1.», «2.», … must follow each other; both branches of a condition alike. */
function clauseProblems(nodes: Nodes, name: string, expected: number, problems: string[]): number {
  let next = expected;
  for (const node of nodes) {
    if (node.t === "line") {
      const n = Number(CLAUSE.exec(node.text)?.[1] ?? 0);
      if (!n) continue;
      if (n !== next) problems.push(`${name}:${node.line}: clause ${n}. where ${next}. is due`);
      next = n + 1;
    } else if (node.t === "each") {
      clauseProblems(node.body, name, next, problems);
    } else {
      const body = clauseProblems(node.body, name, next, problems);
      const otherwise = clauseProblems(node.otherwise, name, next, problems);
      if (body !== otherwise)
        problems.push(
          `${name}:${node.line}: the branches of {{#${node.t} ${node.path}}} number clauses unlike`,
        );
      next = body;
    }
  }
  return next;
}

/** What in `source` a reflow would have produced, as "file:line: what" lines. */
function formProblems(source: string, name: string): string[] {
  const problems: string[] = [];
  const lines = source.split("\n");
  if (lines[0] !== "---") return [`${name}:1: the front matter must start the file with ---`];
  const end = lines.indexOf("---", 1);
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") problems.push(`${name}:${i + 1}: blank line in the front matter`);
    else if (/^\s/.test(line)) problems.push(`${name}:${i + 1}: indented front matter line`);
  }
  if (lines[end + 1] === "") problems.push(`${name}:${end + 2}: blank line right after the front matter`);
  lines.forEach((line, i) => {
    const at = `${name}:${i + 1}`;
    if (DIRECTIVE.test(line) && /^\s/.test(line)) problems.push(`${at}: indented directive "${line.trim()}"`);
    const previous = lines[i - 1];
    if (i > end && line === "" && previous !== undefined && OPENING.test(previous))
      problems.push(`${at}: blank line right after "${previous}"`);
    if (i > end + 1 && LIST_ITEM.test(line) && previous === "")
      problems.push(`${at}: list item after a blank line (items follow their lead-in line)`);
  });
  clauseProblems(parseDirectives(lines.slice(end + 1), name, end + 2), name, 1, problems);
  return problems;
}

const dir = templatesDir();
const templates = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md");

describe("templates keep their authored form", () => {
  it("finds every document template", () => {
    expect(templates.length).toBeGreaterThanOrEqual(9);
  });

  it.each(templates)("%s", (file) => {
    expect(formProblems(readFileSync(join(dir, file), "utf8"), file)).toEqual([]);
  });

  it("recognises a reflowed template (what a Markdown formatter made of an order)", () => {
    const reflowed = [
      "---",
      "",
      "# Order appointing the administrator.",
      "",
      "kind: ПРИКАЗ",
      "title: О назначении",
      "record-title: Приказ",
      "---",
      "",
      "{{#if effectiveDate}}",
      "",
      "1. Назначить с {{effectiveDate|date}}.",
      "   {{else}}",
      "1. Назначить.",
      "   {{/if}}",
      "",
      "1. Координировать, в том числе:",
      "",
      "- вносить информацию;",
      "",
      "3. Контроль оставляю за собой.",
      "",
    ].join("\n");
    expect(formProblems(reflowed, "order.md")).toEqual([
      "order.md:2: blank line in the front matter",
      "order.md:4: blank line in the front matter",
      "order.md:9: blank line right after the front matter",
      'order.md:11: blank line right after "{{#if effectiveDate}}"',
      'order.md:13: indented directive "{{else}}"',
      'order.md:15: indented directive "{{/if}}"',
      "order.md:19: list item after a blank line (items follow their lead-in line)",
      "order.md:17: clause 1. where 2. is due",
      "order.md:21: clause 3. where 2. is due",
    ]);
  });
});

describe("clause numbers are generated ({{@clause}}), never typed", () => {
  it.each(templates.filter((f) => f.startsWith("order-") && f !== "order-acknowledgment.md"))(
    "%s numbers every clause with {{@clause}}",
    (file) => {
      const source = readFileSync(join(dir, file), "utf8");
      expect(source.split("\n").filter((l) => CLAUSE.test(l))).toEqual([]);
      expect(source).toContain("{{@clause}}. ");
    },
  );

  it("counts the clauses as printed, whichever branch a condition takes; data cannot add one", () => {
    const template = parseTemplate(
      [
        "---",
        "kind: ПРИКАЗ",
        "title: Проверка",
        "record-title: Проверка",
        "---",
        "{{#if early}}",
        "{{@clause}}. Раньше.",
        "{{/if}}",
        "",
        "{{@clause}}. Назначить {{who}}.",
        "",
        "{{#if controller}}",
        "{{@clause}}. Контроль возложить.",
        "{{else}}",
        "{{@clause}}. Контроль оставляю за собой.",
        "{{/if}}",
      ].join("\n"),
      "clauses.md",
    );
    const texts = (context: Record<string, unknown>) =>
      fillTemplate(template, context).blocks.map((b) =>
        "text" in b ? b.text.map((r) => r.text).join(" ") : "",
      );
    expect(texts({ who: "{{@clause}}", controller: true })).toEqual([
      "1. Назначить {{@clause}}.",
      "2. Контроль возложить.",
    ]);
    expect(texts({ who: "Б", early: true })).toEqual([
      "1. Раньше.",
      "2. Назначить Б.",
      "3. Контроль оставляю за собой.",
    ]);
  });
});
