import { AuthenticationError } from "../errors.js";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { knownDevice, withDeviceToken } from "./device-tokens.js";
import { addressBuckets, countLoginAttempt } from "./login-throttle.js";
import { dummyHash, verifyPassword } from "./password.js";
import { refuseWhilePasswordChecksFull, withPasswordCheck } from "./password-slots.js";
import { loginSchema } from "./schemas.js";
import { type StaffMember, StaffRepository } from "./staff-repository.js";

/** Who is signing in from where. */
export interface LoginClient {
  /** The client address (rate limits). */
  address: string;
  /** The browser's device tokens (its device cookie), if any. */
  devices?: string[];
}

export interface LoginResult {
  staff: StaffMember;
  /** The browser's device tokens to keep (its device cookie), with a fresh one for this account. */
  devices: string[];
}

/**
 * Email-and-password sign-in. In this order, cheapest first (login-throttle.ts has the policy):
 * the address's in-memory bucket; a full password-check queue (503 without a write); the attempt
 * counted in DynamoDB before the password is checked; a slot of the bounded password check
 * (password-slots.ts); the check itself.
 */
export async function login(services: Services, input: unknown, client: LoginClient): Promise<LoginResult> {
  const { email, password } = parseInput(loginSchema, input, "Введите почту и пароль");
  const secret = services.config.sessionSecret;
  const at = services.now();
  const buckets = addressBuckets(services);
  buckets.take(client.address, Date.now());
  refuseWhilePasswordChecksFull();
  const device = knownDevice(secret, email, client.devices ?? [], at);
  const attempt = await countLoginAttempt(services, email, client.address, device);
  let account: Awaited<ReturnType<StaffRepository["findForLogin"]>>;
  let ok: boolean;
  try {
    ({ account, ok } = await withPasswordCheck(async () => {
      const found = await new StaffRepository(services).findForLogin(email);
      const matches = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
      return { account: found, ok: matches };
    }));
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!account || !ok || !account.active) throw new AuthenticationError();
  await attempt.succeeded();
  buckets.giveBack(client.address, Date.now());
  const { passwordHash: _h, ...staff } = account;
  return { staff, devices: withDeviceToken(secret, email, client.devices ?? [], at) };
}
