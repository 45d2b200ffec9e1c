import { AuthenticationError } from "../errors.js";
import type { Services } from "../services.js";
import { parseInput } from "../validation.js";
import { knownDevice, withDeviceToken } from "./device-tokens.js";
import { addressBuckets, countLoginAttempt } from "./login-throttle.js";
import { dummyHash, verifyPassword } from "./password.js";
import { loginAdmission, refuseWhilePasswordChecksFull, withPasswordCheck } from "./password-slots.js";
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
 * the address's in-memory bucket; the instance's admission limit on attempts in flight, with a lane
 * of its own for known browsers, and a full password-check queue (both 503 without a database
 * call); the attempt counted in DynamoDB before the password is checked; a slot of the bounded
 * password check (password-slots.ts; known browsers first); the check itself.
 */
export async function login(services: Services, input: unknown, client: LoginClient): Promise<LoginResult> {
  const { email, password } = parseInput(loginSchema, input, "Введите почту и пароль");
  const secret = services.config.sessionSecret;
  const at = services.now();
  const buckets = addressBuckets(services);
  buckets.take(client.address, Date.now());
  const device = knownDevice(secret, email, client.devices ?? [], at);
  const result = await loginAdmission(services).run(device !== undefined, async () => {
    if (!device) refuseWhilePasswordChecksFull();
    return admitted(services, { email, password, at }, client, device);
  });
  buckets.giveBack(client.address, Date.now());
  return result;
}

async function admitted(
  services: Services,
  { email, password, at }: { email: string; password: string; at: Date },
  client: LoginClient,
  device: string | undefined,
): Promise<LoginResult> {
  const secret = services.config.sessionSecret;
  const attempt = await countLoginAttempt(services, email, client.address, device);
  let account: Awaited<ReturnType<StaffRepository["findForLogin"]>>;
  let ok: boolean;
  try {
    ({ account, ok } = await withPasswordCheck(async () => {
      const found = await new StaffRepository(services).findForLogin(email);
      const matches = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
      return { account: found, ok: matches };
    }, device !== undefined));
  } catch (error) {
    await attempt.abandoned();
    throw error;
  }
  if (!account || !ok || !account.active) throw new AuthenticationError();
  await attempt.succeeded();
  const { passwordHash: _h, ...staff } = account;
  return { staff, devices: withDeviceToken(secret, email, client.devices ?? [], at) };
}
