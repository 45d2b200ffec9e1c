/** The documents engine: templates, PDF rendering, PAdES signing, verification and records. */
export { CmsBuilder, checkCms, parseCertificate } from "./cms.js";
export { DEMO_DATA, DEMO_NUMBERS } from "./demo.js";
export { loadFonts } from "./fonts.js";
export { TemplateError } from "./markup.js";
export { type RenderedDocument, renderAndSign, validateDocumentData } from "./pipeline.js";
export { DocumentRepository, documentKeys } from "./records.js";
export {
  ALTERNATIVE_CHANNELS,
  type AlternativeChannel,
  type DocumentData,
  type DocumentInput,
  documentSchemas,
  RELATIONS,
  type Relation,
} from "./schemas.js";
export {
  DocumentService,
  type DocumentServiceDeps,
  type PreparedDocument,
  type PrepareInput,
  STATUS_LABELS,
  verifyMessage,
} from "./service.js";
export { KeySigner } from "./signer/key-signer.js";
export { loadSigner } from "./signer/load.js";
export { loadOrCreateLocalSigner } from "./signer/local.js";
export { p12Signer } from "./signer/p12.js";
export { pemSigner } from "./signer/pem.js";
export { generateSelfSigned } from "./signer/self-signed.js";
export type { Signer } from "./signer/types.js";
export { clearTemplateCache, templatesDir } from "./templates.js";
export {
  type CertificateInfo,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  type DocumentMeta,
  type DocumentOwner,
  type DocumentRecord,
  type DocumentStatus,
  type DocumentType,
  isDocumentType,
  type VerifyResult,
} from "./types.js";
export { inspectPdf } from "./verify.js";
export { warmUpDocuments } from "./warm-up.js";
