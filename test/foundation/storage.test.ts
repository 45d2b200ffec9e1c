import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { tableDefinition } from "../../packages/core/src/storage/table.js";
import { createTestStores, type TestStores } from "../support/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await createTestStores();
});

describe("table from the shared definition", () => {
  it("has the keys, GSIs and TTL of the definition", async () => {
    const { Table } = await stores.clients.ddb.send(
      new DescribeTableCommand({ TableName: stores.config.tableName }),
    );
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      tableDefinition.globalIndexes.map((g) => g.name).sort(),
    );
    const ttl = await stores.clients.ddb.send(
      new DescribeTimeToLiveCommand({ TableName: stores.config.tableName }),
    );
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe("ttl");
  });
});

describe("object store", () => {
  it("stores content-addressed objects and reads them back", async () => {
    const body = new TextEncoder().encode("%PDF-1.7 test");
    const stored = await stores.objects.put("documents", body, {
      contentType: "application/pdf",
      metadata: { "document-id": "x" },
    });
    expect(stored.key).toBe(`${stores.config.orgId}/documents/${stored.sha256}.pdf`);
    expect(Buffer.from(await stores.objects.get(stored.key)).toString()).toBe("%PDF-1.7 test");
    expect(await stores.objects.exists(stored.key)).toBe(true);
    expect(await stores.objects.exists(`${stores.config.orgId}/documents/missing.pdf`)).toBe(false);
  });
});
