import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { issueOrder } from "@soglasie/core/orders/issue-order";
import type { BenchContext } from "../lib/context.js";
import { type Metric, runConcurrent, single, summarize } from "../lib/stats.js";

const ORDERS = 50;
const RUNS = 2;
const DIRECTOR = { type: "staff", id: "bench-director", role: "director" } as const;

/**
 * 50 orders issued at once: each needs the next gap-free number of its year, a signed two-page PDF
 * that prints that number, and one transaction with the counter. Latency is per order from the
 * moment all 50 were requested; each run numbers a year of its own from 1.
 */
export async function ordersSuite(ctx: BenchContext): Promise<Metric[]> {
  const services = await ctx.freshServices("orders");
  const latencies: number[] = [];
  const walls: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const date = `${2030 + run}-03-10`;
    const { latencies: ms, wallMs } = await runConcurrent(ORDERS, ORDERS, async () => {
      const order = await issueOrder(services, {
        kind: "approve-regulation",
        documentType: "order-approve-regulation",
        title: "Об утверждении Положения об использовании ИКОП «Сферум»",
        date,
        actor: DIRECTOR,
        owner: { type: "regulation", id: `bench-${run}` },
        buildData: () => DEMO_DATA["order-approve-regulation"],
      });
      return order;
    });
    // Run 0 warms the process up (first documents, DynamoDB Local's JIT) and is not reported.
    if (run === 0) continue;
    latencies.push(...ms);
    walls.push(wallMs);
  }
  const wall = walls.reduce((a, b) => a + b, 0) / walls.length;
  return [
    summarize(
      "order_number_contention",
      "ms",
      latencies,
      `${ORDERS} concurrent orders per run, latency from submission; numbers 1..${ORDERS} gap-free`,
    ),
    single(
      "order_number_contention_total",
      "ms",
      Math.round(wall),
      `${((ORDERS / wall) * 1000).toFixed(1)} orders/s`,
    ),
  ];
}
