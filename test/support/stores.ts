import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { type AppConfig, configFromEnv } from "../../packages/core/src/config.js";
import { createClients, type StoreClients } from "../../packages/core/src/storage/clients.js";
import { Database } from "../../packages/core/src/storage/database.js";
import { ObjectStore } from "../../packages/core/src/storage/object-store.js";
import { ensureBucket, ensureTable } from "../../packages/core/src/storage/setup.js";

/** Configuration pointing at the run's local stores, with a table and bucket of this test file's own. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const suffix = randomBytes(4).toString("hex");
  return configFromEnv(
    {
      APP_MODE: "local",
      DYNAMODB_ENDPOINT: inject("dynamodbEndpoint"),
      S3_ENDPOINT: inject("s3Endpoint"),
      SES_ENDPOINT: inject("sesEndpoint"),
      TABLE_NAME: `t-${suffix}`,
      BUCKET_NAME: `b-${suffix}`,
      PUBLIC_BASE_URL: "http://localhost:3000",
      // In-process requests stand for clients behind our proxy: X-Forwarded-For tells them apart.
      TRUST_PROXY: "1",
      // The run's one local timestamp authority (openssl ts), so every document is PAdES B-T.
      TSA_URL: inject("tsaUrl"),
    },
    overrides,
  );
}

export interface TestStores {
  config: AppConfig;
  clients: StoreClients;
  db: Database;
  objects: ObjectStore;
}

/** Creates an isolated table and bucket on the real local stores. */
export async function createTestStores(overrides: Partial<AppConfig> = {}): Promise<TestStores> {
  const config = testConfig(overrides);
  const clients = createClients(config);
  await Promise.all([
    ensureTable(clients.ddb, config.tableName),
    ensureBucket(clients.s3, config.bucketName),
  ]);
  return {
    config,
    clients,
    db: new Database(clients.db, config.tableName, config.orgId),
    objects: new ObjectStore(
      clients.s3,
      config.bucketName,
      config.orgId,
      config.s3Encryption,
      config.s3ObjectLock,
    ),
  };
}
