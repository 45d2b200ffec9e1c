import { createHash, createPublicKey } from "node:crypto";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { derToPem } from "./pem.js";
import { type SelfSignedOptions, selfSignedFor } from "./self-signed.js";

/**
 * A self-signed organisation certificate for a key that lives in AWS KMS (staging, or until the
 * college's CA issues one): the public key from `GetPublicKey`, the TBSCertificate signed by KMS
 * `Sign` over its SHA-256 digest, subject as self-signed.ts builds it (one attribute per RDN).
 * `npm run kms-certificate` (scripts/kms-certificate.ts) prints it as PEM for the SigningCertPem secret.
 */
export async function kmsSelfSignedCertificate(
  opts: Omit<SelfSignedOptions, "algorithm"> & {
    keyId: string;
    client?: KMSClient;
    endpoint?: string;
    region?: string;
  },
): Promise<string> {
  const client =
    opts.client ??
    new KMSClient({
      region: opts.region ?? process.env.AWS_REGION ?? "eu-central-1",
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    });
  const key = await client.send(new GetPublicKeyCommand({ KeyId: opts.keyId }));
  if (!key.PublicKey || key.KeyUsage !== "SIGN_VERIFY")
    throw new Error(`KMS key ${opts.keyId} is not an asymmetric SIGN_VERIFY key`);
  const spki = new Uint8Array(key.PublicKey);
  const publicKey = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  const algorithm = publicKey.asymmetricKeyType === "rsa" ? "rsa" : "ec";
  if (algorithm === "ec" && publicKey.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw new Error(`KMS key ${opts.keyId}: only RSA and EC P-256 keys are supported`);
  const der = await selfSignedFor({
    ...opts,
    algorithm,
    spki,
    signTbs: async (tbs) => {
      const out = await client.send(
        new SignCommand({
          KeyId: opts.keyId,
          Message: createHash("sha256").update(tbs).digest(),
          MessageType: "DIGEST",
          SigningAlgorithm: algorithm === "rsa" ? "RSASSA_PKCS1_V1_5_SHA_256" : "ECDSA_SHA_256",
        }),
      );
      if (!out.Signature) throw new Error("KMS Sign returned no signature");
      return out.Signature;
    },
  });
  return derToPem(der, "CERTIFICATE");
}
