import { createVerify, X509Certificate } from "node:crypto";
import { z } from "../validation.js";

/**
 * Amazon SNS HTTP(S) notifications (how SES event publishing reaches a webhook): the envelope, its
 * signature check and the subscription confirmation. The signature is checked as SNS documents it
 * («Verifying the signatures of Amazon SNS messages»): the string to sign is `name\nvalue\n` for a
 * fixed list of fields in byte order, signed with SHA1withRSA (SignatureVersion 1) or
 * SHA256withRSA (2) by the certificate at SigningCertURL, which must be served over https by
 * `sns.<the topic's region>.amazonaws.com`. Nothing here trusts the message before the signature.
 */
export const snsEnvelopeSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string().min(1).max(200),
  TopicArn: z.string().min(1).max(400),
  Subject: z.string().max(200).optional(),
  Message: z.string().max(256 * 1024),
  Timestamp: z.string().min(1).max(40),
  SignatureVersion: z.enum(["1", "2"]),
  Signature: z.string().min(1).max(2048),
  SigningCertURL: z.string().url().max(1000),
  SubscribeURL: z.string().url().max(2000).optional(),
  Token: z.string().max(2000).optional(),
  UnsubscribeURL: z.string().max(2000).optional(),
});
export type SnsEnvelope = z.infer<typeof snsEnvelopeSchema>;

/** The fields signed, in order, by message type. */
const SIGNED_FIELDS: Record<SnsEnvelope["Type"], Array<keyof SnsEnvelope>> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: [
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
  ],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

export function snsStringToSign(m: SnsEnvelope): string {
  return SIGNED_FIELDS[m.Type]
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join("");
}

/** The region of a topic ARN (`arn:aws:sns:eu-central-1:123456789012:name`). */
const regionOf = (topicArn: string) => topicArn.split(":")[3] ?? "";

export interface SnsTrust {
  /** One more certificate URL trusted exactly (tests, emulators); its origin is trusted for SubscribeURL. */
  extraCertUrl?: string;
}

/**
 * Rule: a URL SNS may point us at (the signing certificate, the subscription confirmation) — https
 * on `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`) of the topic's own region; or, for the
 * certificate, exactly the configured extra URL, and for confirmations its origin.
 */
export function isTrustedSnsUrl(
  value: string,
  topicArn: string,
  kind: "cert" | "subscribe",
  trust: SnsTrust = {},
): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (trust.extraCertUrl) {
    if (kind === "cert" && value === trust.extraCertUrl) return true;
    if (kind === "subscribe" && url.origin === new URL(trust.extraCertUrl).origin) return true;
  }
  const region = regionOf(topicArn);
  if (url.protocol !== "https:" || url.username || url.password || url.port || !/^[a-z0-9-]+$/.test(region))
    return false;
  if (url.hostname !== `sns.${region}.amazonaws.com` && url.hostname !== `sns.${region}.amazonaws.com.cn`)
    return false;
  return kind === "subscribe" || url.pathname.endsWith(".pem");
}

/** Signing certificates by URL, fetched once per process (SNS rotates them rarely). */
const certificates = new Map<string, Promise<X509Certificate>>();

async function certificateAt(url: string): Promise<X509Certificate> {
  let cert = certificates.get(url);
  if (!cert) {
    cert = (async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error" });
      if (!res.ok) throw new Error(`SNS certificate: HTTP ${res.status}`);
      return new X509Certificate(await res.text());
    })();
    certificates.set(url, cert);
    // A failed fetch is not remembered: the next message tries again.
    cert.catch(() => certificates.delete(url));
  }
  return cert;
}

/** Whether the envelope is signed by SNS (false for an untrusted certificate URL or a bad signature). */
export async function verifySnsSignature(m: SnsEnvelope, trust: SnsTrust = {}): Promise<boolean> {
  if (!isTrustedSnsUrl(m.SigningCertURL, m.TopicArn, "cert", trust)) return false;
  let cert: X509Certificate;
  try {
    cert = await certificateAt(m.SigningCertURL);
  } catch {
    return false;
  }
  const now = Date.now();
  if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) return false;
  const verifier = createVerify(m.SignatureVersion === "1" ? "RSA-SHA1" : "RSA-SHA256");
  verifier.update(snsStringToSign(m), "utf8");
  try {
    return verifier.verify(cert.publicKey, m.Signature, "base64");
  } catch {
    return false;
  }
}

/** Confirms a subscription by visiting its SubscribeURL (already checked to be trusted). */
export async function confirmSnsSubscription(m: SnsEnvelope): Promise<void> {
  if (!m.SubscribeURL) throw new Error("SNS: SubscribeURL missing");
  const res = await fetch(m.SubscribeURL, { signal: AbortSignal.timeout(5000), redirect: "error" });
  if (!res.ok) throw new Error(`SNS subscription confirmation: HTTP ${res.status}`);
}
