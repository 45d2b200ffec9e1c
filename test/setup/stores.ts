import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type { RunningDynamo } from "../../packages/local/src/stores/dynamodb-local.js";
import type { RunningS3 } from "../../packages/local/src/stores/s3-server.js";
import type { RunningSes } from "../../packages/local/src/stores/ses-local.js";
import type { RunningTsa } from "../../packages/local/src/stores/timestamp-authority.js";
import {
  ensureSystemPackages,
  MissingSystemPackagesError,
} from "../../packages/local/src/system/preflight.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    /** The SES v2 emulator (aws-ses-v2-local): the API and `GET /store` with the mail sent. */
    sesEndpoint: string;
    tmpRoot: string;
    /** The local RFC 3161 authority (openssl ts -reply) and its files (ca.pem, tsa.pem). */
    tsaUrl: string;
    tsaDir: string;
  }
}

// The SDK warns once per process that it will need Node 22 from 2027 (Lambda runs 22 already).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let dynamo: RunningDynamo | undefined;
let s3: RunningS3 | undefined;
let ses: RunningSes | undefined;
let root: string | undefined;
let tsa: RunningTsa | undefined;

/** Checks the system packages, then starts the real local stores once for the whole run. */
export async function setup(project: TestProject) {
  try {
    ensureSystemPackages("test");
  } catch (error) {
    if (!(error instanceof MissingSystemPackagesError)) throw error;
    // One message and stop, before any store starts or any test fails on a missing tool.
    console.error(`\n${error.message}`);
    process.exit(1);
  }
  // The tools print non-ASCII names per the locale (`unzip -Z1` writes «#U041f…» under "C"), and a
  // fresh machine or container often sets none. The test workers inherit this.
  if (!/utf-?8/i.test(process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || "")) {
    process.env.LC_ALL = "C.UTF-8";
  }
  // Loaded only now: the SDK and s3rver take seconds to load, the check above a fraction of one.
  const [{ startDynamoLocal }, { startS3Server }, { startSesLocal }, { startLocalTsa }] = await Promise.all([
    import("../../packages/local/src/stores/dynamodb-local.js"),
    import("../../packages/local/src/stores/s3-server.js"),
    import("../../packages/local/src/stores/ses-local.js"),
    import("../../packages/local/src/stores/timestamp-authority.js"),
  ]);
  root = mkdtempSync(join(tmpdir(), "soglasie-test-"));
  [s3, ses] = await Promise.all([startS3Server({ dataDir: join(root, "s3") }), startSesLocal()]);
  dynamo = await startDynamoLocal();
  tsa = await startLocalTsa({ dir: join(root, "tsa") });
  project.provide("tsaUrl", tsa.url);
  project.provide("tsaDir", join(root, "tsa"));
  project.provide("dynamodbEndpoint", dynamo.endpoint);
  project.provide("s3Endpoint", s3.endpoint);
  project.provide("sesEndpoint", ses.endpoint);
  project.provide("tmpRoot", root);
}

export async function teardown() {
  await Promise.all([dynamo?.stop(), s3?.stop(), ses?.stop(), tsa?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
}
