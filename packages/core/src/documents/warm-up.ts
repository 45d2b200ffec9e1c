import { randomUUID } from "node:crypto";
import type { OrgRequisites } from "../config.js";
import { DEMO_DATA } from "./layout/demo.js";
import { loadFonts } from "./layout/fonts.js";
import { renderAndSign } from "./pipeline.js";
import type { Signer } from "./signing/signer.js";

/**
 * Renders and signs one consent so the first real document does not pay for lazy loading
 * (fonts, templates, pdfkit, pkijs: ~280 ms). Call once at start-up; returns the time taken (ms).
 */
export async function warmUpDocuments(signer: Signer, org: OrgRequisites): Promise<number> {
  const started = performance.now();
  loadFonts();
  await renderAndSign(
    "consent",
    DEMO_DATA.consent,
    {
      documentId: randomUUID(),
      number: "0",
      date: "2026-01-01",
      verifyUrl: "http://localhost/verify/warm-up",
    },
    signer,
    org,
  );
  return performance.now() - started;
}
