import { createHash, verify, X509Certificate } from "node:crypto";
import type { CertificateInfo } from "../types.js";
import { child, children, content, encoding, node, oid } from "./der.js";

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

/** What verification needs of a token, read with the DER walker (der.ts). */
export interface ParsedToken {
  genTime: Date;
  nonce?: Uint8Array;
  imprint: { algorithm: string; digest: Uint8Array };
  /** TSTInfo as signed (the eContent). */
  tstInfo: Uint8Array;
  /** The signed attributes as encoded ([0] IMPLICIT), their message digest and the signature. */
  signedAttrs?: Uint8Array;
  messageDigest?: Uint8Array;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** The signer's certificate (DER), found by issuer serial number among those the token carries. */
  certificate?: Uint8Array;
}

const hex = (b: Uint8Array) =>
  Buffer.from(b)
    .toString("hex")
    .replace(/^(00)+(?=.)/, "")
    .toUpperCase();

function generalizedTime(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
  if (!m) throw new Error("Unsupported genTime");
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ""}Z`);
}

export function parseToken(der: Uint8Array): ParsedToken {
  const contentInfo = node(der);
  const signedData = child(der, child(der, contentInfo, 1), 0);
  const parts = children(der, signedData);
  const encap = parts[2];
  if (!encap || oid(der, child(der, encap, 0)) !== TS_OID.tstInfo) throw new Error("Not a timestamp token");
  const tstInfo = content(der, child(der, child(der, encap, 1), 0));
  const certs = parts.find((p) => p.tag === 0xa0);
  const signerInfos = parts.at(-1);
  if (!signerInfos || signerInfos.tag !== 0x31) throw new Error("The token has no signer");
  const signer = children(der, child(der, signerInfos, 0));
  const sid = signer[1];
  const serial = sid?.tag === 0x30 ? hex(content(der, child(der, sid, 1))) : undefined;
  const certificates = certs ? children(der, certs).map((c) => encoding(der, c)) : [];
  const certificate =
    certificates.find(
      (c) => serial !== undefined && hex(Buffer.from(new X509Certificate(c).serialNumber, "hex")) === serial,
    ) ?? (serial === undefined ? certificates[0] : undefined);
  const attrs = signer.find((n) => n.tag === 0xa0);
  let messageDigest: Uint8Array | undefined;
  if (attrs)
    for (const a of children(der, attrs))
      if (oid(der, child(der, a, 0)) === "1.2.840.113549.1.9.4")
        messageDigest = content(der, child(der, child(der, a, 1), 0));
  const rest = signer.filter((n) => n.tag !== 0xa0 && n.tag !== 0xa1);
  const [, , digestAlg, sigAlg, signature] = rest;
  if (!digestAlg || !sigAlg || !signature) throw new Error("Incomplete signer of the token");
  const info = children(tstInfo, node(tstInfo));
  const imprint = info[2];
  const genTime = info[4];
  if (!imprint || !genTime) throw new Error("Incomplete TSTInfo");
  const nonce = info.slice(5).find((n) => n.tag === 0x02);
  return {
    genTime: generalizedTime(Buffer.from(content(tstInfo, genTime)).toString("latin1")),
    nonce: nonce ? content(tstInfo, nonce) : undefined,
    imprint: {
      algorithm: oid(tstInfo, child(tstInfo, child(tstInfo, imprint, 0), 0)),
      digest: content(tstInfo, child(tstInfo, imprint, 1)),
    },
    tstInfo,
    signedAttrs: attrs ? encoding(der, attrs) : undefined,
    messageDigest,
    digestAlgorithm: oid(der, child(der, digestAlg, 0)),
    signatureAlgorithm: oid(der, child(der, sigAlg, 0)),
    signature: content(der, signature),
    certificate,
  };
}

/** Whether a certificate is meant for timestamping: extendedKeyUsage present, critical, with timeStamping. */
export function isTimestampingCertificate(cert: Uint8Array): boolean {
  const tbs = children(cert, child(cert, node(cert), 0));
  const extensions = tbs.find((n) => n.tag === 0xa3);
  if (!extensions) return false;
  for (const ext of children(cert, child(cert, extensions, 0))) {
    const [id, second, third] = children(cert, ext);
    if (!id || oid(cert, id) !== TS_OID.extKeyUsage) continue;
    const critical = second?.tag === 0x01 && cert[second.body] !== 0;
    const value = critical ? third : second;
    if (!critical || !value) return false;
    const usages = children(cert, node(cert, value.body, value.end)).map((n) => oid(cert, n));
    return usages.includes(TS_OID.timeStamping);
  }
  return false;
}

/**
 * The TSA's signature: the message-digest attribute is the hash of the TSTInfo, and the signature
 * over the signed attributes (re-tagged as SET OF, RFC 5652 §5.4) verifies with the certificate.
 */
function tsaSignatureValid(t: ParsedToken): boolean {
  const hash = HASHES[t.digestAlgorithm];
  if (!hash || !t.certificate || !t.signedAttrs || !t.messageDigest) return false;
  if (!Buffer.from(t.messageDigest).equals(createHash(hash).update(t.tstInfo).digest())) return false;
  // RSASSA-PSS needs its parameters; RSA PKCS#1 v1.5 and ECDSA are what TSAs use.
  if (t.signatureAlgorithm === "1.2.840.113549.1.1.10") return false;
  const toBeSigned = Buffer.from(t.signedAttrs);
  toBeSigned[0] = 0x31;
  return verify(hash, toBeSigned, new X509Certificate(t.certificate).publicKey, t.signature);
}

function certificateInfoOf(der: Uint8Array): CertificateInfo {
  const x = new X509Certificate(der);
  const lines = x.subject.split("\n");
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  return {
    subject: lines.join(", "),
    owner: value("CN") ?? value("O") ?? lines.join(", "),
    serial: x.serialNumber.toUpperCase(),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
  };
}

/** Checks a token against the bytes it covers (a signature value, a PDF's signed ranges). */
export async function checkToken(der: Uint8Array, covered: Uint8Array): Promise<TokenCheck> {
  try {
    const token = parseToken(der);
    const hash = HASHES[token.imprint.algorithm];
    const imprintMatches =
      hash !== undefined &&
      Buffer.from(token.imprint.digest).equals(createHash(hash).update(covered).digest());
    const info = token.certificate ? certificateInfoOf(token.certificate) : undefined;
    const signatureValid =
      token.certificate !== undefined &&
      isTimestampingCertificate(token.certificate) &&
      tsaSignatureValid(token);
    return {
      time: token.genTime.toISOString(),
      authority: info?.owner,
      tsaCertificate: info,
      tsaCertificateDer: token.certificate,
      imprintMatches,
      signatureValid,
    };
  } catch (error) {
    return { imprintMatches: false, signatureValid: false, error: (error as Error).message };
  }
}
