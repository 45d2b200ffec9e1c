import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import {
  DEMO_DATA,
  DEMO_FALLBACK,
  DEMO_ISSUES,
  DEMO_NUMBERS,
} from "../../packages/core/src/documents/layout/demo.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { KeySigner } from "../../packages/core/src/documents/signing/key-signer.js";
import { generateSelfSigned } from "../../packages/core/src/documents/signing/self-signed.js";
import type { DocumentMeta, DocumentType } from "../../packages/core/src/documents/types.js";

export const dir = mkdtempSync(join(tmpdir(), "soglasie-docs-"));

let signer: KeySigner | undefined;
/** One self-signed organisation signer per test file (RSA key generation takes ~100 ms). */
export function testSigner(): KeySigner {
  if (!signer) {
    const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
    signer = new KeySigner(privateKey, certificateDer);
  }
  return signer;
}

/** The registration date of a demo document (the story of DEMO_ISSUES). */
export const demoDate = (type: DocumentType): string => (DEMO_ISSUES[type] ?? DEMO_FALLBACK).date;

export function meta(type: DocumentType, over: Partial<DocumentMeta> = {}): DocumentMeta {
  const documentId = randomUUID();
  return {
    documentId,
    number: DEMO_NUMBERS[type],
    date: demoDate(type),
    verifyUrl: `http://localhost:3000/verify/${documentId}`,
    timeZone: "Asia/Chita",
    ...over,
  };
}

export async function render(
  type: DocumentType,
  data: unknown = DEMO_DATA[type],
  over: Partial<DocumentMeta> = {},
) {
  return renderAndSign(type, data, meta(type, over), testSigner(), DEFAULT_ORG);
}

export function save(bytes: Uint8Array, name = `${randomUUID()}.pdf`): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Runs a tool; returns its exit status and combined output (tools print to both streams). */
export function tool(cmd: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** pdftotext output with whitespace collapsed (line breaks of the layout do not matter). */
export function text(file: string): string {
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

/**
 * pdftotext output without the page numbers at the top of pages 2, 3, … (ГОСТ Р 7.0.97), whitespace
 * collapsed: the text of paragraphs that continue on the next page reads as one.
 */
export function bodyText(file: string): string {
  const raw = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  return raw
    .split("\f")
    .map((page, i) => (i === 0 ? page : page.replace(new RegExp(`^\\s*${i + 1}\\s*\\n`), "")))
    .join(" ")
    .replace(/\s+/g, " ");
}

export function pages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1] ?? 0);
}
