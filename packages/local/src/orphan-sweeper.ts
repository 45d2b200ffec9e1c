import { DEFAULT_GRACE_SECONDS, sweepOrphanDocuments } from "@soglasie/core/documents/records/sweep";
import type { Services } from "@soglasie/core/services";

/**
 * The orphan sweep on a timer inside `npm start` (on AWS a scheduled function does the same):
 * the first run shortly after start-up (orphans left by an earlier crash), then every `intervalMs`.
 */
export function startOrphanSweeper(
  services: Services,
  opts: { intervalMs?: number; firstRunMs?: number; graceSeconds?: number; log(line: string): void },
): { stop(): void; runs(): number } {
  const intervalMs = opts.intervalMs ?? 3600_000;
  let runs = 0;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await sweepOrphanDocuments(services, {
        graceSeconds: opts.graceSeconds ?? DEFAULT_GRACE_SECONDS,
      });
      if (report.deleted.length > 0)
        opts.log(`Удалены осиротевшие PDF (ни одна запись на них не ссылается): ${report.deleted.length}.`);
    } catch (error) {
      opts.log(
        `Очистка осиротевших PDF не удалась, повторю позже: ${String((error as Error).message).split("\n")[0]}`,
      );
    } finally {
      runs++;
      running = false;
    }
  };
  const first = setTimeout(run, opts.firstRunMs ?? 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
    runs: () => runs,
  };
}
