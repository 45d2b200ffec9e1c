import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { Worker } from "node:worker_threads";
import { PASSWORD_CHECK_SLOTS } from "./password-slots.js";

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * The nice value of the hashing threads. scrypt takes ~100 ms of a core per check; at the same
 * priority as the event loop, a flood of sign-ins (even bounded to one check per core but one)
 * keeps a core busy that parents' pages and the stores compete for. At nice 10 the kernel gives
 * the hash about a tenth of a contended core and all of an idle one: sign-ins get slower, not the
 * rest of the service. (Linux keeps nice per thread, so only the worker's thread is lowered.)
 */
export const HASH_NICE = 10;

/** The worker's code, run as a script (eval), so bundling needs no separate entry. */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try { require("node:os").setPriority(${HASH_NICE}); } catch {}
parentPort.on("message", ({ password, salt, keyLength, options }) => {
  try {
    parentPort.postMessage({ key: scryptSync(password, salt, keyLength, options) });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});`;

interface Job {
  password: string;
  salt: Buffer;
  options: ScryptOptions;
  resolve(key: Buffer): void;
  reject(error: unknown): void;
}

/**
 * Hashing threads at a lower priority, up to `size` of them (password-slots.ts bounds how many
 * checks run at once; further hashes queue here). Idle workers do not keep the process alive. Where a worker cannot start, scrypt runs in the libuv pool as before.
 */
class HashWorkers {
  private readonly idle: Worker[] = [];
  private readonly jobs: Job[] = [];
  private started = 0;
  private unavailable = false;

  constructor(readonly size: number) {}

  derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
    if (this.unavailable) return libuvScrypt(password, salt, options);
    return new Promise((resolve, reject) => {
      this.jobs.push({ password, salt, options, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.jobs.length > 0) {
      const worker = this.idle.pop() ?? this.start();
      if (!worker) return;
      this.runOn(worker, this.jobs.shift()!);
    }
  }

  private start(): Worker | undefined {
    if (this.started >= this.size) return undefined;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      this.started++;
      worker.unref();
      return worker;
    } catch {
      this.unavailable = true;
      for (const job of this.jobs.splice(0))
        libuvScrypt(job.password, job.salt, job.options).then(job.resolve, job.reject);
      return undefined;
    }
  }

  private runOn(worker: Worker, job: Job): void {
    // Referenced while it works: a CLI awaiting a hash must not exit under it.
    worker.ref();
    const done = (fn: () => void, healthy: boolean) => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      if (healthy) {
        worker.unref();
        this.idle.push(worker);
      } else {
        this.started--;
        void worker.terminate();
      }
      fn();
      this.pump();
    };
    const onMessage = (m: { key?: Uint8Array; error?: string }) =>
      done(
        () => (m.key ? job.resolve(Buffer.from(m.key)) : job.reject(new Error(m.error ?? "scrypt failed"))),
        true,
      );
    const onError = (error: unknown) => done(() => job.reject(error), false);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.postMessage({
      password: job.password,
      salt: job.salt,
      keyLength: KEY_LENGTH,
      options: job.options,
    });
  }
}

function libuvScrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

// One more than the check slots: account creation and resets need not wait behind sign-ins.
const hashWorkers = new HashWorkers(PASSWORD_CHECK_SLOTS + 1);

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return hashWorkers.derive(password.normalize("NFKC"), salt, options);
}

/** scrypt hash in a self-describing format, so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password, verified against when the email is unknown so timing reveals nothing. */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword(randomBytes(12).toString("hex"));
  return dummy;
};

/** At least 12 characters (OWASP ASVS 4.0.3, 2.1.1), up to 200, hashed whole (2.1.2, 2.1.3). */
export const passwordSchemaRules = { min: 12, max: 200 } as const;
