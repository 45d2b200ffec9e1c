import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("the generated certificate has one attribute per RDN (C, L, O, ОГРН, ИНН ЮЛ, CN), the full name in O", () => {
    const org = { ...DEFAULT_ORG, ogrn: "1027501150000", inn: "7536012345" };
    const { certificateDer } = generateSelfSigned({ org, algorithm: "ec" });
    const dir = mkdtempSync(join(tmpdir(), "soglasie-cert-"));
    const der = join(dir, "cert.der");
    writeFileSync(der, certificateDer);
    // One RDN per line, in the certificate's order: a multi-valued RDN would print as «A=…+B=…».
    const subject = execFileSync(
      "openssl",
      ["x509", "-inform", "der", "-in", der, "-noout", "-subject", "-nameopt", "utf8,sep_multiline"],
      { encoding: "utf8" },
    );
    const lines = subject
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines).toEqual([
      "C=RU",
      `L=${org.city}`,
      `O=${org.fullName}`,
      "OGRN=1027501150000",
      "1.2.643.100.4=7536012345",
      `CN=${org.shortName}`,
    ]);
    expect(subject).not.toContain("+");
    const info = certificateInfo(certificateDer);
    expect(info).toEqual(parseCertificate(certificateDer).info);
    expect(info.subject).toBe(
      `C=RU, L=${org.city}, O=${org.fullName}, ОГРН=1027501150000, ИНН ЮЛ=7536012345, CN=${org.shortName}`,
    );
    expect(info.owner).toBe(org.shortName);
  });

  it("refuses what is not a certificate", () => {
    expect(() => certificateInfo(new Uint8Array([1, 2, 3]))).toThrow();
    expect(() => certificateInfo(new TextEncoder().encode("-----BEGIN CERTIFICATE-----"))).toThrow();
  });
});
