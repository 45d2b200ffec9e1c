import { execFileSync } from "node:child_process";
import { createPublicKey, type KeyObject, privateEncrypt, constants as rsa } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A loopback stand-in for AWS KMS (no local KMS implementation exists to run in tests): it speaks
 * the documented wire format — AWS JSON 1.1, `POST /`, `X-Amz-Target: TrentService.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`, blobs base64, errors as `{"__type", "message"}` with
 * status 400 — for the two calls the KMS signer makes, `GetPublicKey` and `Sign` (MessageType
 * DIGEST), holding one test key per key id. RSA signs the digest as RSASSA-PKCS1-v1_5 (DigestInfo
 * for SHA-256, then the private-key operation); ECDSA over a given digest is not in node:crypto, so
 * `openssl pkeyutl -sign` (which signs its input as the digest) does it. Every request is recorded.
 */

export interface KmsRequest {
  target: string;
  contentType: string;
  authorization: string;
  body: Record<string, unknown>;
}

export interface KmsStandIn {
  endpoint: string;
  requests: KmsRequest[];
  close(): Promise<void>;
}

/** DER prefix of DigestInfo { sha256, digest } (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

export async function startKmsStandIn(keys: Record<string, KeyObject>): Promise<KmsStandIn> {
  const requests: KmsRequest[] = [];
  const work = mkdtempSync(join(tmpdir(), "soglasie-kms-"));
  const fail = (type: string, message: string) => ({ status: 400, body: { __type: type, message } });

  const handle = (target: string, body: Record<string, unknown>) => {
    // Like KMS: a key id or its ARN.
    const keyId = String(body.KeyId ?? "").replace(/^arn:aws:kms:[^:]+:\d+:key\//, "");
    const key = keys[keyId];
    if (!key) return fail("NotFoundException", `Key '${keyId}' does not exist`);
    const rsaKey = key.asymmetricKeyType === "rsa";
    const algorithms = rsaKey ? ["RSASSA_PKCS1_V1_5_SHA_256"] : ["ECDSA_SHA_256"];
    if (target === "TrentService.GetPublicKey") {
      return {
        status: 200,
        body: {
          KeyId: `arn:aws:kms:eu-central-1:000000000000:key/${keyId}`,
          PublicKey: createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64"),
          KeySpec: rsaKey ? "RSA_2048" : "ECC_NIST_P256",
          CustomerMasterKeySpec: rsaKey ? "RSA_2048" : "ECC_NIST_P256",
          KeyUsage: "SIGN_VERIFY",
          SigningAlgorithms: algorithms,
        },
      };
    }
    if (target === "TrentService.Sign") {
      const algorithm = String(body.SigningAlgorithm ?? "");
      if (!algorithms.includes(algorithm))
        return fail("InvalidKeyUsageException", `${algorithm} is not valid for this key`);
      if (body.MessageType !== "DIGEST")
        return fail("ValidationException", "this stand-in signs digests only");
      const digest = Buffer.from(String(body.Message ?? ""), "base64");
      if (digest.length !== 32) return fail("ValidationException", "Digest is invalid length for algorithm");
      let signature: Buffer;
      if (rsaKey) {
        signature = privateEncrypt(
          { key, padding: rsa.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, digest]),
        );
      } else {
        const keyFile = join(work, `${keyId}.pem`);
        writeFileSync(keyFile, key.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
        const digestFile = join(work, "digest.bin");
        writeFileSync(digestFile, digest);
        signature = execFileSync("openssl", ["pkeyutl", "-sign", "-inkey", keyFile, "-in", digestFile]);
      }
      return {
        status: 200,
        body: {
          KeyId: `arn:aws:kms:eu-central-1:000000000000:key/${keyId}`,
          Signature: signature.toString("base64"),
          SigningAlgorithm: algorithm,
        },
      };
    }
    return fail("UnknownOperationException", `Operation ${target} is not supported`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {}
      requests.push({
        target,
        contentType: String(req.headers["content-type"] ?? ""),
        authorization: String(req.headers.authorization ?? ""),
        body,
      });
      const answer =
        req.method === "POST" && req.url === "/"
          ? handle(target, body)
          : fail("UnknownOperationException", "POST / only");
      res.writeHead(answer.status, {
        "content-type": "application/x-amz-json-1.1",
        ...(answer.status !== 200
          ? { "x-amzn-errortype": String((answer.body as { __type?: string }).__type) }
          : {}),
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
