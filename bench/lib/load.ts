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
