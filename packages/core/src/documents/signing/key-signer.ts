import { createPublicKey, type KeyObject, sign as rawSign, X509Certificate } from "node:crypto";
import type { CertificateInfo } from "../types.js";
import { certificateInfo } from "./certificate.js";
import type { CmsBuilder } from "./cms.js";
import type { Signer } from "./signer.js";

/** A signer holding its private key in process memory (PEM or PKCS#12 sources). */
export class KeySigner implements Signer {
  readonly certificate: CertificateInfo;
  private cms: Promise<CmsBuilder> | undefined;

  constructor(
    private readonly privateKey: KeyObject,
    readonly certificateDer: Uint8Array,
  ) {
    this.certificate = certificateInfo(certificateDer);
    const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    const fromCert = new X509Certificate(certificateDer).publicKey.export({ type: "spki", format: "der" });
    if (!Buffer.from(fromKey).equals(Buffer.from(fromCert))) {
      throw new Error("The signing key does not match the certificate");
    }
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    // The CMS code (pkijs) is loaded with the first signature, not when the process starts.
    this.cms ??= import("./cms.js").then(({ CmsBuilder }) => new CmsBuilder(this.certificateDer));
    const cms = await this.cms;
    // RSA: PKCS#1 v1.5 with SHA-256; ECDSA: DER-encoded (r, s), as CMS expects.
    return cms.build(data, (toBeSigned) => rawSign("sha256", toBeSigned, this.privateKey));
  }
}
