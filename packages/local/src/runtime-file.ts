import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR } from "./paths.js";

/** Where `npm start` records the endpoints of the stores it runs, so the CLI can reach the same ones. */
const FILE = join(DATA_DIR, "runtime.json");

export interface RuntimeInfo {
  pid: number;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  /** The SES v2 emulator (absent when SES_ENDPOINT points elsewhere). */
  sesEndpoint?: string;
  publicBaseUrl: string;
  /** The timestamp authorities it uses (its local one, or TSA_URL). */
  tsaUrl?: string;
}

export function writeRuntime(info: RuntimeInfo) {
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(FILE, JSON.stringify(info, null, 2));
}

export function readRuntime(): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(FILE, "utf8")) as RuntimeInfo;
    process.kill(info.pid, 0); // throws when that server is gone
    return info;
  } catch {
    return undefined;
  }
}

export function clearRuntime() {
  rmSync(FILE, { force: true });
}
