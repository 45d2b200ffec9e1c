import { ConfigError } from "@soglasie/core/config";
import { certificateInfo } from "@soglasie/core/documents/signing/certificate";
import { pemBlocks, pemToDer } from "@soglasie/core/documents/signing/pem";
import type { Signer } from "@soglasie/core/documents/signing/signer";

/**
 * The organisation's certificate without its private key, for functions that show and check
 * signatures but never sign (sign-in and verification): least privilege means the key is not even
 * in their environment. Signing with it fails loudly instead of producing an unsigned document.
 */
export function certificateOnlySigner(certPem: string): Signer {
  const block = pemBlocks(certPem).find((b) => b.label === "CERTIFICATE");
  if (!block) throw new ConfigError("SIGNING_CERT_PEM holds no certificate");
  const der = pemToDer(block.text);
  return {
    certificate: certificateInfo(der),
    certificateDer: der,
    async sign() {
      throw new ConfigError(
        "This function has no signing key: documents are signed by the workflow functions",
      );
    },
  };
}
