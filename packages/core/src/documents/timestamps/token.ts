import { createHash, verify, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseCertificate } from "../signing/cms.js";
import type { CertificateInfo } from "../types.js";

/**
 * RFC 3161 timestamp tokens (a CMS SignedData over a TSTInfo), read and checked with pkijs:
 * the message imprint against the bytes it claims to cover, and the TSA's signature with the
 * certificate the token carries (extendedKeyUsage timeStamping, critical: RFC 3161 §2.3).
 */

export const TS_OID = {
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  extKeyUsage: "2.5.29.37",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
} as const;

const HASHES: Record<string, string> = {
  [TS_OID.sha256]: "sha256",
  [TS_OID.sha384]: "sha384",
  [TS_OID.sha512]: "sha512",
};

export const ab = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export interface TokenCheck {
  /** The token's time (TSTInfo.genTime, ISO instant). */
  time?: string;
  /** Who issued it: the TSA certificate's owner (CN, else O). */
  authority?: string;
  /** The TSA certificate, as people see it. */
  tsaCertificate?: CertificateInfo;
  tsaCertificateDer?: Uint8Array;
  /** The imprint equals the hash of the bytes the token is said to cover. */
  imprintMatches: boolean;
  /** The TSA's signature over the TSTInfo verifies with its certificate, which is a timestamping one. */
  signatureValid: boolean;
  error?: string;
}

export interface ParsedToken {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
  certificate?: pkijs.Certificate;
}

export function parseToken(der: Uint8Array): ParsedToken {
  const asn1 = asn1js.fromBER(ab(der));
  if (asn1.offset === -1) throw new Error("The timestamp token is not DER");
  const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  if (signedData.encapContentInfo.eContentType !== TS_OID.tstInfo) throw new Error("Not a timestamp token");
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error("The timestamp token has no TSTInfo");
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  const sid = signedData.signerInfos[0]?.sid;
  const certs = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const certificate =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer))
      : certs[0];
  return { signedData, tstInfo, certificate };
}

/** Whether a certificate is meant for timestamping (the extension present, critical, one purpose). */
export function isTimestampingCertificate(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === TS_OID.extKeyUsage);
  if (!ext?.critical) return false;
  const usage = ext.parsedValue as pkijs.ExtKeyUsage | undefined;
  return Boolean(usage?.keyPurposes.includes(TS_OID.timeStamping));
}

export function imprintOf(tstInfo: pkijs.TSTInfo): { algorithm: string; digest: Uint8Array } {
  return {
    algorithm: tstInfo.messageImprint.hashAlgorithm.algorithmId,
    digest: new Uint8Array(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
  };
}

/**
 * The TSA's signature: the message-digest attribute is the hash of the TSTInfo, and the signature
 * over the signed attributes (re-tagged as SET OF, RFC 5652 §5.4) verifies with the certificate.
 */
function tsaSignatureValid(signedData: pkijs.SignedData, certificateDer: Uint8Array): boolean {
  const signerInfo = signedData.signerInfos[0];
  const eContent = signedData.encapContentInfo.eContent;
  if (!signerInfo?.signedAttrs || !eContent) return false;
  const hash = HASHES[signerInfo.digestAlgorithm.algorithmId];
  if (!hash) return false;
  const digest = signerInfo.signedAttrs.attributes.find((a) => a.type === "1.2.840.113549.1.9.4")
    ?.values[0] as asn1js.OctetString | undefined;
  const content = new Uint8Array(eContent.getValue());
  if (
    !digest ||
    !Buffer.from(digest.valueBlock.valueHexView).equals(createHash(hash).update(content).digest())
  )
    return false;
  const toBeSigned = new Uint8Array(signerInfo.signedAttrs.encodedValue.slice(0));
  toBeSigned[0] = 0x31;
  const key = new X509Certificate(certificateDer).publicKey;
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  // RSASSA-PSS needs its parameters; RSA PKCS#1 v1.5 and ECDSA are what TSAs use.
  if (algorithm === "1.2.840.113549.1.1.10") return false;
  return verify(hash, toBeSigned, key, signature);
}

/** Checks a token against the bytes it covers (a signature value, a PDF's signed ranges). */
export async function checkToken(der: Uint8Array, covered: Uint8Array): Promise<TokenCheck> {
  try {
    const { signedData, tstInfo, certificate } = parseToken(der);
    const { algorithm, digest } = imprintOf(tstInfo);
    const hash = HASHES[algorithm];
    const imprintMatches =
      hash !== undefined && Buffer.from(digest).equals(createHash(hash).update(covered).digest());
    const certificateDer = certificate ? new Uint8Array(certificate.toSchema().toBER(false)) : undefined;
    const info = certificateDer ? parseCertificate(certificateDer).info : undefined;
    const signatureValid =
      certificateDer !== undefined &&
      certificate !== undefined &&
      isTimestampingCertificate(certificate) &&
      tsaSignatureValid(signedData, certificateDer);
    return {
      time: tstInfo.genTime.toISOString(),
      authority: info?.owner,
      tsaCertificate: info,
      tsaCertificateDer: certificateDer,
      imprintMatches,
      signatureValid,
    };
  } catch (error) {
    return { imprintMatches: false, signatureValid: false, error: (error as Error).message };
  }
}
