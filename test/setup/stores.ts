import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type RunningDynamo, startDynamoLocal } from "../../packages/local/src/stores/dynamodb-local.js";
import { type RunningS3, startS3Server } from "../../packages/local/src/stores/s3-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
    tmpRoot: string;
  }
}

// The SDK warns once per process that it will need Node 22 from 2027 (Lambda runs 22 already).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let dynamo: RunningDynamo | undefined;
let s3: RunningS3 | undefined;
let root: string | undefined;

/** Starts the real local stores once for the whole run. */
export async function setup(project: TestProject) {
  root = mkdtempSync(join(tmpdir(), "soglasie-test-"));
  s3 = await startS3Server({ dataDir: join(root, "s3") });
  dynamo = await startDynamoLocal();
  project.provide("dynamodbEndpoint", dynamo.endpoint);
  project.provide("s3Endpoint", s3.endpoint);
  project.provide("tmpRoot", root);
}

export async function teardown() {
  await Promise.all([dynamo?.stop(), s3?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
}
