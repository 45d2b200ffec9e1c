import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "@soglasie/core/staff/roles";
import { parse } from "csv-parse/sync";
import { createTestApp, type TestApp, TestClock, type TestSession } from "../support/app.js";
import { personalData } from "../support/personal-data.js";

export { TestClock } from "../support/app.js";

export interface ConsentTestApp extends Omit<TestApp, "signIn"> {
  signIn(roles: Role[], fullName?: string): Promise<TestSession>;
}

/** The full app on the real local stores (own table and bucket) with a test clock. */
export async function consentTestApp(): Promise<ConsentTestApp> {
  const t = await createTestApp({ clock: new TestClock(new Date("2026-11-25T03:00:00Z")) });
  return { ...t, signIn: (roles, fullName) => t.signIn(roles, { fullName }) };
}

/** A roster CSV (UTF-8, `;`) from rows. */
export function rosterCsv(rows: Array<[string, string, string, string?, string?]>, header = true): string {
  const lines = rows.map((r) => r.map((c) => c ?? "").join(";"));
  return `${header ? "Группа;ФИО обучающегося;ФИО родителя (законного представителя);Телефон;Email\n" : ""}${lines.join("\n")}\n`;
}

export async function importRoster(t: ConsentTestApp, session: TestSession, csv: string | Uint8Array) {
  const res = await t.app.request("/api/roster/import", {
    method: "POST",
    headers: { ...session.bearer, "content-type": "text/csv" },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Links of a group from its CSV export: student name → token. */
export async function groupLinks(
  t: ConsentTestApp,
  session: TestSession,
  groupId: string,
): Promise<Map<string, string>> {
  const res = await t.app.request(`/api/groups/${groupId}/links.csv`, { headers: session.bearer });
  if (res.status !== 200) throw new Error(`links.csv ${res.status}`);
  const text = await res.text();
  const rows = parse(text.replace(/^\uFEFF/, ""), { delimiter: ";", from_line: 2 }) as string[][];
  const out = new Map<string, string>();
  for (const r of rows) {
    const m = /\/c\/([A-Za-z0-9_-]{22})$/.exec(r[2] ?? "");
    if (m) out.set(r[1]!, m[1]!);
  }
  return out;
}

export async function groupIdByCode(t: ConsentTestApp, session: TestSession, code: string): Promise<string> {
  const res = await t.app.request("/api/groups", { headers: session.bearer });
  const body = (await res.json()) as { groups: Array<{ groupId: string; code: string }> };
  const g = body.groups.find((x) => x.code === code);
  if (!g) throw new Error(`group ${code} not visible`);
  return g.groupId;
}

/** A valid answer (a consent, with its personal-data elements and the rules accepted), with changes. */
export const decisionBody = (over: Record<string, unknown> = {}) => ({
  decision: "consent",
  // Asked while the roster gives no date of birth (ignored when it does).
  studentAge: "minor",
  parentName: "Иванова Мария Петровна",
  relation: "мать",
  alternatives: [],
  confirm: true,
  pepRulesAccepted: true,
  personalData: personalData(),
  ...over,
});

export async function submitJson(
  t: ConsentTestApp,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await t.app.request(`/api/consent/${token}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "vitest",
      "x-forwarded-for": "203.0.113.7",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Runs a tool; returns its exit status and combined output. */
export function tool(cmd: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

const dir = mkdtempSync(join(tmpdir(), "soglasie-consent-"));
let files = 0;
export function saveFile(bytes: Uint8Array, ext = "pdf"): string {
  const file = join(dir, `f${++files}.${ext}`);
  writeFileSync(file, bytes);
  return file;
}
