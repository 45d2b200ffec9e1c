import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer, Socket } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF } from "../../packages/local/src/seed/demo-staff.js";
import { listeningSockets } from "../../packages/local/src/stores/listening.js";
import { freePort } from "../../packages/local/src/stores/ports.js";

/**
 * Issue 13, defects 4, 5 and 15, against a real `npm start` (start.ts, no seed): DynamoDB Local
 * listened on every interface and accepted any credentials; a crashed store left the service at
 * 503; the accountant's demo account was not listed. Now every listening socket of `npm start`
 * and its children is on 127.0.0.1, a killed store is started again on the same port with the
 * same data (or the service stops with a clear message), and every demo account is listed.
 */
let dir: string;
let child: ChildProcess;
let out = "";
let base = "";
const exited = { value: undefined as number | null | undefined };

/** The process and all its descendants (Linux /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  return tree;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // Closed meanwhile.
      }
    }
  } catch {
    // The process ended.
  }
  return inodes;
}

/** Every listening TCP socket of `npm start` and its children: [pid, address, port]. */
function listenersOfTree(): Array<{ pid: number; address: string; port: number }> {
  const sockets = listeningSockets() ?? [];
  const found: Array<{ pid: number; address: string; port: number }> = [];
  for (const pid of processTree(child.pid!)) {
    const inodes = socketInodes(pid);
    for (const s of sockets) if (inodes.has(s.inode)) found.push({ pid, address: s.address, port: s.port });
  }
  return found;
}

const commOf = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();

async function waitFor(what: () => boolean | Promise<boolean>, label: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label}; output:\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const health = async () => {
  try {
    return (await fetch(`${base}/health`)).status;
  } catch {
    return 0;
  }
};

/** Whether a TCP connection to `host:port` is accepted. */
const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, host);
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "soglasie-start-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/start.ts", "--no-seed"], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      STORE_RESTART_DELAY_MS: "500",
      // A cache of its own: the loopback launcher is compiled as on a fresh clone.
      XDG_CACHE_HOME: join(dir, "cache"),
      DYNAMODB_ENDPOINT: "",
      S3_ENDPOINT: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.once("exit", (code) => {
    exited.value = code;
  });
  await waitFor(() => out.includes("Сервис «Согласие» работает"), "npm start", 120_000);
}, 150_000);

afterAll(async () => {
  if (child && exited.value === undefined) {
    child.kill("SIGTERM");
    await waitFor(() => exited.value !== undefined, "npm start to stop", 20_000).catch(() =>
      child.kill("SIGKILL"),
    );
  }
  rmSync(dir, { recursive: true, force: true });
});

const runtime = () =>
  JSON.parse(readFileSync(join(dir, "runtime.json"), "utf8")) as {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  };

describe("defect 15: npm start lists every demo account", () => {
  it("prints each account of the demo college, the accountant included", () => {
    for (const s of DEMO_STAFF) expect(out).toContain(s.email);
    expect(out).toContain("accountant@demo.local");
  });
});

describe("defect 4: the local stores listen on 127.0.0.1 only", () => {
  it("every listening socket of npm start and its children (java, s3rver) is on 127.0.0.1", () => {
    const listeners = listenersOfTree();
    const ports = new Set(listeners.map((l) => l.port));
    const { dynamodbEndpoint, s3Endpoint } = runtime();
    const dynamoPort = Number(new URL(dynamodbEndpoint).port);
    const s3Port = Number(new URL(s3Endpoint).port);
    for (const p of [Number(new URL(base).port), dynamoPort, s3Port]) expect(ports, String(p)).toContain(p);
    expect(
      listeners.find((l) => l.port === dynamoPort) &&
        commOf(listeners.find((l) => l.port === dynamoPort)!.pid),
    ).toBe("java");
    for (const l of listeners) expect(l.address, `${commOf(l.pid)} :${l.port}`).toBe("127.0.0.1");
  });

  it("the stores refuse connections on the machine's other addresses", async () => {
    const { dynamodbEndpoint, s3Endpoint } = runtime();
    // Every address of this machine but 127.0.0.1: its network interfaces, and 127.0.0.2, which a
    // socket on every interface answers too, so the probe never has nothing to try.
    const others = [
      "127.0.0.2",
      ...Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal && !a.address.startsWith("fe80:"))
        .map((a) => a!.address),
    ];
    // The probe itself reaches those addresses: a server on every interface is connected to on each.
    const control = createServer();
    await new Promise<void>((resolve) => control.listen(0, "::", resolve));
    const controlPort = (control.address() as AddressInfo).port;
    try {
      for (const address of others)
        expect(await connects(address, controlPort), `control ${address}`).toBe(true);
    } finally {
      control.close();
    }
    for (const endpoint of [dynamodbEndpoint, s3Endpoint]) {
      const port = Number(new URL(endpoint).port);
      expect(await connects("127.0.0.1", port)).toBe(true);
      for (const address of others) expect(await connects(address, port), `${address}:${port}`).toBe(false);
    }
  });
});

describe("defect 5: a crashed store is started again, or the service stops", () => {
  const storePid = (port: number) => listenersOfTree().find((l) => l.port === port)?.pid;

  it("DynamoDB Local killed: restarted on the same port with its data, the service answers again", async () => {
    const { dynamodbEndpoint } = runtime();
    const port = Number(new URL(dynamodbEndpoint).port);
    expect(await health()).toBe(200);
    const pid = storePid(port)!;
    expect(commOf(pid)).toBe("java");
    const before = out.length;
    process.kill(pid, "SIGKILL");
    await waitFor(() => out.slice(before).includes("Хранилище DynamoDB Local снова работает"), "the restart");
    expect(out.slice(before)).toContain("Хранилище DynamoDB Local остановилось (сигнал SIGKILL)");
    await waitFor(async () => (await health()) === 200, "health");
    // Same port, same data: the table created at start-up is still there.
    const newPid = storePid(port);
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(pid);
    const body = (await (await fetch(`${base}/health`)).json()) as Record<string, string>;
    expect(body).toEqual({ status: "ok", dynamodb: "ok", s3: "ok" });
  }, 90_000);

  it("s3rver killed: restarted too", async () => {
    const { s3Endpoint } = runtime();
    const port = Number(new URL(s3Endpoint).port);
    const pid = storePid(port)!;
    const before = out.length;
    process.kill(pid, "SIGKILL");
    await waitFor(
      () => out.slice(before).includes("Хранилище S3 (s3rver) снова работает"),
      "the s3rver restart",
    );
    await waitFor(async () => (await health()) === 200, "health");
  }, 90_000);

  it("a store that cannot come back: npm start stops with a clear message after the attempts", async () => {
    const { dynamodbEndpoint } = runtime();
    const port = Number(new URL(dynamodbEndpoint).port);
    const pid = storePid(port)!;
    const before = out.length;
    // The data folder is gone and a file stands in its place (a broken disk, a careless cleanup):
    // no restart can open the database, so every attempt fails.
    const data = join(dir, "dynamodb");
    rmSync(data, { recursive: true, force: true });
    writeFileSync(data, "not a folder");
    process.kill(pid, "SIGKILL");
    await waitFor(() => exited.value !== undefined, "npm start to give up", 90_000);
    const said = out.slice(before);
    expect(exited.value).toBe(1);
    expect(said).toContain("перезапуск не удался (попытка 1 из 5)");
    expect(said).toContain(
      "Хранилище DynamoDB Local не удалось перезапустить (5 попыток подряд). Сервис остановлен",
    );
    expect(said).not.toMatch(/\n\s+at /);
  }, 120_000);
});
