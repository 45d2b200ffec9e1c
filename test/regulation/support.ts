import PDFDocument from "pdfkit";
import { createTestApp, type TestApp, TestClock } from "../support/app.js";
import { run, tempFile } from "../support/pdf-tools.js";

export { TestClock as Clock } from "../support/app.js";
export type RegulationTestApp = TestApp;

export const regulationTestApp = (clock = new TestClock(new Date("2026-11-20T03:00:00Z"))) =>
  createTestApp({ clock });

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** A real one-page PDF, like a scanned protocol (pdfkit). */
export function protocolPdf(text = "Протокол заседания педагогического совета"): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.fontSize(14).text(text.replace(/[^\x20-\x7e]/g, "?"));
    doc.rect(50, 200, 300, 200).fill("#888888");
    doc.end();
  });
}

export interface MeetingFields {
  versionId: string;
  date: string;
  protocolNumber?: string;
  membersTotal?: number | string;
  membersPresent?: number | string;
  votesFor?: number | string;
  votesAgainst?: number | string;
  votesAbstained?: number | string;
  chair?: string;
  secretary?: string;
}

/** The multipart request of POST /api/council/meetings. */
export function meetingRequest(
  fields: MeetingFields,
  file: Uint8Array | undefined,
  headers: Record<string, string>,
  filename = "protocol.pdf",
): RequestInit {
  const body = new FormData();
  const all = {
    protocolNumber: "3",
    membersTotal: 40,
    membersPresent: 30,
    votesFor: 25,
    votesAgainst: 3,
    votesAbstained: 2,
    chair: "Иванова Светлана Петровна",
    secretary: "Кузнецова Ольга Викторовна",
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) body.append(k, String(v));
  if (file)
    body.append(
      "protocol",
      new Blob([file as Uint8Array<ArrayBuffer>], { type: "application/pdf" }),
      filename,
    );
  return { method: "POST", body, headers: { origin: "http://localhost", ...headers } };
}

/** Follows a 302 to the presigned S3 URL and returns the bytes. */
export async function follow(res: Response): Promise<Uint8Array> {
  if (res.status !== 302) throw new Error(`Expected 302, got ${res.status}: ${await res.text()}`);
  const file = await fetch(res.headers.get("location")!);
  if (file.status !== 200) throw new Error(`Presigned URL answered ${file.status}`);
  return new Uint8Array(await file.arrayBuffer());
}

/** Rewrites a PDF with qpdf (object streams, cross-reference stream), as many scanners produce. */
export async function qpdfRewrite(bytes: Uint8Array, args: string[]): Promise<Uint8Array> {
  const input = tempFile(bytes, "pdf");
  const output = `${input}.out.pdf`;
  await run("qpdf", [...args, input, output]);
  const { readFileSync } = await import("node:fs");
  return new Uint8Array(readFileSync(output));
}

/** Objects stored under a kind's prefix in the test bucket. */
export async function objectCount(t: RegulationTestApp, kind: "uploads" | "documents"): Promise<number> {
  let n = 0;
  for await (const _ of t.services.objects.list(kind)) n++;
  return n;
}

/** The JSON body of a response, untyped (tests check its shape). */
export const jsonOf = (res: Response): Promise<any> => res.json() as Promise<any>;

export { pdfRawText, pdfsig, pdfText, qpdfCheck, zipNames } from "../support/pdf-tools.js";
