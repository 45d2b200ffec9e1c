import { createServices, type Services } from "@soglasie/core/services";
import { clearLoginLimits, LOGIN_LIMITS } from "@soglasie/core/staff/login-throttle";
import { loginAdmission, PASSWORD_CHECK_SLOTS, passwordChecks } from "@soglasie/core/staff/password-slots";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { RateLimiter } from "@soglasie/core/storage/rate-limit";
import { createApp } from "@soglasie/functions/app";
import type { Hono } from "hono";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, SYSTEM, TEST_PASSWORD, type TestApp } from "../support/app.js";

/**
 * Issue 13, defects 1–3: sign-in throttling that holds under any concurrency, does not let anyone
 * lock the owner out, and keeps a flood of wrong passwords from taking the CPU.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

let accounts = 0;
async function account(): Promise<string> {
  accounts++;
  const staff = await new StaffRepository(t.services).create(
    {
      email: `throttle-${accounts}-${Date.now()}@test.local`,
      fullName: "Лебедева Ольга Павловна",
      position: "Директор",
      pedagogical: false,
      roles: ["director"],
      password: TEST_PASSWORD,
    },
    SYSTEM,
  );
  return staff.email;
}

let addresses = 0;
/** A fresh client address (TRUST_PROXY is on in tests: X-Forwarded-For names the client). */
const address = () => `198.18.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

interface Attempt {
  status: number;
  retryAfter: number;
  message: string;
  device?: string;
}

/** A sign-in through the API from `from`, with the browser's device cookie if it has one. */
async function attempt(
  app: Hono<any>,
  email: string,
  password: string,
  from: string,
  device?: string,
): Promise<Attempt> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": from,
      ...(device ? { cookie: `device=${device}` } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("device="));
  return {
    status: res.status,
    retryAfter: Number(res.headers.get("retry-after") ?? 0),
    message: body.error?.message ?? "",
    device: cookie ? cookie.slice("device=".length).split(";")[0] : undefined,
  };
}

const count = (results: Attempt[], status: number) => results.filter((r) => r.status === status).length;

/** Runs `jobs` a few at a time: attempts that must all reach the password check (no 503). */
async function few<T>(jobs: Array<() => Promise<T>>, width = 4): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < jobs.length; i += width)
    out.push(...(await Promise.all(jobs.slice(i, i + width).map((j) => j()))));
  return out;
}

/** Another instance of the service on the same table (another Lambda instance, another process). */
async function anotherInstance(): Promise<{ services: Services; app: Hono<any> }> {
  const services = await createServices(t.stores.config, {
    clients: t.stores.clients,
    now: t.clock.now,
    signer: t.services.signer,
  });
  return { services, app: createApp(services) };
}

const PAIR = LOGIN_LIMITS.pair[0].limit;

describe("defect 1: the attempt is counted atomically before the password check", () => {
  it("60 parallel conditional takes of one counter: exactly its limit get through", async () => {
    const limiter = new RateLimiter(t.services.db, t.services.now);
    const counter = { scope: "test-race", subject: "one", limit: 7, windowSeconds: 900 };
    const results = await Promise.all(Array.from({ length: 60 }, () => limiter.take(counter)));
    expect(results.filter((r) => r === undefined)).toHaveLength(7);
    expect(results.filter((r) => r !== undefined)).toHaveLength(53);
  });

  it("60 parallel wrong passwords on one account from one client: exactly the limit is checked; then the right password is refused by the limit", async () => {
    const email = await account();
    const from = address();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt(t.app, email, `wrong-password-${i}`, from)),
    );
    expect(count(results, 401)).toBe(PAIR);
    expect(count(results, 429)).toBe(60 - PAIR);
    const right = await attempt(t.app, email, TEST_PASSWORD, from);
    expect(right.status).toBe(429);
    expect(right.retryAfter).toBeGreaterThan(0);
    // Refused by a limit, never checked: the pair's limit, or the address's burst bucket when the
    // 60 attempts came faster than it refills (which of the two depends on the machine's speed).
    expect(right.message).toMatch(/Слишком много (неудачных попыток|попыток входа подряд)/);
  });

  it("the limit holds across instances of the service (each with its own memory) sharing the table", async () => {
    const email = await account();
    const from = address();
    const [a, b] = [await anotherInstance(), await anotherInstance()];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt((i % 2 ? a : b).app, email, `wrong-${i}-xxxxx`, from)),
    );
    expect(count(results, 401)).toBe(PAIR);
    expect(count(results, 429)).toBe(60 - PAIR);
    expect((await attempt(a.app, email, TEST_PASSWORD, from)).status).toBe(429);
  });
});

describe("defect 2: guessing is stopped without locking the owner out", () => {
  it("an attacker's failures from one address do not keep the owner out from another", async () => {
    const email = await account();
    const attacker = address();
    for (let i = 0; i < PAIR; i++)
      expect((await attempt(t.app, email, `guess-${i}-xxxx`, attacker)).status).toBe(401);
    expect((await attempt(t.app, email, TEST_PASSWORD, attacker)).status).toBe(429);
    expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(200);
  });

  it("growing waits for one pair: the rest of 15 minutes after 5 failures, the rest of the day after 20", async () => {
    const email = await account();
    const from = address();
    const saved = t.clock.current;
    // Windows are aligned to UTC (the day's ends at 00:00 UTC); the test moves the clock 64 minutes,
    // so it starts at 01:00 UTC of today lest a run late in the evening cross into a new day.
    const start = new Date(saved);
    start.setUTCHours(1, 0, 0, 0);
    t.clock.current = start;
    try {
      const day = LOGIN_LIMITS.pair[1].limit;
      for (let round = 0; round < day / PAIR; round++) {
        for (let i = 0; i < PAIR; i++)
          expect((await attempt(t.app, email, `x-${round}-${i}-xxxxx`, from)).status).toBe(401);
        const refused = await attempt(t.app, email, TEST_PASSWORD, from);
        expect(refused.status).toBe(429);
        expect(refused.retryAfter).toBeLessThanOrEqual(15 * 60);
        t.clock.current = new Date(t.clock.current.getTime() + 16 * 60 * 1000);
      }
      // A new 15-minute window, but the day's 20 are used up: refused until the day ends.
      const refused = await attempt(t.app, email, TEST_PASSWORD, from);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(15 * 60);
    } finally {
      t.clock.current = saved;
    }
  }, 120_000);

  it("a successful sign-in clears its own pair's failures", async () => {
    const email = await account();
    const from = address();
    for (let i = 0; i < PAIR - 1; i++)
      expect((await attempt(t.app, email, `typo-${i}-xxxx`, from)).status).toBe(401);
    expect((await attempt(t.app, email, TEST_PASSWORD, from)).status).toBe(200);
    for (let i = 0; i < PAIR; i++)
      expect((await attempt(t.app, email, `typo2-${i}-xxx`, from)).status).toBe(401);
    expect((await attempt(t.app, email, TEST_PASSWORD, from)).status).toBe(429);
  });

  it("a flood from many addresses closes the account to new clients only: the owner's known browser still signs in", async () => {
    const email = await account();
    // The director signed in from the office computer once: it keeps a device cookie.
    const office = address();
    const first = await attempt(t.app, email, TEST_PASSWORD, office);
    expect(first.status).toBe(200);
    expect(first.device).toMatch(/^[A-Za-z0-9_-]{16}\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);

    const ceiling = LOGIN_LIMITS.account[0].limit;
    const botnet = Array.from({ length: ceiling + 10 }, () => address());
    const flood = await few(botnet.map((from, i) => () => attempt(t.app, email, `spray-${i}-xxx`, from)));
    expect(count(flood, 401)).toBe(ceiling);
    expect(count(flood, 429)).toBe(10);

    // A new browser (even at the office address) is refused, and told how to get back in.
    const fresh = await attempt(t.app, email, TEST_PASSWORD, office);
    expect(fresh.status).toBe(429);
    expect(fresh.message).toContain("С устройства, с которого вы уже входили");
    // The office browser with its device cookie: signed in, and its own counter is untouched.
    expect((await attempt(t.app, email, TEST_PASSWORD, office, first.device)).status).toBe(200);
    // A forged or foreign device cookie counts for nothing.
    const forged = `${first.device!.slice(0, -2)}AA`;
    expect((await attempt(t.app, email, TEST_PASSWORD, office, forged)).status).toBe(429);
    const other = await account();
    const othersDevice = (await attempt(t.app, other, TEST_PASSWORD, address())).device;
    expect((await attempt(t.app, email, TEST_PASSWORD, office, othersDevice)).status).toBe(429);
  }, 120_000);

  it("the way back in: the administrator's unlock (CLI) and a password reset clear the account's limits", async () => {
    const email = await account();
    const flood = Array.from({ length: LOGIN_LIMITS.account[0].limit }, () => address());
    await few(flood.map((from, i) => () => attempt(t.app, email, `spray-${i}-xxx`, from)));
    expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(429);
    expect(await clearLoginLimits(t.services, { email })).toBeGreaterThan(0);
    expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(200);

    await few(flood.map((from, i) => () => attempt(t.app, email, `again-${i}-xxx`, from)));
    expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(429);
    const repo = new StaffRepository(t.services);
    const staff = (await repo.findByEmail(email))!;
    await repo.resetPassword(staff.staffId, "a-new-password-2026", SYSTEM);
    expect((await attempt(t.app, email, "a-new-password-2026", address())).status).toBe(200);
  }, 120_000);

  it("a shared NAT address: 100 failures over many accounts close it to new browsers, not to known ones", async () => {
    const nat = address();
    const teacher = await account();
    const known = await attempt(t.app, teacher, TEST_PASSWORD, nat);
    expect(known.status).toBe(200);
    // Several instances, so the per-instance memory bucket does not stop the attempts first.
    const instances = await Promise.all(Array.from({ length: 4 }, () => anotherInstance()));
    const emails = Array.from({ length: 104 }, (_, i) => `nobody-${i}-${Date.now()}@test.local`);
    const results = await few(
      emails.map((email, i) => () => attempt(instances[i % 4]!.app, email, "wrong-password-x", nat)),
    );
    const ceiling = LOGIN_LIMITS.client[0].limit;
    // (The teacher's successful sign-in gave its unit back.)
    expect(count(results, 401)).toBe(ceiling);
    expect(count(results, 429)).toBe(emails.length - ceiling);
    const other = await account();
    expect((await attempt(t.app, other, TEST_PASSWORD, nat)).status).toBe(429);
    expect((await attempt(t.app, teacher, TEST_PASSWORD, nat, known.device)).status).toBe(200);
    expect((await attempt(t.app, other, TEST_PASSWORD, address())).status).toBe(200);
    // The administrator can lift the address's ceiling too.
    await clearLoginLimits(t.services, { address: nat });
    expect((await attempt(t.app, other, TEST_PASSWORD, nat)).status).toBe(200);
    // ~110 password checks, one at a time on a 2-core machine (the bound under test in defect 3).
  }, 180_000);
});

describe("defect 3: a flood of sign-ins is stopped before the password hash", () => {
  it("a burst from one address is refused in memory after the bucket's capacity", async () => {
    const { app } = await anotherInstance();
    const from = address();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt(app, `bucket-${i}-${Date.now()}@test.local`, "wrong-password-x", from),
      ),
    );
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r.message).toBe("Слишком много попыток входа подряд. Подождите минуту и повторите.");
      expect(r.retryAfter).toBeGreaterThan(0);
    }
    // The other 30 went on to the counters and the password check (503 only if the check was busy).
    expect(count(results, 401) + count(results, 503)).toBe(30);
  });

  it("concurrent password checks are bounded; the excess waits briefly, then gets 503 with Retry-After", async () => {
    const { app } = await anotherInstance();
    passwordChecks.peak = 0;
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        attempt(app, `flood-${i}-${Date.now()}@test.local`, "wrong-password-x", address()),
      ),
    );
    expect(passwordChecks.peak).toBeLessThanOrEqual(PASSWORD_CHECK_SLOTS);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.retryAfter).toBeGreaterThan(0);
      expect(r.message).toContain("перегружен");
    }
    expect(count(results, 401) + busy.length).toBe(120);
    // Nothing was counted for the attempts that were never checked: the service answers again at once.
    const email = await account();
    expect((await attempt(app, email, TEST_PASSWORD, address())).status).toBe(200);
  }, 60_000);

  it("beyond the admission limit an attempt gets 503 before any DynamoDB call; the owner's known browser has its own lane and goes first", async () => {
    const email = await account();
    const office = address();
    const first = await attempt(t.app, email, TEST_PASSWORD, office);
    expect(first.status).toBe(200);
    const calls: string[] = [];
    const db = t.stores.clients.ddb as unknown as {
      middlewareStack: { add(mw: unknown, o: unknown): void; remove(name: string): boolean };
    };
    db.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) => (args: unknown) => {
        calls.push(context.commandName);
        return next(args);
      },
      { step: "initialize", name: "admissionCalls" },
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A flood from many addresses: every place of the instance's admission taken, and every
    // password-check slot and place in its queue.
    const admission = loginAdmission(t.services);
    const holders = [
      ...Array.from({ length: admission.max }, () => admission.run(false, () => held)),
      ...Array.from({ length: passwordChecks.max + passwordChecks.maxWaiting }, () =>
        passwordChecks.run(
          () => held,
          () => new Error("busy"),
        ),
      ),
    ].map((p) => p.catch(() => undefined));
    try {
      expect(admission.open).toBe(admission.max);
      const refused = await attempt(t.app, email, TEST_PASSWORD, address());
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(refused.message).toBe(
        "Сервис сейчас перегружен попытками входа. Повторите вход через несколько секунд.",
      );
      expect(calls).toEqual([]);
      // The owner's browser is admitted in its own lane, counted for its device, and waits at the
      // head of the full password-check queue instead of being refused.
      const owner = attempt(t.app, email, TEST_PASSWORD, office, first.device);
      await vi.waitFor(() => expect(passwordChecks.waiting).toBe(passwordChecks.maxWaiting + 1), {
        timeout: 30_000,
      });
      expect(calls.length).toBeGreaterThan(0);
      release();
      expect((await owner).status).toBe(200);
      await Promise.all(holders);
      expect(admission.open).toBe(0);
      // Places come back when attempts end: a new browser signs in again.
      expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(200);
    } finally {
      db.middlewareStack.remove("admissionCalls");
      release();
    }
  });

  it("while the checks are saturated an attempt gets 503 before any DynamoDB write", async () => {
    const email = await account();
    const writes: string[] = [];
    const db = t.stores.clients.ddb as unknown as {
      middlewareStack: { add(mw: unknown, o: unknown): void; remove(name: string): boolean };
    };
    db.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) => (args: unknown) => {
        if (!/^(Get|Query|Scan|BatchGet)/.test(context.commandName)) writes.push(context.commandName);
        return next(args);
      },
      { step: "initialize", name: "floodWrites" },
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Every slot and every place in the queue taken, as under a flood from many addresses.
    const holders = Array.from({ length: passwordChecks.max + passwordChecks.maxWaiting }, () =>
      passwordChecks
        .run(
          () => held,
          () => new Error("busy"),
        )
        .catch(() => undefined),
    );
    try {
      expect(passwordChecks.full).toBe(true);
      const refused = await attempt(t.app, email, TEST_PASSWORD, address());
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(writes).toEqual([]);
      release();
      await Promise.all(holders);
      // Once there is room, the attempt is counted (the probe sees the writes) and signs in.
      expect((await attempt(t.app, email, TEST_PASSWORD, address())).status).toBe(200);
      expect(writes.length).toBeGreaterThan(0);
    } finally {
      db.middlewareStack.remove("floodWrites");
      release();
    }
  });
});
