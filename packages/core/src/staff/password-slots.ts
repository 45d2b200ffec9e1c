import { availableParallelism } from "node:os";
import { UnavailableError } from "../errors.js";

/**
 * A bound on concurrent password checks. scrypt (N=2^15) costs ~100 ms of a core and 32 MB; a flood
 * of sign-ins would otherwise take every core and the libuv pool, and parents' pages, health checks
 * and DynamoDB calls would queue behind it. Checks beyond the bound wait briefly in a short queue;
 * when the queue is full or the wait too long, the attempt gets 503 with Retry-After.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  /** The most checks that ever ran at once (the tests read it). */
  peak = 0;

  constructor(
    readonly max: number,
    readonly maxWaiting: number,
    readonly maxWaitMs: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /** Checks waiting for a slot (priority waiters may exceed maxWaiting). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Every slot busy and the queue full: run() would refuse at once. */
  get full(): boolean {
    return this.active >= this.max && this.queue.length >= this.maxWaiting;
  }

  /**
   * Runs `fn` in a slot. A `priority` waiter (a browser that signed in to the account before) goes
   * to the head of the queue and is not refused for a full queue: a flood from elsewhere must not
   * keep the owner waiting behind it (the number of such waiters is bounded by the login admission).
   */
  async run<T>(fn: () => Promise<T>, busy: () => Error, priority = false): Promise<T> {
    if (this.active >= this.max) {
      if (!priority && this.queue.length >= this.maxWaiting) throw busy();
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const at = this.queue.indexOf(wake);
          if (at >= 0) this.queue.splice(at, 1);
          reject(busy());
        }, this.maxWaitMs);
        if (priority) this.queue.unshift(wake);
        else this.queue.push(wake);
      });
    } else this.active++;
    // A woken waiter inherits the slot of the check that finished (active is not decremented then).
    this.peak = Math.max(this.peak, this.active);
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** One check per core but one, so the event loop and the stores keep a core; at least one. */
export const PASSWORD_CHECK_SLOTS = Math.max(1, availableParallelism() - 1);

/** Every password check of this process (a process-wide resource: CPU and the libuv pool). */
export const passwordChecks = new Semaphore(PASSWORD_CHECK_SLOTS, 32 * PASSWORD_CHECK_SLOTS, 5000);

export const BUSY_MESSAGE =
  "Сервис сейчас перегружен попытками входа. Повторите вход через несколько секунд.";

const busy = () => new UnavailableError(BUSY_MESSAGE, 5);

export const withPasswordCheck = <T>(fn: () => Promise<T>, priority = false): Promise<T> =>
  passwordChecks.run(fn, busy, priority);

/**
 * Refuses an attempt at once while the checks are saturated, before it is counted in DynamoDB: a
 * flood from many addresses (which the per-address buckets do not stop) would otherwise cost a
 * conditional write each and take DynamoDB from everyone else, only to be refused by the queue.
 */
export function refuseWhilePasswordChecksFull(): void {
  if (passwordChecks.full) throw busy();
}

/**
 * The global admission limit of sign-in: at most `max` attempts of one service instance (one
 * process) past the address bucket at once — counted in DynamoDB, waiting for or in the password
 * check. Beyond that an attempt gets 503 at once, before any database call: a flood from many
 * addresses (which no per-address limit stops) then costs DynamoDB at most the rate the password
 * check finishes attempts, not a conditional write per request, and parents' pages, which share the
 * CPU and the table, keep answering. No clock is involved: an attempt's place comes back when it
 * ends, so the rate admitted is what the check can serve. Browsers that signed in to the account
 * before (a valid signed device cookie, which a flood cannot forge) have a lane of their own.
 */
export class LoginAdmission {
  private readonly inFlight = { open: 0, known: 0 };

  constructor(
    /** Attempts from unknown browsers at once: enough to keep every password slot and its queue fed. */
    readonly max = Math.max(32, 8 * PASSWORD_CHECK_SLOTS),
    /** Attempts from known browsers (device cookie) at once, apart from the flood's. */
    readonly maxKnown = 8,
  ) {}

  get open(): number {
    return this.inFlight.open;
  }

  /** Runs one attempt in its lane, or throws 503 (UnavailableError) at once when the lane is full. */
  async run<T>(known: boolean, fn: () => Promise<T>): Promise<T> {
    const lane = known ? "known" : "open";
    if (this.inFlight[lane] >= (known ? this.maxKnown : this.max)) throw busy();
    this.inFlight[lane]++;
    try {
      return await fn();
    } finally {
      this.inFlight[lane]--;
    }
  }
}

const admissionOf = new WeakMap<object, LoginAdmission>();

/**
 * The admission limit of one service instance (one app, one Lambda instance, one `npm start`),
 * like the address buckets: in production a process runs one instance.
 */
export function loginAdmission(owner: object): LoginAdmission {
  let admission = admissionOf.get(owner);
  if (!admission) {
    admission = new LoginAdmission();
    admissionOf.set(owner, admission);
  }
  return admission;
}
