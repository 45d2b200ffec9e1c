import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Signer } from "../signing/signer.js";
import type { CertificateInfo } from "../types.js";
import { ab, TS_OID } from "./token.js";
import { type TsaClient, TsaUnavailableError } from "./tsa-client.js";

/**
 * PAdES B-T: the signature timestamp (ETSI EN 319 122-1 §5.3, RFC 3161 appendix A) as the unsigned
 * attribute id-aa-signatureTimeStampToken of the signer, over the signature value. When no
 * authority answers the CMS stays B-B — never a bare clock reading passed off as a timestamp —
 * and the upgrade job adds a document timestamp later.
 */

const signerInfoOf = (cmsDer: Uint8Array) => {
  const asn1 = asn1js.fromBER(ab(cmsDer));
  if (asn1.offset === -1) throw new Error("The CMS is not DER");
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error("The CMS has no signer");
  return { signedData, signerInfo };
};

/** The signature value (the bytes a signature timestamp covers). */
export function signatureValueOf(cmsDer: Uint8Array): Uint8Array {
  return new Uint8Array(signerInfoOf(cmsDer).signerInfo.signature.valueBlock.valueHexView);
}

/** The signature timestamp token of a CMS, if it has one. */
export function signatureTimestampOf(cmsDer: Uint8Array): Uint8Array | undefined {
  const attr = signerInfoOf(cmsDer).signerInfo.unsignedAttrs?.attributes.find(
    (a) => a.type === TS_OID.signatureTimeStampToken,
  );
  const value = attr?.values[0] as asn1js.BaseBlock | undefined;
  return value ? new Uint8Array(value.toBER(false)) : undefined;
}

/** The CMS with `token` as its signature timestamp. */
export function withSignatureTimestamp(cmsDer: Uint8Array, token: Uint8Array): Uint8Array {
  const { signedData, signerInfo } = signerInfoOf(cmsDer);
  const parsed = asn1js.fromBER(ab(token));
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: TS_OID.signatureTimeStampToken, values: [parsed.result] })],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: "1.2.840.113549.1.7.2",
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
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
