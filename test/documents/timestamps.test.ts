import { createServer } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "../../packages/core/src/audit/types.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { runTimestampJob } from "../../packages/core/src/documents/timestamps/job.js";
import { inspectLongTerm } from "../../packages/core/src/documents/timestamps/long-term.js";
import { signatureTimestampOf } from "../../packages/core/src/documents/timestamps/signature-timestamp.js";
import type { DocumentRecord } from "../../packages/core/src/documents/types.js";
import { createServices, type Services } from "../../packages/core/src/services.js";
import { verifyApp } from "../../packages/functions/src/apps/verify/index.js";
import { pdfsig, run, tempFile } from "../support/pdf-tools.js";
import { createTestStores, type TestStores } from "../support/stores.js";
import { testSigner } from "./support.js";

/**
 * Timestamps and long-term validation against the run's one local TSA (openssl ts -reply, started by
 * the global setup): B-T at signing, fallback past an authority that is down, B-B when none answers
 * and the job that brings it to B-LTA by incremental updates, what /verify reports of each level.
 */

const actor: Actor = { type: "system", id: "test" };
const tsaUrl = inject("tsaUrl");
const tsaDir = inject("tsaDir");
let stores: TestStores;
let deadUrl: string;
let withTsa: Services;

/** A loopback port nobody listens on: an authority that is down (connection refused at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const servicesWith = (urls: string[]) =>
  createServices(
    { ...stores.config, tsaUrls: urls, tsaTimeoutMs: 2000 },
    {
      clients: stores.clients,
      signer: testSigner(),
    },
  );

const issue = (services: Services, id: string) =>
  services.documents.issue({
    type: "consent",
    data: DEMO_DATA.consent,
    owner: { type: "consent-request", id },
    actor,
  });

/** The signed ranges' CMS and the last document timestamp's token and covered bytes. */
function contentsOf(bytes: Uint8Array, which: "first" | "last") {
  const text = Buffer.from(bytes).toString("latin1");
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = which === "first" ? all[0] : all.at(-1);
  const [, b, c, d] = (m ?? []).slice(1, 5).map(Number) as [number, number, number, number];
  const der = new Uint8Array(Buffer.from(text.slice(b + 1, c - 1), "hex"));
  return { der, covered: Buffer.concat([bytes.subarray(0, b), bytes.subarray(c, c + d)]) };
}

async function opensslVerify(token: Uint8Array, data: Uint8Array): Promise<string> {
  const tokenFile = tempFile(token, "tst");
  const dataFile = tempFile(data, "bin");
  const { stdout } = await run("openssl", [
    ...["ts", "-verify", "-token_in", "-in", tokenFile, "-data", dataFile],
    ...["-CAfile", join(tsaDir, "ca.pem"), "-untrusted", join(tsaDir, "tsa.pem")],
  ]);
  return stdout;
}

beforeAll(async () => {
  stores = await createTestStores();
  deadUrl = `http://127.0.0.1:${await closedPort()}/tsr`;
  withTsa = await servicesWith([deadUrl, tsaUrl]);
});

describe("signature timestamps (PAdES B-T)", () => {
  let record: DocumentRecord;
  let bytes: Uint8Array;

  beforeAll(async () => {
    // The first authority is down: the second one answers.
    record = await issue(withTsa, "bt-1");
    bytes = await withTsa.documents.pdf(record);
  });

  it("timestamps every signature, falling back past an authority that is down", async () => {
    expect(record.level).toBe("B-T");
    expect(record.timestamps).toEqual([
      { kind: "signature", time: expect.any(String), authority: "Soglasie local TSA" },
    ]);
    expect(await pdfsig(bytes)).toContain("Signature is Valid");
  });

  it("embeds a token that openssl ts -verify accepts over the signature value", async () => {
    const { der } = contentsOf(bytes, "first");
    const cms = der.subarray(0, 4 + ((der[2] ?? 0) << 8) + (der[3] ?? 0));
    const token = signatureTimestampOf(cms);
    expect(token).toBeDefined();
    const info = await inspectLongTerm(bytes);
    expect(info.signatureTimestamp).toMatchObject({
      valid: true,
      imprintMatches: true,
      signatureValid: true,
    });
    // The imprint is over the signature value: openssl checks it against those bytes.
    const { signatureValueOf } = await import(
      "../../packages/core/src/documents/timestamps/signature-timestamp.js"
    );
    expect(await opensslVerify(token as Uint8Array, signatureValueOf(cms))).toContain("Verification: OK");
  });
});

// Each step spawns openssl and rewrites PDFs on a shared 2-core machine: generous limits.
describe("no authority answers: B-B, then the job", { timeout: 120_000 }, () => {
  let record: DocumentRecord;
  let issued: Uint8Array;
  let upgraded: Uint8Array;
  let app: ReturnType<typeof verifyApp>;

  beforeAll(async () => {
    const down = await servicesWith([deadUrl]);
    record = await issue(down, "bb-1");
    issued = await down.documents.pdf(record);
    const report = await runTimestampJob(withTsa);
    expect(report.failed).toEqual([]);
    expect(report.upgraded).toContainEqual({ documentId: record.documentId, from: "B-B", to: "B-LTA" });
    upgraded = await withTsa.documents.pdf(record.documentId);
    app = verifyApp(withTsa);
  }, 120_000);

  it("issues the document at B-B, due for the job at once, never presented as timestamped", async () => {
    expect(record.level).toBe("B-B");
    expect(record.timestamps).toEqual([]);
    expect(record.timestampDueAt).toBe(record.createdAt);
    const res = await app.request("/api/verify", {
      method: "POST",
      body: issued,
      headers: { "content-type": "application/pdf" },
    });
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ issued: true, unaltered: true, longTerm: { level: "B-B", timestamps: [] } });
  });

  it("upgrades by appending: the old bytes are a prefix, pdfsig still says Signature is Valid", async () => {
    expect(Buffer.from(upgraded.subarray(0, issued.byteLength)).equals(Buffer.from(issued))).toBe(true);
    const out = await pdfsig(upgraded);
    expect(out).toContain("Signature is Valid");
    // pdfsig lists the document timestamps (it cannot validate ETSI.RFC3161 itself).
    expect(out).toContain("DocTimeStamp1");
    expect(out).toContain("DocTimeStamp2");
    const after = await withTsa.documents.get(record.documentId);
    expect(after).toMatchObject({ level: "B-LTA", sha256: record.sha256, revisions: [expect.any(String)] });
    expect(after?.timestamps?.map((t) => t.kind)).toEqual(["document", "document"]);
    expect(after?.s3Key).not.toBe(record.s3Key);
    expect(await withTsa.objects.exists(record.s3Key)).toBe(false);
    const { der, covered } = contentsOf(upgraded, "last");
    expect(await opensslVerify(der, covered)).toContain("Verification: OK");
  });

  it("verifies the old and the upgraded copy as the same document, with their levels", async () => {
    const post = async (body: Uint8Array) =>
      (await (
        await app.request("/api/verify", {
          method: "POST",
          body,
          headers: { "content-type": "application/pdf" },
        })
      ).json()) as Record<string, unknown>;
    expect(await post(upgraded)).toMatchObject({
      issued: true,
      unaltered: true,
      documentId: record.documentId,
      verdict: "valid",
      longTerm: {
        level: "B-LTA",
        timestampsValid: true,
        dss: { certificates: 2, crls: 0, ocsps: 0 },
        timestamps: [
          { kind: "document", authority: "Soglasie local TSA", imprintMatches: true, signatureValid: true },
          { kind: "document", authority: "Soglasie local TSA", imprintMatches: true, signatureValid: true },
        ],
      },
    });
    // An update appended by someone else is not one of ours: altered, though the signature still holds.
    const foreign = Buffer.concat([Buffer.from(upgraded), Buffer.from("\n% appended\n")]);
    expect(await post(foreign)).toMatchObject({ issued: true, unaltered: false, verdict: "altered" });
    // A timestamp over other bytes: one byte changed inside what the last document timestamp covers.
    const tampered = Buffer.from(upgraded);
    const at = tampered.lastIndexOf("/Type /DSS");
    tampered.write("/Type /DSX", at, "latin1");
    const result = await post(tampered);
    expect(result).toMatchObject({
      unaltered: false,
      verdict: "altered",
      longTerm: { timestampsValid: false },
    });

    const form = new FormData();
    form.set("file", new File([upgraded], "upgraded.pdf", { type: "application/pdf" }));
    const html = await (await app.request("/verify", { method: "POST", body: form })).text();
    expect(html).toContain("Уровень подписи");
    expect(html).toContain(
      "PAdES B-LTA — с меткой времени, данными для долговременной проверки и архивной меткой времени",
    );
    expect(html).toContain("Метка времени документа");
    expect(html).toContain("служба «Soglasie local TSA» — верна");
    const page = await (await app.request(`/verify/${record.documentId}`)).text();
    expect(page).toContain("PAdES B-LTA");
  });

  it("re-timestamps a B-LTA document when its last timestamp's certificate is about to expire", async () => {
    const before = await withTsa.documents.get(record.documentId);
    const report = await runTimestampJob(withTsa, { now: new Date(before?.timestampDueAt ?? 0) });
    expect(report.upgraded).toContainEqual({ documentId: record.documentId, from: "B-LTA", to: "B-LTA" });
    const after = await withTsa.documents.get(record.documentId);
    expect(after?.timestamps).toHaveLength(3);
    expect(after?.revisions).toHaveLength(2);
    const bytes = await withTsa.documents.pdf(record.documentId);
    expect(await pdfsig(bytes)).toContain("Signature is Valid");
  });
});
