import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { bucketDefinition, tableDefinition } from "./table.js";

/** Creates the table from the shared definition unless it exists. Used by the local runtime and tests. */
export async function ensureTable(ddb: DynamoDBClient, tableName: string): Promise<"created" | "exists"> {
  try {
    await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    return "exists";
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  const def = tableDefinition;
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: def.billing,
        AttributeDefinitions: Object.entries(def.attributes).map(([AttributeName, AttributeType]) => ({
          AttributeName,
          AttributeType,
        })),
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: "HASH" },
          { AttributeName: def.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: def.globalIndexes.map((g) => ({
          IndexName: g.name,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: "HASH" },
            { AttributeName: g.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: g.projection },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await ddb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
    }),
  );
  return "created";
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<"created" | "exists"> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return "exists";
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && (error as Error).name !== "NotFound") throw error;
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (bucketDefinition.versioning) {
    // s3rver ignores versioning; real S3 and compatible services honour it.
    await s3
      .send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
      )
      .catch(() => undefined);
  }
  return "created";
}
