import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { OrgRequisites } from "../../config.js";
import { OID } from "./cms.js";

/**
 * A self-signed organisation certificate for local runs and samples: subject in Russian (UTF8String),
 * key usage for document signing. It is an integrity seal, not a qualified signature.
 */
export interface SelfSignedOptions {
  org: Pick<OrgRequisites, "fullName" | "shortName" | "city"> & Partial<Pick<OrgRequisites, "inn" | "ogrn">>;
  algorithm?: "rsa" | "ec";
  /** Validity in years (default 5). */
  years?: number;
  now?: Date;
}

const ab = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/**
 * A distinguished name with one attribute per RDN (SEQUENCE OF SET of one AttributeTypeAndValue),
 * as RFC 5280 names and qualified certificates are written: tools then show «C=RU, L=…, O=…, CN=…»,
 * not one multi-valued RDN joined by «+» (pkijs's own encoder puts every attribute into one SET,
 * so the DER is built here and handed to pkijs as decoded bytes, which it re-emits verbatim).
 * Country is a PrintableString, ОГРН and ИНН ЮЛ NumericStrings (FSB order 795), the rest UTF8String.
 */
const NUMERIC = new Set(["1.2.643.100.1", "1.2.643.100.4"]);

export function distinguishedName(entries: Array<[string, string]>): pkijs.RelativeDistinguishedNames {
  const value = (type: string, text: string) =>
    type === "2.5.4.6"
      ? new asn1js.PrintableString({ value: text })
      : NUMERIC.has(type)
        ? new asn1js.NumericString({ value: text })
        : new asn1js.Utf8String({ value: text });
  const der = new asn1js.Sequence({
    value: entries.map(
      ([type, text]) =>
        new asn1js.Set({
          value: [new pkijs.AttributeTypeAndValue({ type, value: value(type, text) }).toSchema()],
        }),
    ),
  }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

export function generateSelfSigned(opts: SelfSignedOptions): {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
} {
  const algorithm = opts.algorithm ?? "rsa";
  const { privateKey, publicKey } =
    algorithm === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const cert = unsignedCertificate(opts, spki, algorithm);
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  return { privateKey, certificateDer: signedCertificate(cert, sign("sha256", tbs, privateKey)) };
}

/**
 * A self-signed certificate for a key held elsewhere (AWS KMS: kms-certificate.ts): the public key
 * given, the signature over the TBSCertificate made by `signTbs` (RSA PKCS#1 v1.5 or DER ECDSA,
 * SHA-256).
 */
export async function selfSignedFor(
  opts: SelfSignedOptions & { spki: Uint8Array; signTbs: (tbs: Uint8Array) => Promise<Uint8Array> },
): Promise<Uint8Array> {
  const cert = unsignedCertificate(opts, opts.spki, opts.algorithm ?? "rsa");
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  return signedCertificate(cert, await opts.signTbs(tbs));
}

function unsignedCertificate(
  opts: SelfSignedOptions,
  spki: Uint8Array,
  algorithm: "rsa" | "ec",
): pkijs.Certificate {
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (opts.years ?? 5));

  // The owner as documents name it: the organisation's full name in O, its short name in CN (what
  // the signature mark prints as «владелец»), and its ОГРН / ИНН when configured.
  const name = distinguishedName([
    ["2.5.4.6", "RU"],
    ["2.5.4.7", opts.org.city],
    ["2.5.4.10", opts.org.fullName],
    ...(opts.org.ogrn ? [["1.2.643.100.1", opts.org.ogrn] as [string, string]] : []),
    ...(opts.org.inn ? [["1.2.643.100.4", opts.org.inn] as [string, string]] : []),
    ["2.5.4.3", opts.org.shortName],
  ]);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01; // positive and without a leading zero byte

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: ab(serial) });
  cert.issuer = name;
  cert.subject = name;
  cert.notBefore = new pkijs.Time({ type: notBefore.getUTCFullYear() < 2050 ? 0 : 1, value: notBefore });
  cert.notAfter = new pkijs.Time({ type: notAfter.getUTCFullYear() < 2050 ? 0 : 1, value: notAfter });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(ab(spki));
  // SHA-1 of the key bits is the conventional key identifier (RFC 5280 §4.2.1.2, method 1).
  const keyId = createHash("sha1")
    .update(new Uint8Array(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView))
    .digest();
  // keyUsage: digitalSignature (bit 0) + nonRepudiation/contentCommitment (bit 1).
  const keyUsage = new asn1js.BitString({ valueHex: ab(new Uint8Array([0xc0])), unusedBits: 6 });
  cert.extensions = [
    extension("2.5.29.19", true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
    extension("2.5.29.15", true, keyUsage),
    // extKeyUsage: id-kp-documentSigning (RFC 9336) and emailProtection (accepted by most PDF readers).
    extension(
      "2.5.29.37",
      false,
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: "1.3.6.1.5.5.7.3.36" }),
          new asn1js.ObjectIdentifier({ value: "1.3.6.1.5.5.7.3.4" }),
        ],
      }),
    ),
    extension("2.5.29.14", false, new asn1js.OctetString({ valueHex: ab(new Uint8Array(keyId)) })),
  ];
  const sigAlg =
    algorithm === "rsa"
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRSA, algorithmParams: new asn1js.Null() })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 });
  cert.signature = sigAlg;
  cert.signatureAlgorithm = sigAlg;
  return cert;
}

function signedCertificate(cert: pkijs.Certificate, signature: Uint8Array): Uint8Array {
  cert.signatureValue = new asn1js.BitString({ valueHex: ab(signature) });
  return new Uint8Array(cert.toSchema(true).toBER(false));
}
