import { join } from "node:path";
import { collegeOverview, groupDashboard } from "@soglasie/core/consent/dashboard";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { importRosterCsv } from "@soglasie/core/roster/import";
import type { Services } from "@soglasie/core/services";
import { createApp } from "@soglasie/functions/app";
import {
  collegeLinks,
  collegeRoster,
  rosterCsvOf,
  type StudentLink,
  staffBearer,
} from "../../test/support/college.js";
import { bundleServer, type ServerProcess, startServerProcess } from "../../test/support/http-server.js";
import { personalData } from "../../test/support/personal-data.js";
import type { BenchContext } from "../lib/context.js";
import { type LoadRequest, type LoadResult, loadRun, openLoadRun } from "../lib/load.js";
import { cpuDuring } from "../lib/proc.js";
import { type Metric, single, summarize, timeRuns } from "../lib/stats.js";

const STUDENTS = 2000;
const GROUP_SIZE = 25;
const IMPORT_RUNS = 3;
/** Closed model: [connections, requests], each connection sends its next request on an answer. */
const LOAD_RUNS: Array<[number, number]> = [
  [1, 150],
  [16, 800],
];
/** Open model: Poisson arrivals at this rate (req/s), at most 16 in flight. */
const OPEN_RATE = 10;
const OPEN_COUNT = 300;
/** The same closed 16-client run against a server whose V8 old space is capped (MB). */
const HEAP_CAP_MB = 128;
const HEAP_CAP_COUNT = 300;
const BREAKDOWN_RUNS = 60;
const DASHBOARD_RUNS = 60;
const SYSTEM = { type: "system", id: "bench" } as const;
const MB = 1024 * 1024;

/** Three answers in four are consents: each of them now two signed documents (with the personal-data consent). */
const decisionBody = (i: number) =>
  JSON.stringify(
    i % 4 === 3
      ? {
          decision: "refusal",
          parentName: "Волкова Наталья Сергеевна",
          relation: "мать",
          alternatives: ["diary", "parent_meetings"],
          studentAge: "minor",
          confirm: true,
          pepRulesAccepted: true,
        }
      : {
          decision: "consent",
          parentName: "Волкова Наталья Сергеевна",
          relation: "мать",
          studentAge: "minor",
          confirm: true,
          pepRulesAccepted: true,
          personalData: personalData(),
        },
  );

const submission = (link: StudentLink, i: number): LoadRequest => ({
  method: "POST",
  path: `/api/consent/${link.token}`,
  headers: { "content-type": "application/json", "user-agent": "bench (autocannon)" },
  body: decisionBody(i),
});

const round1 = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number | undefined) => round1((bytes ?? Number.NaN) / MB);

/** Samples the server's RSS every 100 ms while `fn` runs. */
async function sampled<T>(
  server: ServerProcess,
  fn: () => Promise<T>,
): Promise<{ value: T; samples: number[] }> {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const m = server.memory();
    if (m) samples.push(m.rss / MB);
  }, 100);
  try {
    return { value: await fn(), samples };
  } finally {
    clearInterval(timer);
  }
}

async function importRuns(ctx: BenchContext, csv: Uint8Array): Promise<Metric> {
  const importMs: number[] = [];
  const cpu = { self: 0, dynamodb: 0 };
  for (let run = 0; run < IMPORT_RUNS; run++) {
    const services = await ctx.freshServices(`roster-${run}`);
    const t0 = performance.now();
    const { value: result, cpu: used } = await cpuDuring({ dynamodb: ctx.dynamoPid }, () =>
      importRosterCsv(services, csv, SYSTEM, { createGroups: true }),
    );
    importMs.push(performance.now() - t0);
    cpu.self += used.self ?? 0;
    cpu.dynamodb += used.dynamodb ?? 0;
    if (result.imported !== STUDENTS || result.rejected.length > 0)
      throw new Error(
        `roster import: ${JSON.stringify({ ...result, rejected: result.rejected.slice(0, 3) })}`,
      );
  }
  return summarize(
    "roster_import_2000",
    "ms",
    importMs,
    `in process, empty table each run: 2 000 students + requests + links, 80 groups; CPU per run: importer ${Math.round(cpu.self / IMPORT_RUNS)} ms, DynamoDB Local ${Math.round(cpu.dynamodb / IMPORT_RUNS)} ms; target ≤ 5 000`,
  );
}

/**
 * Where a submission's time goes, in this process without HTTP: every SDK call is timed by a
 * middleware on a second set of services over the same stores (sequential, so nothing queues).
 */
async function breakdown(services: Services, links: StudentLink[]): Promise<Metric[]> {
  const per = new Map<string, number>();
  const calls = new Map<string, number>();
  for (const client of [services.clients.db, services.clients.s3] as Array<{
    middlewareStack: { add: (mw: unknown, opts: unknown) => void };
  }>) {
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
        const t0 = performance.now();
        try {
          return await next(args);
        } finally {
          per.set(context.commandName, (per.get(context.commandName) ?? 0) + performance.now() - t0);
          calls.set(context.commandName, (calls.get(context.commandName) ?? 0) + 1);
        }
      },
      { step: "initialize", name: "benchTiming" },
    );
  }
  const app = createApp(services);
  const totals: number[] = [];
  const reads: number[] = [];
  const puts: number[] = [];
  const tx: number[] = [];
  let readCalls = "";
  for (let i = 0; i < BREAKDOWN_RUNS; i++) {
    per.clear();
    calls.clear();
    const t0 = performance.now();
    const res = await app.request(`/api/consent/${links[i]!.token}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.1" },
      body: decisionBody(i),
    });
    await res.arrayBuffer();
    totals.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`in-process submission: ${res.status}`);
    reads.push((per.get("GetItemCommand") ?? 0) + (per.get("QueryCommand") ?? 0));
    puts.push(per.get("PutObjectCommand") ?? 0);
    tx.push(per.get("TransactWriteItemsCommand") ?? 0);
    readCalls = [...calls.entries()]
      .filter(([name]) => /^(GetItem|Query)Command$/.test(name))
      .map(([name, n]) => `${name.replace("Command", "")} ×${n}`)
      .join(", ");
  }
  return [
    summarize(
      "consent_submit_inproc_c1",
      "ms",
      totals,
      "app.request in the bench process (no HTTP; the stores in their own processes)",
    ),
    summarize("consent_submit_part_reads", "ms", reads, `DynamoDB reads per submission: ${readCalls}`),
    summarize("consent_submit_part_s3_put", "ms", puts, "PutObject of the signed PDF"),
    summarize(
      "consent_submit_part_transaction",
      "ms",
      tx,
      "TransactWriteItems (decision + document + stats + audit)",
    ),
  ];
}

/**
 * The parents' path end to end: a college of 2 000 students imported with links, then consent
 * submissions over real HTTP (autocannon, each request its own personal link) at 1 and 16
 * concurrent clients against the server in a child process (bundled, as deployed), the staff
 * dashboards of that college, and the server's memory throughout.
 */
export async function consentSuite(ctx: BenchContext): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const csv = new TextEncoder().encode(rosterCsvOf(collegeRoster(STUDENTS, GROUP_SIZE)));
  metrics.push(await importRuns(ctx, csv));

  const services = await ctx.freshServices("consent");
  const admin = await staffBearer(services, ["administrator"]);
  const bundle = await bundleServer(join(ctx.tmp, "server"));
  const server = await startServerProcess(services.config, join(ctx.tmp, "signing"), { bundle });
  const phases: string[] = [];
  let heapCapped: LoadRequest[] = [];
  const phase = (name: string) => phases.push(`${name} ${mb(server.memory()?.peak)}`);
  try {
    const idle = server.memory();
    let links: StudentLink[] = [];
    const { samples } = await sampled(server, async () => {
      // The same import over HTTP (the staff upload), into the table the server serves.
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/roster/import`, {
        method: "POST",
        headers: { ...admin.headers, "content-type": "text/csv" },
        body: csv,
      });
      const body = (await res.json()) as { imported?: number };
      if (res.status !== 200 || body.imported !== STUDENTS)
        throw new Error(`HTTP import: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      metrics.push(
        single("roster_import_2000_http", "ms", round1(performance.now() - t0), "POST /api/roster/import"),
      );
      phase("import");

      links = await collegeLinks(services);
      if (links.length !== STUDENTS) throw new Error(`expected ${STUDENTS} links, got ${links.length}`);
      const requests = links.map(submission);
      let offset = 0;
      const take = (n: number) => {
        offset += n;
        return requests.slice(offset - n, offset);
      };
      const cpuNote = (cpu: Record<string, number>, count: number) => {
        const perReq = (k: string) => round1((cpu[k] ?? Number.NaN) / count);
        return `CPU ms/request: server ${perReq("server")}, DynamoDB Local ${perReq("dynamodb")}, S3 server ${perReq("s3")}, load generator ${perReq("self")}`;
      };
      const pids = { server: server.pid, dynamodb: ctx.dynamoPid, s3: ctx.s3Pid };
      for (const [connections, count] of LOAD_RUNS) {
        const { value: run, cpu } = await cpuDuring(pids, () =>
          loadRun(server.url, take(count + connections), { connections, count }),
        );
        const name = `consent_submit_http_c${connections}`;
        checkRun(name, run);
        metrics.push(
          summarize(
            name,
            "ms",
            run.latencies,
            `${run.throughput.toFixed(1)} req/s; ${cpuNote(cpu, count)}; target median ≤ 60${connections === 16 ? ", p95 ≤ 200" : ""}`,
          ),
        );
        phase(name);
      }
      const { value: open, cpu } = await cpuDuring(pids, () =>
        openLoadRun(server.url, take(OPEN_COUNT), { rate: OPEN_RATE, count: OPEN_COUNT, maxInFlight: 16 }),
      );
      checkRun("consent_submit_http_open", open);
      metrics.push(
        summarize(
          `consent_submit_http_open_${OPEN_RATE}rps`,
          "ms",
          open.latencies,
          `Poisson arrivals at ${OPEN_RATE}/s, ≤ 16 in flight (max seen ${open.maxConcurrent}); ${open.throughput.toFixed(1)} req/s; ${cpuNote(cpu, OPEN_COUNT)}`,
        ),
      );
      phase("open");
      heapCapped = take(HEAP_CAP_COUNT + 16);

      // Staff views of the college over HTTP, and the core queries behind them.
      const groups = await new GroupRepository(services).list();
      const groupMs = await timeRuns(DASHBOARD_RUNS, async (i) => {
        const g = groups[Math.abs(i) % groups.length]!;
        const r = await fetch(`${server.url}/api/groups/${g.groupId}/consents`, { headers: admin.headers });
        if (r.status !== 200) throw new Error(`group dashboard: ${r.status}`);
        await r.arrayBuffer();
      });
      const collegeMs = await timeRuns(DASHBOARD_RUNS, async () => {
        const r = await fetch(`${server.url}/api/groups`, { headers: admin.headers });
        if (r.status !== 200) throw new Error(`college dashboard: ${r.status}`);
        await r.arrayBuffer();
      });
      const pageMs = await timeRuns(DASHBOARD_RUNS, async (i) => {
        const g = groups[Math.abs(i) % groups.length]!;
        const r = await fetch(`${server.url}/staff/consents/${g.groupId}`, { headers: admin.headers });
        if (r.status !== 200) throw new Error(`group page: ${r.status}`);
        await r.arrayBuffer();
      });
      const collegePageMs = await timeRuns(DASHBOARD_RUNS, async () => {
        const r = await fetch(`${server.url}/staff/consents`, { headers: admin.headers });
        if (r.status !== 200) throw new Error(`college page: ${r.status}`);
        await r.arrayBuffer();
      });
      phase("dashboards");
      metrics.push(
        summarize(
          "dashboard_group",
          "ms",
          groupMs,
          `GET /api/groups/:id/consents, ${GROUP_SIZE} students; target ≤ 100`,
        ),
        summarize(
          "dashboard_college",
          "ms",
          collegeMs,
          `GET /api/groups, ${groups.length} groups; target ≤ 100`,
        ),
        summarize("dashboard_group_page", "ms", pageMs, "GET /staff/consents/:id (HTML)"),
        summarize("dashboard_college_page", "ms", collegePageMs, "GET /staff/consents (HTML)"),
        summarize(
          "dashboard_group_core",
          "ms",
          await timeRuns(DASHBOARD_RUNS, (i) =>
            groupDashboard(services, groups[Math.abs(i) % groups.length]!),
          ),
          "groupDashboard() in process: one partition query",
        ),
        summarize(
          "dashboard_college_core",
          "ms",
          await timeRuns(DASHBOARD_RUNS, () => collegeOverview(services, () => true)),
          "collegeOverview() in process: one partition query",
        ),
      );
    });
    const end = server.memory();
    metrics.push(
      summarize(
        "server_rss_during_load",
        "MB",
        samples,
        `sampled every 100 ms from import to dashboards; idle after warm-up ${mb(idle?.rss)} MB`,
      ),
      single(
        "server_peak_rss",
        "MB",
        mb(end?.peak),
        `VmHWM; target ≤ 300; high-water mark after each phase: ${phases.join(", ")}`,
      ),
    );
    metrics.push(...(await breakdown(services, links.slice(-BREAKDOWN_RUNS))));
  } finally {
    await server.stop();
  }
  metrics.push(...(await cappedHeapRun(ctx, services, bundle, heapCapped)));
  return metrics;
}

/**
 * The same 16-client load against a server started with a capped V8 old space: shows how much of
 * the peak RSS is live data and how much is V8 growing its heap because memory is there to take.
 */
async function cappedHeapRun(
  ctx: BenchContext,
  services: Services,
  bundle: string,
  requests: LoadRequest[],
): Promise<Metric[]> {
  const server = await startServerProcess(services.config, join(ctx.tmp, "signing"), {
    bundle,
    nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`],
  });
  try {
    const run = await loadRun(server.url, requests, { connections: 16, count: HEAP_CAP_COUNT });
    checkRun("heap-capped run", run);
    return [
      summarize(
        `consent_submit_http_c16_heap${HEAP_CAP_MB}`,
        "ms",
        run.latencies,
        `${run.throughput.toFixed(1)} req/s; server with --max-old-space-size=${HEAP_CAP_MB}`,
      ),
      single(
        `server_peak_rss_heap${HEAP_CAP_MB}`,
        "MB",
        mb(server.memory()?.peak),
        `VmHWM of that server (16 concurrent clients, ${HEAP_CAP_COUNT} submissions)`,
      ),
    ];
  } finally {
    await server.stop();
  }
}

function checkRun(name: string, run: LoadResult) {
  const failed = [...run.statuses.values()].filter((s) => s !== 201).length + run.errors;
  if (failed > 0)
    throw new Error(`${name}: ${failed} requests failed (${[...new Set(run.statuses.values())]})`);
}
