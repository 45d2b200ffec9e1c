import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** The real checkers from Debian (poppler-utils, qpdf, unzip) run on bytes written to a temp file. */
export const run = promisify(execFile);

export function tempFile(bytes: Uint8Array, ext: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "soglasie-file-")), `file.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

/** `pdfsig` output (poppler): "Signature is Valid." for a good signature. */
export async function pdfsig(bytes: Uint8Array): Promise<string> {
  const out = await run("pdfsig", [tempFile(bytes, "pdf")]).catch(
    (e: { stdout?: string; stderr?: string }) => ({
      stdout: `${e.stdout ?? ""}${e.stderr ?? ""}`,
    }),
  );
  return out.stdout;
}

/** Text of a PDF with `pdftotext`, whitespace collapsed. */
/**
 * The body's text as one flow: a page's footer (the verification line of requisite 31 and the next
 * page's number) taken out where the body runs on to the next page, a word hyphenated across the
 * break joined again.
 */
export function acrossPages(text: string): string {
  const footer =
    / ?Проверить подлинность и актуальность документа: \S+ Подлинность бумажной копии можно проверить по ссылке или QR-коду\. \d+ /g;
  return text
    .replace(/([а-яё])-(?= ?Проверить подлинность)/gi, "$1\uE000")
    .replace(footer, " ")
    .replace(/\uE000 /g, "");
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", tempFile(bytes, "pdf"), "-"]);
  return stdout.replace(/\s+/g, " ");
}

/**
 * pdftotext in content-stream order (-raw): a table cell's wrapped lines stay together, where the
 * default reading order puts the next cells between them.
 */
export async function pdfRawText(bytes: Uint8Array): Promise<string> {
  const { stdout } = await run("pdftotext", ["-raw", "-enc", "UTF-8", tempFile(bytes, "pdf"), "-"]);
  return stdout.replace(/\s+/g, " ");
}

/** `qpdf --check`; throws when the file is not well-formed. */
export async function qpdfCheck(bytes: Uint8Array): Promise<string> {
  const { stdout } = await run("qpdf", ["--check", tempFile(bytes, "pdf")]);
  return stdout;
}

/** Names of the files in a ZIP, from the real `unzip`. */
export async function zipNames(bytes: Uint8Array): Promise<string[]> {
  const { stdout } = await run("unzip", ["-Z1", tempFile(bytes, "zip")]);
  return stdout.split("\n").filter(Boolean);
}
