import autocannon from "autocannon";

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Milliseconds per answered request (autocannon's own measurement). */
  latencies: number[];
  /** Status code of each answered request, by index into `requests`. */
  statuses: Map<number, number>;
  /** Requests that got no answer (connection errors, timeouts). */
  errors: number;
  wallMs: number;
  /** Answered requests per second over the whole run. */
  throughput: number;
}

/**
 * Sends `requests` (each exactly once, in order, `count` of them) over `connections` keep-alive
 * connections with autocannon: every request can carry its own path and body (per-request tokens).
 * `requests` must hold at least `count + connections` entries: autocannon prepares each
 * connection's next request before it knows the run is over.
 */
export async function loadRun(
  url: string,
  requests: LoadRequest[],
  opts: { connections: number; count: number; rate?: number },
): Promise<LoadResult> {
  if (requests.length < opts.count + opts.connections)
    throw new Error(`loadRun needs ${opts.count + opts.connections} requests, got ${requests.length}`);
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const t0 = performance.now();
  const instance = autocannon({
    url,
    connections: opts.connections,
    amount: opts.count,
    timeout: 60,
    // An offered rate (open model); autocannon then corrects latencies for coordinated omission.
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          const i = next++;
          const r = requests[i]!;
          context.index = i;
          return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
          statuses.set(context.index as number, status);
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = (await instance) as { errors: number; timeouts: number };
  const wallMs = performance.now() - t0;
  return {
    latencies,
    statuses,
    errors: result.errors + result.timeouts,
    wallMs,
    throughput: (latencies.length / wallMs) * 1000,
  };
}

/**
 * An open model: requests arrive at random (Poisson) at `rate` per second whatever the server is
 * doing, the way parents' submissions arrive in an evening; at most `maxInFlight` wait at once.
 * Latency is measured from each request's arrival, so time spent waiting for a free slot counts.
 */
export async function openLoadRun(
  url: string,
  requests: LoadRequest[],
  opts: { rate: number; count: number; maxInFlight: number },
): Promise<LoadResult & { maxConcurrent: number }> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let inFlight = 0;
  let maxConcurrent = 0;
  const slots: Array<() => void> = [];
  const acquire = () =>
    inFlight < opts.maxInFlight ? Promise.resolve() : new Promise<void>((resolve) => slots.push(resolve));
  const t0 = performance.now();
  let at = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < opts.count; i++) {
    at += (-Math.log(1 - Math.random()) / opts.rate) * 1000;
    const wait = t0 + at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const arrived = performance.now();
    const r = requests[i]!;
    pending.push(
      (async () => {
        await acquire();
        inFlight++;
        maxConcurrent = Math.max(maxConcurrent, inFlight);
        try {
          const res = await fetch(`${url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
          await res.arrayBuffer();
          statuses.set(i, res.status);
          latencies.push(performance.now() - arrived);
        } catch {
          errors++;
        } finally {
          inFlight--;
          slots.shift()?.();
        }
      })(),
    );
  }
  await Promise.all(pending);
  const wallMs = performance.now() - t0;
  return {
    latencies,
    statuses,
    errors,
    wallMs,
    throughput: (latencies.length / wallMs) * 1000,
    maxConcurrent,
  };
}
