import { existsSync } from "node:fs";
import { join } from "node:path";
import { bucketDefinition } from "../packages/core/src/storage/table";
import {
  SCHEDULED_FUNCTION_NAMES,
  SCHEDULED_FUNCTIONS,
  type ScheduledFunctionName,
} from "../packages/functions/src/lambda/manifest";
import { bundlesDir, FORWARDED_ENV } from "./api";
import type { Secrets } from "./secrets";
import type { Storage } from "./storage";

/** Memory and timeout of the scheduled functions: the sweep lists and deletes, renders nothing. */
export const SCHEDULED_SIZING: Record<
  ScheduledFunctionName,
  { memory: `${number} MB`; timeout: `${number} seconds` }
> = {
  documentsSweep: { memory: "512 MB", timeout: "300 seconds" },
  // Reads, appends to and writes back whole PDFs, and waits on the timestamp authority.
  documentsTimestamp: { memory: "1024 MB", timeout: "600 seconds" },
  // Stops claiming after 240 s (messages-sweep.ts), under the timeout and the 300 s claim lease.
  messagesSweep: { memory: "512 MB", timeout: "280 seconds" },
};

/**
 * The orphan sweep's rights: read the table (records by id, type and hash), list the bucket with
 * its versions, and delete documents/ objects and their versions — it checks, per object, that no
 * record refers to it. Not behind the API: only EventBridge invokes it.
 */
export function sweepPermissions(storage: Storage): SstPermission[] {
  const table = storage.table.arn;
  const bucket = storage.bucket.arn;
  const documents = $interpolate`${bucket}/*/${bucketDefinition.prefixes.documents}*`;
  return [
    { actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: [table, $interpolate`${table}/index/*`] },
    { actions: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning"], resources: [bucket] },
    { actions: ["s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], resources: [documents] },
    // A permanent document's PDF is locked on put (GOVERNANCE): the orphan of a failed write can be
    // purged only with this right, which no API function has.
    { actions: ["s3:BypassGovernanceRetention"], resources: [documents] },
  ];
}

/**
 * The timestamp job's rights: read the records and update them (level, key, revisions), read each
 * PDF, write its upgraded revision and delete the one it replaces. No signing key: a document
 * timestamp comes from the authority, not from the organisation's key.
 */
export function timestampPermissions(storage: Storage): SstPermission[] {
  const table = storage.table.arn;
  const documents = $interpolate`${storage.bucket.arn}/*/${bucketDefinition.prefixes.documents}*`;
  return [
    {
      actions: [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",
        "dynamodb:ConditionCheckItem",
      ],
      resources: [table, $interpolate`${table}/index/*`],
    },
    { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [documents] },
  ];
}

/**
 * The message sender's rights: read and update the table (message records, the requests their
 * resolvers check, follow-up reminders), and send e-mail through SES. Nothing in the bucket.
 */
export function messagesPermissions(storage: Storage): SstPermission[] {
  const table = storage.table.arn;
  return [
    {
      actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem"],
      resources: [table, $interpolate`${table}/index/*`],
    },
    { actions: ["ses:SendEmail"], resources: ["*"] },
  ];
}

const PERMISSIONS: Record<ScheduledFunctionName, (storage: Storage) => SstPermission[]> = {
  documentsSweep: sweepPermissions,
  messagesSweep: messagesPermissions,
  documentsTimestamp: timestampPermissions,
};

/** One EventBridge schedule per scheduled function of the manifest, each with its bundle. */
export function createSchedules({ storage, secrets }: { storage: Storage; secrets: Secrets }) {
  const environment: Record<string, string> = { APP_MODE: "aws" };
  for (const key of FORWARDED_ENV) {
    const value = process.env[key];
    if (value) environment[key] = value;
  }
  const crons = {} as Record<ScheduledFunctionName, unknown>;
  for (const name of SCHEDULED_FUNCTION_NAMES) {
    const spec = SCHEDULED_FUNCTIONS[name];
    const component = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    const bundle = join(bundlesDir(), spec.entry);
    if (!existsSync(join(bundle, "index.mjs"))) {
      throw new Error(`${bundle}/index.mjs is missing: run \`npm run build\` before deploying`);
    }
    crons[name] = new sst.aws.Cron(component, {
      schedule: spec.schedule,
      event: spec.event,
      function: {
        description: spec.description,
        runtime: "nodejs22.x",
        architecture: "arm64",
        ...SCHEDULED_SIZING[name],
        bundle,
        handler: "index.handler",
        // Names and the configuration it validates; the certificate (public) for a signer-less start.
        // The message sender also sends SMS: SMS.ru's api_id.
        link: [
          storage.links.table,
          storage.links.bucket,
          secrets.sessionSecret,
          secrets.signingCertPem,
          ...(name === "messagesSweep" ? [secrets.smsruApiId] : []),
        ],
        permissions: PERMISSIONS[name](storage),
        environment,
        logging: { retention: "1 month" },
      },
    });
  }
  return crons;
}
