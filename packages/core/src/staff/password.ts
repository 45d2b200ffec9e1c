import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt cost N = 2^15 (~100 ms of a core, 32 MB). `PASSWORD_SCRYPT_LOG2N` (12–20) changes it for new
 * hashes: the test suite sets 12 so its hundreds of sign-ins stay quick; nothing on AWS sets it. Stored
 * hashes carry their own parameters, so a hash made at one cost verifies at any setting.
 */
function scryptLog2N(): number {
  const raw = process.env.PASSWORD_SCRYPT_LOG2N;
  if (raw === undefined || raw === "") return 15;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 12 || value > 20)
    throw new Error(`PASSWORD_SCRYPT_LOG2N must be an integer from 12 to 20, got «${raw}»`);
  return value;
}

const PARAMS = { N: 2 ** scryptLog2N(), r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * scrypt runs in the libuv pool, off the event loop: a check never blocks other requests; how many
 * run at once is bounded by password-slots.ts (one per core but one), which leaves a core to the
 * event loop and the stores. (Hashing in a worker thread at nice 10 was tried and dropped: on a host
 * shared with other busy processes the checks slowed so much that sign-ins waited past the queue's
 * 5 s and got 503.)
 */

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
