import { loadavg } from "node:os";
import { sendInvitations } from "@soglasie/core/messages/invitations";
import { listGroupMessages } from "@soglasie/core/messages/outbox";
import { providersFor } from "@soglasie/core/messages/providers/index";
import { runSender } from "@soglasie/core/messages/sender";
import type { ParsedRow } from "@soglasie/core/roster/csv";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRoster } from "@soglasie/core/roster/import";
import { startSesLocal } from "../../packages/local/src/stores/ses-local.js";
import { collegeRoster } from "../../test/support/college.js";
import type { BenchContext } from "../lib/context.js";
import { type Metric, single, summarize } from "../lib/stats.js";

/**
 * Issue 16: queue the invitations of a college of 2 000 students with e-mails (target ≤ 3 s), then
 * one sweep sending those 2 000 e-mails to the local SES v2 emulator, with the throughput. The
 * sweep runs at a pace of 1 000/s here so the figure is the service's, not a provider quota's.
 */
const STUDENTS = 2000;
const RUNS = 2;
const SYSTEM = { type: "system", id: "bench" } as const;

async function rawReasons(services: Awaited<ReturnType<BenchContext["freshServices"]>>): Promise<string[]> {
  const groups = await new GroupRepository(services).list();
  const out: string[] = [];
  for (const g of groups)
    for (const m of await listGroupMessages(services, g.groupId))
      if (m.status === "queued" && m.reason) out.push(m.reason);
  return out;
}

export async function messagesSuite(ctx: BenchContext): Promise<Metric[]> {
  const ses = await startSesLocal();
  const queueMs: number[] = [];
  const sweepMs: number[] = [];
  let note = "";
  try {
    for (let run = 0; run < RUNS; run++) {
      const services = await ctx.freshServices(`messages-${run}`, {});
      Object.assign(services.config.messages, {
        sesEndpoint: ses.endpoint,
        emailRatePerSecond: 1000,
        // Quiet hours off: the figure must not depend on the hour the bench runs at.
        quietFromHour: 0,
        quietToHour: 0,
      });
      const rows: ParsedRow[] = collegeRoster(STUDENTS).map((r, i) => ({
        row: i + 2,
        values: { group: r.group, student: r.student, parent: r.parent, email: `p${i}.r${run}@bench.local` },
      }));
      await importRoster(services, rows, SYSTEM, { createGroups: true });
      const groups = await new GroupRepository(services).list();
      const providers = providersFor(services.config);

      let t0 = performance.now();
      const queue = [...groups];
      let queued = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let g = queue.shift(); g; g = queue.shift()) {
            const out = await sendInvitations(services, { group: g, actor: SYSTEM, providers });
            queued += out.filter((o) => o.result === "queued").length;
          }
        }),
      );
      queueMs.push(performance.now() - t0);
      if (queued !== STUDENTS) throw new Error(`queued ${queued} of ${STUDENTS}`);

      t0 = performance.now();
      const result = await runSender(services, { limit: STUDENTS, concurrency: 32 });
      const ms = performance.now() - t0;
      sweepMs.push(ms);
      // A temporary refusal is put back for a later sweep (retried): counted, not hidden.
      if (result.sent + result.retried !== STUDENTS || result.failed > 0)
        throw new Error(`sweep: ${JSON.stringify(result)}`);
      const reasons = result.retried
        ? [...new Set((await rawReasons(services)).filter(Boolean))].join("; ")
        : "";
      note = `${Math.round((result.sent / ms) * 1000)} e-mails/s, sent ${result.sent}, retried later ${result.retried}${reasons ? ` (${reasons})` : ""}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`;
    }
  } finally {
    await ses.stop();
  }
  const queueNote = `${STUDENTS} students in ${Math.round(STUDENTS / 25)} groups; target ≤ 3000 ms`;
  return [
    summarize("messages: queue 2 000 invitations", "ms", queueMs, queueNote),
    summarize("messages: one sweep, 2 000 e-mails to the SES emulator", "ms", sweepMs, note),
    single(
      "messages: sweep throughput (median run)",
      "msg/s",
      Math.round((STUDENTS / [...sweepMs].sort((a, b) => a - b)[0]!) * 1000),
    ),
  ];
}
