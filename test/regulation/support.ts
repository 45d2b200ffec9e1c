import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { localDate } from "@soglasie/core/clock";
import { createServices, type Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repo";
import { createApp } from "@soglasie/functions/app";
import type { Hono } from "hono";
import PDFDocument from "pdfkit";
import { SYSTEM, sessionFor, TEST_PASSWORD, type TestSession } from "../support/app.js";
import { createTestStores, type TestStores } from "../support/stores.js";

const run = promisify(execFile);

/** A controllable clock: tests move the service's "now" instead of waiting. */
export class Clock {
  constructor(public current = new Date("2026-11-20T03:00:00Z")) {}
  now = () => this.current;
  addDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface RegulationTestApp {
  services: Services;
  stores: TestStores;
  app: Hono<any>;
  clock: Clock;
  staff: StaffRepository;
  today(): string;
  member(
    roles: Role[],
    opts?: { pedagogical?: boolean; fullName?: string; position?: string },
  ): Promise<StaffMember>;
  signIn(
    roles: Role[],
    opts?: { pedagogical?: boolean; fullName?: string; position?: string },
  ): Promise<TestSession>;
}

let counter = 0;
const NAMES = [
  "Аксенова Мария Ильинична",
  "Белов Пётр Андреевич",
  "Горшкова Вера Павловна",
  "Дьячков Олег Юрьевич",
  "Ершова Анна Львовна",
  "Жуков Илья Семёнович",
  "Зуева Ольга Петровна",
];

export async function regulationTestApp(clock = new Clock()): Promise<RegulationTestApp> {
  const stores = await createTestStores();
  const services = await createServices(stores.config, {
    clients: stores.clients,
    now: clock.now,
    signingDir: join(mkdtempSync(join(tmpdir(), "soglasie-regulation-")), "signing"),
  });
  const app = createApp(services);
  const staff = new StaffRepository(services);
  const member: RegulationTestApp["member"] = (roles, opts = {}) => {
    counter++;
    return staff.create(
      {
        email: `reg${counter}-${Date.now()}@test.local`,
        fullName: opts.fullName ?? NAMES[counter % NAMES.length]!,
        position: opts.position ?? "Преподаватель",
        pedagogical: opts.pedagogical ?? true,
        roles,
        password: TEST_PASSWORD,
      },
      SYSTEM,
    );
  };
  return {
    services,
    stores,
    app,
    clock,
    staff,
    today: () => localDate(clock.now(), services.config.timeZone),
    member,
    async signIn(roles, opts) {
      return sessionFor(services, await member(roles, opts));
    },
  };
}

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

function tempFile(bytes: Uint8Array, ext: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "soglasie-reg-file-")), `file.${ext}`);
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

export async function qpdfCheck(bytes: Uint8Array): Promise<void> {
  await run("qpdf", ["--check", tempFile(bytes, "pdf")]);
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
