import type { AppConfig } from "../../packages/core/src/config.js";

/**
 * The environment for `npm run cli` (packages/local/src/cli.ts) in a child process, pointed at a
 * test's own stores, table, bucket and organisation.
 */
export function cliEnv(config: AppConfig): NodeJS.ProcessEnv {
  return {
    ...process.env,
    APP_MODE: "local",
    DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
    S3_ENDPOINT: config.s3Endpoint,
    TABLE_NAME: config.tableName,
    BUCKET_NAME: config.bucketName,
    ORG_ID: config.orgId,
  };
}
