/**
 * PDF/A-2b (ISO 19005-2, level B: visual appearance preserved) for every rendered document.
 *
 * Why 2b: it is the usual archival level; it allows what the documents use (embedded TrueType
 * subsets, a PAdES signature, link annotations with URI actions) and, unlike PDF/A-3, forbids
 * embedded files of arbitrary kind: the documents carry no attachments, so 3b would only widen
 * what a valid file may contain. Level "a" (tagged, logical structure) is not claimed.
 *
 * pdfkit (>= 0.14) does most of it with `subset: "PDF/A-2b"`: the XMP `pdfaid:part`/
 * `pdfaid:conformance`, an OutputIntent (GTS_PDFA1) with the sRGB IEC61966-2.1 ICC profile it
 * ships (node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc), the trailer /ID, no encryption or
 * JavaScript. Two gaps are closed here:
 *   - its XMP for the Info dictionary is not XML-escaped (a title with «&» or «<» would break the
 *     packet) and lacks xmp:ModifyDate for /ModDate, which ISO 19005-2 §6.6.2.3 requires to match;
 *   - the signature widget @signpdf adds has no /F: PDF/A requires the Print flag on every
 *     annotation (§6.3.2); pdfkit's own link annotations already get /F 4.
 * Fonts: every face is an embedded TrueType subset (fonts.ts) and `font: null` keeps pdfkit from
 * loading its standard-14 Helvetica default. test/documents/pdfa.test.ts checks the structure.
 */

export const PDFA_SUBSET = "PDF/A-2b";
export const PDFA_PART = 2;
export const PDFA_CONFORMANCE = "B";

/** Constructor options of a PDF/A-2b document (merge into the pdfkit options). */
export const pdfaOptions = { subset: PDFA_SUBSET, pdfVersion: "1.7" } as const;

const ANNOTATION_PRINT = 1 << 2;

interface PdfkitInternals {
  info: Record<string, unknown>;
  appendXML(xml: string, newline?: boolean): void;
  ref(data?: Record<string, unknown>): unknown;
  _addInfo(): void;
}

const xml = (value: unknown): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );

/** XMP dates as pdfkit writes Info dates: UTC, to the second (so both say the same instant). */
const xmpDate = (value: unknown): string | undefined =>
  value instanceof Date ? `${value.toISOString().slice(0, 19)}Z` : undefined;

/** The XMP descriptions of the Info entries: one property per Info key that has a value. */
export function infoXmp(info: Record<string, unknown>): string {
  const has = (key: string) => typeof info[key] === "string" && info[key] !== "";
  const created = xmpDate(info.CreationDate);
  const modified = xmpDate(info.ModDate);
  const parts: string[] = [];
  parts.push(
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    created ? `<xmp:CreateDate>${created}</xmp:CreateDate>` : "",
    modified ? `<xmp:ModifyDate>${modified}</xmp:ModifyDate>` : "",
    modified ? `<xmp:MetadataDate>${modified}</xmp:MetadataDate>` : "",
    has("Creator") ? `<xmp:CreatorTool>${xml(info.Creator)}</xmp:CreatorTool>` : "",
    "</rdf:Description>",
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    "<dc:format>application/pdf</dc:format>",
    has("Title")
      ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.Title)}</rdf:li></rdf:Alt></dc:title>`
      : "",
    has("Author") ? `<dc:creator><rdf:Seq><rdf:li>${xml(info.Author)}</rdf:li></rdf:Seq></dc:creator>` : "",
    has("Subject")
      ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.Subject)}</rdf:li></rdf:Alt></dc:description>`
      : "",
    "</rdf:Description>",
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
    has("Producer") ? `<pdf:Producer>${xml(info.Producer)}</pdf:Producer>` : "",
    has("Keywords") ? `<pdf:Keywords>${xml(info.Keywords)}</pdf:Keywords>` : "",
    "</rdf:Description>",
  );
  return parts.filter(Boolean).join("\n");
}

/**
 * Completes a pdfkit document created with `pdfaOptions`: escaped, complete XMP for its Info
 * dictionary, and the Print flag on every annotation created from now on (including the
 * signature widget added before the document is closed).
 */
export function makePdfA(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as PdfkitInternals;
  d._addInfo = () => d.appendXML(infoXmp(d.info));
  const ref = d.ref.bind(d);
  d.ref = (data?: Record<string, unknown>) => {
    if (data && data.Type === "Annot" && data.F === undefined) data.F = ANNOTATION_PRINT;
    return ref(data);
  };
}
