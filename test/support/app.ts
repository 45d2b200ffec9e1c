import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "@soglasie/core/config";
import { createServices, type Services } from "@soglasie/core/services";
import type { Role } from "@soglasie/core/staff/roles";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repo";
import { createApp } from "@soglasie/functions/app";
import { csrfFor, signSession } from "@soglasie/functions/http/session";
import type { Hono } from "hono";
import { createTestStores, type TestStores } from "./stores.js";

export const TEST_PASSWORD = "test-password-123";
export const SYSTEM = { type: "system", id: "test" } as const;

export interface TestApp {
  services: Services;
  stores: TestStores;
  app: Hono<any>;
  /** Creates a staff member with `roles` and returns ready-to-use credentials. */
  signIn(
    roles: Role[],
    opts?: { pedagogical?: boolean; fullName?: string; position?: string },
  ): Promise<TestSession>;
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

/** A full app on the real local stores, with a table and bucket of its own. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const stores = await createTestStores(overrides);
  const services = await createServices(stores.config, {
    clients: stores.clients,
    signingDir: join(mkdtempSync(join(tmpdir(), "soglasie-sign-")), "signing"),
  });
  const app = createApp(services);
  const repo = new StaffRepository(services);
  return {
    services,
    stores,
    app,
    async signIn(roles, opts = {}) {
      counter++;
      const staff = await repo.create(
        {
          email: `user${counter}-${Date.now()}@test.local`,
          fullName: opts.fullName ?? `Тестов Тест ${String.fromCharCode(1040 + (counter % 30))}`,
          position: opts.position ?? "Преподаватель",
          pedagogical: opts.pedagogical ?? true,
          roles,
          password: TEST_PASSWORD,
        },
        SYSTEM,
      );
      return sessionFor(services, staff);
    },
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
