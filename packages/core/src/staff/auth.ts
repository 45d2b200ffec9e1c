import { AuthenticationError } from "../errors.js";
import type { Services } from "../services.js";
import { RateLimiter } from "../storage/rate-limit.js";
import { parseInput } from "../validation.js";
import { dummyHash, verifyPassword } from "./password.js";
import { loginSchema } from "./schemas.js";
import { type StaffMember, StaffRepository } from "./staff-repository.js";

const FAILURES_PER_EMAIL = 10;
const FAILURES_PER_CLIENT = 50;
const WINDOW_SECONDS = 15 * 60;

/** Email-and-password sign-in with brute-force limits per account and per client address. */
export async function login(services: Services, input: unknown, clientKey: string): Promise<StaffMember> {
  const limiter = new RateLimiter(services.db, services.now);
  const { email, password } = parseInput(loginSchema, input, "Введите почту и пароль");
  const [byEmail, byClient] = await Promise.all([
    limiter.peek("login-email", email, WINDOW_SECONDS),
    limiter.peek("login-client", clientKey, WINDOW_SECONDS),
  ]);
  if (byEmail >= FAILURES_PER_EMAIL || byClient >= FAILURES_PER_CLIENT) {
    // Count this attempt too, so the error carries the retry time.
    await limiter.hit("login-email", email, FAILURES_PER_EMAIL, WINDOW_SECONDS);
    await limiter.hit("login-client", clientKey, FAILURES_PER_CLIENT, WINDOW_SECONDS);
  }
  const account = await new StaffRepository(services).findForLogin(email);
  const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
  if (!account || !ok || !account.active) {
    await Promise.all([
      limiter.hit("login-email", email, Number.MAX_SAFE_INTEGER, WINDOW_SECONDS),
      limiter.hit("login-client", clientKey, Number.MAX_SAFE_INTEGER, WINDOW_SECONDS),
    ]);
    throw new AuthenticationError();
  }
  const { passwordHash: _h, ...staff } = account;
  return staff;
}
