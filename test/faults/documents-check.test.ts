import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { checkDocumentStore } from "@soglasie/core/documents/records/consistency";
import { beforeAll, describe, expect, it } from "vitest";
import { consentAnswer, refusalAnswer, submitAnswer } from "../support/consent-client.js";
import { documentsCheck } from "./cli.js";
import { type FaultStack, faultStack } from "./support.js";

/** `npm run cli -- documents check`: orphans are reported (exit 0); records without their PDF fail. */
describe("npm run cli -- documents check", () => {
  let t: FaultStack;
  const documentIds: string[] = [];
  let orphanKey = "";

  beforeAll(async () => {
    t = await faultStack(4);
    for (const [i, link] of t.links.slice(0, 3).entries()) {
      const res = await submitAnswer(t.send, link.token, i === 1 ? refusalAnswer() : consentAnswer());
      documentIds.push(res.ack!.documentId);
    }
    // What an interrupted write leaves: a PDF in S3 that no record refers to.
    orphanKey = (
      await t.services.objects.put("documents", new TextEncoder().encode("%PDF-1.7 interrupted write"), {
        contentType: "application/pdf",
      })
    ).key;
  });

  it("reports the orphan and no missing PDFs, and exits with 0", async () => {
    const out = await documentsCheck(t.services.config);
    expect(out.code).toBe(0);
    // Two consents (each with its personal-data consent), a refusal and the signature rules' version 1.
    expect(out.stdout).toContain("Записей документов: 6; PDF-файлов в хранилище: 7.");
    expect(out.stdout).toContain(
      "Осиротевшие файлы (в S3 без записи; остаются после прерванной записи, безвредны): 1",
    );
    expect(out.stdout).toContain(orphanKey);
    expect(out.stdout).toContain("Записей без файла нет.");
  }, 60_000);

  it("names records whose PDF is missing or altered and exits with 1", async () => {
    const { s3, bucket } = t.services.objects;
    const [lost, altered] = await Promise.all(
      documentIds.slice(0, 2).map((id) => t.services.documents.get(id)),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: lost!.s3Key }));
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: altered!.s3Key,
        Body: new TextEncoder().encode("%PDF-1.7 altered"),
      }),
    );

    const report = await checkDocumentStore(t.services, { deep: true });
    expect(report.missing.map((m) => m.documentId)).toEqual([lost!.documentId]);
    expect(report.altered.map((m) => m.documentId)).toEqual([altered!.documentId]);

    const out = await documentsCheck(t.services.config, "--deep");
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("ЗАПИСИ БЕЗ ФАЙЛА (PDF отсутствует в S3): 1");
    expect(out.stderr).toContain(lost!.documentId);
    expect(out.stderr).toContain("ФАЙЛЫ НЕ СОВПАДАЮТ С ЗАПИСЬЮ (SHA-256): 1");
    expect(out.stderr).toContain(altered!.documentId);
  }, 60_000);

  it("explains its usage on a wrong sub-command", async () => {
    const out = await documentsCheck(t.services.config, "--nonsense");
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("documents check [--deep] [--json]");
  }, 60_000);
});
