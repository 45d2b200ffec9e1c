import { parseArgs } from "node:util";
import type { BenchContext } from "./lib/context.js";
import { openContext } from "./lib/context.js";
import type { Metric } from "./lib/stats.js";
import { auditChainSuite } from "./suites/audit-chain.js";
import { coldStartSuite } from "./suites/cold-start.js";
import { consentSuite } from "./suites/consent.js";
import { declensionSuite } from "./suites/declension.js";
import { lambdaSuite } from "./suites/lambda.js";
import { loginFloodSuite } from "./suites/login-flood.js";
import { messagesSuite } from "./suites/messages.js";
import { ordersSuite } from "./suites/orders.js";
import { renderSignSuite } from "./suites/render-sign.js";
import { studentsSuite } from "./suites/students.js";
import { timestampsSuite } from "./suites/timestamps.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

type Suite = (ctx: BenchContext) => Promise<Metric[]>;

/** Suites in the order they run; `--only name` picks some. */
const SUITES: Record<string, Suite> = {
  render: renderSignSuite,
  timestamps: timestampsSuite,
  audit: auditChainSuite,
  consent: consentSuite,
  flood: loginFloodSuite,
  orders: ordersSuite,
  declension: declensionSuite,
  cold: coldStartSuite,
  lambda: lambdaSuite,
  students: studentsSuite,
  messages: messagesSuite,
};

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, only: { type: "string" } },
});

function printTable(metrics: Metric[]) {
  const rows = metrics.map((m) => [
    m.name,
    m.unit,
    String(m.n),
    String(m.median),
    String(m.p95),
    String(m.max),
    m.note ?? "",
  ]);
  const head = ["metric", "unit", "n", "median", "p95", "max", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

async function main() {
  const selected = values.only ? values.only.split(",") : Object.keys(SUITES);
  const ctx = await openContext();
  const metrics: Metric[] = [];
  try {
    for (const name of selected) {
      const suite = SUITES[name];
      if (!suite) throw new Error(`Unknown suite ${name}; known: ${Object.keys(SUITES).join(", ")}`);
      if (!values.json) process.stderr.write(`running ${name}...\n`);
      for (const metric of await suite(ctx)) {
        metrics.push(metric);
        if (values.json) console.log(JSON.stringify(metric));
      }
    }
  } finally {
    await ctx.close();
  }
  if (!values.json) printTable(metrics);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
