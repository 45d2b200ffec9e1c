import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../packages/core/src/audit/types.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { templatesDir } from "../../packages/core/src/documents/layout/templates.js";
import { inspectPdf } from "../../packages/core/src/documents/records/inspect-pdf.js";
import { ConflictError, NotFoundError, StateError, ValidationError } from "../../packages/core/src/errors.js";
import { createServices, type Services } from "../../packages/core/src/services.js";
import { createTestStores } from "../support/stores.js";
import { save, testSigner, text } from "./support.js";

let services: Services;
const actor: Actor = { type: "staff", id: "staff-1", role: "director" };

beforeAll(async () => {
  const stores = await createTestStores();
  services = await createServices(stores.config, { clients: stores.clients, signer: testSigner() });
});

async function objectCount(): Promise<number> {
  let n = 0;
  for await (const _ of services.objects.list("documents")) n++;
  return n;
}

describe("DocumentService against DynamoDB Local and S3", () => {
  it("prepare uploads first; the caller's transaction makes the record; then get, find, list, pdf, verify", async () => {
    const { documents, db } = services;
    const owner = { type: "consent-request", id: "req-1" };
    const prepared = await documents.prepare({ type: "consent", data: DEMO_DATA.consent, owner, actor });

    // The PDF is in S3 before any DB write; the record does not exist until the caller commits.
    expect(await services.objects.exists(prepared.s3Key)).toBe(true);
    expect(await documents.get(prepared.documentId)).toBeUndefined();
    expect(prepared.number).toBe(prepared.documentId.slice(0, 8).toUpperCase());
    expect(prepared.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(prepared.txItems).toHaveLength(1);
    expect(prepared.auditEvent).toMatchObject({
      action: "document.issued",
      entityType: "document",
      entityId: prepared.documentId,
    });
    // Audit details carry ids and numbers only.
    expect(JSON.stringify(prepared.auditEvent)).not.toMatch(/Волков|ТМ-21/);

    await db.transact(prepared.txItems, [prepared.auditEvent]);

    const record = await documents.get(prepared.documentId);
    expect(record).toEqual(prepared.record);
    expect(record).toMatchObject({
      type: "consent",
      status: "current",
      sha256: prepared.sha256,
      owner,
      version: 1,
      signer: testSigner().certificate,
      title:
        "Согласие родителя (законного представителя) на использование ИКОП «Сферум» в национальном мессенджере «MAX»",
    });
    expect(JSON.stringify(record)).not.toMatch(/Волков|Волкова|ТМ-21/);
    expect((await documents.findBySha256(prepared.sha256))?.documentId).toBe(prepared.documentId);

    const bytes = await documents.pdf(prepared.documentId);
    expect(inspectPdf(bytes).sha256).toBe(prepared.sha256);
    expect(bytes.byteLength).toBe(prepared.size);

    const verdict = await documents.verifyBytes(bytes);
    expect(verdict).toMatchObject({
      issued: true,
      unaltered: true,
      current: true,
      signatureValid: true,
      documentId: prepared.documentId,
      type: "consent",
      status: "current",
    });

    const url = await documents.downloadUrl(prepared.documentId, 60);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("lists an owner's documents newest first", async () => {
    const owner = { type: "council_meeting", id: "m-1" };
    const first = await services.documents.issue({
      type: "protocol-extract",
      data: DEMO_DATA["protocol-extract"],
      number: "3",
      date: "2026-11-10",
      owner,
      actor,
    });
    const second = await services.documents.issue({
      type: "acknowledgment",
      data: DEMO_DATA.acknowledgment,
      owner,
      actor,
    });
    const list = await services.documents.listByOwner(owner.type, owner.id);
    expect(list.map((r) => r.documentId)).toEqual([second.documentId, first.documentId]);
    expect(first.number).toBe("3");
    expect(first.date).toBe("2026-11-10");
    expect(await services.documents.listByOwner("council_meeting", "other")).toEqual([]);
    expect((await services.documents.listByType("protocol-extract"))[0]?.documentId).toBe(first.documentId);
  });

  it("supersedes in the same transaction; an old copy still verifies as unaltered but not current", async () => {
    const { documents } = services;
    const owner = { type: "consent-request", id: "req-2" };
    const consent = await documents.issue({ type: "consent", data: DEMO_DATA.consent, owner, actor });
    const oldBytes = await documents.pdf(consent.documentId);
    const refusal = await documents.issue({
      type: "refusal",
      data: DEMO_DATA.refusal,
      owner,
      supersedes: [consent.documentId],
      actor,
    });
    expect(refusal.supersedes).toEqual([consent.documentId]);
    const old = await documents.get(consent.documentId);
    expect(old).toMatchObject({ status: "superseded", supersededBy: refusal.documentId, version: 2 });
    expect(await documents.verifyBytes(oldBytes)).toMatchObject({
      issued: true,
      unaltered: true,
      current: false,
      status: "superseded",
    });

    // Superseding a document that is no longer current fails before rendering...
    await expect(
      documents.prepare({
        type: "consent",
        data: DEMO_DATA.consent,
        owner,
        supersedes: [consent.documentId],
        actor,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    // ...and a lost race fails in the transaction.
    const a = await documents.prepare({
      type: "consent",
      data: DEMO_DATA.consent,
      owner,
      supersedes: [refusal.documentId],
      actor,
    });
    const b = await documents.prepare({
      type: "consent",
      data: DEMO_DATA.consent,
      owner,
      supersedes: [refusal.documentId],
      actor,
    });
    await services.db.transact(a.txItems, [a.auditEvent]);
    const lost = await services.db.transact(b.txItems, [b.auditEvent]).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConflictError);
    expect((lost as ConflictError).code).toBe("document_not_current");
    expect(await documents.get(b.documentId)).toBeUndefined();

    await expect(
      documents.prepare({
        type: "consent",
        data: DEMO_DATA.consent,
        owner,
        supersedes: ["00000000-0000-4000-8000-000000000000"],
        actor,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("withdraws with an audit event", async () => {
    const { documents } = services;
    const doc = await documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      number: "146-од",
      owner: { type: "order", id: "o-1" },
      actor,
    });
    const withdrawn = await documents.withdraw(doc.documentId, actor, "Ошибка в приказе");
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnReason: "Ошибка в приказе", version: 2 });
    expect(await documents.get(doc.documentId)).toEqual(withdrawn);
    await expect(documents.withdraw(doc.documentId, actor, "ещё раз")).rejects.toBeInstanceOf(StateError);
    const verdict = await documents.verifyBytes(await documents.pdf(doc.documentId));
    expect(verdict).toMatchObject({ issued: true, unaltered: true, current: false, status: "withdrawn" });
    expect(verdict.message).toContain("отозван");

    const events = [];
    for await (const e of services.db.auditEvents()) if (e.entityId === doc.documentId) events.push(e);
    expect(events.map((e) => e.action)).toEqual(["document.issued", "document.withdrawn"]);
    expect(events[1]).toMatchObject({ before: "current", after: "withdrawn" });
  });

  it("verifies bytes: altered copies, foreign PDFs and garbage", async () => {
    const { documents } = services;
    const doc = await documents.issue({
      type: "regulation",
      data: DEMO_DATA.regulation,
      number: "П-7",
      owner: { type: "regulation_version", id: "v1" },
      actor,
    });
    const bytes = await documents.pdf(doc.documentId);
    const at = Buffer.from(bytes).indexOf(Buffer.from("(Soglasie consent-service)", "latin1")) + 3;
    const altered = new Uint8Array(bytes);
    altered[at] = (altered[at] ?? 0) ^ 1;
    const verdict = await documents.verifyBytes(altered);
    expect(verdict).toMatchObject({ unaltered: false, signatureValid: false });
    expect(verdict.message).toContain("изменён");

    const garbage = await documents.verifyBytes(new TextEncoder().encode("not a pdf"));
    expect(garbage).toMatchObject({ issued: false, unaltered: false, current: false });
    expect(garbage.documentId).toBeUndefined();
  });

  it("rejects bad input before writing anything", async () => {
    const before = await objectCount();
    const attempts = [
      { type: "consent", data: { ...DEMO_DATA.consent, student: undefined } },
      { type: "consent", data: DEMO_DATA.consent, number: "" },
      { type: "consent", data: DEMO_DATA.consent, date: "2026-13-01" },
      { type: "unknown", data: {} },
      { type: "consent", data: DEMO_DATA.consent, owner: { type: "Bad Type", id: "x" } },
      { type: "consent", data: DEMO_DATA.consent, supersedes: ["not-an-id"] },
    ];
    for (const a of attempts) {
      const error = await services.documents
        .prepare({ owner: { type: "consent-request", id: "r" }, actor, ...a } as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields).length).toBeGreaterThan(0);
    }
    expect(await objectCount()).toBe(before);
  });

  it("renders from a given template source (an edited regulation)", async () => {
    const source = readFileSync(join(templatesDir(), "regulation.md"), "utf8").replace(
      "1.4. Положение устанавливает",
      "1.4. Изменённое Положение устанавливает",
    );
    const doc = await services.documents.issue({
      type: "regulation",
      data: DEMO_DATA.regulation,
      owner: { type: "regulation_version", id: "v2" },
      templateSource: source,
      actor,
    });
    const bytes = await services.documents.pdf(doc.documentId);
    expect(text(save(bytes))).toContain("1.4. Изменённое Положение устанавливает единые требования");
    await expect(
      services.documents.prepare({
        type: "regulation",
        data: DEMO_DATA.regulation,
        owner: { type: "regulation_version", id: "v3" },
        templateSource: "---\nkind: X\n---\n{{#if a}}\n",
        actor,
      }),
    ).rejects.toMatchObject({ fields: { templateSource: expect.any(Array) } });
  });
});
