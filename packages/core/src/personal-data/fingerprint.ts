import { createHmac, hkdfSync } from "node:crypto";
import { canonicalJson } from "../audit/hash.js";

/**
 * The addresses and document numbers of a personal-data consent are stored nowhere but in its
 * signed PDF (docs/personal-data.md, "Where"). The decision keeps only this keyed fingerprint of
 * them, so that sending the same answer again is recognised as a repeat (no second document) and
 * a corrected one as a new consent. It is an HMAC under a key derived from SESSION_SECRET: a dump of
 * the table alone cannot be matched against guessed passport numbers (10¹⁰ of them are few).
 */

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "soglasie", "personal-data-fingerprint/v1", 32));
    keys.set(secret, key);
  }
  return key;
}

/** «v1:» and 32 hex characters of HMAC-SHA-256 over the canonical JSON of `value`. */
export function personalDataFingerprint(secret: string, value: unknown): string {
  const mac = createHmac("sha256", keyFor(secret)).update(canonicalJson(value)).digest("hex");
  return `v1:${mac.slice(0, 32)}`;
}
