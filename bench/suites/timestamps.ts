import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { DEFAULT_ORG } from "@soglasie/core/config";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { renderAndSign } from "@soglasie/core/documents/pipeline";
import { KeySigner } from "@soglasie/core/documents/signing/key-signer";
import { generateSelfSigned } from "@soglasie/core/documents/signing/self-signed";
import { upgradeToLta } from "@soglasie/core/documents/timestamps/long-term";
import { TimestampingSigner } from "@soglasie/core/documents/timestamps/signature-timestamp";
import { TsaClient } from "@soglasie/core/documents/timestamps/tsa-client";
import type { DocumentMeta } from "@soglasie/core/documents/types";
import { startLocalTsa } from "../../packages/local/src/stores/timestamp-authority.js";
import type { BenchContext } from "../lib/context.js";
import { type Metric, summarize } from "../lib/stats.js";

const RUNS = 40;

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
 * The consent rendered and signed at B-B, and at B-T (the same plus the round trip to the local
 * authority: `openssl ts -reply` behind HTTP on loopback), interleaved so both see the same machine;
 * then the upgrade job's own work per document (B-T → B-LTA: the DSS and a document timestamp).
 */
export async function timestampsSuite(ctx: BenchContext): Promise<Metric[]> {
  const tsa = await startLocalTsa({ dir: join(ctx.tmp, "tsa") });
  try {
    const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
    const signer = new KeySigner(privateKey, certificateDer);
    const client = new TsaClient([tsa.url]);
    const stamped = new TimestampingSigner(signer, client, (e) => {
      throw e;
    });
    const bb = () => renderAndSign("consent", DEMO_DATA.consent, meta(), signer, DEFAULT_ORG);
    const bt = () => renderAndSign("consent", DEMO_DATA.consent, meta(), stamped, DEFAULT_ORG);
    for (let i = 0; i < 5; i++) {
      await bb();
      await bt();
    }
    const bbMs: number[] = [];
    const btMs: number[] = [];
    const upgradeMs: number[] = [];
    const docs: Uint8Array[] = [];
    for (let i = 0; i < RUNS; i++) {
      let a = performance.now();
      await bb();
      bbMs.push(performance.now() - a);
      a = performance.now();
      docs.push((await bt()).bytes);
      btMs.push(performance.now() - a);
    }
    const t0 = performance.now();
    for (const doc of docs) {
      const a = performance.now();
      const result = await upgradeToLta(doc, client, [certificateDer]);
      if (result.after.level !== "B-LTA") throw new Error(`upgrade ended at ${result.after.level}`);
      upgradeMs.push(performance.now() - a);
    }
    const perSecond = docs.length / ((performance.now() - t0) / 1000);
    const b = summarize("render_sign_consent_b_b", "ms", bbMs, "no timestamp (as render_sign_consent)");
    const t = summarize(
      "render_sign_timestamp_consent",
      "ms",
      btMs,
      "B-T: + signature timestamp from the local TSA",
    );
    return [
      b,
      { ...t, note: `${t.note}; the timestamp adds ${(t.median - b.median).toFixed(1)} ms at the median` },
      summarize(
        "timestamp_upgrade_b_t_to_b_lta",
        "ms",
        upgradeMs,
        `DSS + document timestamp, one document; ${perSecond.toFixed(1)} documents/s in sequence`,
      ),
    ];
  } finally {
    await tsa.stop();
  }
}
