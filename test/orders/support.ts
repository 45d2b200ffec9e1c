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
import { SYSTEM, sessionFor, TEST_PASSWORD, type TestSession } from "../support/app.js";
import { createTestStores } from "../support/stores.js";

const run = promisify(execFile);

/** A controllable clock: tests move the service's "now" instead of waiting. */
export class Clock {
  constructor(public current = new Date()) {}
  now = () => this.current;
  addDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface OrdersTestApp {
  services: Services;
  app: Hono<any>;
  clock: Clock;
  staff: StaffRepository;
  /** Local date of the service clock. */
  today(): string;
  /** Creates a staff member and a session (tokens are issued at the service clock's time). */
  member(
    roles: Role[],
    opts?: { pedagogical?: boolean; fullName?: string; position?: string },
  ): Promise<StaffMember>;
  signIn(
    roles: Role[],
    opts?: { pedagogical?: boolean; fullName?: string; position?: string },
  ): Promise<TestSession>;
  session(staff: StaffMember): Promise<TestSession>;
}

let counter = 0;
const NAMES = [
  "Аксенова Мария Ильинична",
  "Белов Пётр Андреевич",
  "Горшкова Вера Павловна",
  "Дьячков Олег Юрьевич",
  "Ершова Анна Львовна",
];

export async function ordersTestApp(clock = new Clock()): Promise<OrdersTestApp> {
  const stores = await createTestStores();
  const services = await createServices(stores.config, {
    clients: stores.clients,
    now: clock.now,
    signingDir: join(mkdtempSync(join(tmpdir(), "soglasie-orders-")), "signing"),
  });
  const app = createApp(services);
  const staff = new StaffRepository(services);
  const member: OrdersTestApp["member"] = (roles, opts = {}) => {
    counter++;
    return staff.create(
      {
        email: `orders${counter}-${Date.now()}@test.local`,
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
    app,
    clock,
    staff,
    today: () => localDate(clock.now(), services.config.timeZone),
    member,
    async signIn(roles, opts) {
      return sessionFor(services, await member(roles, opts));
    },
    async session(s) {
      return sessionFor(services, (await staff.get(s.staffId)) ?? s);
    },
  };
}

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
