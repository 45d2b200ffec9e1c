import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, configFromEnv, DEFAULT_ORG } from "../../packages/core/src/config.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { kmsSelfSignedCertificate } from "../../packages/core/src/documents/signing/kms-certificate.js";
import { KmsSigner } from "../../packages/core/src/documents/signing/kms-signer.js";
import { loadSigner } from "../../packages/core/src/documents/signing/load-signer.js";
import { derToPem } from "../../packages/core/src/documents/signing/pem.js";
import { generateSelfSigned } from "../../packages/core/src/documents/signing/self-signed.js";
import { type KmsStandIn, startKmsStandIn } from "../support/kms-server.js";
import { meta, save, tool } from "./support.js";

/**
 * The KMS signer against a loopback server speaking the KMS JSON 1.1 protocol (test/support/
 * kms-server.ts): the private keys live only in that server, as they would in KMS.
 */
const rsa = generateSelfSigned({ org: DEFAULT_ORG, algorithm: "rsa" });
const ec = generateSelfSigned({ org: DEFAULT_ORG, algorithm: "ec" });
const other = generateSelfSigned({ org: DEFAULT_ORG, algorithm: "ec" });
let kms: KmsStandIn;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  kms = await startKmsStandIn({ "rsa-key": rsa.privateKey, "ec-key": ec.privateKey });
  // The SDK signs every request (SigV4) with whatever credentials the chain finds.
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
});

afterAll(async () => {
  await kms.close();
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

/** A deployed function's settings (the stores are not used here). */
const AWS_ENV = {
  APP_MODE: "aws",
  AWS_REGION: "eu-central-1",
  TABLE_NAME: "t",
  BUCKET_NAME: "b",
  SESSION_SECRET: "s".repeat(40),
};

describe("KMS signer", () => {
  it("selected by SIGNING_KMS_KEY_ID: signs PDFs pdfsig validates (RSA and ECDSA), sending KMS only a digest", async () => {
    const cases = [
      { keyId: "rsa-key", cert: rsa.certificateDer, algorithm: "RSASSA_PKCS1_V1_5_SHA_256" },
      { keyId: "ec-key", cert: ec.certificateDer, algorithm: "ECDSA_SHA_256" },
    ];
    for (const c of cases) {
      const config = configFromEnv({
        ...AWS_ENV,
        SIGNING_KMS_KEY_ID: c.keyId,
        SIGNING_KMS_ENDPOINT: kms.endpoint,
        SIGNING_CERT_PEM: derToPem(c.cert, "CERTIFICATE"),
      });
      const signer = await loadSigner(config);
      expect(signer).toBeInstanceOf(KmsSigner);
      kms.requests.length = 0;
      const doc = await renderAndSign("consent", DEMO_DATA.consent, meta("consent"), signer, DEFAULT_ORG);
      const sig = tool("pdfsig", [save(doc.bytes)]).out;
      expect(sig, c.keyId).toContain("Signature is Valid.");
      expect(sig, c.keyId).toContain("Signer Certificate Common Name: ГПОУ «ЧПТК»");
      // One Sign call per document, over a SHA-256 digest, in the documented wire format.
      expect(kms.requests.map((r) => r.target)).toEqual(["TrentService.Sign"]);
      const [request] = kms.requests;
      expect(request?.contentType).toBe("application/x-amz-json-1.1");
      expect(request?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=.+\/kms\/aws4_request/);
      expect(request?.body).toMatchObject({
        // The key's ARN, as GetPublicKey at start named it.
        KeyId: `arn:aws:kms:eu-central-1:000000000000:key/${c.keyId}`,
        MessageType: "DIGEST",
        SigningAlgorithm: c.algorithm,
      });
      expect(Buffer.from(String(request?.body.Message), "base64")).toHaveLength(32);
    }
  });

  it("refuses to start when the KMS key is not the certificate's, is unknown, or no certificate is given", async () => {
    const start = (keyId: string, cert: Uint8Array) =>
      KmsSigner.create({ keyId, certificateDer: cert, endpoint: kms.endpoint, region: "eu-central-1" });
    await expect(start("ec-key", other.certificateDer)).rejects.toThrow(
      /does not match the signing certificate/,
    );
    await expect(start("rsa-key", ec.certificateDer)).rejects.toThrow(/does not offer ECDSA_SHA_256/);
    await expect(start("missing", ec.certificateDer)).rejects.toThrow(/does not exist/);
    const noCert = configFromEnv({
      ...AWS_ENV,
      SIGNING_KMS_KEY_ID: "ec-key",
      SIGNING_KMS_ENDPOINT: kms.endpoint,
    });
    await expect(loadSigner(noCert)).rejects.toThrow(ConfigError);
    await expect(loadSigner(noCert)).rejects.toThrow(/SIGNING_CERT_PEM/);
  });

  it("issues a self-signed certificate for the KMS key through KMS (npm run kms-certificate); the signer accepts it", async () => {
    const pem = await kmsSelfSignedCertificate({
      keyId: "rsa-key",
      endpoint: kms.endpoint,
      region: "eu-central-1",
      org: DEFAULT_ORG,
    });
    // The certificate verifies with its own key (the one KMS holds), and has one attribute per RDN.
    const file = save(Buffer.from(pem), "kms-cert.pem");
    expect(tool("openssl", ["verify", "-check_ss_sig", "-CAfile", file, file]).out).toContain(": OK");
    expect(
      tool("openssl", ["x509", "-in", file, "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"]).out,
    ).toContain(`subject=C=RU,L=${DEFAULT_ORG.city},O=${DEFAULT_ORG.fullName},CN=${DEFAULT_ORG.shortName}`);
    const signer = await loadSigner(
      configFromEnv({
        ...AWS_ENV,
        SIGNING_KMS_KEY_ID: "rsa-key",
        SIGNING_KMS_ENDPOINT: kms.endpoint,
        SIGNING_CERT_PEM: pem,
      }),
    );
    const doc = await renderAndSign(
      "order-cancel",
      DEMO_DATA["order-cancel"],
      meta("order-cancel"),
      signer,
      DEFAULT_ORG,
    );
    expect(tool("pdfsig", [save(doc.bytes)]).out).toContain("Signature is Valid.");
  });
});
