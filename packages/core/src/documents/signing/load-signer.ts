import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AppConfig, ConfigError } from "../../config.js";
import { pemBlocks, pemSigner, pemToDer } from "./pem.js";
import type { Signer } from "./signer.js";

/**
 * The organisation's signer from configuration, first match wins:
 *   0. SIGNING_KMS_KEY_ID (+ SIGNING_KMS_ENDPOINT): the key in AWS KMS, the certificate in
 *      SIGNING_CERT_PEM (kms-signer.ts); no private key in the process;
 *   1. SIGNING_P12_PATH (+ SIGNING_P12_PASSWORD): a PKCS#12 file;
 *   2. SIGNING_KEY_PEM (+ SIGNING_CERT_PEM): PEM text (a key and a certificate, in one or two values);
 *   3. SIGNING_KEY_PATH: a PEM file with the key (and the certificate, or SIGNING_CERT_PEM),
 *      or a PKCS#12 file when it is not PEM;
 *   4. local mode: a self-signed certificate generated once under `localDir` (default ./.data/signing).
 * Outside local mode a missing key is a configuration error.
 */
export async function loadSigner(config: AppConfig, localDir?: string): Promise<Signer> {
  // Imported on demand: PKCS#12 and the local self-signed certificate need node-forge and pkijs,
  // which a deployed function with a PEM key never loads.
  const p12Signer = async (bytes: Buffer, password?: string) =>
    (await import("./p12-signer.js")).p12Signer(bytes, password);
  try {
    if (config.signingKmsKeyId) {
      const cert =
        config.signingCertPem && pemBlocks(config.signingCertPem).find((b) => b.label === "CERTIFICATE");
      if (!cert) throw new Error("SIGNING_KMS_KEY_ID needs the key's certificate in SIGNING_CERT_PEM");
      const { KmsSigner } = await import("./kms-signer.js");
      return await KmsSigner.create({
        keyId: config.signingKmsKeyId,
        certificateDer: pemToDer(cert.text),
        endpoint: config.signingKmsEndpoint,
        region: config.region,
      });
    }
    if (config.signingP12Path)
      return await p12Signer(readFileSync(config.signingP12Path), config.signingP12Password);
    if (config.signingKeyPem) return pemSigner(config.signingKeyPem, config.signingCertPem);
    if (config.signingKeyPath) {
      const bytes = readFileSync(config.signingKeyPath);
      const text = bytes.toString("utf8");
      return text.includes("-----BEGIN")
        ? pemSigner(text, config.signingCertPem, config.signingP12Password)
        : await p12Signer(bytes, config.signingP12Password);
    }
  } catch (error) {
    throw new ConfigError(`Signing key: ${(error as Error).message}`);
  }
  // Never invent a key outside local mode: documents signed by a stray self-signed key would be worthless.
  if (config.mode === "local") {
    const { loadOrCreateLocalSigner } = await import("./local-signer.js");
    return loadOrCreateLocalSigner(localDir ?? join(process.cwd(), ".data", "signing"), config.org);
  }
  throw new ConfigError(
    "Signing key is not configured: set SIGNING_KMS_KEY_ID and SIGNING_CERT_PEM, SIGNING_P12_PATH (+ SIGNING_P12_PASSWORD) or SIGNING_KEY_PEM and SIGNING_CERT_PEM",
  );
}
