import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { watchChild } from "./child-process.js";

export interface RunningSes {
  /** The SES v2 API endpoint (SES_ENDPOINT). */
  endpoint: string;
  /** The page listing the mail sent so far. */
  mailPage: string;
  port: number;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
/** The emulator accepts any credentials and shows every message: loopback only. */
export const SES_HOST = "127.0.0.1";

/**
 * Starts aws-ses-v2-local (an SES v1/v2 API emulator that keeps sent mail in memory and shows it on
 * a web page) in a child process of its own, like s3rver, on 127.0.0.1. Port 0 takes a free one.
 * Mail is lost when it stops: it is a viewer, not a mailbox.
 */
export async function startSesLocal(opts: { port?: number } = {}): Promise<RunningSes> {
  const bin = join(dirname(require.resolve("aws-ses-v2-local/package.json")), "dist", "cli.js");
  const child = spawn(process.execPath, [bin, "--host", SES_HOST, "--port", String(opts.port ?? 0)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  const { output, exited, stop } = watchChild(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aws-ses-v2-local did not start:\n${output()}`)), 30_000);
    const onData = () => {
      const m = /server running at \S+:(\d+)/.exec(output());
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(Number(m[1]));
    };
    child.stdout?.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`aws-ses-v2-local exited (${code ?? signal}) before listening:\n${output()}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const endpoint = `http://${SES_HOST}:${port}`;
  return { endpoint, mailPage: `${endpoint}/`, port, process: child, exited, stop };
}
