import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { Hono } from "hono";
import type { AppEnv } from "../http/env.js";

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);

/** `GET /health`: 200 when both stores answer, 503 naming the failing part. */
export const healthApp = new Hono<AppEnv>().get("/health", async (c) => {
  const { clients, config } = c.get("services");
  const [dynamodb, s3] = await Promise.all([
    withTimeout(clients.ddb.send(new DescribeTableCommand({ TableName: config.tableName })), 3000).then(
      () => "ok",
      (e: Error) => `error: ${e.name}`,
    ),
    withTimeout(clients.s3.send(new HeadBucketCommand({ Bucket: config.bucketName })), 3000).then(
      () => "ok",
      (e: Error) => `error: ${e.name}`,
    ),
  ]);
  const ok = dynamodb === "ok" && s3 === "ok";
  c.header("Cache-Control", "no-store");
  return c.json({ status: ok ? "ok" : "unavailable", dynamodb, s3 }, ok ? 200 : 503);
});
