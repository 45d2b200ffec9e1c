import { existsSync } from "node:fs";
import { join } from "node:path";
import { bucketDefinition, orgPk, type TemporaryArea } from "../packages/core/src/storage/table";
import {
  FUNCTION_NAMES,
  type FunctionName,
  LAMBDA_FUNCTIONS,
  routeKeys,
} from "../packages/functions/src/lambda/manifest";
import type { Secrets } from "./secrets";
import { KMS_SIGNING_ACTIONS, type SigningKey } from "./signing";
import type { Storage } from "./storage";

/**
 * Memory and timeout per function, from measurements on the build machine (2 cores, Node 20; see
 * docs/deploy.md "Sizing"): a fresh process loads a bundle and answers its first request in
 * 0.2–0.3 s; the first signed PDF of a process takes ~0.3 s, later ones ~30–60 ms. Lambda gives
 * CPU in proportion to memory (1 vCPU at 1769 MB), so the document functions get 1024 MB (~0.6 vCPU:
 * first document ≈ 0.5 s, protocol upload of 20 MB hashed and stored in well under the timeout) and
 * the sign-in/verify function 512 MB (no rendering; PDF verification is one hash and one RSA check).
 * Timeouts stay under API Gateway's 30 s integration limit so a slow request ends with the
 * function's own error, not a gateway 503.
 */
export const SIZING: Record<FunctionName, { memory: `${number} MB`; timeout: `${number} seconds` }> = {
  consent: { memory: "1024 MB", timeout: "20 seconds" },
  council: { memory: "1024 MB", timeout: "28 seconds" },
  orders: { memory: "1024 MB", timeout: "28 seconds" },
  authVerify: { memory: "512 MB", timeout: "10 seconds" },
};

/** Settings forwarded from the deploying shell to every function when set (see core/config.ts). */
export const FORWARDED_ENV = [
  "ORG_ID",
  "ORG_FULL_NAME",
  "ORG_SHORT_NAME",
  "ORG_CITY",
  "ORG_DIRECTOR_NAME",
  "ORG_DIRECTOR_POSITION",
  "ORG_ADDRESS",
  "ORG_INN",
  "ORG_OGRN",
  "PD_PROCESSOR_NAME",
  "PD_PROCESSOR_ADDRESS",
  "PD_CONSENT_PERIOD",
  "PD_EXTRA_FIELDS",
  "LINK_TTL_DAYS",
  "CONFIRMATION_CODES",
  "ORDER_NUMBER_FORMAT",
  "TIME_ZONE",
  "TSA_URL",
  "TSA_TIMEOUT_MS",
  // Messages (docs/messages.md). SMSRU_API_ID and SMSRU_CALLBACK_SECRET are SST secrets (infra/secrets.ts).
  "SES_ENDPOINT",
  "SES_REGION",
  "MAIL_FROM",
  "MESSAGE_SENDER_NAME",
  "SMSRU_ENDPOINT",
  "SMS_FROM",
  "EMAIL_RATE_PER_SECOND",
  "SMS_RATE_PER_SECOND",
  "MESSAGE_RETENTION_DAYS",
  "SES_EVENTS_TOPIC_ARN",
  "QUIET_HOURS_FROM",
  "QUIET_HOURS_TO",
  "REMINDER_FIRST_AFTER_DAYS",
  "REMINDER_EVERY_DAYS",
  "REMINDER_MAX",
] as const;

/** Where `npm run build` writes the bundles SST deploys as they are (BUNDLES_DIR overrides). */
export const bundlesDir = () => process.env.BUNDLES_DIR ?? join("dist", "functions");

const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
];

/**
 * Least privilege, per function: the table's item actions (no Scan, no table management), S3
 * access by object kind under `<orgId>/<kind>/`, and s3:DeleteObject only on `incoming/` (browser
 * uploads waiting to be checked) and, for the consent function, on documents/ for the PDF of its
 * own failed write (a delete marker in the versioned bucket): no API function may delete object
 * versions (only the orphan sweep may, infra/schedules.ts). The audit chain's partition cannot lose items.
 */
export function permissionsFor(name: FunctionName, storage: Storage, signing: SigningKey): SstPermission[] {
  const spec = LAMBDA_FUNCTIONS[name];
  const table = storage.table.arn;
  const bucket = storage.bucket.arn;
  const objectsOf = (kind: keyof typeof bucketDefinition.prefixes) =>
    $interpolate`${bucket}/*/${bucketDefinition.prefixes[kind]}*`;

  const statements: SstPermission[] = [
    { actions: TABLE_ACTIONS, resources: [table, $interpolate`${table}/index/*`] },
    {
      effect: "deny",
      actions: ["dynamodb:DeleteItem"],
      resources: [table],
      conditions: [
        { test: "ForAnyValue:StringLike", variable: "dynamodb:LeadingKeys", values: [orgPk("*", "AUDIT")] },
      ],
    },
    // ListBucket makes a missing object a 404 (not a 403) for HeadObject, and answers HeadBucket.
    { actions: ["s3:ListBucket"], resources: [bucket] },
    { actions: ["s3:GetObject"], resources: [objectsOf("documents")] },
  ];
  if (spec.objects.documents === "write") {
    statements.push({ actions: ["s3:PutObject"], resources: [objectsOf("documents")] });
  }
  if (spec.removesFailedWrites) {
    // The PDF of its own failed write (a lost race): in the versioned bucket only a delete marker;
    // never s3:DeleteObjectVersion, so nothing the function deletes is lost for good (the orphan
    // sweep, infra/schedules.ts, purges the versions of PDFs no record refers to).
    statements.push({ actions: ["s3:DeleteObject"], resources: [objectsOf("documents")] });
  }
  if (spec.objects.uploads) {
    statements.push({
      actions: spec.objects.uploads === "write" ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
      resources: [objectsOf("uploads")],
    });
  }
  const temporary = (area: TemporaryArea) =>
    $interpolate`${bucket}/${bucketDefinition.temporary[area].prefix}*`;
  if (spec.objects.incoming) {
    // A presigned POST acts with the signer's rights: PutObject here is what lets the browser
    // upload; the function then reads the object and deletes it (refused, or copied to uploads/).
    statements.push({
      actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
      resources: [temporary("incoming")],
    });
  }
  if (spec.objects.exports) {
    // Large ZIPs stored for a presigned download link; the lifecycle deletes them.
    statements.push({ actions: ["s3:PutObject", "s3:GetObject"], resources: [temporary("exports")] });
  }
  if (spec.signs) {
    // The seal: a signature from KMS and the public key checked against the certificate at start;
    // on this one key, and for the signing functions only. No kms:Decrypt, no other key.
    statements.push({ actions: KMS_SIGNING_ACTIONS, resources: [signing.key.arn] });
  }
  if (spec.fallback) {
    // GET /health describes the table.
    statements.push({ actions: ["dynamodb:DescribeTable"], resources: [table] });
  }
  return statements;
}

/** The resources a function reads through `Resource`: names of the stores and its secrets only. */
export function linksFor(name: FunctionName, storage: Storage, secrets: Secrets): unknown[] {
  // The certificate is public (it is in every signed PDF); the key is in KMS, linked to nobody.
  const common = [storage.links.table, storage.links.bucket, secrets.sessionSecret, secrets.signingCertPem];
  // The consent function decides where codes and confirmations go (SMS only when SMS.ru is set up)
  // and serves SMS.ru's status callback; no other API function reads either.
  return name === "consent" ? [...common, secrets.smsruApiId, secrets.smsruCallbackSecret] : common;
}

/** The HTTP API and one function per workflow behind it (routes from the manifest). */
export function createApi({
  storage,
  secrets,
  signing,
}: {
  storage: Storage;
  secrets: Secrets;
  signing: SigningKey;
}) {
  const domain = process.env.API_DOMAIN;
  const certificate = process.env.API_DOMAIN_CERT_ARN;
  const api = new sst.aws.ApiGatewayV2("Api", {
    // Without a certificate ARN SST creates and validates one in the Route 53 zone of the domain.
    domain: domain ? (certificate ? { name: domain, cert: certificate, dns: false } : domain) : undefined,
    // Pages and API are same-origin; no cross-origin callers.
    cors: false,
    accessLog: { retention: "1 month" },
    transform: {
      stage: (args) => {
        // SST's default access log records `$context.path`, which would put parents' personal
        // links (/c/{token}) into CloudWatch. Log the route key instead, never the raw path.
        const settings = args.accessLogSettings as { destinationArn: unknown };
        args.accessLogSettings = {
          destinationArn: settings.destinationArn,
          format: JSON.stringify({
            requestTime: "$context.requestTime",
            requestId: "$context.requestId",
            httpMethod: "$context.httpMethod",
            routeKey: "$context.routeKey",
            status: "$context.status",
            responseLatency: "$context.responseLatency",
            integrationStatus: "$context.integration.status",
            integrationLatency: "$context.integration.latency",
            ip: "$context.identity.sourceIp",
          }),
        };
      },
    },
  });
  const publicUrl = domain ? `https://${domain}` : api.url;

  const environment: Record<string, SstInput<string>> = { APP_MODE: "aws", PUBLIC_BASE_URL: publicUrl };
  for (const key of FORWARDED_ENV) {
    const value = process.env[key];
    if (value) environment[key] = value;
  }

  const functions = {} as Record<FunctionName, sst.aws.Function>;
  for (const name of FUNCTION_NAMES) {
    const spec = LAMBDA_FUNCTIONS[name];
    const bundle = join(bundlesDir(), spec.entry);
    if (!existsSync(join(bundle, "index.mjs"))) {
      throw new Error(`${bundle}/index.mjs is missing: run \`npm run build\` before deploying`);
    }
    const fn = new sst.aws.Function(`${name.charAt(0).toUpperCase()}${name.slice(1)}Function`, {
      description: spec.description,
      runtime: "nodejs22.x",
      architecture: "arm64",
      ...SIZING[name],
      // The bundle `npm run build` produced and the tests loaded, deployed as is.
      bundle,
      handler: "index.handler",
      link: linksFor(name, storage, secrets),
      permissions: permissionsFor(name, storage, signing),
      // Only a signing function learns which KMS key signs (and may use it, permissionsFor).
      environment: spec.signs ? { ...environment, SIGNING_KMS_KEY_ID: signing.key.arn } : environment,
      logging: { retention: "1 month" },
    });
    for (const key of routeKeys(name)) api.route(key, fn.arn);
    functions[name] = fn;
  }
  return { api, url: publicUrl, functions };
}
