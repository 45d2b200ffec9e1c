import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "../audit/hash.js";
import type { OrgRequisites } from "../config.js";
import { missingGlyphs } from "../documents/layout/glyphs.js";
import { TemplateError } from "../documents/layout/markup.js";
import { fillTemplate, parseTemplate, templatesDir } from "../documents/layout/templates.js";
import { ValidationError } from "../errors.js";

/**
 * A version's text is the full source of the regulation template (front matter + body in the
 * markup of templates/README.md), so an edited text renders exactly like the template in
 * `templates/regulation.md` and keeps the adoption and approval marks.
 */
export const MAX_TEXT_BYTES = 512 * 1024;

/** Placeholders the text must keep so the PDF always shows both marks (clause 1.3). */
export const REQUIRED_PLACEHOLDERS = [
  "adoption.date",
  "adoption.protocolNumber",
  "approval.date",
  "approval.orderNumber",
] as const;

const fail = (message: string): never => {
  throw new ValidationError(message, { text: [message] });
};

/** Decodes uploaded bytes as UTF-8 (strictly), drops a BOM and normalises line ends and Unicode form. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) fail("Файл с текстом пуст");
  if (bytes.byteLength > MAX_TEXT_BYTES) fail(`Текст больше ${MAX_TEXT_BYTES / 1024} КБ`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("Текст должен быть в кодировке UTF-8");
  }
  return normalizeText(text);
}

export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .normalize("NFC");
}

/** The content hash recorded with a version: SHA-256 of the normalised text in UTF-8. */
export const textSha256 = (text: string) => sha256Hex(Buffer.from(text, "utf8"));

/** The regulation text shipped in `templates/regulation.md`. */
export function templateText(dir = templatesDir()): string {
  return normalizeText(readFileSync(join(dir, "regulation.md"), "utf8"));
}

/**
 * Checks that a text renders: the markup parses, the marks' placeholders are kept, every character
 * is printable with the document font. Throws a ValidationError naming the problem (and the line).
 */
export function validateText(text: string, org: OrgRequisites): void {
  if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES) fail(`Текст больше ${MAX_TEXT_BYTES / 1024} КБ`);
  if (!text.trimStart().startsWith("---")) {
    fail("Загрузите полный текст шаблона Положения: он начинается со строки «---» (заголовок шаблона)");
  }
  for (const placeholder of REQUIRED_PLACEHOLDERS) {
    if (!new RegExp(`\\{\\{\\s*${placeholder.replace(".", "\\.")}\\s*(\\|[a-z]+\\s*)?\\}\\}`).test(text)) {
      fail(
        `В тексте нет отметки {{${placeholder}}}: без неё в документе не будет грифа принятия или утверждения`,
      );
    }
  }
  const missing = missingGlyphs(text.replace(/\n/g, " "));
  if (missing.length > 0) fail(`Символы ${missing.slice(0, 5).join(" ")} нельзя напечатать в документе`);
  try {
    const template = parseTemplate(text, "regulation.md");
    // A trial fill with sample registration data catches unbalanced directives and unknown filters.
    fillTemplate(template, {
      adoption: { date: "2026-01-15", protocolNumber: "1" },
      approval: { date: "2026-01-16", orderNumber: "1-од" },
      org,
      doc: {
        id: "00000000-0000-0000-0000-000000000000",
        number: "1",
        date: "2026-01-16",
        verifyUrl: "http://localhost/",
      },
    });
  } catch (error) {
    if (error instanceof TemplateError) fail(`Ошибка разметки текста: ${error.message}`);
    throw error;
  }
}
