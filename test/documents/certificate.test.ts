import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import { certificateInfo } from "../../packages/core/src/documents/signing/certificate.js";
import { parseCertificate } from "../../packages/core/src/documents/signing/cms.js";
import { pemToDer } from "../../packages/core/src/documents/signing/pem.js";
import { generateSelfSigned } from "../../packages/core/src/documents/signing/self-signed.js";

/** The certificate as signers show it (asn1js alone) must equal what the CMS code reads (pkijs). */
describe("certificate info without pkijs", () => {
  it("matches pkijs for the service's own RSA and ECDSA certificates", () => {
    for (const algorithm of ["rsa", "ec"] as const) {
      const { certificateDer } = generateSelfSigned({ org: DEFAULT_ORG, algorithm });
      expect(certificateInfo(certificateDer)).toEqual(parseCertificate(certificateDer).info);
    }
  });

  it("matches pkijs for an OpenSSL certificate with Russian attributes, a multi-valued name and no CN", () => {
    const dir = mkdtempSync(join(tmpdir(), "soglasie-cert-"));
    const pem = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-utf8",
        "-subj",
        "/C=RU/ST=Забайкальский край/L=Чита/O=ГПОУ «ЧПТК», колледж+OU=Канцелярия/OGRN=1027501150000/emailAddress=office@chptk.example",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        pem,
      ],
      { stdio: "ignore" },
    );
    const der = pemToDer(readFileSync(pem, "utf8"));
    const info = certificateInfo(der);
    expect(info).toEqual(parseCertificate(der).info);
    expect(info.subject).toContain("ОГРН=1027501150000");
    expect(info.owner).toBe("ГПОУ «ЧПТК», колледж");
    expect(info.serial).toMatch(/^[0-9A-F]+$/);
  });

  it("refuses what is not a certificate", () => {
    expect(() => certificateInfo(new Uint8Array([1, 2, 3]))).toThrow();
    expect(() => certificateInfo(new TextEncoder().encode("-----BEGIN CERTIFICATE-----"))).toThrow();
  });
});
