import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { localDate } from "@soglasie/core/clock";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { signSession } from "@soglasie/functions/http/session";
import { bundleEntry, type FunctionName, LAMBDA_FUNCTIONS } from "@soglasie/functions/lambda/manifest";
import { BUNDLE_TARGET_BYTES, buildFunctions } from "../../scripts/build.js";
import {
  apiEvent,
  type EventInput,
  invokeBundle,
  type LinkValues,
  lambdaEnv,
  signingPems,
  writeResourceFile,
} from "../../test/lambda/support.js";
import type { BenchContext } from "../lib/context.js";
import { type Metric, single, summarize } from "../lib/stats.js";

const RUNS = 7;
const SYSTEM = { type: "system", id: "bench" } as const;

/**
 * The deployed path: `npm run build` bundle sizes, and cold initialisation of each function in a
 * fresh Node process (import the bundle, build the services, answer one request), the way a new
 * Lambda container starts. Also the first signed document of a fresh process, and a warm one.
 */
export async function lambdaSuite(ctx: BenchContext): Promise<Metric[]> {
  const out = join(ctx.tmp, "bundles");
  const built = await buildFunctions({ out });
  const metrics: Metric[] = built.map((b) =>
    single(
      `bundle_size_${bundleEntry(b.name)}`,
      "KB",
      Math.round(b.bundleBytes / 1024),
      `target ≤ ${BUNDLE_TARGET_BYTES / 1024} KB; + ${Math.round(b.assetBytes / 1024)} KB fonts/templates`,
    ),
  );

  const services = await ctx.freshServices("lambda");
  const { keyPem, certPem } = signingPems(services.config.org);
  const links: LinkValues = {
    table: services.config.tableName,
    bucket: services.config.bucketName,
    sessionSecret: randomBytes(32).toString("hex"),
    certPem,
    keyPem,
  };
  const repo = new StaffRepository(services);
  const person = (n: string, roles: ["director"] | []) =>
    repo.create(
      {
        email: `${n}-${Date.now()}@bench.local`,
        fullName: n === "director" ? "Иванова Светлана Петровна" : "Кузнецов Игорь Сергеевич",
        position: n === "director" ? "Директор" : "Преподаватель",
        pedagogical: true,
        roles,
        password: "bench-password-2026",
      },
      SYSTEM,
    );
  const director: StaffMember = await person("director", ["director"]);
  const teacher: StaffMember = await person("teacher", []);
  const auth = {
    authorization: `Bearer ${signSession(links.sessionSecret, { s: director.staffId, o: services.config.orgId, v: director.sessionVersion }, new Date())}`,
  };

  const runFresh = (name: FunctionName, inputs: EventInput[]) => {
    const dir = join(out, LAMBDA_FUNCTIONS[name].entry);
    const env = {
      ...lambdaEnv({ dynamodbEndpoint: ctx.dynamodbEndpoint, s3Endpoint: ctx.s3Endpoint }, name),
      ...writeResourceFile(dir, { ...links, keyPem: LAMBDA_FUNCTIONS[name].signs ? keyPem : undefined }),
    };
    return invokeBundle(
      dir,
      inputs.map((i) => apiEvent(i).event),
      env,
    );
  };

  const firstRequests: Record<FunctionName, EventInput> = {
    authVerify: { path: "/health" },
    consent: { path: "/api/groups", headers: auth },
    council: { path: "/api/regulations", headers: auth },
    orders: { path: "/api/orders", headers: auth },
  };
  for (const name of Object.keys(firstRequests) as FunctionName[]) {
    const cold: number[] = [];
    const load: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const { results, timings } = await runFresh(name, [firstRequests[name]]);
      wall.push(performance.now() - t0);
      if ((results[0]?.statusCode ?? 500) >= 400)
        throw new Error(`${name}: status ${results[0]?.statusCode}`);
      cold.push(timings.coldMs);
      load.push(timings.loadMs);
    }
    const entry = LAMBDA_FUNCTIONS[name].entry;
    metrics.push(
      summarize(
        `cold_init_${entry}`,
        "ms",
        cold,
        `load + ${firstRequests[name].path}; target ≤ 300 ms; with node start ${Math.round(median(wall))} ms`,
      ),
      summarize(`lambda_load_${entry}`, "ms", load, "import of the bundle alone"),
    );
  }

  // A signed order in a fresh process, then a second one in the same (now warm) process.
  const today = localDate(new Date(), services.config.timeZone);
  const appoint: EventInput = {
    method: "POST",
    path: "/api/orders/administrator-appointments",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify({ staffId: teacher.staffId, effectiveFrom: today }),
  };
  const first: number[] = [];
  const init: number[] = [];
  const firstRequest: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { results, timings } = await runFresh("orders", [appoint, appoint]);
    if (results.some((r) => r.statusCode !== 201))
      throw new Error(`orders: ${results.map((r) => r.statusCode)}`);
    first.push(timings.coldMs);
    // The entry's top-level await builds the services and signs one document (issue 18): the import
    // of the bundle is Lambda's initialisation, the first request comes after it.
    init.push(timings.loadMs);
    firstRequest.push(timings.requestMs[0] ?? Number.NaN);
    warm.push(timings.requestMs[1] ?? Number.NaN);
  }
  metrics.push(
    summarize(
      "cold_init_first_document",
      "ms",
      first,
      "initialisation + POST administrator appointment (render, sign, S3, transaction); target ≤ 350 ms",
    ),
  );
  metrics.push(
    summarize(
      "lambda_init_orders",
      "ms",
      init,
      "initialisation: import, services, one document rendered and signed (top-level await)",
    ),
    summarize(
      "lambda_first_document_request",
      "ms",
      firstRequest,
      "the first request after it (render, sign, S3 put, transaction)",
    ),
  );
  metrics.push(summarize("lambda_warm_document", "ms", warm, "second order in the same process"));
  return metrics;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
