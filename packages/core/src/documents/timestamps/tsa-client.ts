import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { ab, checkToken, parseToken, type TokenCheck, TS_OID } from "./token.js";

/**
 * An RFC 3161 client over HTTP (§3.4: POST application/timestamp-query, the reply as
 * application/timestamp-reply). Request and reply are built and checked with pkijs: the status is
 * granted, the nonce and the imprint are ours, the token is signed by a timestamping certificate it
 * carries. Authorities are tried in order with a short timeout each; the first valid token wins.
 */

export interface Timestamp {
  /** The TimeStampToken (ContentInfo, DER). */
  token: Uint8Array;
  /** genTime, ISO instant. */
  time: string;
  /** The TSA certificate's owner. */
  authority: string;
  /** The URL that answered. */
  url: string;
  check: TokenCheck;
}

export class TsaUnavailableError extends Error {
  override name = "TsaUnavailableError";
  constructor(readonly failures: Array<{ url: string; reason: string }>) {
    super(
      failures.length === 0
        ? "No timestamp authority is configured"
        : `No timestamp authority answered: ${failures.map((f) => `${f.url}: ${f.reason}`).join("; ")}`,
    );
  }
}

export interface TsaClientOptions {
  /** Per authority, for connecting and reading the reply (default 3 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class TsaClient {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    readonly urls: readonly string[],
    opts: TsaClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** A token over SHA-256 of `data` from the first authority that gives a valid one. */
  async timestamp(data: Uint8Array): Promise<Timestamp> {
    const digest = createHash("sha256").update(data).digest();
    const failures: Array<{ url: string; reason: string }> = [];
    for (const url of this.urls) {
      try {
        return await this.request(url, data, new Uint8Array(digest));
      } catch (error) {
        failures.push({ url, reason: (error as Error).message });
      }
    }
    throw new TsaUnavailableError(failures);
  }

  private async request(url: string, data: Uint8Array, digest: Uint8Array): Promise<Timestamp> {
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0] ?? 0) & 0x7f || 0x01; // a positive INTEGER without a leading zero byte
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: TS_OID.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
      }),
      nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
      certReq: true,
    });
    const response = await this.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    const reply = pkijs.TimeStampResp.fromBER(ab(body));
    // PKIStatus granted (0) or grantedWithMods (1), RFC 3161 §2.4.2.
    if (reply.status.status > 1 || !reply.timeStampToken)
      throw new Error(`refused (PKIStatus ${reply.status.status})`);
    const token = new Uint8Array(reply.timeStampToken.toSchema().toBER(false));
    const parsed = parseToken(token);
    const got = parsed.nonce ? Buffer.from(parsed.nonce) : undefined;
    if (!got?.equals(Buffer.from(nonce))) throw new Error("the reply's nonce is not ours");
    const imprint = parsed.imprint;
    if (imprint.algorithm !== TS_OID.sha256 || !Buffer.from(imprint.digest).equals(digest))
      throw new Error("the reply's imprint is not ours");
    const check = await checkToken(token, data);
    if (!check.imprintMatches || !check.signatureValid)
      throw new Error(check.error ?? "the token's signature or TSA certificate is not valid");
    return { token, time: check.time ?? "", authority: check.authority ?? url, url, check };
  }
}
