/**
 * Fresh-process benchmark entry (issue 18): from process start to the first signed consent through
 * the engine, bundled like the Lambda functions. Prints one JSON line of timings.
 */
import { createPrivateKey } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { DEFAULT_ORG } from "@soglasie/core/config";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { renderAndSign } from "@soglasie/core/documents/pipeline";
import { KeySigner } from "@soglasie/core/documents/signing/key-signer";
import { pemToDer } from "@soglasie/core/documents/signing/pem";

const loaded = performance.now();
const keyPem = readFileSync(process.env.BENCH_KEY_PEM_FILE ?? "", "utf8");
const certPem = readFileSync(process.env.BENCH_CERT_PEM_FILE ?? "", "utf8");
const signer = new KeySigner(createPrivateKey(keyPem), pemToDer(certPem));
const doc = await renderAndSign(
  "consent",
  DEMO_DATA.consent,
  {
    documentId: "4f1c2b9e-0000-4000-8000-000000000001",
    number: "С-0001",
    date: "2026-11-25",
    verifyUrl: "https://example.org/verify/4f1c2b9e-0000-4000-8000-000000000001",
  },
  signer,
  DEFAULT_ORG,
);
const done = performance.now();
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, doc.bytes);
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({ loadMs: loaded, totalMs: done, cpuMs: (cpu.user + cpu.system) / 1000, size: doc.size }),
);
