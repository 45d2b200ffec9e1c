import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ruDate, ruDateLong } from "../../clock.js";
import { declineFullName, initialsBeforeSurname } from "../../language/names.js";
import type { DocumentType } from "../types.js";
import {
  type Block,
  expandDirectives,
  type Filter,
  fillText,
  parseBlocks,
  parseDirectives,
  type Scope,
  TemplateError,
} from "./markup.js";
import { STORAGE_VALUES, type Storage } from "./page.js";

/**
 * Loads `templates/<type>.md` (front matter + body in the markup of templates/README.md) and fills
 * it with a document's data. Templates are read once per process and directory.
 */
export interface Template {
  name: string;
  front: Record<string, string>;
  body: ReturnType<typeof parseDirectives>;
}

export interface FilledTemplate {
  /** Document kind printed under the organisation header: «ПРИКАЗ», «СОГЛАСИЕ»... */
  kind: string;
  /** Title printed before the text (may contain personal data, e.g. a parent's name: never stored). */
  title: string;
  /** Title stored in the record and shown on the public verification page: no personal data. */
  recordTitle: string;
  /** Body font size in points (12–14). */
  fontSize: number;
  /** How long the document is kept: permanently or over 10 years gets the 30 mm left field. */
  storage: Storage;
  blocks: Block[];
}

const FRONT_KEYS = new Set(["kind", "title", "record-title", "font-size", "storage"]);

/** Directory of the templates: TEMPLATES_DIR, else the nearest `templates/` above this module, else ./templates. */
export function templatesDir(): string {
  if (process.env.TEMPLATES_DIR) return resolve(process.env.TEMPLATES_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "consent.md"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve("templates");
}

const cache = new Map<string, Template>();

export function parseTemplate(source: string, name: string): Template {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const front: Record<string, string> = {};
  let start = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.indexOf("---", 1);
    if (end < 0) throw new TemplateError(`${name}: the front matter is not closed with ---`);
    for (let i = 1; i < end; i++) {
      const line = lines[i] ?? "";
      if (!line.trim() || line.trim().startsWith("#")) continue;
      const m = /^([a-z-]+)\s*:\s*(.*)$/.exec(line.trim());
      if (!m || !FRONT_KEYS.has(m[1] ?? ""))
        throw new TemplateError(`${name}:${i + 1}: unknown front matter line "${line}"`);
      front[m[1] as string] = (m[2] ?? "").trim();
    }
    start = end + 1;
  }
  for (const key of ["kind", "title", "record-title"]) {
    if (!front[key]) throw new TemplateError(`${name}: the front matter needs "${key}:"`);
  }
  return { name, front, body: parseDirectives(lines.slice(start), name, start + 1) };
}

export function loadTemplate(type: DocumentType, dir = templatesDir()): Template {
  const path = join(dir, `${type}.md`);
  let template = cache.get(path);
  if (!template) {
    if (!existsSync(path)) throw new TemplateError(`Template ${path} not found (set TEMPLATES_DIR?)`);
    template = parseTemplate(readFileSync(path, "utf8"), `${type}.md`);
    cache.set(path, template);
  }
  return template;
}

/** Forgets loaded templates (tests, or a process that lets editors change them live). */
export function clearTemplateCache(): void {
  cache.clear();
}

/** «Иванова Светлана Петровна» → «С.П. Иванова» (ГОСТ: initials before the surname in signatures). */
export const initials = (fullName: string): string => initialsBeforeSurname(fullName);

export const FILTERS: Record<string, Filter> = {
  date: (v) => (/^\d{4}-\d{2}-\d{2}/.test(v) ? ruDate(v) : v),
  longdate: (v) => (/^\d{4}-\d{2}-\d{2}/.test(v) ? ruDateLong(v) : v),
  initials,
  // Personal names in the case the sentence needs: «поручить {{teacher.name|dative}}».
  genitive: (v) => declineFullName(v, "genitive"),
  dative: (v) => declineFullName(v, "dative"),
  accusative: (v) => declineFullName(v, "accusative"),
  instrumental: (v) => declineFullName(v, "instrumental"),
  prepositional: (v) => declineFullName(v, "prepositional"),
  upper: (v) => v.toLocaleUpperCase("ru-RU"),
  lower: (v) => v.toLocaleLowerCase("ru-RU"),
};

/** Fills a template with the context (data, organisation, registration data). */
export function fillTemplate(template: Template, context: Record<string, unknown>): FilledTemplate {
  const scope: Scope = { values: context };
  const front = (key: string) => fillText(template.front[key] ?? "", scope, FILTERS, template.name, 1);
  const fontSize = Number(template.front["font-size"] ?? 14);
  if (!(fontSize >= 12 && fontSize <= 14))
    throw new TemplateError(`${template.name}: font-size must be 12–14`);
  const storage = (template.front.storage ?? "temporary") as Storage;
  if (!STORAGE_VALUES.includes(storage))
    throw new TemplateError(`${template.name}: storage must be one of ${STORAGE_VALUES.join(", ")}`);
  const blocks = parseBlocks(expandDirectives(template.body, scope, template.name), FILTERS, template.name);
  // The mark names the document's one signatory: a second mark would repeat it under another name.
  if (blocks.filter((b) => b.kind === "signature" && b.mark).length > 1)
    throw new TemplateError(
      `${template.name}: one @signature row per document (the signatory's); use @row for others`,
    );
  return {
    kind: front("kind"),
    title: front("title"),
    recordTitle: front("record-title"),
    fontSize,
    storage,
    blocks,
  };
}
