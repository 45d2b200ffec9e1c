import { orgPk } from "@soglasie/core/storage/table";
import type { BenchContext } from "../lib/context.js";
import { type Metric, runConcurrent, summarize } from "../lib/stats.js";

/** State change + audit event in one DynamoDB transaction, the floor under every workflow write. */
export async function auditChainSuite(ctx: BenchContext): Promise<Metric[]> {
  const services = await ctx.freshServices("chain");
  const actor = { type: "system", id: "bench" } as const;
  const out: Metric[] = [];
  for (const concurrency of [1, 16]) {
    const total = concurrency === 1 ? 200 : 800;
    const { latencies, wallMs } = await runConcurrent(total, concurrency, (i) =>
      services.db.transact(
        [
          {
            put: { pk: orgPk(services.config.orgId, "BENCH"), sk: `${concurrency}#${i}` },
            condition: "attribute_not_exists(pk)",
          },
        ],
        [{ actor, action: "bench.write", entityType: "bench", entityId: String(i) }],
      ),
    );
    out.push(
      summarize(
        `audit_transact_c${concurrency}`,
        "ms",
        latencies,
        `${Math.round((total / wallMs) * 1000)} writes/s`,
      ),
    );
  }
  return out;
}
