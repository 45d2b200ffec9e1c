import { describeSweep, runSender } from "@soglasie/core/messages/sender";
import type { Services } from "@soglasie/core/services";

/**
 * The message sender on a timer inside `npm start` (on AWS the `messagesSweep` Cron runs the same
 * sweep): every `intervalMs`, never two runs at once, reporting only runs that did something.
 */
export function startMessageSender(
  services: Services,
  opts: { intervalMs: number; log(line: string): void },
): { stop(): void; runs(): number } {
  let runs = 0;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runSender(services, { maxDurationMs: Math.max(5_000, opts.intervalMs - 1_000) });
      if (r.due > 0) opts.log(`Сообщения: ${describeSweep(r)}.`);
    } catch (error) {
      opts.log(
        `Отправка сообщений не удалась, повторю позже: ${String((error as Error).message).split("\n")[0]}`,
      );
    } finally {
      runs++;
      running = false;
    }
  };
  const timer = setInterval(run, opts.intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
    runs: () => runs,
  };
}
