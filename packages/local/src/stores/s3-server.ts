import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { watchChild } from "./child-process.js";

export interface RunningS3 {
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
/** s3rver accepts its fixed key pair from anyone who reaches it: loopback only. */
export const S3_HOST = "127.0.0.1";

/**
 * Starts s3rver (its own command line, in a child process of its own, so a crash can be seen and
 * the server restarted, and its work does not share the service's event loop), storing objects as
 * files under `dataDir`, listening on 127.0.0.1 only. Port 0 takes a free one.
 */
export async function startS3Server(opts: { dataDir: string; port?: number }): Promise<RunningS3> {
  mkdirSync(opts.dataDir, { recursive: true });
  const bin = join(dirname(require.resolve("s3rver/package.json")), "bin", "s3rver.js");
  const child = spawn(
    process.execPath,
    [bin, "--directory", opts.dataDir, "--address", S3_HOST, "--port", String(opts.port ?? 0), "--silent"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
  );
  const { output, exited, stop } = watchChild(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start:\n${output()}`)), 30_000);
    const onData = () => {
      const m = /S3rver listening on [^:\s]+:(\d+)/.exec(output());
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(Number(m[1]));
    };
    child.stdout?.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code ?? signal}) before listening:\n${output()}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { endpoint: `http://${S3_HOST}:${port}`, port, process: child, exited, stop };
}
