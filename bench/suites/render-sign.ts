import { randomUUID } from "node:crypto";
import { DEFAULT_ORG } from "@soglasie/core/config";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { clearHyphenationCache } from "@soglasie/core/documents/layout/hyphenation";
import { renderAndSign } from "@soglasie/core/documents/pipeline";
import { KeySigner } from "@soglasie/core/documents/signing/key-signer";
import { derToPem } from "@soglasie/core/documents/signing/pem";
import { generateSelfSigned } from "@soglasie/core/documents/signing/self-signed";
import type { Signer } from "@soglasie/core/documents/signing/signer";
import type { DocumentMeta } from "@soglasie/core/documents/types";
import forge from "node-forge";
import type { BenchContext } from "../lib/context.js";
import { type Metric, summarize } from "../lib/stats.js";

const RUNS = 60;
const NAIVE_RUNS = 20;
const REGULATION_RUNS = 12;

/**
 * What @signpdf/signer-p12 does, in essence: node-forge parses the key and certificate and builds
 * and signs the PKCS#7 on every call (benchmark only: forge also re-encodes Cyrillic names).
 */
function forgeSigner(keyPem: string, certPem: string, like: Signer): Signer {
  return {
    certificate: like.certificate,
    certificateDer: like.certificateDer,
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

/**
 * One consent PDF rendered and signed in a warm process through the engine's pure pipeline, and the
 * same document the naive way (fonts read and parsed from disk per document, node-forge signer),
 * interleaved in one run so both see the same machine state.
 */
export async function renderSignSuite(_ctx: BenchContext): Promise<Metric[]> {
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const signer = new KeySigner(privateKey, certificateDer);
  const naiveSigner = forgeSigner(
    privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    derToPem(certificateDer, "CERTIFICATE"),
    signer,
  );
  const fast = () => renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG);
  const naive = () =>
    renderAndSign("consent", DEMO_DATA.consent, meta(), naiveSigner, DEFAULT_ORG, { reparseFonts: true });
  // Each half of the naive path on its own, to show what each design choice buys.
  const fontsOnly = () =>
    renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG, { reparseFonts: true });
  const forgeOnly = () => renderAndSign("consent", DEMO_DATA.consent, meta(), naiveSigner, DEFAULT_ORG);
  // Every parent has another name: the paragraphs that carry it are laid out afresh each time.
  const SURNAMES = [
    "Волкова",
    "Черных",
    "Ким",
    "Дурново",
    "Ёлкина",
    "Кузнецова-Петрова",
    "Шевчук",
    "Соколова",
  ];
  const FIRST = ["Наталья", "Анна", "Юлия", "Мария", "Ольга", "Елена", "Алёна", "Ирина"];
  let parentNo = 0;
  const uniqueParent = () => {
    const i = parentNo++;
    const name = `${SURNAMES[i % 8]} ${FIRST[Math.floor(i / 8) % 8]} ${["Сергеевна", "Петровна", "Ивановна"][i % 3]}`;
    const data = { ...DEMO_DATA.consent, parent: { ...DEMO_DATA.consent.parent, name }, typedName: name };
    return renderAndSign("consent", data, meta(), signer, DEFAULT_ORG);
  };
  // What hyphenation (total-fit justification with hyphenation points) costs.
  const noHyphens = () =>
    renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG, { hyphenate: false });
  const regulation = (hyphenate: boolean) => () =>
    renderAndSign("regulation", DEMO_DATA.regulation, meta(), signer, DEFAULT_ORG, { hyphenate });
  const regulationColdWords = () => {
    clearHyphenationCache();
    return regulation(true)();
  };

  const t0 = performance.now();
  await fast();
  const firstMs = performance.now() - t0;
  for (let i = 0; i < 5; i++) await fast();
  await naive();
  await naive();
  await noHyphens();
  await regulation(true)();
  await regulation(false)();

  const fastMs: number[] = [];
  const naiveMs: number[] = [];
  const fontsMs: number[] = [];
  const forgeMs: number[] = [];
  const noHyphensMs: number[] = [];
  const uniqueMs: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const a = performance.now();
    await fn();
    into.push(performance.now() - a);
  };
  const every = Math.round(RUNS / NAIVE_RUNS);
  for (let i = 0; i < RUNS; i++) {
    await time(fast, fastMs);
    await time(noHyphens, noHyphensMs);
    await time(uniqueParent, uniqueMs);
    if (i % every === 0) {
      await time(naive, naiveMs);
      await time(fontsOnly, fontsMs);
      await time(forgeOnly, forgeMs);
    }
  }
  const regulationMs: number[] = [];
  const regulationPlainMs: number[] = [];
  const regulationColdMs: number[] = [];
  for (let i = 0; i < REGULATION_RUNS; i++) {
    await time(regulation(true), regulationMs);
    await time(regulation(false), regulationPlainMs);
    await time(regulationColdWords, regulationColdMs);
  }
  // The two documents of a consent since issue 12: the decision above and the personal-data consent.
  const pdMs: number[] = [];
  const pd = () =>
    renderAndSign("personal-data-consent", DEMO_DATA["personal-data-consent"], meta(), signer, DEFAULT_ORG);
  for (let i = 0; i < 5; i++) await pd();
  for (let i = 0; i < RUNS; i++) await time(pd, pdMs);

  const fastMetric = summarize("render_sign_consent", "ms", fastMs, "target median ≤ 12 ms");
  const plain = summarize("render_sign_consent_no_hyphenation", "ms", noHyphensMs);
  const reg = summarize("render_sign_regulation", "ms", regulationMs, "7 pages, hyphenated words cached");
  const regPlain = summarize("render_sign_regulation_no_hyphenation", "ms", regulationPlainMs);
  const naiveMetric = summarize("render_sign_consent_naive", "ms", naiveMs);
  return [
    summarize("render_sign_consent_first", "ms", [firstMs], "first document of the process (lazy loading)"),
    fastMetric,
    summarize(
      "render_sign_personal_data_consent",
      "ms",
      pdMs,
      "the separate 152-FZ consent (2-3 pages); target median ≤ 12 ms",
    ),
    {
      ...naiveMetric,
      note: `font parsed per document + node-forge; ${(naiveMetric.median / fastMetric.median).toFixed(1)}× the median`,
    },
    summarize(
      "render_sign_consent_fonts_reparsed",
      "ms",
      fontsMs,
      "naive half 1: fonts parsed per document, pkijs signer",
    ),
    summarize(
      "render_sign_consent_forge_signer",
      "ms",
      forgeMs,
      "naive half 2: fonts reused, node-forge signer",
    ),
    {
      ...plain,
      note: `justified greedily at spaces; hyphenation adds ${(fastMetric.median - plain.median).toFixed(2)} ms`,
    },
    summarize("render_sign_consent_unique_names", "ms", uniqueMs, "another parent's name each time"),
    reg,
    {
      ...regPlain,
      note: `hyphenation adds ${(reg.median - regPlain.median).toFixed(1)} ms to the regulation`,
    },
    summarize(
      "render_sign_regulation_cold_words",
      "ms",
      regulationColdMs,
      "every word hyphenated afresh (the hyphenation cache emptied first)",
    ),
  ];
}
