import { createHash, type KeyObject, verify as verifySignature, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { CertificateInfo } from "../types.js";
import { attributeText, NAME_OIDS } from "./certificate.js";

/**
 * CMS SignedData (RFC 5652) for PAdES B-B signatures, built with pkijs/asn1js; the raw signature
 * comes from a callback (node:crypto now, a KMS or GOST provider later). Signed attributes:
 * content-type, message-digest and signing-certificate-v2; no signing-time (PAdES keeps the time
 * in the signature dictionary's /M).
 */

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
} as const;

export type KeyAlgorithm = "rsa" | "ec";

const toBytes = (view: ArrayBuffer | ArrayBufferView): Uint8Array =>
  view instanceof ArrayBuffer
    ? new Uint8Array(view)
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export const sha256 = (data: Uint8Array): Uint8Array => createHash("sha256").update(data).digest();

const nameValue = (tv: pkijs.AttributeTypeAndValue): string => attributeText(tv.value);

/** «C=RU, L=Чита, O=…, CN=…» in the certificate's order (most significant first). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${NAME_OIDS[tv.type] ?? tv.type}=${nameValue(tv)}`).join(", ");
}

export function parseCertificate(der: Uint8Array): { cert: pkijs.Certificate; info: CertificateInfo } {
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
  const find = (oid: string) => cert.subject.typesAndValues.find((tv) => tv.type === oid);
  const cn = find("2.5.4.3");
  const o = find("2.5.4.10");
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView)
    .toString("hex")
    .replace(/^(00)+(?=.)/, "");
  return {
    cert,
    info: {
      subject: formatName(cert.subject),
      owner: (cn && nameValue(cn)) || (o && nameValue(o)) || formatName(cert.subject),
      serial: serial.toUpperCase(),
      validFrom: cert.notBefore.value.toISOString(),
      validTo: cert.notAfter.value.toISOString(),
    },
  };
}

export function keyAlgorithmOf(cert: pkijs.Certificate): KeyAlgorithm {
  const oid = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (oid === OID.rsaEncryption) return "rsa";
  if (oid === OID.ecPublicKey) return "ec";
  throw new Error(`Unsupported signing key algorithm ${oid} (RSA or ECDSA expected)`);
}

function sortedDerSet<T extends { toSchema(): asn1js.BaseBlock }>(items: T[]): T[] {
  const encoded = items.map((item) => ({ item, der: Buffer.from(item.toSchema().toBER(false)) }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return encoded.map((e) => e.item);
}

/** Builds detached CMS SignedData for one certificate; reuse one instance per certificate. */
export class CmsBuilder {
  readonly cert: pkijs.Certificate;
  readonly info: CertificateInfo;
  readonly algorithm: KeyAlgorithm;
  private readonly signingCertificateV2: asn1js.Sequence;

  constructor(readonly certificateDer: Uint8Array) {
    const { cert, info } = parseCertificate(certificateDer);
    this.cert = cert;
    this.info = info;
    this.algorithm = keyAlgorithmOf(cert);
    // ESSCertIDv2 with the default hash (SHA-256, so hashAlgorithm is omitted) and IssuerSerial.
    this.signingCertificateV2 = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certificateDer)) }),
                new asn1js.Sequence({
                  value: [
                    new asn1js.Sequence({
                      value: [
                        new asn1js.Constructed({
                          idBlock: { tagClass: 3, tagNumber: 4 },
                          value: [cert.issuer.toSchema()],
                        }),
                      ],
                    }),
                    new asn1js.Integer({
                      valueHex: toArrayBuffer(toBytes(cert.serialNumber.valueBlock.valueHexView)),
                    }),
                  ],
                }),
              ],
            }),
          ],
        }),
      ],
    });
  }

  /** The DER of the SignedData over `data`, signing the signed attributes with `signRaw`. */
  async build(
    data: Uint8Array,
    signRaw: (toBeSigned: Uint8Array) => Uint8Array | Promise<Uint8Array>,
  ): Promise<Uint8Array> {
    const attributes = sortedDerSet([
      new pkijs.Attribute({
        type: OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: OID.data })],
      }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(data)) })],
      }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [this.signingCertificateV2] }),
    ]);
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
    const toBeSigned = new Uint8Array(signedAttrs.toSchema().toBER(false));
    toBeSigned[0] = 0x31; // [0] IMPLICIT → SET OF, as RFC 5652 §5.4 requires for the signature input
    const signature = await signRaw(toBeSigned);

    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({
        issuer: this.cert.issuer,
        serialNumber: this.cert.serialNumber,
      }),
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      signedAttrs,
      signatureAlgorithm:
        this.algorithm === "rsa"
          ? new pkijs.AlgorithmIdentifier({
              algorithmId: OID.rsaEncryption,
              algorithmParams: new asn1js.Null(),
            })
          : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 }),
      signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
    });
    const signedData = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [this.cert],
      signerInfos: [signerInfo],
    });
    const contentInfo = new pkijs.ContentInfo({
      contentType: OID.signedData,
      content: signedData.toSchema(true),
    });
    return new Uint8Array(contentInfo.toSchema().toBER(false));
  }
}

export interface CmsCheck {
  /** The message-digest attribute equals SHA-256 of the signed content. */
  digestMatches: boolean;
  /** The signature over the signed attributes verifies with the embedded certificate's key, and the
   *  signing-certificate-v2 attribute names that certificate. */
  signatureValid: boolean;
  certificate?: CertificateInfo;
  certificateDer?: Uint8Array;
  error?: string;
}

/** Checks a detached CMS SignedData (DER, trailing zero padding allowed) against its content. */
export function checkCms(cmsDer: Uint8Array, content: Uint8Array): CmsCheck {
  try {
    const asn1 = asn1js.fromBER(toArrayBuffer(cmsDer));
    if (asn1.offset === -1) return { digestMatches: false, signatureValid: false, error: "not DER" };
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== OID.signedData)
      return { digestMatches: false, signatureValid: false, error: "not SignedData" };
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const signerInfo = signedData.signerInfos[0];
    const certItem = signedData.certificates?.find(
      (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
    );
    if (!signerInfo?.signedAttrs || !certItem) {
      return { digestMatches: false, signatureValid: false, error: "no signer or certificate" };
    }
    const certificateDer = new Uint8Array(certItem.toSchema().toBER(false));
    const { info } = parseCertificate(certificateDer);
    // signing-certificate-v2 binds the signature to this certificate (ESSCertIDv2.certHash, SHA-256).
    const essAttr = signerInfo.signedAttrs.attributes.find((a) => a.type === OID.signingCertificateV2);
    const certHash = (
      (
        (essAttr?.values[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] as
          | asn1js.Sequence
          | undefined
      )?.valueBlock.value[0] as asn1js.Sequence | undefined
    )?.valueBlock.value.find((b): b is asn1js.OctetString => b instanceof asn1js.OctetString);
    const certBound =
      essAttr === undefined ||
      (certHash !== undefined &&
        Buffer.from(certHash.valueBlock.valueHexView).equals(sha256(certificateDer)));
    const digestAttr = signerInfo.signedAttrs.attributes.find((a) => a.type === OID.messageDigest);
    const digest = digestAttr?.values[0] as asn1js.OctetString | undefined;
    const digestMatches =
      digest !== undefined && Buffer.from(digest.valueBlock.valueHexView).equals(sha256(content));
    const toBeSigned = new Uint8Array(signerInfo.signedAttrs.encodedValue.slice(0));
    toBeSigned[0] = 0x31;
    const publicKey: KeyObject = new X509Certificate(certificateDer).publicKey;
    const signatureValid =
      certBound &&
      verifySignature(
        "sha256",
        toBeSigned,
        publicKey,
        Buffer.from(signerInfo.signature.valueBlock.valueHexView),
      );
    return { digestMatches, signatureValid, certificate: info, certificateDer };
  } catch (error) {
    return { digestMatches: false, signatureValid: false, error: (error as Error).message };
  }
}
