import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv, DEFAULT_ORG } from "../../packages/core/src/config.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { checkCms } from "../../packages/core/src/documents/signing/cms.js";
import { KeySigner } from "../../packages/core/src/documents/signing/key-signer.js";
import { loadSigner } from "../../packages/core/src/documents/signing/load-signer.js";
import {
  LOCAL_CERT_FILE,
  LOCAL_KEY_FILE,
  loadOrCreateLocalSigner,
} from "../../packages/core/src/documents/signing/local-signer.js";
import { p12Signer } from "../../packages/core/src/documents/signing/p12-signer.js";
import { derToPem, pemSigner, pemToDer } from "../../packages/core/src/documents/signing/pem.js";
import { generateSelfSigned } from "../../packages/core/src/documents/signing/self-signed.js";
import type { Signer } from "../../packages/core/src/documents/signing/signer.js";
import { meta, save, tool } from "./support.js";

const tmp = () => mkdtempSync(join(tmpdir(), "soglasie-signer-"));

async function expectPdfValid(signer: Signer) {
  const doc = await renderAndSign("consent", DEMO_DATA.consent, meta("consent"), signer, DEFAULT_ORG);
  const out = tool("pdfsig", [save(doc.bytes)]).out;
  expect(out).toContain("Signature is Valid.");
  return out;
}

describe("self-signed organisation certificate", () => {
  it("has a Russian subject, signing key usage and several years of validity", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG, now });
    const signer = new KeySigner(privateKey, certificateDer);
    expect(signer.certificate.subject).toBe(
      "C=RU, L=Чита, O=Государственное профессиональное образовательное учреждение «Читинский политехнический колледж», CN=ГПОУ «ЧПТК»",
    );
    expect(signer.certificate.owner).toBe("ГПОУ «ЧПТК»");
    expect(signer.certificate.serial).toMatch(/^[0-9A-F]{2,40}$/);
    expect(new Date(signer.certificate.validTo).getUTCFullYear()).toBe(2031);
    const text = execFileSync("openssl", ["x509", "-inform", "DER", "-noout", "-text"], {
      input: certificateDer,
    }).toString();
    expect(text).toContain("Digital Signature, Non Repudiation");
    expect(text).toContain("CA:FALSE");
  });

  it("ECDSA P-256 works as well", async () => {
    const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG, algorithm: "ec" });
    const signer = new KeySigner(privateKey, certificateDer);
    const cms = await signer.sign(new TextEncoder().encode("данные"));
    expect(checkCms(cms, new TextEncoder().encode("данные"))).toMatchObject({
      digestMatches: true,
      signatureValid: true,
    });
    expect(checkCms(cms, new TextEncoder().encode("другие"))).toMatchObject({ digestMatches: false });
    await expectPdfValid(signer);
  });

  it("refuses a key that does not match the certificate", () => {
    const a = generateSelfSigned({ org: DEFAULT_ORG });
    const b = generateSelfSigned({ org: DEFAULT_ORG, algorithm: "ec" });
    expect(() => new KeySigner(a.privateKey, b.certificateDer)).toThrow(/does not match/);
  });
});

describe("local signer", () => {
  it("is generated once and kept as PEM files", async () => {
    const dir = tmp();
    const first = await loadOrCreateLocalSigner(dir);
    const again = await loadOrCreateLocalSigner(dir);
    expect(again.certificate.serial).toBe(first.certificate.serial);
    expect(readFileSync(join(dir, LOCAL_CERT_FILE), "utf8")).toContain("-----BEGIN CERTIFICATE-----");
    expect(readFileSync(join(dir, LOCAL_KEY_FILE), "utf8")).toContain("-----BEGIN PRIVATE KEY-----");
    expect(statSync(join(dir, LOCAL_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it("concurrent first starts agree on one key", async () => {
    const dir = tmp();
    const signers = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateLocalSigner(dir)));
    expect(new Set(signers.map((s) => s.certificate.serial)).size).toBe(1);
  });
});

describe("PEM and PKCS#12", () => {
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const certPem = derToPem(certificateDer, "CERTIFICATE");

  it("reads PEM from one text, two texts, or env values with literal \\n", async () => {
    expect(pemSigner(keyPem + certPem).certificate.serial).toBeTruthy();
    const fromEnv = pemSigner(keyPem.replace(/\n/g, "\\n"), certPem.replace(/\n/g, "\\n"));
    expect(Buffer.from(fromEnv.certificateDer).equals(Buffer.from(certificateDer))).toBe(true);
    await expectPdfValid(fromEnv);
  });

  for (const legacy of [false, true]) {
    it(`unpacks a PKCS#12 file (${legacy ? "legacy 3DES" : "OpenSSL 3 default AES"}) keeping the certificate byte for byte`, async () => {
      const dir = tmp();
      writeFileSync(join(dir, "key.pem"), keyPem);
      writeFileSync(join(dir, "cert.pem"), certPem);
      const p12 = join(dir, "org.p12");
      execFileSync("openssl", [
        "pkcs12",
        "-export",
        ...(legacy ? ["-legacy"] : []),
        "-inkey",
        join(dir, "key.pem"),
        "-in",
        join(dir, "cert.pem"),
        "-passout",
        "pass:s3cret",
        "-out",
        p12,
      ]);
      const signer = p12Signer(readFileSync(p12), "s3cret");
      // node-forge would re-encode Cyrillic names if it rebuilt the certificate (forge #847).
      expect(Buffer.from(signer.certificateDer).equals(Buffer.from(certificateDer))).toBe(true);
      const out = await expectPdfValid(signer);
      expect(out).toContain("Signer Certificate Common Name: ГПОУ «ЧПТК»");
      expect(() => p12Signer(readFileSync(p12), "wrong")).toThrow();
    });
  }
});

describe("loadSigner picks the configured key", () => {
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const certPem = derToPem(certificateDer, "CERTIFICATE");
  const serialOf = (der: Uint8Array) => new KeySigner(privateKey, der).certificate.serial;

  it("PEM values, a PEM file, a PKCS#12 file, the local folder; a configuration error outside local mode", async () => {
    const dir = tmp();
    const pemConfig = configFromEnv({
      APP_MODE: "local",
      SIGNING_KEY_PEM: keyPem,
      SIGNING_CERT_PEM: certPem,
    });
    expect((await loadSigner(pemConfig)).certificate.serial).toBe(serialOf(certificateDer));

    writeFileSync(join(dir, "both.pem"), keyPem + certPem);
    const fileConfig = configFromEnv({ APP_MODE: "local", SIGNING_KEY_PATH: join(dir, "both.pem") });
    expect((await loadSigner(fileConfig)).certificate.serial).toBe(serialOf(certificateDer));

    writeFileSync(join(dir, "key.pem"), keyPem);
    writeFileSync(join(dir, "cert.pem"), certPem);
    execFileSync("openssl", [
      "pkcs12",
      "-export",
      "-inkey",
      join(dir, "key.pem"),
      "-in",
      join(dir, "cert.pem"),
      "-passout",
      "pass:pw",
      "-out",
      join(dir, "x.p12"),
    ]);
    const p12Config = configFromEnv({
      APP_MODE: "local",
      SIGNING_P12_PATH: join(dir, "x.p12"),
      SIGNING_P12_PASSWORD: "pw",
    });
    expect(
      Buffer.from((await loadSigner(p12Config)).certificateDer).equals(Buffer.from(pemToDer(certPem))),
    ).toBe(true);

    const local = await loadSigner(configFromEnv({ APP_MODE: "local" }), join(dir, "signing"));
    expect(local.certificate.owner).toBe("ГПОУ «ЧПТК»");

    const aws = configFromEnv({
      APP_MODE: "aws",
      AWS_REGION: "ru-central1",
      TABLE_NAME: "t",
      BUCKET_NAME: "b",
      SESSION_SECRET: "x".repeat(40),
    });
    await expect(loadSigner(aws)).rejects.toThrow(ConfigError);
    await expect(loadSigner({ ...aws, signingP12Path: join(dir, "missing.p12") })).rejects.toThrow(
      /Signing key/,
    );
  });
});
