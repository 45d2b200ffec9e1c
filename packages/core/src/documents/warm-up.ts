import { randomUUID } from "node:crypto";
import type { OrgRequisites } from "../config.js";
import { DEMO_DATA } from "./layout/demo.js";
import { loadFonts } from "./layout/fonts.js";
import { renderAndSign } from "./pipeline.js";
import type { Signer } from "./signing/signer.js";
import type { DocumentType } from "./types.js";

/**
 * Renders and signs one document (by default a consent; a function warms with the kind it issues:
 * its template, declension and layout paths) so the first real document does not pay for lazy
 * loading (fonts, templates, pdfkit, pkijs). Call once at start-up; returns the time taken (ms).
 */
export async function warmUpDocuments(
  signer: Signer,
  org: OrgRequisites,
  type: DocumentType = "consent",
): Promise<number> {
  const started = performance.now();
  loadFonts();
  await renderAndSign(
    type,
    DEMO_DATA[type],
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
