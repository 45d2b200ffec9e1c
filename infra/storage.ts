import { bucketDefinition, tableDefinition } from "../packages/core/src/storage/table";
import { LINK } from "../packages/functions/src/lambda/manifest";

const FIELD_TYPE = { S: "string", N: "number" } as const;

/**
 * The table and the bucket, both from the single definitions in packages/core (the local runtime
 * and the tests create theirs from the same ones), plus name-only links for the functions:
 * permissions are granted per function in infra/api.ts, not by the link (which would grant `*`).
 */
export function createStorage() {
  const production = $app.stage === "production";
  const def = tableDefinition;

  const table = new sst.aws.Dynamo("Database", {
    fields: Object.fromEntries(
      Object.entries(def.attributes).map(([name, type]) => [name, FIELD_TYPE[type]]),
    ),
    primaryIndex: { hashKey: def.partitionKey, rangeKey: def.sortKey },
    globalIndexes: Object.fromEntries(
      def.globalIndexes.map((g) => [
        g.name,
        {
          hashKey: g.partitionKey,
          rangeKey: g.sortKey,
          projection: g.projection === "ALL" ? "all" : "keys-only",
        },
      ]),
    ),
    ttl: def.ttlAttribute,
    transform: {
      table: (args) => {
        args.billingMode = def.billing;
        args.pointInTimeRecovery = { enabled: def.pointInTimeRecovery };
        // Production records are the college's legal acts: the table cannot be dropped by accident.
        args.deletionProtectionEnabled = production;
      },
    },
  });

  const bucket = new sst.aws.Bucket("DocumentStore", {
    // Private: no public or CloudFront access; downloads are short-lived presigned URLs.
    versioning: bucketDefinition.versioning,
    enforceHttps: true,
    cors: false,
    transform: {
      bucket: (args) => {
        // SST empties buckets on removal by default; never for production documents.
        args.forceDestroy = !production;
        // Object Lock (set at creation only; needs versioning, which is on): permanent documents
        // get a GOVERNANCE retention on every put (documents/retention.ts). No default retention:
        // consents and uploads are not locked. An existing bucket cannot be switched: docs/deploy.md.
        args.objectLockEnabled = bucketDefinition.objectLock;
      },
      publicAccessBlock: (args) => {
        args.blockPublicAcls = true;
        args.blockPublicPolicy = true;
        args.ignorePublicAcls = true;
        args.restrictPublicBuckets = true;
      },
    },
  });

  new aws.s3.BucketServerSideEncryptionConfiguration("DocumentStoreEncryption", {
    bucket: bucket.name,
    rules: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: bucketDefinition.encryption },
        bucketKeyEnabled: true,
      },
    ],
  });

  // Signed documents never expire: only the temporary areas (`incoming/`, `exports/` at the bucket
  // root, never under `<orgId>/`) have an `expiration`. Otherwise only unfinished multipart uploads
  // are cleaned. No rule expires non-current versions under `<orgId>/`: a non-current version of a
  // signed document is that document after a delete marker, and only the orphan sweep (which checks
  // that no record refers to it) removes one.
  new aws.s3.BucketLifecycleConfiguration("DocumentStoreLifecycle", {
    bucket: bucket.name,
    rules: [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
      // Uploads nobody recorded and download copies: gone after a day, with the versions a delete
      // leaves in a versioned bucket (S3 then also removes the expired delete markers).
      ...Object.entries(bucketDefinition.temporary).map(([area, t]) => ({
        id: `expire-${area}`,
        status: "Enabled",
        filter: { prefix: t.prefix },
        expiration: { days: t.expireAfterDays },
        noncurrentVersionExpiration: { noncurrentDays: t.expireAfterDays },
      })),
    ],
  });

  return {
    table,
    bucket,
    links: {
      table: new sst.Linkable(LINK.table, { properties: { name: table.name } }),
      bucket: new sst.Linkable(LINK.bucket, { properties: { name: bucket.name } }),
    },
  };
}

export type Storage = ReturnType<typeof createStorage>;
