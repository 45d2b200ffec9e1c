import { createHash } from "node:crypto";
import { TooManyRequestsError } from "../errors.js";
import type { Services } from "../services.js";
import { type Counter, RateLimiter, type Refusal } from "../storage/rate-limit.js";

/**
 * The sign-in throttling policy (docs/security.md, "Sign-in throttling"). Guessing is stopped
 * without letting anyone lock the owner out (OWASP ASVS 2.2.1):
 *
 * - every attempt is counted BEFORE the password is checked, by conditional DynamoDB updates, so
 *   no number of parallel attempts in any number of processes gets more checks than the limits;
 * - an attempt from a browser that already signed in to the account (a valid device token) is
 *   counted for that device only: floods from elsewhere do not touch it;
 * - any other attempt is counted per (account, client address) pair — with growing waits: after 5
 *   failures the rest of a 15-minute window, after 20 the rest of the day — and against two wider
 *   ceilings: per account (30 per 15 minutes, 100 a day, from all unknown clients together) and per
 *   address (100 per 15 minutes over all accounts: high enough for a college's shared NAT);
 * - a successful sign-in clears its own pair's (or device's) failures and gives its units of the
 *   wider ceilings back;
 * - the way back in: the owner's known browser, `npm run cli -- staff unlock EMAIL` (the
 *   administrator), or a password reset, which clears every counter of the account.
 *
 * Before any of that, a per-address token bucket in memory refuses bursts without a database write.
 */
const MINUTES_15 = 15 * 60;
const DAY = 24 * 3600;

export const LOGIN_LIMITS = {
  pair: [
    { limit: 5, windowSeconds: MINUTES_15 },
    { limit: 20, windowSeconds: DAY },
  ],
  device: [
    { limit: 10, windowSeconds: MINUTES_15 },
    { limit: 50, windowSeconds: DAY },
  ],
  account: [
    { limit: 30, windowSeconds: MINUTES_15 },
    { limit: 100, windowSeconds: DAY },
  ],
  client: [{ limit: 100, windowSeconds: MINUTES_15 }],
} as const;

type Kind = keyof typeof LOGIN_LIMITS;
const SCOPES: Record<Kind, string> = {
  pair: "login-pair",
  device: "login-device",
  account: "login-account",
  client: "login-client",
};

/** Counter keys carry hashes: no email or address is stored in a rate-limit item. */
const hashed = (value: string) => createHash("sha256").update(value, "utf8").digest("hex").slice(0, 32);

function counters(kind: Kind, subject: string, part?: string): Counter[] {
  return LOGIN_LIMITS[kind].map((w) => ({
    scope: SCOPES[kind],
    subject: hashed(subject),
    ...(part ? { part: hashed(part) } : {}),
    limit: w.limit,
    windowSeconds: w.windowSeconds,
  }));
}

const minutes = (seconds: number) => {
  const n = Math.max(1, Math.ceil(seconds / 60));
  const form = new Intl.PluralRules("ru-RU").select(n);
  return `${n} ${form === "one" ? "минуту" : form === "few" ? "минуты" : "минут"}`;
};

function refusalMessage(refusal: Refusal): string {
  const wait = `Повторите через ${minutes(refusal.retryAfterSeconds)}.`;
  switch (refusal.counter.scope) {
    case SCOPES.pair:
    case SCOPES.device:
      return `Слишком много неудачных попыток входа в эту учётную запись с вашего устройства. ${wait}`;
    case SCOPES.account:
      return `Вход в эту учётную запись с новых устройств временно ограничен: было много неудачных попыток. ${wait} С устройства, с которого вы уже входили, вход не ограничен; снять ограничение может администратор сервиса, его снимает и сброс пароля.`;
    default:
      return `С вашего адреса было слишком много неудачных попыток входа. ${wait}`;
  }
}

/** One attempt's units, taken before the password check. */
export interface LoginAttempt {
  /** The password was right: clear this pair's (device's) failures, give the ceilings back. */
  succeeded(): Promise<void>;
  /** The password was never checked (the service was busy): give everything back. */
  abandoned(): Promise<void>;
}

/**
 * Counts one attempt on `email` from `address` (and `device`, a browser that signed in to it
 * before), or throws TooManyRequestsError when a limit is used up. Nothing is counted on refusal.
 */
export async function countLoginAttempt(
  services: Services,
  email: string,
  address: string,
  device: string | undefined,
): Promise<LoginAttempt> {
  const limiter = new RateLimiter(services.db, services.now);
  const own = device ? counters("device", email, device) : counters("pair", email, address);
  const shared = device ? [] : [...counters("account", email), ...counters("client", address)];
  const refusal = await limiter.takeAll([...own, ...shared]);
  if (refusal) throw new TooManyRequestsError(refusalMessage(refusal), refusal.retryAfterSeconds);
  return {
    async succeeded() {
      await Promise.all([...own.map((c) => limiter.reset(c)), ...shared.map((c) => limiter.giveBack(c))]);
    },
    async abandoned() {
      await Promise.all([...own, ...shared].map((c) => limiter.giveBack(c)));
    },
  };
}

/**
 * The way back in: deletes every sign-in counter of an account (pairs, devices, the account's
 * ceiling), or of a client address. Returns how many counters were removed.
 */
export async function clearLoginLimits(
  services: Services,
  who: { email?: string; address?: string },
): Promise<number> {
  const limiter = new RateLimiter(services.db, services.now);
  let removed = 0;
  if (who.email) {
    const subject = hashed(who.email);
    for (const scope of [SCOPES.pair, SCOPES.device, SCOPES.account])
      removed += await limiter.clear(scope, subject);
  }
  if (who.address) removed += await limiter.clear(SCOPES.client, hashed(who.address));
  return removed;
}

/**
 * A per-address token bucket in memory: the cheap first gate. A burst of attempts from one address
 * beyond `capacity` is refused before any database write or hash; tokens come back at
 * `refillPerSecond`, and a successful sign-in returns its token (a college's morning rush of correct
 * passwords behind one NAT address costs nothing). Per process: in Lambda each instance has its own,
 * which is why the DynamoDB counters above are the real limit.
 */
export class AddressBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity = 30,
    readonly refillPerSecond = 0.5,
    private readonly maxAddresses = 10_000,
  ) {}

  private current(address: string, now: number) {
    const b = this.buckets.get(address);
    if (!b) return { tokens: this.capacity, at: now };
    return {
      tokens: Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond),
      at: now,
    };
  }

  /** Takes a token, or throws TooManyRequestsError with the wait for the next one. */
  take(address: string, now: number): void {
    const b = this.current(address, now);
    if (b.tokens < 1) {
      throw new TooManyRequestsError(
        "Слишком много попыток входа подряд. Подождите минуту и повторите.",
        Math.ceil((1 - b.tokens) / this.refillPerSecond),
      );
    }
    this.buckets.delete(address);
    // A flood from random addresses must not grow the map without bound: forget the oldest.
    if (this.buckets.size >= this.maxAddresses) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(address, { tokens: b.tokens - 1, at: b.at });
  }

  giveBack(address: string, now: number): void {
    const b = this.buckets.get(address);
    if (b)
      this.buckets.set(address, {
        tokens: Math.min(this.capacity, this.current(address, now).tokens + 1),
        at: now,
      });
  }
}

const bucketsOf = new WeakMap<Services, AddressBuckets>();

/** The address buckets of one service instance (one app, one Lambda instance). */
export function addressBuckets(services: Services): AddressBuckets {
  let buckets = bucketsOf.get(services);
  if (!buckets) {
    buckets = new AddressBuckets();
    bucketsOf.set(services, buckets);
  }
  return buckets;
}
