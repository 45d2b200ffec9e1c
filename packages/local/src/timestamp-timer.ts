import { runTimestampJob } from "@soglasie/core/documents/timestamps/job";
import type { Services } from "@soglasie/core/services";

/**
 * The timestamp job on a timer inside `npm start` (on AWS the documentsTimestamp scheduled function
 * does the same): documents issued at B-B while no authority answered, and every B-T document, are
 * brought to B-LTA; B-LTA documents are re-timestamped when their last timestamp's certificate is
 * about to expire. The first run shortly after start-up, then every `intervalMs`.
 */
export function startTimestampTimer(
  services: Services,
  opts: { intervalMs?: number; firstRunMs?: number; log(line: string): void },
): { stop(): void; runs(): number } {
  let runs = 0;
  let running = false;
  const run = async () => {
    if (running || !services.tsa) return;
    running = true;
    try {
      const report = await runTimestampJob(services);
      if (report.upgraded.length > 0)
        opts.log(
          `Метки времени: документов доведено до B-LTA или переподписано меткой — ${report.upgraded.length}.`,
        );
      if (report.failed.length > 0)
        opts.log(
          `Метки времени: ${report.failed.length} док. оставлены до следующего запуска (${report.failed[0]?.reason}).`,
        );
    } catch (error) {
      opts.log(
        `Задача меток времени не выполнена, повторю позже: ${String((error as Error).message).split("\n")[0]}`,
      );
    } finally {
      runs++;
      running = false;
    }
  };
  const first = setTimeout(run, opts.firstRunMs ?? 20_000);
  const timer = setInterval(run, opts.intervalMs ?? 600_000);
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
