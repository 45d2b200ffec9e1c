import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditPk } from "@soglasie/core/audit/chain";
import { configFromEnv } from "@soglasie/core/config";
import { bucketDefinition, GSI, TTL_ATTRIBUTE, tableDefinition } from "@soglasie/core/storage/table";
import {
  BUNDLE_NAMES,
  bundleEntry,
  FUNCTION_NAMES,
  type FunctionName,
  LAMBDA_FUNCTIONS,
  LINK,
  routeKeys,
  SCHEDULED_FUNCTIONS,
  UNSET_SECRET,
} from "@soglasie/functions/lambda/manifest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FORWARDED_ENV, SIZING } from "../../infra/api";
import { SCHEDULED_SIZING } from "../../infra/schedules";
import { applyTransform, installSstStandIn, type StandIn } from "./sst-stand-in";

interface SstConfig {
  app(input?: { stage?: string }): Record<string, unknown>;
  run(): Promise<Record<string, unknown>>;
}

const FUNCTION_COMPONENT: Record<FunctionName, string> = {
  consent: "ConsentFunction",
  council: "CouncilFunction",
  orders: "OrdersFunction",
  authVerify: "AuthVerifyFunction",
};

let bundles: string;
let config: SstConfig;
let standIn: StandIn | undefined;
const savedEnv = { ...process.env };

/** Loads sst.config.ts once (it calls $config at import) and returns its definition. */
async function loadConfig(): Promise<SstConfig> {
  const probe = installSstStandIn("staging");
  try {
    return (await import("../../sst.config")).default as unknown as SstConfig;
  } finally {
    probe.uninstall();
  }
}

/** Evaluates the whole app for a stage against a fresh stand-in. */
async function deploy(stage: string, env: Record<string, string> = {}) {
  standIn = installSstStandIn(stage);
  Object.assign(process.env, env);
  const outputs = await config.run();
  return { s: standIn, outputs };
}

beforeAll(async () => {
  bundles = mkdtempSync(join(tmpdir(), "soglasie-bundles-"));
  for (const name of BUNDLE_NAMES) {
    mkdirSync(join(bundles, bundleEntry(name)), { recursive: true });
    writeFileSync(join(bundles, bundleEntry(name), "index.mjs"), "export const handler = () => {};\n");
  }
  process.env.BUNDLES_DIR = bundles;
  config = await loadConfig();
});

afterEach(() => {
  standIn?.uninstall();
  standIn = undefined;
  for (const key of [...FORWARDED_ENV, "API_DOMAIN", "API_DOMAIN_CERT_ARN"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

afterAll(() => {
  rmSync(bundles, { recursive: true, force: true });
  delete process.env.BUNDLES_DIR;
});

describe("app settings per stage", () => {
  it("production retains and protects its resources; staging is disposable", () => {
    const production = config.app({ stage: "production" });
    expect(production).toMatchObject({ name: "soglasie", home: "aws", removal: "retain", protect: true });
    const staging = config.app({ stage: "staging" });
    expect(staging).toMatchObject({ name: "soglasie", home: "aws", removal: "remove", protect: false });
  });
});

describe("storage", () => {
  it("builds the table from the core's single definition, with point-in-time recovery and TTL", async () => {
    const { s } = await deploy("staging");
    const table = s.one("sst.aws.Dynamo", "Database").args;
    expect(table.primaryIndex).toEqual({ hashKey: "pk", rangeKey: "sk" });
    expect(table.fields).toEqual(
      Object.fromEntries(Object.keys(tableDefinition.attributes).map((a) => [a, "string"])),
    );
    expect(Object.keys(table.globalIndexes).sort()).toEqual(
      Object.values(GSI)
        .map((g) => g.name)
        .sort(),
    );
    for (const g of Object.values(GSI)) {
      expect(table.globalIndexes[g.name]).toEqual({
        hashKey: g.partition,
        rangeKey: g.sort,
        projection: "all",
      });
    }
    expect(table.ttl).toBe(TTL_ATTRIBUTE);
    const tableArgs = applyTransform(table.transform.table, {});
    expect(tableArgs).toEqual({
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: false,
    });
  });

  it("keeps the bucket private, encrypted and versioned, and never expires current objects", async () => {
    const { s } = await deploy("staging");
    const bucket = s.one("sst.aws.Bucket", "DocumentStore").args;
    expect(bucket).toMatchObject({ versioning: true, enforceHttps: true, cors: false });
    expect(bucket.access).toBeUndefined();
    expect(applyTransform(bucket.transform.publicAccessBlock, {})).toEqual({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // Object Lock at creation: permanent documents get a GOVERNANCE retention on put.
    expect(applyTransform(bucket.transform.bucket, {})).toEqual({
      forceDestroy: true,
      objectLockEnabled: true,
    });

    const encryption = s.one(
      "aws.s3.BucketServerSideEncryptionConfiguration",
      "DocumentStoreEncryption",
    ).args;
    expect(encryption.bucket).toBe("{DocumentStore.name}");
    expect(encryption.rules[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "AES256" });

    const lifecycle = s.one("aws.s3.BucketLifecycleConfiguration", "DocumentStoreLifecycle").args;
    expect(lifecycle.bucket).toBe("{DocumentStore.name}");
    const temporaryPrefixes = Object.values(bucketDefinition.temporary).map((t) => t.prefix);
    for (const rule of lifecycle.rules) {
      expect(rule.status).toBe("Enabled");
      expect(rule).not.toHaveProperty("transitions");
      // Only the temporary areas at the bucket root expire; documents and scans never do.
      if (rule.expiration) expect(temporaryPrefixes).toContain(rule.filter.prefix);
    }
    expect(lifecycle.rules.map((r: { id: string }) => r.id)).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-incoming",
      "expire-exports",
    ]);
    expect(lifecycle.rules[0].abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 7 });
    expect(lifecycle.rules[0]).not.toHaveProperty("expiration");
    // No rule deletes a signed document: nothing that expires (current or non-current versions)
    // matches `<orgId>/documents/`, only the temporary areas at the bucket root.
    for (const rule of lifecycle.rules) {
      if (rule.expiration || rule.noncurrentVersionExpiration)
        expect(temporaryPrefixes).toContain(rule.filter.prefix);
    }
    expect(lifecycle.rules.slice(1)).toEqual(
      ["incoming/", "exports/"].map((prefix) => ({
        id: `expire-${prefix.slice(0, -1)}`,
        status: "Enabled",
        filter: { prefix },
        expiration: { days: 1 },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      })),
    );
    // Document keys start with the org id: an org named like a temporary area is refused.
    expect(() => configFromEnv({ APP_MODE: "local", ORG_ID: "incoming" })).toThrow(/ORG_ID/);
  });

  it("in production the table cannot be deleted and the bucket is never emptied on removal", async () => {
    const { s } = await deploy("production");
    const table = s.one("sst.aws.Dynamo", "Database").args;
    expect(applyTransform(table.transform.table, {})).toMatchObject({ deletionProtectionEnabled: true });
    const bucket = s.one("sst.aws.Bucket", "DocumentStore").args;
    expect(applyTransform(bucket.transform.bucket, {})).toEqual({
      forceDestroy: false,
      objectLockEnabled: true,
    });
  });

  it("links the stores by name only, under the names the runtime reads", async () => {
    const { s } = await deploy("staging");
    expect(s.one("sst.Linkable", LINK.table).args).toEqual({ properties: { name: "{Database.name}" } });
    expect(s.one("sst.Linkable", LINK.bucket).args).toEqual({ properties: { name: "{DocumentStore.name}" } });
  });
});

describe("secrets", () => {
  it("declares the signing certificate, the session secret and SMS.ru's two, but no private key (it is in KMS)", async () => {
    const { s } = await deploy("staging");
    expect(
      s
        .ofType("sst.Secret")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["SessionSecret", "SigningCertPem", "SmsruApiId", "SmsruCallbackSecret"]);
    // SMS.ru's are optional: a placeholder the runtime reads as «not set» lets a stage deploy without them.
    expect(s.one("sst.Secret", "SmsruApiId").args).toEqual({ placeholder: UNSET_SECRET });
    expect(s.one("sst.Secret", "SessionSecret").args).toEqual({ placeholder: undefined });
    // A credential is never forwarded from the deploying shell as a plain environment variable.
    expect(FORWARDED_ENV).not.toContain("SMSRU_API_ID");
  });

  it("creates the seal's key in KMS: asymmetric SIGN_VERIFY RSA 2048, with an alias and a 30-day deletion window", async () => {
    const { s, outputs } = await deploy("staging");
    expect(s.one("aws.kms.Key", "DocumentSigningKey").args).toMatchObject({
      keyUsage: "SIGN_VERIFY",
      customerMasterKeySpec: "RSA_2048",
      deletionWindowInDays: 30,
      enableKeyRotation: false,
    });
    expect(s.one("aws.kms.Alias", "DocumentSigningKeyAlias").args).toEqual({
      name: "alias/soglasie-staging-document-seal",
      targetKeyId: "{DocumentSigningKey.keyId}",
    });
    expect(outputs.signingKey).toBe("{DocumentSigningKey.arn}");
  });
});

describe("functions", () => {
  const linkNames = (links: Array<{ name: string }>) => links.map((l) => l.name).sort();

  it("declares one function per workflow: Node 22 on arm64, the built bundle, sized as measured", async () => {
    const { s } = await deploy("staging");
    const functions = s.ofType("sst.aws.Function");
    expect(functions.map((f) => f.name).sort()).toEqual(Object.values(FUNCTION_COMPONENT).sort());
    for (const name of FUNCTION_NAMES) {
      const fn = s.one("sst.aws.Function", FUNCTION_COMPONENT[name]).args;
      expect(fn).toMatchObject({
        runtime: "nodejs22.x",
        architecture: "arm64",
        handler: "index.handler",
        bundle: join(bundles, LAMBDA_FUNCTIONS[name].entry),
        memory: SIZING[name].memory,
        timeout: SIZING[name].timeout,
      });
      expect(Number.parseInt(fn.timeout, 10)).toBeLessThan(30);
      expect(fn.url).toBeUndefined();
    }
  });

  it("links each function to exactly what it reads; no function gets a private key, only the signing ones may use KMS", async () => {
    const { s } = await deploy("staging");
    for (const name of FUNCTION_NAMES) {
      const fn = s.one("sst.aws.Function", FUNCTION_COMPONENT[name]).args;
      const smsru = name === "consent" ? [LINK.smsruApiId, LINK.smsruCallbackSecret] : [];
      expect(linkNames(fn.link)).toEqual(
        [LINK.bucket, LINK.sessionSecret, LINK.signingCert, LINK.table, ...smsru].sort(),
      );
      expect(linkNames(fn.link)).not.toContain(LINK.signingKey);
      const kms = (fn.permissions as Array<{ actions: string[]; resources: string[] }>).filter((p) =>
        p.actions.some((a) => a.startsWith("kms:")),
      );
      if (LAMBDA_FUNCTIONS[name].signs) {
        expect(kms).toEqual([
          { actions: ["kms:Sign", "kms:GetPublicKey"], resources: ["{DocumentSigningKey.arn}"] },
        ]);
        expect(fn.environment.SIGNING_KMS_KEY_ID).toBe("{DocumentSigningKey.arn}");
      } else {
        expect(kms).toEqual([]);
        expect(fn.environment).not.toHaveProperty("SIGNING_KMS_KEY_ID");
      }
    }
    expect(LAMBDA_FUNCTIONS.authVerify.signs).toBe(false);
  });

  it("grants least privilege: item actions on the table, S3 by object kind, no deletes of documents", async () => {
    const { s } = await deploy("staging");
    for (const name of FUNCTION_NAMES) {
      const statements = s.one("sst.aws.Function", FUNCTION_COMPONENT[name]).args.permissions as Array<{
        effect?: string;
        actions: string[];
        resources: string[];
        conditions?: unknown[];
      }>;
      const allowed = statements.filter((p) => p.effect !== "deny");
      const actions = allowed.flatMap((p) => p.actions);
      const resources = allowed.flatMap((p) => p.resources);
      expect(actions.some((a) => a.includes("*"))).toBe(false);
      expect(resources).not.toContain("*");
      expect(actions).not.toContain("dynamodb:Scan");
      expect(actions).not.toContain("dynamodb:DeleteTable");
      // S3 deletes: council's browser uploads in incoming/, once checked; consent's PDF of its own
      // failed write (a delete marker in the versioned bucket). Never object versions.
      const deletes = allowed.filter((p) => p.actions.some((a) => a.startsWith("s3:Delete")));
      const deleteActions = deletes.flatMap((p) => p.actions.filter((a) => a.startsWith("s3:Delete")));
      if (name === "council") {
        expect(deleteActions).toEqual(["s3:DeleteObject"]);
        expect(deletes.flatMap((p) => p.resources)).toEqual(["{DocumentStore.arn}/incoming/*"]);
      } else if (name === "consent") {
        expect(deletes).toEqual([
          {
            actions: ["s3:DeleteObject"],
            resources: [`{DocumentStore.arn}/*/${bucketDefinition.prefixes.documents}*`],
          },
        ]);
      } else expect(deletes).toEqual([]);
      expect(deleteActions).not.toContain("s3:DeleteObjectVersion");
      for (const r of resources) expect(r).toMatch(/^\{(Database|DocumentStore|DocumentSigningKey)\.arn\}/);
      expect(actions).not.toContain("s3:BypassGovernanceRetention");

      const s3Allowed = (action: string) =>
        allowed.filter((p) => p.actions.includes(action)).flatMap((p) => p.resources);
      const documents = `{DocumentStore.arn}/*/${bucketDefinition.prefixes.documents}*`;
      const uploads = `{DocumentStore.arn}/*/${bucketDefinition.prefixes.uploads}*`;
      expect(s3Allowed("s3:GetObject")).toContain(documents);
      expect(s3Allowed("s3:PutObject").includes(documents)).toBe(
        LAMBDA_FUNCTIONS[name].objects.documents === "write",
      );
      expect(s3Allowed("s3:PutObject").includes(uploads)).toBe(
        LAMBDA_FUNCTIONS[name].objects.uploads === "write",
      );
      expect(s3Allowed("s3:ListBucket")).toEqual(["{DocumentStore.arn}"]);
      expect(s3Allowed("dynamodb:TransactWriteItems")).toEqual([]);
      expect(s3Allowed("dynamodb:PutItem")).toEqual(["{Database.arn}", "{Database.arn}/index/*"]);

      const deny = statements.filter((p) => p.effect === "deny");
      expect(deny).toEqual([
        {
          effect: "deny",
          actions: ["dynamodb:DeleteItem"],
          resources: ["{Database.arn}"],
          conditions: [
            { test: "ForAnyValue:StringLike", variable: "dynamodb:LeadingKeys", values: [auditPk("*")] },
          ],
        },
      ]);
    }
    const council = s.one("sst.aws.Function", FUNCTION_COMPONENT.council).args.permissions;
    expect(JSON.stringify(council)).toContain("/uploads/*");
    // Presigned POST uploads act with the council function's rights on incoming/ only.
    expect(council).toContainEqual({
      actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
      resources: ["{DocumentStore.arn}/incoming/*"],
    });
    // Large ZIPs: the consent and orders functions store them under exports/ for a presigned link.
    for (const name of FUNCTION_NAMES) {
      const permissions = s.one("sst.aws.Function", FUNCTION_COMPONENT[name]).args.permissions;
      const exportsGrant = {
        actions: ["s3:PutObject", "s3:GetObject"],
        resources: ["{DocumentStore.arn}/exports/*"],
      };
      if (name === "consent" || name === "orders") expect(permissions).toContainEqual(exportsGrant);
      else expect(JSON.stringify(permissions)).not.toContain("/exports/");
    }
    const authVerify = s.one("sst.aws.Function", FUNCTION_COMPONENT.authVerify).args.permissions;
    expect(JSON.stringify(authVerify)).not.toContain("s3:PutObject");
    expect(JSON.stringify(authVerify)).not.toContain("/uploads/");
  });

  it("passes the public URL and forwards organisation settings from the deploying shell", async () => {
    const { s, outputs } = await deploy("staging", {
      ORG_SHORT_NAME: "ГПОУ «ЧПТК»",
      TIME_ZONE: "Asia/Chita",
    });
    for (const name of FUNCTION_NAMES) {
      const env = s.one("sst.aws.Function", FUNCTION_COMPONENT[name]).args.environment;
      expect(env).toEqual({
        APP_MODE: "aws",
        PUBLIC_BASE_URL: "{Api.url}",
        ORG_SHORT_NAME: "ГПОУ «ЧПТК»",
        TIME_ZONE: "Asia/Chita",
        ...(LAMBDA_FUNCTIONS[name].signs ? { SIGNING_KMS_KEY_ID: "{DocumentSigningKey.arn}" } : {}),
      });
    }
    expect(outputs).toEqual({
      url: "{Api.url}",
      table: "{Database.name}",
      signingKey: "{DocumentSigningKey.arn}",
      bucket: "{DocumentStore.name}",
    });
  });

  it("uses the custom domain for links when one is configured", async () => {
    const { s, outputs } = await deploy("production", {
      API_DOMAIN: "soglasie.example.ru",
      API_DOMAIN_CERT_ARN: "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
    });
    expect(s.one("sst.aws.ApiGatewayV2", "Api").args.domain).toEqual({
      name: "soglasie.example.ru",
      cert: "arn:aws:acm:eu-central-1:123456789012:certificate/abc",
      dns: false,
    });
    expect(s.one("sst.aws.Function", FUNCTION_COMPONENT.consent).args.environment.PUBLIC_BASE_URL).toBe(
      "https://soglasie.example.ru",
    );
    expect(outputs.url).toBe("https://soglasie.example.ru");
  });

  it("refuses to deploy when the bundles were not built", async () => {
    const saved = process.env.BUNDLES_DIR;
    process.env.BUNDLES_DIR = join(bundles, "missing");
    try {
      await expect(deploy("staging")).rejects.toThrow(/npm run build/);
    } finally {
      process.env.BUNDLES_DIR = saved;
    }
  });
});

describe("scheduled functions", () => {
  it("the orphan sweep runs hourly from its built bundle and may delete only documents/ objects", async () => {
    const { s } = await deploy("staging");
    const cron = s.one("sst.aws.Cron", "DocumentsSweep").args;
    expect(cron.schedule).toBe(SCHEDULED_FUNCTIONS.documentsSweep.schedule);
    expect(cron.schedule).toBe("rate(1 hour)");
    expect(cron.event).toEqual({ graceSeconds: "3600" });
    const fn = cron.function;
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      architecture: "arm64",
      handler: "index.handler",
      bundle: join(bundles, SCHEDULED_FUNCTIONS.documentsSweep.entry),
      ...SCHEDULED_SIZING.documentsSweep,
    });
    expect(fn.environment).toEqual({ APP_MODE: "aws" });
    // No signing key: the sweep signs nothing.
    expect(fn.link.map((l: { name: string }) => l.name).sort()).toEqual(
      [LINK.bucket, LINK.sessionSecret, LINK.signingCert, LINK.table].sort(),
    );
    const documents = `{DocumentStore.arn}/*/${bucketDefinition.prefixes.documents}*`;
    expect(fn.permissions).toEqual([
      {
        actions: ["dynamodb:GetItem", "dynamodb:Query"],
        resources: ["{Database.arn}", "{Database.arn}/index/*"],
      },
      {
        actions: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning"],
        resources: ["{DocumentStore.arn}"],
      },
      { actions: ["s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], resources: [documents] },
      { actions: ["s3:BypassGovernanceRetention"], resources: [documents] },
    ]);
    // Not behind the API.
    expect(s.routes.some((r) => String(r.handler).includes("Sweep"))).toBe(false);
  });

  it("the timestamp job runs hourly without the signing key and may only update records and documents/", async () => {
    const { s } = await deploy("staging");
    const cron = s.one("sst.aws.Cron", "DocumentsTimestamp").args;
    expect(cron.schedule).toBe("rate(1 hour)");
    expect(cron.event).toEqual({ renew: "true" });
    const fn = cron.function;
    expect(fn).toMatchObject({
      bundle: join(bundles, SCHEDULED_FUNCTIONS.documentsTimestamp.entry),
      ...SCHEDULED_SIZING.documentsTimestamp,
    });
    // A document timestamp comes from the authority: no private key is linked.
    expect(fn.link.map((l: { name: string }) => l.name)).not.toContain(LINK.signingKey);
    const documents = `{DocumentStore.arn}/*/${bucketDefinition.prefixes.documents}*`;
    expect(fn.permissions.at(-1)).toEqual({
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resources: [documents],
    });
    expect(JSON.stringify(fn.permissions)).not.toContain("kms:");
  });

  it("the message sender runs every 5 minutes, may send e-mail and touch only the table", async () => {
    const { s } = await deploy("staging");
    const cron = s.one("sst.aws.Cron", "MessagesSweep").args;
    expect(cron.schedule).toBe("rate(5 minutes)");
    expect(cron.function).toMatchObject({
      bundle: join(bundles, SCHEDULED_FUNCTIONS.messagesSweep.entry),
      ...SCHEDULED_SIZING.messagesSweep,
    });
    const actions = cron.function.permissions.flatMap((p: { actions: string[] }) => p.actions);
    expect(actions).toContain("ses:SendEmail");
    // It sends SMS too: SMS.ru's api_id, and not the callback's secret.
    const links = cron.function.link.map((l: { name: string }) => l.name);
    expect(links).toContain(LINK.smsruApiId);
    expect(links).not.toContain(LINK.smsruCallbackSecret);
    expect(actions.some((a: string) => a.startsWith("s3:"))).toBe(false);
  });
});

describe("HTTP API", () => {
  it("routes every manifest path to its function and everything else to sign-in/verify", async () => {
    const { s } = await deploy("staging");
    const api = s.one("sst.aws.ApiGatewayV2", "Api").args;
    expect(api.cors).toBe(false);
    for (const name of FUNCTION_NAMES) {
      const routed = s.routes
        .filter((r) => r.handler === `{${FUNCTION_COMPONENT[name]}.arn}`)
        .map((r) => r.route);
      expect(routed.sort()).toEqual(routeKeys(name).sort());
    }
    expect(s.routes.find((r) => r.route === "$default")?.handler).toBe("{AuthVerifyFunction.arn}");
    for (const r of s.routes) expect(r.route).toMatch(/^(\$default|ANY \/[a-z./-]+(\/\{proxy\+\})?)$/);
  });

  it("keeps personal links out of the access log", async () => {
    const { s } = await deploy("staging");
    const api = s.one("sst.aws.ApiGatewayV2", "Api").args;
    const stage = applyTransform(api.transform.stage, {
      accessLogSettings: { destinationArn: "{ApiAccessLog.arn}", format: '{"path":"$context.path"}' },
    }) as { accessLogSettings: { destinationArn: string; format: string } };
    expect(stage.accessLogSettings.destinationArn).toBe("{ApiAccessLog.arn}");
    expect(stage.accessLogSettings.format).not.toContain("$context.path");
    expect(JSON.parse(stage.accessLogSettings.format)).toMatchObject({ routeKey: "$context.routeKey" });
  });
});
