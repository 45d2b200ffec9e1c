import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GSI, TTL_ATTRIBUTE } from "@soglasie/core/storage/table";
import { describe, expect, inject, it } from "vitest";

/**
 * scripts/ensure-stores.ts, the setup step for clouds without SST (docs/deploy.md, Yandex Cloud),
 * run as an operator would: a separate process configured only by the environment, in AWS mode,
 * against DynamoDB- and S3-compatible endpoints (here the local ones).
 */
const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../scripts/ensure-stores.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

describe("scripts/ensure-stores.ts", () => {
  it("creates the table with its indexes and TTL, and the bucket; a second run changes nothing", async () => {
    const suffix = randomBytes(4).toString("hex");
    const env = {
      PATH: process.env.PATH ?? "",
      APP_MODE: "aws",
      AWS_REGION: "ru-central1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      DYNAMODB_ENDPOINT: inject("dynamodbEndpoint"),
      S3_ENDPOINT: inject("s3Endpoint"),
      TABLE_NAME: `ensure-${suffix}`,
      BUCKET_NAME: `ensure-${suffix}`,
    };
    const first = await run(TSX, [SCRIPT], { env });
    expect(first.stdout).toContain(`table ensure-${suffix} (${env.DYNAMODB_ENDPOINT}): created`);
    expect(first.stdout).toContain(`bucket ensure-${suffix} (${env.S3_ENDPOINT}): created`);
    const again = await run(TSX, [SCRIPT], { env });
    expect(again.stdout).toContain("): exists");
    expect(again.stdout).not.toContain("created");

    const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
    const ddb = new DynamoDBClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT, credentials });
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: env.TABLE_NAME }));
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      Object.values(GSI)
        .map((g) => g.name)
        .sort(),
    );
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: env.TABLE_NAME }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TTL_ATTRIBUTE);
    const s3 = new S3Client({
      region: env.AWS_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: true,
      credentials,
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: env.BUCKET_NAME }))).resolves.toBeDefined();
  });

  it("names the missing setting instead of failing later", async () => {
    const failed = await run(TSX, [SCRIPT], {
      env: { PATH: process.env.PATH ?? "", APP_MODE: "aws", AWS_REGION: "ru-central1" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/tableName|bucketName/);
  });
});
