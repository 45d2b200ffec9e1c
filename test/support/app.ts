import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localDate } from "@soglasie/core/clock";
import type { AppConfig } from "@soglasie/core/config";
import { createServices, type Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { createApp } from "@soglasie/functions/app";
import { csrfFor, signSession } from "@soglasie/functions/http/session";
import type { Hono } from "hono";
import { createTestStores, type TestStores } from "./stores.js";

export const TEST_PASSWORD = "test-password-123";
export const SYSTEM = { type: "system", id: "test" } as const;

/** A controllable clock: tests move the service's "now" instead of waiting. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = () => new Date(this.current);
  addDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface StaffOptions {
  pedagogical?: boolean;
  fullName?: string;
  position?: string;
}

export interface TestApp {
  services: Services;
  stores: TestStores;
  app: Hono<any>;
  clock: TestClock;
  staff: StaffRepository;
  /** Local date of the service clock. */
  today(): string;
  /** Creates a staff member with `roles`. */
  member(roles: Role[], opts?: StaffOptions): Promise<StaffMember>;
  /** Creates a staff member with `roles` and returns ready-to-use credentials. */
  signIn(roles: Role[], opts?: StaffOptions): Promise<TestSession>;
  /** A session for an existing member, re-read so it carries the current session version. */
  session(staff: StaffMember): Promise<TestSession>;
}

export interface TestSession {
  staff: StaffMember;
  /** Headers for the JSON API (bearer token). */
  bearer: Record<string, string>;
  /** Headers for page requests (session cookie) and the CSRF token forms must carry. */
  cookie: Record<string, string>;
  csrf: string;
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

/** A full app on the real local stores, with a table and bucket of its own and a test clock. */
export async function createTestApp(
  opts: { clock?: TestClock; config?: Partial<AppConfig> } = {},
): Promise<TestApp> {
  const clock = opts.clock ?? new TestClock();
  const stores = await createTestStores(opts.config);
  const services = await createServices(stores.config, {
    clients: stores.clients,
    now: clock.now,
    signingDir: join(mkdtempSync(join(tmpdir(), "soglasie-sign-")), "signing"),
  });
  const app = createApp(services);
  const staff = new StaffRepository(services);
  const member: TestApp["member"] = (roles, o = {}) => {
    counter++;
    return staff.create(
      {
        email: `user${counter}-${Date.now()}@test.local`,
        fullName: o.fullName ?? NAMES[counter % NAMES.length]!,
        position: o.position ?? "Преподаватель",
        pedagogical: o.pedagogical ?? true,
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
    signIn: async (roles, o) => sessionFor(services, await member(roles, o)),
    session: async (s) => sessionFor(services, (await staff.get(s.staffId)) ?? s),
  };
}

export function sessionFor(services: Services, staff: StaffMember): TestSession {
  const now = services.now();
  const token = signSession(
    services.config.sessionSecret,
    { s: staff.staffId, o: services.config.orgId, v: staff.sessionVersion },
    now,
  );
  const issuedAt = Math.floor(now.getTime() / 1000);
  return {
    staff,
    bearer: { authorization: `Bearer ${token}` },
    cookie: { cookie: `sid=${token}` },
    csrf: csrfFor(services.config.sessionSecret, `${staff.staffId}.${issuedAt}`),
  };
}

/** Form body helper for page posts. */
export const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  };
};
