import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { auditEventSk, auditPk, linkEvents } from "@soglasie/core/audit/chain";
import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { orgPk } from "@soglasie/core/storage/table";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestStores, type TestStores } from "../support/stores.js";

const actor = { type: "system", id: "test" } as const;
let stores: TestStores;

beforeAll(async () => {
  stores = await createTestStores();
});

describe("audit hash chain", () => {
  it("links every event to the previous one, also under concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        stores.db.transact(
          [
            {
              put: { pk: orgPk(stores.config.orgId, "THING"), sk: `T#${i}`, n: i },
              condition: "attribute_not_exists(pk)",
            },
          ],
          [{ actor, action: "thing.created", entityType: "thing", entityId: String(i), after: "new" }],
        ),
      ),
    );
    const report = await verifyAuditChain(stores.db);
    expect(report).toEqual({ count: 30, ok: true, problems: [] });
    const head = await stores.db.readHead();
    expect(head.seq).toBe(30);
  });

  it("retries when another process appended meanwhile (stale cached head)", async () => {
    // Another process appends directly: this process's cached head is now stale.
    const head = await stores.db.readHead();
    const { events, head: next } = linkEvents(
      stores.config.orgId,
      head,
      [{ actor, action: "elsewhere", entityType: "thing", entityId: "z" }],
      new Date().toISOString(),
    );
    const pk = auditPk(stores.config.orgId);
    await stores.clients.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: stores.config.tableName, Item: { pk, sk: "HEAD", ...next } } },
          {
            Put: {
              TableName: stores.config.tableName,
              Item: { pk, sk: auditEventSk(next.seq), ...events[0] },
            },
          },
        ],
      }),
    );
    await stores.db.transact([], [{ actor, action: "here", entityType: "thing", entityId: "y" }]);
    const report = await verifyAuditChain(stores.db);
    expect(report.ok).toBe(true);
    expect(report.count).toBe(head.seq + 2);
  });

  it("detects an altered event", async () => {
    const pk = auditPk(stores.config.orgId);
    await stores.clients.db.send(
      new UpdateCommand({
        TableName: stores.config.tableName,
        Key: { pk, sk: auditEventSk(5) },
        UpdateExpression: "SET #a = :a",
        ExpressionAttributeNames: { "#a": "action" },
        ExpressionAttributeValues: { ":a": "thing.deleted" },
      }),
    );
    const report = await verifyAuditChain(stores.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ seq: 5, kind: "hash_mismatch" });
  });

  it("rolls back the caller's items and the events when a condition fails", async () => {
    const before = await stores.db.readHead();
    const key = { pk: orgPk(stores.config.orgId, "THING"), sk: "T#0" };
    await expect(
      stores.db.transact(
        [
          { put: { pk: key.pk, sk: "T#new", n: 1 } },
          { put: { ...key, n: 99 }, condition: "attribute_not_exists(pk)" },
        ],
        [{ actor, action: "thing.created", entityType: "thing", entityId: "dup" }],
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await stores.db.get({ pk: key.pk, sk: "T#new" })).toBeUndefined();
    expect(await stores.db.readHead()).toEqual(before);
  });

  it("fails only the offending write when concurrent writes are committed together", async () => {
    const pk = orgPk(stores.config.orgId, "GROUPED");
    await stores.db.transact(
      [{ put: { pk, sk: "taken" } }],
      [{ actor, action: "seed", entityType: "g", entityId: "taken" }],
    );
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        stores.db.transact(
          [
            {
              put: { pk, sk: i === 5 ? "taken" : `free-${i}` },
              condition: "attribute_not_exists(pk)",
              onConflict: () => new Error(`conflict ${i}`),
            },
          ],
          [{ actor, action: "grouped", entityType: "g", entityId: String(i) }],
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i === 5 ? "rejected" : "fulfilled")),
    );
    expect((results[5] as PromiseRejectedResult).reason.message).toBe("conflict 5");
    const written = await stores.db.queryPartition(pk, "free-");
    expect(written).toHaveLength(11);
    expect((await verifyAuditChain(stores.db)).problems.filter((p) => p.kind !== "hash_mismatch")).toEqual(
      [],
    );
  });
});
