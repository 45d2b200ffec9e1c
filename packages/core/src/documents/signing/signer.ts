import type { CertificateInfo } from "../types.js";

/**
 * The organisation's signing key behind one interface: a PEM or PKCS#12 key now; an AWS KMS or a
 * GOST R 34.10-2012 provider later (implement `sign` with the same CMS builder and a remote raw
 * signature). Implementations are reusable and safe for concurrent calls.
 */
export interface Signer {
  /** What documents and verification pages show about the certificate. */
  readonly certificate: CertificateInfo;
  /** The certificate (DER) embedded in every signature. */
  readonly certificateDer: Uint8Array;
  /** Detached CMS SignedData (DER) over `data`, with PAdES B-B signed attributes. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** Bytes the signature needs beyond the CMS itself (a signature timestamp token). */
  readonly extraSignatureBytes?: number;
}
