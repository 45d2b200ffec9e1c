import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { GetPublicKeyCommand, KMSClient, SignCommand, type SigningAlgorithmSpec } from "@aws-sdk/client-kms";
import type { CertificateInfo } from "../types.js";
import { certificateInfo } from "./certificate.js";
import type { CmsBuilder } from "./cms.js";
import type { Signer } from "./signer.js";

/**
 * The organisation's signer when the private key lives in AWS KMS (an asymmetric SIGN_VERIFY key)
 * and no process can read it: the CMS is built here and only the SHA-256 digest of its signed
 * attributes goes to KMS `Sign` (MessageType DIGEST). KMS holds a key, not a certificate, so the
 * certificate comes from configuration (SIGNING_CERT_PEM); at start `GetPublicKey` must return
 * the certificate's public key, so a key and certificate that do not belong together never sign.
 *
 * The algorithm follows the certificate: RSA → RSASSA_PKCS1_V1_5_SHA_256 (KMS returns the PKCS#1
 * v1.5 signature CMS expects); EC P-256 → ECDSA_SHA_256 (KMS returns DER (r, s), as CMS expects).
 */
export interface KmsSignerOptions {
  keyId: string;
  /** The certificate of that key (DER). */
  certificateDer: Uint8Array;
  /** A KMS-compatible endpoint (tests: the loopback server); default: the region's KMS. */
  endpoint?: string;
  region?: string;
  /** A configured client (tests, or callers with their own credentials). */
  client?: KMSClient;
}

export class KmsSigner implements Signer {
  readonly certificate: CertificateInfo;
  private cms: Promise<CmsBuilder> | undefined;

  private constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
    private readonly algorithm: SigningAlgorithmSpec,
    readonly certificateDer: Uint8Array,
  ) {
    this.certificate = certificateInfo(certificateDer);
  }

  /** Checks the KMS key against the certificate, then returns the signer. */
  static async create(opts: KmsSignerOptions): Promise<KmsSigner> {
    const client =
      opts.client ??
      new KMSClient({
        region: opts.region ?? process.env.AWS_REGION ?? "eu-central-1",
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      });
    const cert = new X509Certificate(opts.certificateDer);
    const certSpki = cert.publicKey.export({ type: "spki", format: "der" });
    const type = cert.publicKey.asymmetricKeyType;
    const curve = cert.publicKey.asymmetricKeyDetails?.namedCurve;
    let algorithm: SigningAlgorithmSpec;
    if (type === "rsa") algorithm = "RSASSA_PKCS1_V1_5_SHA_256";
    else if (type === "ec" && curve === "prime256v1") algorithm = "ECDSA_SHA_256";
    else
      throw new Error(`KMS signing: the certificate's key (${type} ${curve ?? ""}) is not RSA or EC P-256`);

    const key = await client.send(new GetPublicKeyCommand({ KeyId: opts.keyId }));
    if (key.KeyUsage !== "SIGN_VERIFY") throw new Error(`KMS key ${opts.keyId} is not a SIGN_VERIFY key`);
    if (!key.SigningAlgorithms?.includes(algorithm))
      throw new Error(`KMS key ${opts.keyId} does not offer ${algorithm}`);
    if (!key.PublicKey) throw new Error(`KMS key ${opts.keyId}: GetPublicKey returned no key`);
    // Re-encode through node:crypto so equal keys compare equal whatever DER details KMS chose.
    const kmsSpki = createPublicKey({ key: Buffer.from(key.PublicKey), format: "der", type: "spki" }).export({
      type: "spki",
      format: "der",
    });
    if (!Buffer.from(kmsSpki).equals(Buffer.from(certSpki)))
      throw new Error(`KMS key ${opts.keyId} does not match the signing certificate`);
    return new KmsSigner(client, key.KeyId ?? opts.keyId, algorithm, opts.certificateDer);
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    this.cms ??= import("./cms.js").then(({ CmsBuilder }) => new CmsBuilder(this.certificateDer));
    const cms = await this.cms;
    return cms.build(data, async (toBeSigned) => {
      const digest = createHash("sha256").update(toBeSigned).digest();
      const out = await this.client.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: digest,
          MessageType: "DIGEST",
          SigningAlgorithm: this.algorithm,
        }),
      );
      if (!out.Signature) throw new Error("KMS Sign returned no signature");
      return out.Signature;
    });
  }
}
