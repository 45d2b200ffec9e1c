import { createPrivateKey, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { KeySigner } from "./key-signer.js";

/**
 * A signer from a PKCS#12 container. node-forge only unpacks the container; the certificate's
 * original DER is kept byte for byte (forge would re-encode Cyrillic names, forge issue #847) and
 * signing is done by node:crypto.
 */
export function p12Signer(p12: Uint8Array, password = ""): KeySigner {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString("binary")));
  const container = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  const bags = container.safeContents.flatMap((sc) => sc.safeBags);
  const keyBag = bags.find(
    (b) => b.type === forge.pki.oids.pkcs8ShroudedKeyBag || b.type === forge.pki.oids.keyBag,
  );
  if (!keyBag) throw new Error("No private key in the PKCS#12 file");
  const keyAsn1 = keyBag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))
    : (keyBag as { asn1?: forge.asn1.Asn1 }).asn1;
  if (!keyAsn1) throw new Error("Unreadable private key in the PKCS#12 file");
  const privateKey = createPrivateKey({
    key: Buffer.from(forge.asn1.toDer(keyAsn1).getBytes(), "binary"),
    format: "der",
    type: "pkcs8",
  });
  const certs = bags
    .filter((b) => b.type === forge.pki.oids.certBag)
    .map((b) => {
      const asn = b.cert ? forge.pki.certificateToAsn1(b.cert) : (b as { asn1?: forge.asn1.Asn1 }).asn1;
      if (!asn) throw new Error("Unreadable certificate in the PKCS#12 file");
      return new Uint8Array(Buffer.from(forge.asn1.toDer(asn).getBytes(), "binary"));
    });
  // The certificate of the key (a container may also hold the issuing chain).
  const cert = certs.find((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (!cert) throw new Error("No certificate for the private key in the PKCS#12 file");
  return new KeySigner(privateKey, cert);
}
