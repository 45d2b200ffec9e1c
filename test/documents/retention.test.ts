import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../../packages/core/src/documents/layout/templates.js";
import {
  OBJECT_LOCK_MODE,
  OBJECT_LOCK_YEARS,
  objectLockFor,
  RETENTION,
} from "../../packages/core/src/documents/retention.js";
import { DOCUMENT_TYPES } from "../../packages/core/src/documents/types.js";
import { ObjectStore } from "../../packages/core/src/storage/object-store.js";
import { createTestStores, type TestStores } from "../support/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await createTestStores();
});

describe("retention table (documents/retention.ts)", () => {
  it("covers every document type, agrees with the template's storage class, and locks permanent ones only", () => {
    expect(Object.keys(RETENTION).sort()).toEqual([...DOCUMENT_TYPES].sort());
    for (const type of DOCUMENT_TYPES) {
      const r = RETENTION[type];
      expect(r.storage, type).toBe(loadTemplate(type).front.storage ?? "temporary");
      expect(r.objectLock, type).toBe(r.storage === "permanent");
      expect(r.term.length, type).toBeGreaterThan(0);
      expect(r.source.length, type).toBeGreaterThan(0);
      // Honest about sources: an unconfirmed term says where it came from instead.
      if (!r.confirmed) expect(r.source, type).toMatch(/не найден|не сверен/);
    }
  });

  it("a permanent document gets a GOVERNANCE retention for a century; a consent none", () => {
    const now = new Date("2026-11-12T02:00:00Z");
    expect(objectLockFor("order-approve-regulation", now)).toEqual({
      mode: OBJECT_LOCK_MODE,
      retainUntil: new Date(`${2026 + OBJECT_LOCK_YEARS}-11-12T02:00:00Z`),
    });
    expect(OBJECT_LOCK_MODE).toBe("GOVERNANCE");
    expect(objectLockFor("consent", now)).toBeUndefined();
  });

  it("the lock headers go with the put when the store has Object Lock; the local S3 server accepts and ignores them", async () => {
    const sent: Array<Record<string, string>> = [];
    const { s3 } = stores.clients;
    s3.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...((args.request as { headers?: Record<string, string> }).headers ?? {}) });
        return next(args);
      },
      { step: "finalizeRequest", name: "recordHeaders" },
    );
    try {
      const { config } = stores;
      const locked = new ObjectStore(s3, config.bucketName, config.orgId, config.s3Encryption, true);
      const unlocked = new ObjectStore(s3, config.bucketName, config.orgId, config.s3Encryption, false);
      const lock = objectLockFor("regulation", new Date());
      const body = (s: string) => new TextEncoder().encode(`%PDF-1.7 ${s} ${Math.random()}`);
      const a = await locked.put("documents", body("a"), { contentType: "application/pdf", lock });
      const b = await unlocked.put("documents", body("b"), { contentType: "application/pdf", lock });
      const puts = sent.filter((h) => h["content-type"] === "application/pdf");
      expect(puts[0]?.["x-amz-object-lock-mode"]).toBe("GOVERNANCE");
      expect(Date.parse(puts[0]?.["x-amz-object-lock-retain-until-date"] ?? "")).toBe(
        lock?.retainUntil.getTime(),
      );
      expect(puts[1]).not.toHaveProperty("x-amz-object-lock-mode");
      // Both stored and readable: a local run is not broken by the headers.
      for (const o of [a, b]) expect((await locked.head(o.key))?.size).toBe(o.size);
      const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucketName, Key: a.key }));
      expect(head.ObjectLockMode).toBeUndefined(); // s3rver has no Object Lock (GetObjectRetention: 501)
    } finally {
      s3.middlewareStack.remove("recordHeaders");
    }
  });
});
