import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestApp, type TestApp, TestClock } from "../support/app.js";

const run = promisify(execFile);

export { TestClock as Clock } from "../support/app.js";
export type OrdersTestApp = TestApp;

export const ordersTestApp = (clock = new TestClock()) => createTestApp({ clock });

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** Follows the register's download link (302 to a presigned S3 URL) and returns the PDF bytes. */
export async function downloadOrder(
  t: OrdersTestApp,
  orderId: string,
  headers: Record<string, string>,
): Promise<Uint8Array> {
  const res = await t.app.request(`/api/orders/${orderId}/pdf`, { headers });
  if (res.status !== 302) throw new Error(`Expected 302, got ${res.status}: ${await res.text()}`);
  const pdf = await fetch(res.headers.get("location")!);
  if (pdf.status !== 200) throw new Error(`Presigned URL answered ${pdf.status}`);
  return new Uint8Array(await pdf.arrayBuffer());
}

function tempFile(bytes: Uint8Array, ext: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "soglasie-orders-file-")), `file.${ext}`);
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
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", tempFile(bytes, "pdf"), "-"]);
  return stdout.replace(/\s+/g, " ");
}

export async function qpdfCheck(bytes: Uint8Array): Promise<string> {
  const { stdout } = await run("qpdf", ["--check", tempFile(bytes, "pdf")]);
  return stdout;
}

/** Names of the files in a ZIP, from the real `unzip`. */
export async function zipNames(bytes: Uint8Array): Promise<string[]> {
  const { stdout } = await run("unzip", ["-Z1", tempFile(bytes, "zip")]);
  return stdout.split("\n").filter(Boolean);
}

export async function unzipFile(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const { stdout } = await run("unzip", ["-p", tempFile(bytes, "zip"), name], {
    encoding: "buffer",
    maxBuffer: 50 * 1024 * 1024,
  });
  return new Uint8Array(stdout as unknown as Buffer);
}

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
