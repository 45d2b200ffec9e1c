/**
 * `npm run samples -- --out DIR`: one signed sample of every document type as DIR/<type>.pdf, from
 * demo data (layout/demo.ts: one story with dates that agree), with no stores. Verification URLs
 * start with PUBLIC_BASE_URL (default https://soglasie.chptk.ru, as a deployment prints them).
 * Signs with .data/signing when its certificate was valid when the story's documents are signed,
 * else with a temporary self-signed key valid from before the story.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_ORG } from "../packages/core/src/config.js";
import { DEMO_DATA, demoMeta, demoSigningSpan } from "../packages/core/src/documents/layout/demo.js";
import { renderAndSign } from "../packages/core/src/documents/pipeline.js";
import { KeySigner } from "../packages/core/src/documents/signing/key-signer.js";
import {
  LOCAL_CERT_FILE,
  LOCAL_KEY_FILE,
  loadOrCreateLocalSigner,
} from "../packages/core/src/documents/signing/local-signer.js";
import { generateSelfSigned } from "../packages/core/src/documents/signing/self-signed.js";
import type { Signer } from "../packages/core/src/documents/signing/signer.js";
import { DOCUMENT_TYPES } from "../packages/core/src/documents/types.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "samples" } } });
const out = resolve(values.out ?? "samples");
mkdirSync(out, { recursive: true });
const baseUrl = process.env.PUBLIC_BASE_URL || "https://soglasie.chptk.ru";

/** The local key if its certificate covers the story's signing times; otherwise a temporary one. */
async function samplesSigner(): Promise<{ signer: Signer; note: string }> {
  const span = demoSigningSpan();
  const localDir = join(process.cwd(), ".data", "signing");
  if (existsSync(join(localDir, LOCAL_KEY_FILE)) && existsSync(join(localDir, LOCAL_CERT_FILE))) {
    const local = await loadOrCreateLocalSigner(localDir, DEFAULT_ORG);
    const { validFrom, validTo } = local.certificate;
    if (Date.parse(validFrom) <= span.from.getTime() && Date.parse(validTo) >= span.to.getTime())
      return { signer: local, note: ".data/signing" };
  }
  // Valid from a month before the first document of the story.
  const now = new Date(span.from.getTime() - 30 * 24 * 3600 * 1000);
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG, now });
  return { signer: new KeySigner(privateKey, certificateDer), note: "temporary key" };
}

const { signer, note } = await samplesSigner();
for (const type of DOCUMENT_TYPES) {
  const documentId = randomUUID();
  const started = performance.now();
  const meta = demoMeta(type, documentId, baseUrl);
  const doc = await renderAndSign(type, DEMO_DATA[type], meta, signer, DEFAULT_ORG);
  const file = join(out, `${type}.pdf`);
  writeFileSync(file, doc.bytes);
  console.log(
    `${file}  ${doc.size} bytes  ${(performance.now() - started).toFixed(0)} ms  sha256 ${doc.sha256}`,
  );
}
console.log(`Signed with ${signer.certificate.subject} (serial ${signer.certificate.serial}), ${note}`);
