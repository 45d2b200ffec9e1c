/**
 * The template markup (documented for editors in templates/README.md), parsed in three steps so
 * that data can never change a document's structure:
 *   1. `expandDirectives` evaluates {{#each}} / {{#if}} / {{#unless}} / {{else}} lines, producing
 *      source lines, each with the scope its placeholders resolve in;
 *   2. `parseBlocks` reads the block syntax (headings, lists, tables...) from the template text;
 *   3. placeholders are filled inside the already-parsed blocks (`fillText`).
 */

export class TemplateError extends Error {
  override name = "TemplateError";
}

/** One printed line of a block: hard breaks (`<br>`) separate lines; `**line**` is bold. */
export interface Run {
  text: string;
  bold: boolean;
}
export type Rich = Run[];

export type Align = "justify" | "left" | "center" | "right";

export type Block =
  | { kind: "heading"; level: 1 | 2; text: Rich }
  | { kind: "paragraph"; align: Align; indent: boolean; bold: boolean; text: Rich }
  | { kind: "item"; level: 1 | 2; checked?: boolean; text: Rich }
  | { kind: "table"; borders: boolean; widths: number[]; header?: Rich[]; rows: Rich[][] }
  | { kind: "signature"; left: Rich; right: Rich; mark: boolean }
  /** Отметка об исполнителе: who prepared the document and how to reach them (last page, bottom left). */
  | { kind: "executor"; text: Rich }
  | { kind: "pagebreak" }
  | { kind: "space" }
  | { kind: "header" };

/** Placeholder lookup: a chain of objects, innermost first, and the 1-based index of the innermost loop. */
export interface Scope {
  values: Record<string, unknown>;
  parent?: Scope;
  index?: number;
}

export interface SourceLine {
  text: string;
  scope: Scope;
  line: number;
}

export type Filter = (value: string) => string;

const DIRECTIVE = /^\s*\{\{\s*([#/])\s*(each|if|unless)\s*([^}]*?)\s*\}\}\s*$/;
const ELSE = /^\s*\{\{\s*else\s*\}\}\s*$/;
const COMMENT = /^\s*\{\{!.*\}\}\s*$/;
const PLACEHOLDER = /\{\{\s*([@A-Za-z0-9_.]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;

type Node =
  | { t: "line"; text: string; line: number }
  | { t: "each" | "if" | "unless"; path: string; line: number; body: Node[]; otherwise: Node[] };

/** Builds the directive tree of a template body; reports unbalanced directives with line numbers. */
export function parseDirectives(lines: string[], name: string, firstLine = 1): Node[] {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { body: Node[] }>; inElse: boolean }> = [];
  const target = () => {
    const top = stack.at(-1);
    return top ? (top.inElse ? top.node.otherwise : top.node.body) : root;
  };
  lines.forEach((text, i) => {
    const line = firstLine + i;
    if (COMMENT.test(text)) return;
    const m = DIRECTIVE.exec(text);
    if (m) {
      const [, sign, word, path] = m as unknown as [string, string, "each" | "if" | "unless", string];
      if (sign === "#") {
        if (!path) throw new TemplateError(`${name}:${line}: {{#${word}}} needs a path`);
        const node = { t: word, path, line, body: [], otherwise: [] } as Extract<Node, { body: Node[] }>;
        target().push(node);
        stack.push({ node, inElse: false });
      } else {
        const top = stack.pop();
        if (!top || top.node.t !== word) throw new TemplateError(`${name}:${line}: unexpected {{/${word}}}`);
      }
      return;
    }
    if (ELSE.test(text)) {
      const top = stack.at(-1);
      if (!top || top.node.t === "each" || top.inElse)
        throw new TemplateError(`${name}:${line}: unexpected {{else}}`);
      top.inElse = true;
      return;
    }
    target().push({ t: "line", text, line });
  });
  const open = stack.at(-1);
  if (open) throw new TemplateError(`${name}:${open.node.line}: {{#${open.node.t}}} is not closed`);
  return root;
}

export function lookup(path: string, scope: Scope, name: string): unknown {
  if (path === "@n") {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.index !== undefined) return s.index;
    throw new TemplateError(`${name}: {{@n}} outside {{#each}}`);
  }
  if (path === "this") return scope.values.this;
  const [head, ...rest] = path.split(".");
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (head !== undefined && Object.hasOwn(s.values, head)) {
      let value: unknown = s.values[head];
      for (const key of rest) {
        if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    }
  }
  return undefined;
}

const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

/** Step 1: evaluates the directives against the data. */
export function expandDirectives(nodes: Node[], scope: Scope, name: string): SourceLine[] {
  const out: SourceLine[] = [];
  const walk = (list: Node[], sc: Scope) => {
    for (const node of list) {
      if (node.t === "line") {
        out.push({ text: node.text, scope: sc, line: node.line });
      } else if (node.t === "each") {
        const items = lookup(node.path, sc, name);
        if (items === undefined) continue;
        if (!Array.isArray(items))
          throw new TemplateError(`${name}:${node.line}: {{#each ${node.path}}} is not a list`);
        items.forEach((item, i) => {
          const values =
            item !== null && typeof item === "object" ? { ...(item as object), this: item } : { this: item };
          walk(node.body, { values, parent: sc, index: i + 1 });
        });
      } else {
        const yes = truthy(lookup(node.path, sc, name));
        walk((node.t === "if" ? yes : !yes) ? node.body : node.otherwise, sc);
      }
    }
  };
  walk(nodes, scope);
  return numberClauses(out);
}

const CLAUSE_NUMBER = /\{\{\s*@clause\s*\}\}/g;

/**
 * `{{@clause}}` is the next number of the document's clauses (1, 2, 3… in printed order), counted
 * after the conditions are evaluated: a clause a condition leaves out leaves no gap, and numbers are
 * never typed. Replaced in the template text before any value is filled, so data cannot add one.
 */
function numberClauses(lines: SourceLine[]): SourceLine[] {
  let n = 0;
  return lines.map((l) =>
    l.text.includes("@clause") ? { ...l, text: l.text.replace(CLAUSE_NUMBER, () => String(++n)) } : l,
  );
}

/** Removes what must never reach a PDF text operator: control and bidi-override characters. */
export function sanitizeValue(text: string): string {
  return (
    text
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

function show(value: unknown, path: string, name: string, line: number): string {
  if (typeof value === "string") return sanitizeValue(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    return sanitizeValue(value.join(", "));
  }
  throw new TemplateError(`${name}:${line}: {{${path}}} has no printable value`);
}

/** Step 3: fills the placeholders of one piece of template text. */
export function fillText(
  text: string,
  scope: Scope,
  filters: Record<string, Filter>,
  name: string,
  line: number,
): string {
  const stray = /\{\{(?!\s*[@A-Za-z0-9_.]+\s*(?:\|\s*[a-z]+\s*)?\}\})[^}]*\}?\}?/.exec(text);
  if (stray)
    throw new TemplateError(
      `${name}:${line}: "${stray[0]}" is not a placeholder (directives go on their own line)`,
    );
  return text.replace(PLACEHOLDER, (_m, path: string, filter?: string) => {
    const value = show(lookup(path, scope, name), path, name, line);
    if (!filter) return value;
    const f = filters[filter];
    if (!f) throw new TemplateError(`${name}:${line}: unknown filter "${filter}"`);
    return f(value);
  });
}

/** Splits on `sep` outside {{ }} (so `{{date|date}}` stays whole). */
export function splitOutside(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("{{", i)) depth++;
    if (text.startsWith("}}", i) && depth > 0) depth--;
    if (depth === 0 && text[i] === sep) {
      parts.push(current);
      current = "";
    } else {
      current += text[i];
    }
  }
  parts.push(current);
  return parts;
}

const STYLE =
  /^\[((?:left|center|right|justify|bold|noindent)(?:\s*,\s*(?:left|center|right|justify|bold|noindent))*)\]\s*/;
const TABLE_SEPARATOR = /^\|(\s*[-=]+\s*\d*\s*[-=]*\s*\|)+\s*$/;

/** Step 2 (with 3 applied to each text): the blocks of a document body. */
export function parseBlocks(lines: SourceLine[], filters: Record<string, Filter>, name: string): Block[] {
  const blocks: Block[] = [];
  let open: { block: Extract<Block, { text: Rich }> } | undefined;
  let table: (Extract<Block, { kind: "table" }> & { separated: boolean }) | undefined;

  const rich = (text: string, src: SourceLine): Rich =>
    text.split(/<br\s*\/?>/i).map((piece) => {
      const trimmed = piece.trim();
      const bold = trimmed.length >= 4 && trimmed.startsWith("**") && trimmed.endsWith("**");
      return {
        text: fillText(bold ? trimmed.slice(2, -2) : trimmed, src.scope, filters, name, src.line),
        bold,
      };
    });
  const append = (target: Rich, more: Rich) => {
    const [first, ...rest] = more;
    const last = target.at(-1);
    if (last && first) last.text = `${last.text} ${first.text}`.trim();
    else if (first) target.push(first);
    target.push(...rest);
  };

  for (const src of lines) {
    const text = src.text.replace(/\s+$/, "");
    const trimmed = text.trim();
    if (!trimmed.startsWith("|")) table = undefined;
    if (trimmed === "") {
      open = undefined;
      continue;
    }
    if (trimmed.startsWith("@")) {
      open = undefined;
      const [word = "", ...restParts] = trimmed.slice(1).split(/\s+/);
      const rest = trimmed.slice(1 + word.length).trim();
      if (word === "pagebreak" || word === "space" || word === "header") {
        blocks.push({ kind: word });
      } else if (word === "signature" || word === "row") {
        const [left = "", right = ""] = splitOutside(rest, "|");
        blocks.push({
          kind: "signature",
          left: rich(left, src),
          right: rich(right, src),
          mark: word === "signature",
        });
      } else if (word === "executor") {
        blocks.push({
          kind: "executor",
          text: splitOutside(rest, "|").flatMap((part) => rich(part.trim(), src)),
        });
      } else {
        throw new TemplateError(
          `${name}:${src.line}: unknown directive @${word} ${restParts.join(" ")}`.trim(),
        );
      }
      continue;
    }
    if (trimmed.startsWith("|")) {
      open = undefined;
      if (TABLE_SEPARATOR.test(trimmed)) {
        const cells = splitOutside(trimmed, "|").slice(1, -1);
        const widths = cells.map((c) => Number(/\d+/.exec(c)?.[0] ?? 1));
        const borders = !trimmed.includes("=");
        if (table && !table.separated && table.rows.length === 1 && !table.header) {
          table.header = table.rows.pop();
          table.widths = widths;
          table.borders = borders;
          table.separated = true;
        } else if (!table) {
          table = { kind: "table", borders, widths, rows: [], separated: true };
          blocks.push(table);
        } else {
          throw new TemplateError(
            `${name}:${src.line}: a table separator must follow the header row or start the table`,
          );
        }
        continue;
      }
      const cells = splitOutside(trimmed, "|").slice(1, trimmed.endsWith("|") ? -1 : undefined);
      const row = cells.map((c) => rich(c, src));
      if (!table) {
        table = { kind: "table", borders: true, widths: row.map(() => 1), rows: [], separated: false };
        blocks.push(table);
      }
      if (row.length !== table.widths.length) {
        throw new TemplateError(
          `${name}:${src.line}: the row has ${row.length} cells, the table ${table.widths.length}`,
        );
      }
      table.rows.push(row);
      continue;
    }
    const item = /^(\s*)[-–]\s+(.*)$/.exec(text);
    if (item) {
      const [, indent = "", body = ""] = item;
      let content = body;
      let checked: boolean | undefined;
      const box = /^\[([^\]]*)\]\s+/.exec(body);
      if (box) {
        const inner = (box[1] ?? "").trim();
        const only = /^\{\{\s*([@A-Za-z0-9_.]+)\s*\}\}$/.exec(inner);
        checked = only ? truthy(lookup(only[1] ?? "", src.scope, name)) : /^[xXхХ✓]$/.test(inner);
        content = body.slice(box[0].length);
      }
      const block: Block = {
        kind: "item",
        level: indent.length >= 2 ? 2 : 1,
        checked,
        text: rich(content, src),
      };
      blocks.push(block);
      open = { block };
      continue;
    }
    const heading = /^(#{1,2})\s+(.*)$/.exec(trimmed);
    if (heading) {
      open = undefined;
      blocks.push({ kind: "heading", level: heading[1] === "#" ? 1 : 2, text: rich(heading[2] ?? "", src) });
      continue;
    }
    const style = STYLE.exec(trimmed);
    if (open && !style) {
      append(open.block.text, rich(trimmed, src));
      continue;
    }
    const words = style ? (style[1] ?? "").split(/\s*,\s*/) : [];
    const align =
      (words.find((w) => ["left", "center", "right", "justify"].includes(w)) as Align | undefined) ??
      "justify";
    const block: Block = {
      kind: "paragraph",
      align,
      indent: !words.includes("noindent") && align === "justify",
      bold: words.includes("bold"),
      text: rich(style ? trimmed.slice(style[0].length) : trimmed, src),
    };
    blocks.push(block);
    open = { block };
  }
  return blocks;
}
