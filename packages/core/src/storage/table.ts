/**
 * The single definition of the table layout, used by infra (SST), the local runtime (CreateTable)
 * and tests. Generic key names let every entity share one table; every partition key starts with
 * `ORG#{orgId}` so one deployment can serve several colleges.
 */
export const TABLE_KEYS = { partition: "pk", sort: "sk" } as const;

export const GSI = {
  /** Secondary access path by a parent entity (documents of an owner, orders by type...). */
  byOwner: { name: "gsi1", partition: "gsi1pk", sort: "gsi1sk" },
  /** Lookups by a unique value (document SHA-256, email) or by status. */
  byValue: { name: "gsi2", partition: "gsi2pk", sort: "gsi2sk" },
  /** Status listings (students by group and status, versions by state). */
  byStatus: { name: "gsi3", partition: "gsi3pk", sort: "gsi3sk" },
} as const;

/** Epoch-seconds attribute after which DynamoDB deletes the item (rate-limit buckets, login throttles). */
export const TTL_ATTRIBUTE = "ttl";

export interface TableDefinition {
  partitionKey: string;
  sortKey: string;
  attributes: Record<string, "S" | "N">;
  globalIndexes: Array<{ name: string; partitionKey: string; sortKey: string; projection: "ALL" }>;
  ttlAttribute: string;
  pointInTimeRecovery: true;
  billing: "PAY_PER_REQUEST";
}

export const tableDefinition: TableDefinition = {
  partitionKey: TABLE_KEYS.partition,
  sortKey: TABLE_KEYS.sort,
  attributes: Object.fromEntries(
    [TABLE_KEYS.partition, TABLE_KEYS.sort, ...Object.values(GSI).flatMap((g) => [g.partition, g.sort])].map(
      (a) => [a, "S" as const],
    ),
  ),
  globalIndexes: Object.values(GSI).map((g) => ({
    name: g.name,
    partitionKey: g.partition,
    sortKey: g.sort,
    projection: "ALL" as const,
  })),
  ttlAttribute: TTL_ATTRIBUTE,
  pointInTimeRecovery: true,
  billing: "PAY_PER_REQUEST",
};

/** Bucket settings shared by infra and the local runtime. */
export const bucketDefinition = {
  /** Signed documents are records of legal acts: never expire them. */
  versioning: true,
  encryption: "AES256" as const,
  prefixes: {
    documents: "documents/",
    uploads: "uploads/",
  },
  /** S3 Object Lock on the AWS bucket: permanent documents get a retention on put (documents/retention.ts). */
  objectLock: true,
  /**
   * Temporary objects that nothing in the table refers to, expired by the bucket's lifecycle:
   * browser uploads waiting to be checked (`incoming/`, presigned POST) and large downloads behind
   * a presigned link (`exports/`). They sit at the bucket root, `<prefix><orgId>/<random id>`,
   * because a lifecycle rule matches a literal key prefix and the org id is only known at run time;
   * documents and uploads (`<orgId>/documents/…`) never match them (config refuses such org ids).
   */
  temporary: {
    incoming: { prefix: "incoming/", expireAfterDays: 1 },
    exports: { prefix: "exports/", expireAfterDays: 1 },
  },
};

export type TemporaryArea = keyof typeof bucketDefinition.temporary;

/** Key builders shared by every repository. */
export const orgPk = (orgId: string, ...parts: string[]) => ["ORG", orgId, ...parts].join("#");
