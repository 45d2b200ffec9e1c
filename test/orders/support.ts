import { createTestApp, type TestApp, TestClock } from "../support/app.js";
import { run, tempFile } from "../support/pdf-tools.js";

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

export async function unzipFile(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const { stdout } = await run("unzip", ["-p", tempFile(bytes, "zip"), name], {
    encoding: "buffer",
    maxBuffer: 50 * 1024 * 1024,
  });
  return new Uint8Array(stdout as unknown as Buffer);
}

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export { pdfsig, pdfText, qpdfCheck, zipNames } from "../support/pdf-tools.js";

/**
 * A phrase as pdftotext reads it: any whitespace between words, and a word may be broken at a line
 * end by hyphenation («препода- вателя»), a hyphenated word after its hyphen («педагога- организатора»),
 * «№3» for «№ 3».
 */
export function phrase(text: string): RegExp {
  const chars = [...text];
  let out = "";
  chars.forEach((c, i) => {
    if (/\s/.test(c)) {
      // pdftotext may read the gap after «№» before a short number as no space.
      out += chars[i - 1] === "№" ? "\\s*" : "\\s+";
      return;
    }
    out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const next = chars[i + 1];
    if (c === "-") out += "\\s*";
    else if (next && /\p{L}/u.test(c) && /\p{L}/u.test(next)) out += "(?:-\\s+)?";
  });
  return new RegExp(out, "u");
}
