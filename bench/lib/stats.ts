/** One line of `npm run bench` output. */
export interface Metric {
  name: string;
  unit: string;
  n: number;
  median: number;
  p95: number;
  max: number;
  /** Optional extra figures (throughput, ratio, target) shown in the table. */
  note?: string;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(name: string, unit: string, samples: number[], note?: string): Metric {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name,
    unit,
    n: sorted.length,
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    ...(note ? { note } : {}),
  };
}

/** A single figure (sizes, counts) as a metric with n = 1. */
export const single = (name: string, unit: string, value: number, note?: string): Metric =>
  summarize(name, unit, [value], note);

/** Times `fn` `n` times after `warmup` runs; returns milliseconds per run. */
export async function timeRuns(
  n: number,
  fn: (i: number) => Promise<unknown> | unknown,
  warmup = 3,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Runs `total` calls of `fn` with `concurrency` workers; returns per-call latencies and wall time. */
export async function runConcurrent(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const a = performance.now();
        await fn(i);
        latencies.push(performance.now() - a);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}
