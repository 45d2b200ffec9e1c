import { mkdirSync } from "node:fs";
import S3rver from "s3rver";
import { freePort } from "./ports.js";

export interface RunningS3 {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts s3rver in this process, storing objects as files under `dataDir`. */
export async function startS3Server(opts: { dataDir: string; port?: number }): Promise<RunningS3> {
  mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const server = new S3rver({ address: "127.0.0.1", port, directory: opts.dataDir, silent: true });
  const address = await server.run();
  const actual = address.port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    stop: () => server.close(),
  };
}
