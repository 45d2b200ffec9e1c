import cliProgress from "cli-progress";

/** A progress bar on stderr (stdout stays clean for piping CSV); silent when stderr is not a terminal. */
export function progressBar(total: number, label: string) {
  if (!process.stderr.isTTY) {
    return { tick: (_n = 1) => undefined, stop: () => undefined };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (n = 1) => bar.increment(n), stop: () => bar.stop() };
}
