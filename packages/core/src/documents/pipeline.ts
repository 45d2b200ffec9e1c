import { sha256Hex } from "../audit/hash.js";
import type { OrgRequisites } from "../config.js";
import { ValidationError } from "../errors.js";
import { isoDate, parseInput, z } from "../validation.js";
import { templateContext } from "./layout/context.js";
import { TemplateError } from "./layout/markup.js";
import { type LaidLine, renderPdf } from "./layout/render.js";
import { type FilledTemplate, fillTemplate, loadTemplate, parseTemplate } from "./layout/templates.js";
import { type DocumentData, documentSchemas, regNumber } from "./schemas.js";
import { addSignaturePlaceholder, signatureLengthFor, signPlaceholder } from "./signing/sign-pdf.js";
import type { Signer } from "./signing/signer.js";
import type { DocumentMeta, DocumentType } from "./types.js";
import { isDocumentType } from "./types.js";

export interface RenderedDocument {
  bytes: Uint8Array;
  sha256: string;
  size: number;
  /** Title for the record (no personal data). */
  title: string;
  /** The validated, cleaned data that was printed. */
  data: DocumentData<DocumentType>;
  signedAt: Date;
}

const metaSchema = z.object({
  documentId: z.string().uuid(),
  number: regNumber,
  date: isoDate,
  verifyUrl: z.string().url(),
});

/** Validates a type's data; throws ValidationError naming each bad field. */
export function validateDocumentData<T extends DocumentType>(type: T, data: unknown): DocumentData<T> {
  if (!isDocumentType(type))
    throw new ValidationError("Неизвестный тип документа", { type: ["Неизвестный тип документа"] });
  return parseInput(
    documentSchemas[type] as z.ZodType,
    data,
    "Проверьте данные документа",
  ) as DocumentData<T>;
}

export interface RenderOptions {
  /** Template source used instead of templates/<type>.md (an edited regulation text). */
  templateSource?: string;
  /** Benchmarks only: parse the font files again for this document (the naive path). */
  reparseFonts?: boolean;
  /** Tests and benchmarks: fontkit's shaper for every run (the engine before issue 18). */
  fullShaper?: boolean;
  /** Benchmarks only: `false` sets justified text without hyphenation. */
  hyphenate?: boolean;
  /** Tests: every line of text as it is set (page, position, spacing). */
  onLine?: (line: LaidLine) => void;
}

function fillDocumentTemplate(
  type: DocumentType,
  context: Record<string, unknown>,
  source?: string,
): FilledTemplate {
  if (source === undefined) return fillTemplate(loadTemplate(type), context);
  try {
    return fillTemplate(parseTemplate(source, `${type}.md`), context);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new ValidationError("Ошибка в тексте шаблона документа", { templateSource: [error.message] });
  }
}

/**
 * Validates, renders and signs one document without any store: the pure core of the engine, used
 * by DocumentService, samples and benchmarks. Nothing is produced unless the data is valid.
 */
export async function renderAndSign(
  type: DocumentType,
  data: unknown,
  meta: DocumentMeta,
  signer: Signer,
  org: OrgRequisites,
  opts: RenderOptions = {},
): Promise<RenderedDocument> {
  const valid = validateDocumentData(type, data);
  const checkedMeta = parseInput(metaSchema, meta, "Проверьте реквизиты документа");
  const signedAt = meta.signedAt ?? new Date();
  const fullMeta: DocumentMeta = { ...meta, ...checkedMeta, signedAt };
  const filled = fillDocumentTemplate(type, templateContext(type, valid, fullMeta, org), opts.templateSource);
  const unsigned = await renderPdf({
    filled,
    org,
    meta: fullMeta,
    certificate: signer.certificate,
    signedAt,
    reparseFonts: opts.reparseFonts,
    fullShaper: opts.fullShaper,
    hyphenate: opts.hyphenate,
    onLine: opts.onLine,
    beforeEnd: (doc) =>
      addSignaturePlaceholder(doc, {
        reason: `${filled.kind.charAt(0)}${filled.kind.slice(1).toLocaleLowerCase("ru-RU")} № ${fullMeta.number}`,
        location: org.city,
        name: signer.certificate.owner,
        contactInfo: fullMeta.verifyUrl,
        signingTime: signedAt,
        signatureLength: signatureLengthFor(signer),
      }),
  });
  const signed = await signPlaceholder(unsigned, signer);
  const bytes = new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
  return {
    bytes,
    sha256: sha256Hex(bytes),
    size: bytes.byteLength,
    title: filled.recordTitle,
    data: valid,
    signedAt,
  };
}

/** What a draft prints in place of the registration number it does not have yet. */
export const DRAFT_NUMBER = "___";

export interface DraftMeta {
  /** The date the document will bear (ISO yyyy-mm-dd). */
  date: string;
  /** Default «___»: a draft is not registered. An extract shows the protocol's own number. */
  number?: string;
  timeZone?: string;
  /** Who will sign: named in the «not signed» frame, not as a signature. */
  signatory?: DocumentMeta["signatory"];
  pep?: DocumentMeta["pep"];
  /** The draft's status in words, printed at the top of its first page. */
  note?: string;
}

export interface DraftDocument {
  bytes: Uint8Array;
  title: string;
}

/**
 * The document as it will be, for a preview before signing: validated like the real one and laid
 * out by the same templates and layout, but marked «ПРОЕКТ» on every page, without a registration
 * number, without a QR code or verification link and without any signature (no organisation's
 * key touches it). Nothing is stored: the caller hands the bytes out and forgets them.
 */
export async function renderDraft(
  type: DocumentType,
  data: unknown,
  meta: DraftMeta,
  signer: Signer,
  org: OrgRequisites,
  opts: Pick<RenderOptions, "templateSource" | "onLine"> = {},
): Promise<DraftDocument> {
  const valid = validateDocumentData(type, data);
  const date = parseInput(isoDate, meta.date, "Неверная дата документа");
  const fullMeta: DocumentMeta = {
    documentId: "",
    number: meta.number ?? DRAFT_NUMBER,
    date,
    verifyUrl: "",
    ...(meta.timeZone ? { timeZone: meta.timeZone } : {}),
    ...(meta.signatory ? { signatory: meta.signatory } : {}),
    ...(meta.pep ? { pep: meta.pep } : {}),
  };
  const filled = fillDocumentTemplate(type, templateContext(type, valid, fullMeta, org), opts.templateSource);
  const buffer = await renderPdf({
    filled,
    org,
    meta: fullMeta,
    certificate: signer.certificate,
    signedAt: new Date(),
    onLine: opts.onLine,
    draft: true,
    ...(meta.note ? { draftNote: meta.note } : {}),
  });
  return {
    bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    title: `Проект: ${filled.recordTitle}`,
  };
}
