/**
 * Render + sign timings of a one-page consent in a warm process (`tsx scripts/measure-documents.ts`),
 * against the naive path the design replaced (fonts parsed per document, node-forge PKCS#7 signer).
 * `measureDocuments()` returns bench metrics, so `npm run bench` can run it as a suite.
 */
import { randomUUID } from "node:crypto";
import forge from "node-forge";
import { type Metric, summarize, timeRuns } from "../bench/lib/stats.js";
import { DEFAULT_ORG } from "../packages/core/src/config.js";
import { DEMO_DATA } from "../packages/core/src/documents/demo.js";
import { renderAndSign } from "../packages/core/src/documents/pipeline.js";
import { KeySigner } from "../packages/core/src/documents/signer/key-signer.js";
import { derToPem } from "../packages/core/src/documents/signer/pem.js";
import { generateSelfSigned } from "../packages/core/src/documents/signer/self-signed.js";
import type { Signer } from "../packages/core/src/documents/signer/types.js";
import type { DocumentMeta } from "../packages/core/src/documents/types.js";

/** The signer of @signpdf/signer-p12 in essence: node-forge builds and signs the PKCS#7 (benchmark only). */
function forgeSigner(
  keyPem: string,
  certPem: string,
  certificate: Signer["certificate"],
  certificateDer: Uint8Array,
): Signer {
  return {
    certificate,
    certificateDer,
    async sign(data) {
      const key = forge.pki.privateKeyFromPem(keyPem);
      const cert = forge.pki.certificateFromPem(certPem);
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer(Buffer.from(data).toString("binary"));
      p7.addCertificate(cert);
      p7.addSigner({
        key,
        certificate: cert,
        digestAlgorithm: forge.pki.oids.sha256 as string,
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
          { type: forge.pki.oids.messageDigest as string },
          { type: forge.pki.oids.signingTime as string, value: new Date() as unknown as string },
        ],
      });
      p7.sign({ detached: true });
      return new Uint8Array(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary"));
    },
  };
}

const meta = (): DocumentMeta => {
  const documentId = randomUUID();
  return {
    documentId,
    number: "С-0001",
    date: "2026-11-25",
    verifyUrl: `http://localhost:3000/verify/${documentId}`,
  };
};

export async function measureDocuments(opts: { n?: number; naiveN?: number } = {}): Promise<Metric[]> {
  const n = opts.n ?? 50;
  const naiveN = opts.naiveN ?? 20;
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const signer = new KeySigner(privateKey, certificateDer);
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const naiveSigner = forgeSigner(
    keyPem,
    derToPem(certificateDer, "CERTIFICATE"),
    signer.certificate,
    certificateDer,
  );

  const first = performance.now();
  await renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG);
  const coldMs = performance.now() - first;

  const fast = await timeRuns(
    n,
    () => renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG),
    5,
  );
  const signOnly = await timeRuns(n, () => signer.sign(new Uint8Array(40_000)), 5);
  const naive = await timeRuns(
    naiveN,
    () =>
      renderAndSign("consent", DEMO_DATA.consent, meta(), naiveSigner, DEFAULT_ORG, { reparseFonts: true }),
    2,
  );
  const fastMetric = summarize("document_consent_render_sign", "ms", fast, "target median ≤ 15 ms");
  const naiveMetric = summarize(
    "document_consent_naive",
    "ms",
    naive,
    "fonts parsed per document + node-forge signer",
  );
  const ratio = naiveMetric.median / fastMetric.median;
  return [
    summarize("document_first_in_process", "ms", [coldMs], "lazy loading: warm up at start-up"),
    fastMetric,
    summarize("document_cms_sign", "ms", signOnly, "pkijs + node:crypto RSA-2048"),
    { ...naiveMetric, note: `${naiveMetric.note}; ${ratio.toFixed(1)}× slower` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const m of await measureDocuments()) {
    console.log(
      `${m.name.padEnd(30)} n=${String(m.n).padStart(3)}  median ${m.median} ms  p95 ${m.p95} ms  ${m.note ?? ""}`,
    );
  }
}
