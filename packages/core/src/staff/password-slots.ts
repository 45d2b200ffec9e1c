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

  /** Every slot busy and the queue full: run() would refuse at once. */
  get full(): boolean {
    return this.active >= this.max && this.queue.length >= this.maxWaiting;
  }

  async run<T>(fn: () => Promise<T>, busy: () => Error): Promise<T> {
    if (this.active >= this.max) {
      if (this.queue.length >= this.maxWaiting) throw busy();
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
        this.queue.push(wake);
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

export const withPasswordCheck = <T>(fn: () => Promise<T>): Promise<T> => passwordChecks.run(fn, busy);

/**
 * Refuses an attempt at once while the checks are saturated, before it is counted in DynamoDB: a
 * flood from many addresses (which the per-address buckets do not stop) would otherwise cost a
 * conditional write each and take DynamoDB from everyone else, only to be refused by the queue.
 */
export function refuseWhilePasswordChecksFull(): void {
  if (passwordChecks.full) throw busy();
}
