import { createHash } from "node:crypto";
import { sha256Hex } from "../../audit/hash.js";
import type { SignatureLevel } from "../types.js";
import {
  appendUpdate,
  lastTrailer,
  objectDictionary,
  pdfText,
  refNumber,
  setKey,
  streamBytes,
} from "./incremental.js";
import { signatureTimestampOf, signatureValueOf, TIMESTAMP_RESERVE_BYTES } from "./signature-timestamp.js";
import { checkToken, parseToken } from "./token.js";
import type { TsaClient } from "./tsa-client.js";

/**
 * PAdES baseline levels of a signed PDF (ETSI EN 319 142-1 §5): B-B (the signature), B-T (+ a
 * signature timestamp, or a document timestamp over it), B-LT (+ the DSS with the validation data
 * after that time), B-LTA (+ a document timestamp over the DSS). Read from the bytes alone, so the
 * record, `/verify` and the upgrade job agree; only timestamps that verify count.
 */

export interface TimestampFound {
  kind: "signature" | "document";
  time?: string;
  authority?: string;
  /** The imprint matches and the TSA's signature (with a timestamping certificate) verifies. */
  valid: boolean;
  imprintMatches: boolean;
  signatureValid: boolean;
  /** When the TSA certificate expires: the time before which a newer timestamp must cover this one. */
  certificateValidTo?: string;
  tsaCertificateDer?: Uint8Array;
}

export interface LongTermInfo {
  level: SignatureLevel;
  /** SHA-256 of the revision the (first) signature covers: the document as issued. */
  signedRevisionSha256?: string;
  signatureTimestamp?: TimestampFound;
  documentTimestamps: TimestampFound[];
  /** The document security store, if any: what it holds. */
  dss?: { certificates: number; crls: number; ocsps: number };
  /** Every timestamp present verifies. */
  timestampsValid: boolean;
}

interface SignatureField {
  kind: "signature" | "document";
  range: [number, number, number, number];
  contents: Uint8Array;
  dictStart: number;
}

function signatureFields(bytes: Uint8Array, text: string): SignatureField[] {
  const fields: SignatureField[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const range = m.slice(1, 5).map(Number) as [number, number, number, number];
    const [a, b, c, d] = range;
    if (a !== 0 || c <= b || c + d > bytes.byteLength) continue;
    const hex = /^<([0-9a-fA-F]*)>$/.exec(text.slice(b, c))?.[1];
    if (hex === undefined || hex.length % 2 !== 0) continue;
    const dictStart = text.lastIndexOf(" obj", m.index);
    const dictEnd = text.indexOf("endobj", m.index);
    const dict = text.slice(dictStart, dictEnd).replace(/<[0-9a-fA-F]*>/g, "");
    const kind = /\/SubFilter\s*\/ETSI\.RFC3161/.test(dict) ? "document" : "signature";
    fields.push({ kind, range, contents: new Uint8Array(Buffer.from(hex, "hex")), dictStart });
  }
  return fields;
}

const signedBytes = (bytes: Uint8Array, [a, b, c, d]: SignatureField["range"]) =>
  Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);

/** Strips the zero padding after the DER in a /Contents placeholder. */
function derOnly(contents: Uint8Array): Uint8Array {
  const len = contents[1] ?? 0;
  if (len < 0x80) return contents.subarray(0, 2 + len);
  const n = len & 0x7f;
  let size = 0;
  for (let i = 0; i < n; i++) size = size * 256 + (contents[2 + i] ?? 0);
  return contents.subarray(0, 2 + n + size);
}

async function found(kind: TimestampFound["kind"], token: Uint8Array, covered: Uint8Array) {
  const check = await checkToken(token, covered);
  return {
    kind,
    time: check.time,
    authority: check.authority,
    valid: check.imprintMatches && check.signatureValid,
    imprintMatches: check.imprintMatches,
    signatureValid: check.signatureValid,
    certificateValidTo: check.tsaCertificate?.validTo,
    tsaCertificateDer: check.tsaCertificateDer,
  } satisfies TimestampFound;
}

function dssObjects(text: string): Array<{ offset: number; certs: number; crls: number; ocsps: number }> {
  const out: Array<{ offset: number; certs: number; crls: number; ocsps: number }> = [];
  // Anchored on the literal: a pattern starting with \d+ backtracks quadratically over the long
  // runs of hex digits in /Contents.
  for (const m of text.matchAll(/\/Type\s*\/DSS\b/g)) {
    const offset = text.lastIndexOf(" obj", m.index);
    const dict = text.slice(m.index, text.indexOf("endobj", m.index));
    const count = (key: string) =>
      (new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dict)?.[1]?.match(/\d+\s+\d+\s+R/g) ?? []).length;
    out.push({ offset, certs: count("Certs"), crls: count("CRLs"), ocsps: count("OCSPs") });
  }
  return out;
}

export async function inspectLongTerm(bytes: Uint8Array): Promise<LongTermInfo> {
  const text = pdfText(bytes);
  const fields = signatureFields(bytes, text);
  const signature = fields.find((f) => f.kind === "signature");
  const info: LongTermInfo = { level: "B-B", documentTimestamps: [], timestampsValid: true };
  if (!signature) return info;
  info.signedRevisionSha256 = sha256Hex(bytes.subarray(0, signature.range[2] + signature.range[3]));
  let timeAt: number | undefined;
  try {
    const cms = derOnly(signature.contents);
    const token = signatureTimestampOf(cms);
    if (token) {
      info.signatureTimestamp = await found("signature", token, signatureValueOf(cms));
      if (info.signatureTimestamp.valid) timeAt = signature.range[2] + signature.range[3];
    }
  } catch {}
  const docs: Array<{ field: SignatureField; ts: TimestampFound }> = [];
  for (const field of fields.filter((f) => f.kind === "document")) {
    const ts = await found("document", derOnly(field.contents), signedBytes(bytes, field.range));
    info.documentTimestamps.push(ts);
    docs.push({ field, ts });
    if (ts.valid && timeAt === undefined) timeAt = field.range[2] + field.range[3];
  }
  info.timestampsValid = [info.signatureTimestamp, ...info.documentTimestamps].every((t) => !t || t.valid);
  const dss = dssObjects(text);
  const last = dss.at(-1);
  if (last) info.dss = { certificates: last.certs, crls: last.crls, ocsps: last.ocsps };
  if (timeAt === undefined) return info;
  info.level = "B-T";
  const validation = dss.find((d) => d.offset >= (timeAt as number) && d.certs > 0);
  if (!validation) return info;
  info.level = "B-LT";
  if (docs.some((d) => d.ts.valid && d.field.dictStart > validation.offset)) info.level = "B-LTA";
  return info;
}

/** The latest time a timestamp of the file stops being checkable (its TSA certificate's expiry). */
export function lastTimestampExpiry(info: LongTermInfo): string | undefined {
  const all = [info.signatureTimestamp, ...info.documentTimestamps].filter((t): t is TimestampFound =>
    Boolean(t?.valid),
  );
  return all.at(-1)?.certificateValidTo;
}

const certStream = (der: Uint8Array) =>
  Buffer.concat([
    Buffer.from(`<<\n/Length ${der.byteLength}\n>>\nstream\n`),
    Buffer.from(der),
    Buffer.from("\nendstream"),
  ]);

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * Appends the DSS (ETSI EN 319 142-1 §5.4.2): the signing certificate and the TSA certificates
 * already in the file, plus those of the earlier DSS. No CRLs or OCSP responses: the local
 * self-signed certificates publish none, and a CA that does publish them is fetched by the
 * deployment's validator (see docs/documents.md).
 */
export async function appendDss(bytes: Uint8Array, certificates: Uint8Array[]): Promise<Buffer> {
  const text = pdfText(bytes);
  const trailer = lastTrailer(text);
  const rootNum = refNumber(trailer.root);
  const catalog = objectDictionary(text, rootNum);
  const refs: string[] = [];
  const seen = new Set<string>();
  const oldDss = /\/DSS\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  if (oldDss) {
    const dict = objectDictionary(text, Number(oldDss));
    for (const ref of /\/Certs\s*\[([^\]]*)\]/.exec(dict)?.[1]?.match(/\d+\s+\d+\s+R/g) ?? []) {
      refs.push(ref);
      seen.add(sha(streamBytes(bytes, text, refNumber(ref))));
    }
  }
  let next = trailer.size;
  const objects = [];
  for (const der of certificates) {
    const h = sha(der);
    if (seen.has(h)) continue;
    seen.add(h);
    objects.push({ num: next, body: certStream(der) });
    refs.push(`${next} 0 R`);
    next++;
  }
  const dssNum = next++;
  objects.push({
    num: dssNum,
    body: Buffer.from(`<<\n/Type /DSS\n/Certs [${refs.join(" ")}]\n>>`),
  });
  objects.push({ num: rootNum, body: Buffer.from(setKey(catalog, "DSS", `${dssNum} 0 R`), "latin1") });
  return appendUpdate(bytes, objects, next).pdf;
}

const BYTE_RANGE_PLACEHOLDER = "/ByteRange [0 0000000000 0000000000 0000000000]";

/** Appends a document timestamp (SubFilter ETSI.RFC3161, /Type /DocTimeStamp) over the whole file. */
export async function appendDocumentTimestamp(bytes: Uint8Array, tsa: TsaClient): Promise<Buffer> {
  const text = pdfText(bytes);
  const trailer = lastTrailer(text);
  const catalog = objectDictionary(text, refNumber(trailer.root));
  const acroRef = /\/AcroForm\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  if (!acroRef) throw new Error("The PDF has no AcroForm object");
  const acroForm = objectDictionary(text, Number(acroRef));
  const fieldRefs = /\/Fields\s*\[([^\]]*)\]/.exec(acroForm)?.[1]?.trim() ?? "";
  const sigNum = trailer.size;
  const fieldNum = sigNum + 1;
  const count = (text.match(/\/Type\s*\/DocTimeStamp/g) ?? []).length + 1;
  const placeholder = "0".repeat(TIMESTAMP_RESERVE_BYTES * 2);
  const objects = [
    {
      num: sigNum,
      body: Buffer.from(
        `<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n${BYTE_RANGE_PLACEHOLDER}\n/Contents <${placeholder}>\n>>`,
      ),
    },
    {
      num: fieldNum,
      body: Buffer.from(
        `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/F 132\n/T (DocTimeStamp${count})\n/V ${sigNum} 0 R\n>>`,
      ),
    },
    {
      num: Number(acroRef),
      body: Buffer.from(setKey(acroForm, "Fields", `[${`${fieldRefs} ${fieldNum} 0 R`.trim()}]`), "latin1"),
    },
  ];
  const { pdf, offsets } = appendUpdate(bytes, objects, fieldNum + 1);
  const sigAt = offsets.get(sigNum) ?? 0;
  const out = pdf.toString("latin1");
  const rangeAt = out.indexOf(BYTE_RANGE_PLACEHOLDER, sigAt);
  const b = out.indexOf("/Contents <", sigAt) + "/Contents ".length;
  const c = b + placeholder.length + 2;
  const range = `/ByteRange [0 ${b} ${c} ${pdf.byteLength - c}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, " ");
  pdf.write(range, rangeAt, "latin1");
  const covered = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c)]);
  const { token } = await tsa.timestamp(covered);
  if (token.byteLength > TIMESTAMP_RESERVE_BYTES) throw new Error("The timestamp token does not fit");
  pdf.write(Buffer.from(token).toString("hex"), b + 1, "latin1");
  return pdf;
}

export interface UpgradeResult {
  pdf: Uint8Array;
  /** Incremental updates appended (0: nothing to do). */
  updates: number;
  before: LongTermInfo;
  after: LongTermInfo;
}

/**
 * Brings a signed PDF to B-LTA, each step an incremental update: a document timestamp if it has no
 * time yet (B-B → B-T), the DSS (→ B-LT), a document timestamp over it (→ B-LTA). With `renewBefore`,
 * a B-LTA file whose last timestamp's certificate expires before that instant gets the new TSA
 * certificate into the DSS and a fresh document timestamp over everything (the archive chain).
 */
export async function upgradeToLta(
  bytes: Uint8Array,
  tsa: TsaClient,
  signerCertificates: Uint8Array[],
  opts: { renewBefore?: Date } = {},
): Promise<UpgradeResult> {
  const before = await inspectLongTerm(bytes);
  let pdf: Uint8Array = bytes;
  let info = before;
  let updates = 0;
  const certificates = () =>
    [
      ...signerCertificates,
      ...[info.signatureTimestamp, ...info.documentTimestamps].map((t) => t?.tsaCertificateDer),
    ].filter((c): c is Uint8Array => c !== undefined);
  const step = async (next: Promise<Buffer>) => {
    pdf = await next;
    updates++;
    info = await inspectLongTerm(pdf);
  };
  if (info.level === "B-B") await step(appendDocumentTimestamp(pdf, tsa));
  if (info.level === "B-T") await step(appendDss(pdf, certificates()));
  if (info.level === "B-LT") await step(appendDocumentTimestamp(pdf, tsa));
  const expiry = lastTimestampExpiry(info);
  if (updates === 0 && opts.renewBefore && expiry && Date.parse(expiry) <= opts.renewBefore.getTime()) {
    await step(appendDss(pdf, certificates()));
    await step(appendDocumentTimestamp(pdf, tsa));
  }
  return { pdf, updates, before, after: info };
}

export { parseToken };
