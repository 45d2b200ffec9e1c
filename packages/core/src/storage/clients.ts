import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AppConfig } from "../config.js";

export interface StoreClients {
  ddb: DynamoDBClient;
  db: DynamoDBDocumentClient;
  s3: S3Client;
}

/**
 * In local mode without explicit credentials, use the ones the embedded stores accept
 * (DynamoDB Local takes any; s3rver takes S3RVER/S3RVER). Elsewhere the default provider chain.
 */
function localCredentials(config: AppConfig, id: string) {
  return config.mode === "local" && !process.env.AWS_ACCESS_KEY_ID
    ? { accessKeyId: id, secretAccessKey: id }
    : undefined;
}

export function createClients(config: AppConfig): StoreClients {
  const ddb = new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    credentials: localCredentials(config, "local"),
    maxAttempts: 4,
  });
  const db = DynamoDBDocumentClient.from(ddb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3 = new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    credentials: localCredentials(config, "S3RVER"),
    maxAttempts: 4,
    // s3rver and several S3-compatible services reject the newer default checksum headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return { ddb, db, s3 };
}
