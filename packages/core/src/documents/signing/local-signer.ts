import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { DEFAULT_ORG } from "../../config.js";
import type { KeySigner } from "./key-signer.js";
import { derToPem, pemSigner } from "./pem.js";
import { generateSelfSigned, type SelfSignedOptions } from "./self-signed.js";

export const LOCAL_KEY_FILE = "key.pem";
export const LOCAL_CERT_FILE = "cert.pem";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The local organisation signer: `dir/key.pem` and `dir/cert.pem`, generated on first use
 * (self-signed, RSA-2048, 5 years, subject from the organisation's requisites). Concurrent first
 * starts (parallel test workers) agree on one key through an exclusive lock file.
 */
export async function loadOrCreateLocalSigner(
  dir: string,
  org: SelfSignedOptions["org"] = DEFAULT_ORG,
): Promise<KeySigner> {
  const keyPath = join(dir, LOCAL_KEY_FILE);
  const certPath = join(dir, LOCAL_CERT_FILE);
  const load = () => pemSigner(readFileSync(keyPath, "utf8"), readFileSync(certPath, "utf8"));
  if (existsSync(keyPath) && existsSync(certPath)) return load();

  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, ".lock");
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: "wx" });
    } catch {
      // Another process is generating: wait for its files (or for a stale lock to age out).
      if (existsSync(keyPath) && existsSync(certPath)) return load();
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > 30_000) rmSync(lockPath, { force: true });
      } catch {}
      await sleep(50);
      continue;
    }
    try {
      if (!(existsSync(keyPath) && existsSync(certPath))) {
        const { privateKey, certificateDer } = generateSelfSigned({ org });
        const tmp = `.tmp-${process.pid}`;
        writeFileSync(keyPath + tmp, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
        writeFileSync(certPath + tmp, derToPem(certificateDer, "CERTIFICATE"));
        chmodSync(keyPath + tmp, 0o600);
        renameSync(keyPath + tmp, keyPath);
        renameSync(certPath + tmp, certPath);
      }
      return load();
    } finally {
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Timed out waiting for the signing key in ${dir}`);
}
