/**
 * `npx tsx scripts/system-packages.ts [test|start]`: checks the Debian packages the tests (default)
 * or `npm start` need, from the one list in packages/local/src/system/requirements.ts. Running as
 * root with apt-get it installs the missing ones (SOGLASIE_AUTO_INSTALL=0 turns that off); otherwise
 * it exits with code 1 and the command to run. .ci/run runs it; `npm test` does the same check itself.
 */
import { ensureSystemPackages, MissingSystemPackagesError } from "../packages/local/src/system/preflight.js";
import { type Need, requirementsFor } from "../packages/local/src/system/requirements.js";

const need = (process.argv[2] ?? "test") as Need;
if (need !== "test" && need !== "start") {
  console.error("usage: npx tsx scripts/system-packages.ts [test|start]");
  process.exit(2);
}
try {
  ensureSystemPackages(need);
  console.log(
    `System packages for ${need}: ${requirementsFor(need)
      .map((r) => r.debian)
      .join(", ")}, all present.`,
  );
} catch (error) {
  if (!(error instanceof MissingSystemPackagesError)) throw error;
  console.error(error.message);
  process.exit(1);
}
