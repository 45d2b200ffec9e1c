import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppConfig, configFromEnv } from "@soglasie/core/config";
import { createServices, type Services } from "@soglasie/core/services";
import { createClients } from "@soglasie/core/storage/clients";
import { ensureBucket, ensureTable } from "@soglasie/core/storage/setup";
import { type RunningDynamo, startDynamoLocal } from "../../packages/local/src/stores/dynamodb-local.js";
import { type RunningS3, startS3Server } from "../../packages/local/src/stores/s3-server.js";

/** What every benchmark suite gets: real local stores in a temp folder, removed afterwards. */
export interface BenchContext {
  tmp: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  /** Process id of DynamoDB Local (java), for CPU and memory accounting. */
  dynamoPid?: number;
  /** Process id of the S3 server (s3rver runs in a child process of its own). */
  s3Pid?: number;
  /** Fresh services on a table and bucket of their own. */
  freshServices(name: string, overrides?: Partial<AppConfig>): Promise<Services>;
}

export async function openContext(): Promise<BenchContext & { close(): Promise<void> }> {
  const tmp = mkdtempSync(join(tmpdir(), "soglasie-bench-"));
  const s3: RunningS3 = await startS3Server({ dataDir: join(tmp, "s3") });
  const dynamo: RunningDynamo = await startDynamoLocal();
  return {
    tmp,
    dynamodbEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    dynamoPid: dynamo.process.pid,
    s3Pid: s3.process.pid,
    async freshServices(name, overrides = {}) {
      const config = configFromEnv(
        {
          APP_MODE: "local",
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          S3_ENDPOINT: s3.endpoint,
          TABLE_NAME: `bench-${name}`,
          BUCKET_NAME: `bench-${name}`.toLowerCase(),
        },
        overrides,
      );
      const clients = createClients(config);
      await ensureTable(clients.ddb, config.tableName);
      await ensureBucket(clients.s3, config.bucketName);
      return createServices(config, { clients, signingDir: join(tmp, "signing") });
    },
    async close() {
      await Promise.all([dynamo.stop(), s3.stop()]);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
