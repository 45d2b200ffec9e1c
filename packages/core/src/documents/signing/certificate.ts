import * as asn1js from "asn1js";
import type { CertificateInfo } from "../types.js";

/**
 * What a person sees of an X.509 certificate (subject, owner, serial, validity), read with asn1js
 * alone. pkijs (≈ 300 KB of code) is needed to build and check CMS signatures, not for this: a
 * signer knows its certificate from the start, while pkijs is loaded on its first signature.
 * cms.ts formats names with the same table, so both agree character for character.
 */

/** Short names of the attribute types in distinguished names (Russian ones as on qualified certificates). */
export const NAME_OIDS: Record<string, string> = {
  "2.5.4.6": "C",
  "2.5.4.8": "ST",
  "2.5.4.7": "L",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "T",
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.42": "G",
  "2.5.4.5": "serialNumber",
  "1.2.840.113549.1.9.1": "E",
  "1.2.643.100.1": "ОГРН",
  "1.2.643.100.3": "СНИЛС",
  "1.2.643.100.4": "ИНН ЮЛ",
  "1.2.643.3.131.1.1": "ИНН",
};

/** The text of an attribute value (string types); "" for anything else. */
export function attributeText(value: unknown): string {
  const block = (value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock;
  return typeof block?.value === "string" ? block.value : "";
}

type Attribute = { type: string; value: unknown };

const children = (block: unknown): unknown[] => {
  const value = (block as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return Array.isArray(value) ? value : [];
};

function nameAttributes(name: unknown): Attribute[] {
  // Name ::= SEQUENCE OF SET OF AttributeTypeAndValue { type OID, value ANY }, in order.
  return children(name).flatMap((set) =>
    children(set).map((pair) => {
      const [type, value] = children(pair);
      return { type: (type as asn1js.ObjectIdentifier).valueBlock.toString(), value };
    }),
  );
}

const formatAttributes = (attributes: Attribute[]) =>
  attributes.map((a) => `${NAME_OIDS[a.type] ?? a.type}=${attributeText(a.value)}`).join(", ");

const timeOf = (block: unknown): Date => {
  if (block instanceof asn1js.UTCTime || block instanceof asn1js.GeneralizedTime) return block.toDate();
  throw new Error("Certificate validity is not a time");
};

/** Subject, owner (CN, else O), serial (upper-case hex) and validity of a DER certificate. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error("The certificate is not valid DER");
  const [tbs] = children(parsed.result);
  const fields = children(tbs);
  // An explicit [0] version comes first in v3 certificates.
  const first = fields[0] as { idBlock?: { tagClass?: number } } | undefined;
  const rest = first?.idBlock?.tagClass === 3 ? fields.slice(1) : fields;
  const [serial, , , validity, subject] = rest;
  if (!(serial instanceof asn1js.Integer) || !validity || !subject)
    throw new Error("Not an X.509 certificate");
  const attributes = nameAttributes(subject);
  const text = (oid: string) => attributeText(attributes.find((a) => a.type === oid)?.value);
  const [notBefore, notAfter] = children(validity);
  const hex = Buffer.from(serial.valueBlock.valueHexView)
    .toString("hex")
    .replace(/^(00)+(?=.)/, "");
  return {
    subject: formatAttributes(attributes),
    owner: text("2.5.4.3") || text("2.5.4.10") || formatAttributes(attributes),
    serial: hex.toUpperCase(),
    validFrom: timeOf(notBefore).toISOString(),
    validTo: timeOf(notAfter).toISOString(),
  };
}
