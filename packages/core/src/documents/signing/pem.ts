import { createPrivateKey } from "node:crypto";
import { KeySigner } from "./key-signer.js";

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** PEM taken from environment variables often has literal "\n" sequences instead of newlines. */
export function normalizePem(pem: string): string {
  return pem.includes("\\n") && !pem.includes("\n") ? pem.replace(/\\n/g, "\n") : pem;
}

export function pemBlocks(pem: string): Array<{ label: string; text: string }> {
  return [...normalizePem(pem).matchAll(BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}

export function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}

export function derToPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END ${label}-----\n`;
}

/**
 * A signer from PEM text: the private key (PKCS#8, PKCS#1 or SEC1; encrypted with `passphrase`)
 * and the certificate, in one text or two.
 */
export function pemSigner(keyPem: string, certPem?: string, passphrase?: string): KeySigner {
  const blocks = [...pemBlocks(keyPem), ...(certPem ? pemBlocks(certPem) : [])];
  const key = blocks.find((b) => b.label.endsWith("PRIVATE KEY"));
  const cert = blocks.find((b) => b.label === "CERTIFICATE");
  if (!key) throw new Error("No private key in the signing PEM");
  if (!cert) throw new Error("No certificate in the signing PEM");
  return new KeySigner(createPrivateKey({ key: key.text, passphrase }), pemToDer(cert.text));
}
