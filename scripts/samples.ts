/**
 * `npm run samples -- --out DIR`: one signed sample of every document type as DIR/<type>.pdf, from
 * demo data, with no stores. Signs with .data/signing when present, else a temporary self-signed key.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_ORG } from "../packages/core/src/config.js";
import { DEMO_DATA, DEMO_NUMBERS, DEMO_PEP } from "../packages/core/src/documents/layout/demo.js";
import { isParentDocument } from "../packages/core/src/documents/parent-context.js";
import { renderAndSign } from "../packages/core/src/documents/pipeline.js";
import {
  LOCAL_CERT_FILE,
  LOCAL_KEY_FILE,
  loadOrCreateLocalSigner,
} from "../packages/core/src/documents/signing/local-signer.js";
import { DOCUMENT_TYPES } from "../packages/core/src/documents/types.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "samples" } } });
const out = resolve(values.out ?? "samples");
mkdirSync(out, { recursive: true });

const localDir = join(process.cwd(), ".data", "signing");
const useLocal = existsSync(join(localDir, LOCAL_KEY_FILE)) && existsSync(join(localDir, LOCAL_CERT_FILE));
const tempDir = useLocal ? undefined : mkdtempSync(join(tmpdir(), "soglasie-signing-"));
const signer = await loadOrCreateLocalSigner(useLocal ? localDir : (tempDir as string), DEFAULT_ORG);
const baseUrl = (process.env.PUBLIC_BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");

try {
  for (const type of DOCUMENT_TYPES) {
    const documentId = randomUUID();
    const started = performance.now();
    const doc = await renderAndSign(
      type,
      DEMO_DATA[type],
      {
        documentId,
        number: DEMO_NUMBERS[type],
        date: "2026-11-25",
        verifyUrl: `${baseUrl}/verify/${documentId}`,
        // Parents sign under the parents' rules of the simple electronic signature, cited in the text.
        ...(isParentDocument(type) ? { pep: DEMO_PEP.parents } : {}),
      },
      signer,
      DEFAULT_ORG,
    );
    const file = join(out, `${type}.pdf`);
    writeFileSync(file, doc.bytes);
    console.log(
      `${file}  ${doc.size} bytes  ${(performance.now() - started).toFixed(0)} ms  sha256 ${doc.sha256}`,
    );
  }
  console.log(
    `Signed with ${signer.certificate.subject} (serial ${signer.certificate.serial})${useLocal ? "" : ", temporary key"}`,
  );
} finally {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
