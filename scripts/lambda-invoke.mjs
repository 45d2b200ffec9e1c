#!/usr/bin/env node
/**
 * Invokes a built Lambda bundle in this (fresh) process, the way the Lambda runtime does: import
 * `index.mjs`, call `handler(event, context)` for each event, print the results and timings as JSON.
 *
 *   node scripts/lambda-invoke.mjs dist/functions/auth-verify events.json
 *   echo '[{...API Gateway v2 event...}]' | node scripts/lambda-invoke.mjs dist/functions/auth-verify -
 *
 * The working directory becomes the bundle folder (Lambda's /var/task), so SST's SST_KEY_FILE
 * (resource.enc beside the code) resolves as in AWS. Used by test/lambda and bench/suites/lambda.ts.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const started = performance.now();
const [dirArg, eventsArg = "-"] = process.argv.slice(2);
if (!dirArg) {
  console.error("usage: node scripts/lambda-invoke.mjs <bundle dir> [events.json | -]");
  process.exit(2);
}
const dir = resolve(dirArg);
const parsed = JSON.parse(readFileSync(eventsArg === "-" ? 0 : resolve(eventsArg), "utf8"));
const events = Array.isArray(parsed) ? parsed : [parsed];
process.chdir(dir);
// The function's own log lines (Lambda sends stdout and stderr to CloudWatch alike) go to stderr,
// so stdout carries only the results below.
console.log = (...args) => console.error(...args);
console.info = console.log;

const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "local",
  functionVersion: "$LATEST",
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  memoryLimitInMB: "1024",
  getRemainingTimeInMillis: () => 30_000,
};

const { handler } = await import(pathToFileURL(join(dir, "index.mjs")).href);
const loadedAt = performance.now();
const results = [];
const requestMs = [];
for (const event of events) {
  const t = performance.now();
  results.push(await handler(event, context));
  requestMs.push(performance.now() - t);
}
process.stdout.write(
  JSON.stringify({
    results,
    timings: { loadMs: loadedAt - started, requestMs, coldMs: loadedAt - started + (requestMs[0] ?? 0) },
  }),
);
