import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  expandDirectives,
  fillText,
  parseDirectives,
  type Scope,
  TemplateError,
} from "../documents/layout/markup.js";
import { FILTERS, templatesDir } from "../documents/layout/templates.js";
import type { Channel } from "./types.js";

/**
 * Message texts: `templates/messages/<name>.<channel>.txt`, Russian, editable without code, in the
 * placeholder and `{{#if}}` syntax of the document templates (templates/README.md). An e-mail
 * template starts with `Тема: …` and a blank line. Read once per process (restart after editing).
 */
export interface RenderedMessage {
  subject?: string;
  text: string;
}

const cache = new Map<string, string>();

export function messageTemplatePath(name: string, channel: Channel, dir = templatesDir()): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new TemplateError(`message template name "${name}"`);
  return join(dir, "messages", `${name}.${channel}.txt`);
}

export function hasMessageTemplate(name: string, channel: Channel, dir = templatesDir()): boolean {
  return existsSync(messageTemplatePath(name, channel, dir));
}

function source(name: string, channel: Channel, dir: string): string {
  const path = messageTemplatePath(name, channel, dir);
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, "utf8").replace(/\r\n/g, "\n");
    cache.set(path, text);
  }
  return text;
}

/** Longest SMS text accepted: 3 segments of Cyrillic (3 × 67 characters). */
export const SMS_MAX_CHARS = 201;

export function renderMessage(
  name: string,
  channel: Channel,
  values: Record<string, unknown>,
  dir = templatesDir(),
): RenderedMessage {
  const label = `messages/${name}.${channel}.txt`;
  const lines = source(name, channel, dir).split("\n");
  let subject: string | undefined;
  let first = 1;
  if (channel === "email") {
    const m = /^Тема:\s*(.+)$/.exec(lines[0] ?? "");
    if (!m) throw new TemplateError(`${label}:1: an e-mail template starts with «Тема: …»`);
    subject = fillText(m[1]!.trim(), { values }, FILTERS, label, 1);
    lines.splice(0, lines[1]?.trim() === "" ? 2 : 1);
    first = 3;
  }
  const scope: Scope = { values };
  const filled = expandDirectives(parseDirectives(lines, label, first), scope, label).map((l) =>
    fillText(l.text, l.scope, FILTERS, label, l.line),
  );
  const text = filled
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (channel === "sms" && text.length > SMS_MAX_CHARS)
    throw new TemplateError(`${label}: the SMS is ${text.length} characters, at most ${SMS_MAX_CHARS}`);
  return { subject, text };
}

export function clearMessageTemplateCache(): void {
  cache.clear();
}
