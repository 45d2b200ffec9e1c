import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppConfig } from "@soglasie/core/config";
import { build } from "esbuild";

const CHILD = fileURLToPath(new URL("./http-server-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Bundles the server (esbuild, ESM, minified) into `outDir`/server.mjs, so a measured server runs
 * as deployed code does, without the TypeScript loader (which alone adds ~40 MB of RSS and seconds
 * of start-up). Fonts and templates are read from the repository (FONTS_DIR / TEMPLATES_DIR).
 */
export async function bundleServer(outDir: string): Promise<string> {
  const outfile = join(outDir, "server.mjs");
  await build({
    entryPoints: [CHILD],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    logLevel: "warning",
  });
  // PDF/A: pdfkit reads the output intent's sRGB profile from `./data/` beside its module, which in a
  // bundle is the bundle's folder (as scripts/build.ts does for the functions).
  mkdirSync(join(outDir, "data"), { recursive: true });
  const icc = join(dirname(require.resolve("pdfkit")), "data", "sRGB_IEC61966_2_1.icc");
  cpSync(icc, join(outDir, "data", "sRGB_IEC61966_2_1.icc"));
  return outfile;
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Current and peak resident set size of the server process (Linux /proc), in bytes. */
  memory(): { rss: number; peak: number } | undefined;
  /** Resolves when the process has exited (by itself, a signal or stop()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** The environment that points a server process at the stores and secrets of `config`. */
export function serverEnv(config: AppConfig, signingDir: string): Record<string, string> {
  return {
    APP_MODE: "local",
    DYNAMODB_ENDPOINT: config.dynamodbEndpoint ?? "",
    S3_ENDPOINT: config.s3Endpoint ?? "",
    TABLE_NAME: config.tableName,
    BUCKET_NAME: config.bucketName,
    ORG_ID: config.orgId,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    SESSION_SECRET: config.sessionSecret,
    TRUST_PROXY: config.trustProxy ? "1" : "0",
    LINK_TTL_DAYS: String(config.linkTtlDays),
    TIME_ZONE: config.timeZone,
    S3_ENCRYPTION: config.s3Encryption,
    SIGNING_DIR: signingDir,
    TSA_URL: config.tsaUrls.join(","),
    FONTS_DIR: dirname(require.resolve("@expo-google-fonts/tinos/package.json")),
    TEMPLATES_DIR: join(ROOT, "templates"),
    FONT_DATA_DIR: join(ROOT, "packages", "core", "src", "documents", "layout", "font-data"),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

function readProcStatus(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Starts the service's HTTP server in a child process (node + tsx, or the `bundle` from
 * bundleServer; no wrapper process, so `pid` is the server itself) and waits until it listens.
 * `env` can switch on a fault (see the child).
 */
export async function startServerProcess(
  config: AppConfig,
  signingDir: string,
  opts: { env?: Record<string, string>; bundle?: string; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const args = [...(opts.nodeArgs ?? []), ...(opts.bundle ? [opts.bundle] : ["--import", "tsx", CHILD])];
  const extraEnv = opts.env ?? {};
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...serverEnv(config, signingDir), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const collect = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = () => {
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output: () => out,
    memory: () => readProcStatus(child.pid!),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    },
  };
}
