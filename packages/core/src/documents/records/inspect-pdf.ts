import { sha256Hex } from "../../audit/hash.js";
import { type CmsCheck, checkCms } from "../signing/cms.js";

/**
 * Reads the signature of a PDF issued by this service (pure; no stores): the last signature
 * dictionary's /ByteRange and /Contents, the CMS check over the signed ranges, and the document id
 * written into the Info dictionary.
 */
export interface PdfSignatureCheck {
  sha256: string;
  /** A signature dictionary with a usable /ByteRange and /Contents was found. */
  signed: boolean;
  /** The signed ranges cover the whole file except /Contents (nothing was appended after signing). */
  coversWholeFile: boolean;
  cms?: CmsCheck;
  /** `/SoglasieDocumentId` of the Info dictionary, when present. */
  documentId?: string;
  /** Signed, whole file covered, digest and signature valid. */
  intact: boolean;
}

const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

const UUID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";

/** The Info dictionary's /SoglasieDocumentId: written inline or (pdfkit) as a reference to a string object. */
function embeddedDocumentId(text: string): string | undefined {
  const inline = new RegExp(`/SoglasieDocumentId\\s*\\(${UUID}\\)`).exec(text);
  if (inline) return inline[1]?.toLowerCase();
  const ref = /\/SoglasieDocumentId\s+(\d+)\s+(\d+)\s+R/.exec(text);
  if (!ref) return undefined;
  const obj = new RegExp(`(?:^|[\\r\\n])${ref[1]}\\s+${ref[2]}\\s+obj\\s*\\(${UUID}\\)`).exec(text);
  return obj?.[1]?.toLowerCase();
}

export function inspectPdf(bytes: Uint8Array): PdfSignatureCheck {
  const sha256 = sha256Hex(bytes);
  const text = latin1(bytes);
  const id = embeddedDocumentId(text);
  const result: PdfSignatureCheck = {
    sha256,
    signed: false,
    coversWholeFile: false,
    documentId: id,
    intact: false,
  };
  if (!text.startsWith("%PDF-")) return result;

  // The document's signature, not a document timestamp (/SubFilter /ETSI.RFC3161) added later.
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].filter(
    (m) => !/\/ETSI\.RFC3161/.test(text.slice(text.lastIndexOf(" obj", m.index), m.index)),
  );
  const last = ranges.at(-1);
  if (!last) return result;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d > bytes.byteLength || b >= bytes.byteLength) return result;
  const hole = text.slice(b, c);
  const hex = /^<([0-9a-fA-F]*)>$/.exec(hole)?.[1];
  if (hex === undefined || hex.length % 2 !== 0) return result;
  const cmsDer = new Uint8Array(Buffer.from(hex, "hex"));
  const signedContent = Buffer.concat([bytes.subarray(a, b), bytes.subarray(c, c + d)]);
  result.signed = true;
  result.coversWholeFile = c + d === bytes.byteLength;
  result.cms = checkCms(cmsDer, signedContent);
  result.intact = result.coversWholeFile && result.cms.digestMatches && result.cms.signatureValid;
  return result;
}
