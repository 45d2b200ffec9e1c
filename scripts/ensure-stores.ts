/**
 * `npx tsx scripts/ensure-stores.ts`: creates the table (keys, GSIs, TTL) and the bucket from the
 * single definitions in packages/core, unless they exist, on whatever DynamoDB- and S3-compatible
 * endpoints the environment names (DYNAMODB_ENDPOINT, S3_ENDPOINT, TABLE_NAME, BUCKET_NAME,
 * AWS_REGION, credentials). For clouds without SST, e.g. Yandex Cloud (docs/deploy.md); on AWS
 * `sst deploy` creates both.
 */
import { ConfigError, configFromEnv } from "@soglasie/core/config";
import { createClients } from "@soglasie/core/storage/clients";
import { ensureBucket, ensureTable } from "@soglasie/core/storage/setup";

try {
  // Outside local mode the session secret is required but unused here.
  const config = configFromEnv({
    SESSION_SECRET: "not-used-by-ensure-stores-not-used-by-ensure-stores",
    ...process.env,
    APP_MODE: process.env.APP_MODE ?? "aws",
  });
  const clients = createClients(config);
  const where = (endpoint: string | undefined) => endpoint ?? `AWS ${config.region}`;
  console.log(
    `table ${config.tableName} (${where(config.dynamodbEndpoint)}): ${await ensureTable(clients.ddb, config.tableName)}`,
  );
  console.log(
    `bucket ${config.bucketName} (${where(config.s3Endpoint)}): ${await ensureBucket(clients.s3, config.bucketName)}`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
