/**
 * `npm run deploy -- --stage staging|production`: builds the bundles and runs `sst deploy` with
 * them. Needs AWS credentials, the internet (SST downloads its providers on first use) and the
 * stage's secrets set (docs/deploy.md). It cannot work on the offline build machine.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { buildFunctions } from "./build.js";

const { values } = parseArgs({ options: { stage: { type: "string" } }, allowPositionals: true });
if (!values.stage) {
  console.error("Usage: npm run deploy -- --stage staging|production   (see docs/deploy.md)");
  process.exit(2);
}
console.log(`Deploying stage "${values.stage}" to AWS with SST (needs AWS credentials and internet access).`);
await buildFunctions({ log: (line) => console.log(line) });
const result = spawnSync("npx", ["sst", "deploy", "--stage", values.stage], {
  stdio: "inherit",
  env: { ...process.env, SST_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
