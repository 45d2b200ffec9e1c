import type { Signer } from "../signing/signer.js";
import type { CertificateInfo } from "../types.js";
import { child, children, content, encoding, node, oid } from "./der.js";
import { TS_OID } from "./token.js";
import { type TsaClient, TsaUnavailableError } from "./tsa-client.js";

/**
 * PAdES B-T: the signature timestamp (ETSI EN 319 122-1 §5.3, RFC 3161 appendix A) as the unsigned
 * attribute id-aa-signatureTimeStampToken of the signer, over the signature value. When no
 * authority answers the CMS stays B-B — never a bare clock reading passed off as a timestamp —
 * and the upgrade job adds a document timestamp later.
 */

/** The CMS's parts around its (only) SignerInfo, located with the DER walker (no re-encoding). */
function locate(cms: Uint8Array) {
  const contentInfo = node(cms);
  const [type, explicit] = children(cms, contentInfo);
  if (!type || !explicit) throw new Error("Not a CMS ContentInfo");
  const signedData = child(cms, explicit, 0);
  const signerInfos = children(cms, signedData).at(-1);
  if (!signerInfos || signerInfos.tag !== 0x31) throw new Error("The CMS has no signer");
  const signerInfo = child(cms, signerInfos, 0);
  return { contentInfo, type, signedData, signerInfos, signerInfo, parts: children(cms, signerInfo) };
}

/** The signature value (the bytes a signature timestamp covers). */
export function signatureValueOf(cms: Uint8Array): Uint8Array {
  const signature = locate(cms).parts.find((n) => n.tag === 0x04);
  if (!signature) throw new Error("The CMS signer has no signature");
  return content(cms, signature);
}

/** The signature timestamp token of a CMS, if it has one. */
export function signatureTimestampOf(cms: Uint8Array): Uint8Array | undefined {
  const unsigned = locate(cms).parts.find((n) => n.tag === 0xa1);
  if (!unsigned) return undefined;
  for (const attr of children(cms, unsigned)) {
    const [type, values] = children(cms, attr);
    if (type && values && oid(cms, type) === TS_OID.signatureTimeStampToken)
      return encoding(cms, child(cms, values, 0));
  }
  return undefined;
}

/** DER of one element: tag, definite length, contents. */
function wrap(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.byteLength;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const SIGNATURE_TIMESTAMP_OID = Buffer.from("060b2a864886f70d010910020e", "hex");

/**
 * The CMS with `token` as its signature timestamp: the unsigned attribute is appended to the
 * SignerInfo and only the lengths around it are written anew; every other byte (the signed
 * attributes, the certificates, the signature) stays as signed.
 */
export function withSignatureTimestamp(cms: Uint8Array, token: Uint8Array): Uint8Array {
  const { type, signedData, signerInfos, signerInfo, parts } = locate(cms);
  if (parts.some((n) => n.tag === 0xa1)) throw new Error("The CMS already has unsigned attributes");
  const unsigned = wrap(0xa1, wrap(0x30, SIGNATURE_TIMESTAMP_OID, wrap(0x31, token)));
  const newSigner = wrap(0x30, content(cms, signerInfo), unsigned);
  const newSigners = wrap(
    0x31,
    cms.subarray(signerInfos.body, signerInfo.start),
    newSigner,
    cms.subarray(signerInfo.end, signerInfos.end),
  );
  const newSignedData = wrap(
    0x30,
    cms.subarray(signedData.body, signerInfos.start),
    newSigners,
    cms.subarray(signerInfos.end, signedData.end),
  );
  return new Uint8Array(wrap(0x30, encoding(cms, type), wrap(0xa0, newSignedData)));
}

/** Room a timestamp token takes in the signature's /Contents (a TSA certificate chain included). */
export const TIMESTAMP_RESERVE_BYTES = 8192;

/**
 * A Signer that adds a signature timestamp from the configured authorities to every signature;
 * without an answer it returns the B-B signature (`onUnavailable` is told why).
 */
export class TimestampingSigner implements Signer {
  readonly extraSignatureBytes = TIMESTAMP_RESERVE_BYTES;

  constructor(
    readonly inner: Signer,
    private readonly tsa: TsaClient,
    private readonly onUnavailable: (error: Error) => void = () => undefined,
  ) {}

  get certificate(): CertificateInfo {
    return this.inner.certificate;
  }

  get certificateDer(): Uint8Array {
    return this.inner.certificateDer;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const cms = await this.inner.sign(data);
    try {
      const { token } = await this.tsa.timestamp(signatureValueOf(cms));
      return withSignatureTimestamp(cms, token);
    } catch (error) {
      if (!(error instanceof TsaUnavailableError)) throw error;
      this.onUnavailable(error);
      return cms;
    }
  }
}
