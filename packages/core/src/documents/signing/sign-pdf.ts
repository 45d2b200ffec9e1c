import { pdfkitAddPlaceholder } from "@signpdf/placeholder-pdfkit";
import { SignPdf } from "@signpdf/signpdf";
import { Signer as SignPdfSigner, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import type { Signer } from "./signer.js";

/**
 * PAdES signing of pdfkit output with @signpdf: a signature dictionary (SubFilter
 * ETSI.CAdES.detached, /M = signing time) with a zero-filled /Contents placeholder is added before
 * the document is closed; the finished bytes get their /ByteRange and the CMS from our Signer.
 */

export interface PlaceholderOptions {
  reason: string;
  location: string;
  name: string;
  contactInfo: string;
  signingTime: Date;
  /** Bytes reserved for the CMS (hex-encoded in the file, so the file grows by twice this). */
  signatureLength: number;
}

/** Room for the CMS: the certificate plus signed attributes, the signature and ASN.1 overhead. */
export function signatureLengthFor(signer: Signer): number {
  return Math.max(4096, signer.certificateDer.byteLength * 2 + 2048) + (signer.extraSignatureBytes ?? 0);
}

export function addSignaturePlaceholder(doc: PDFKit.PDFDocument, opts: PlaceholderOptions): void {
  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: opts.reason,
    location: opts.location,
    name: opts.name,
    contactInfo: opts.contactInfo,
    signingTime: opts.signingTime,
    signatureLength: opts.signatureLength,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [0, 0, 0, 0],
    appName: "Soglasie",
  });
}

class SignerAdapter extends SignPdfSigner {
  constructor(private readonly signer: Signer) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await this.signer.sign(pdfBuffer));
  }
}

const signPdf = new SignPdf();

/** Fills /ByteRange and /Contents of a PDF that has the placeholder. */
export async function signPlaceholder(pdf: Buffer, signer: Signer): Promise<Buffer> {
  return signPdf.sign(pdf, new SignerAdapter(signer));
}
