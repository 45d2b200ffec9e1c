/**
 * The organisation's document-signing key on AWS: an asymmetric KMS key (SIGN_VERIFY, RSA 2048,
 * signing RSASSA_PKCS1_V1_5_SHA_256). Its private half never leaves KMS: the signing functions
 * get kms:Sign and kms:GetPublicKey on this key only (infra/api.ts) and its id in
 * SIGNING_KMS_KEY_ID; no function is linked to a private key. The certificate for the key stays
 * in the SigningCertPem secret (KMS holds keys, not certificates); docs/deploy.md says how to get
 * one issued for the key's public half.
 */
export function createSigningKey() {
  const production = $app.stage === "production";
  const key = new aws.kms.Key("DocumentSigningKey", {
    description: `Soglasie ${$app.stage}: the organisation's document seal (PAdES)`,
    keyUsage: "SIGN_VERIFY",
    customerMasterKeySpec: "RSA_2048",
    // The longest waiting period: a scheduled deletion of the seal can be cancelled for 30 days.
    deletionWindowInDays: 30,
    // Asymmetric KMS keys cannot rotate automatically; a new key means a new certificate.
    enableKeyRotation: false,
    isEnabled: true,
  });
  new aws.kms.Alias("DocumentSigningKeyAlias", {
    name: `alias/soglasie-${$app.stage}-document-seal`,
    targetKeyId: key.keyId,
  });
  return { key, production };
}

export type SigningKey = ReturnType<typeof createSigningKey>;

/** The KMS actions a signing function needs: the signature and, at start, the public key. */
export const KMS_SIGNING_ACTIONS = ["kms:Sign", "kms:GetPublicKey"];
