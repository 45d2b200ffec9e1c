import { execFile } from "node:child_process";
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppConfig } from "@soglasie/core/config";
import { derToPem } from "@soglasie/core/documents/signing/pem";
import { generateSelfSigned } from "@soglasie/core/documents/signing/self-signed";
import { type FunctionName, functionForPath, LINK } from "@soglasie/functions/lambda/manifest";
import type { APIGatewayProxyResult, LambdaEvent } from "hono/aws-lambda";

/** API Gateway HTTP API payload 2.0 (hono's type; not re-exported by its index). */
export type APIGatewayProxyEventV2 = Extract<LambdaEvent, { routeKey: string; rawPath: string }>;

export type ApiResult = APIGatewayProxyResult & { headers: Record<string, string>; cookies?: string[] };

export interface EventInput {
  method?: string;
  /** Path with an optional query string: "/api/orders?year=2026". */
  path: string;
  headers?: Record<string, string>;
  /** Cookies travel in their own field in v2 events, not in a Cookie header. */
  cookies?: string[];
  body?: string | Uint8Array;
  /**
   * API Gateway HTTP APIs pass binary and form bodies base64-encoded (isBase64Encoded: true);
   * JSON and text arrive as they are. Default: base64 unless the body is a string of JSON or text.
   */
  base64?: boolean;
  host?: string;
}

export const API_HOST = "abc123.execute-api.eu-central-1.amazonaws.com";

/**
 * An API Gateway HTTP API (payload format 2.0) event, as the route table in manifest.ts would
 * produce it: the route key and `proxy` path parameter of the route API Gateway matches.
 */
export function apiEvent(input: EventInput): { fn: FunctionName; event: APIGatewayProxyEventV2 } {
  const method = (input.method ?? "GET").toUpperCase();
  const [rawPath = "/", rawQueryString = ""] = input.path.split("?");
  const { name, routeKey } = functionForPath(rawPath);
  const host = input.host ?? API_HOST;
  const headers: Record<string, string> = {
    accept: "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "user-agent": "Mozilla/5.0 (Linux; Android 14) test",
    host,
    "x-forwarded-for": "198.51.100.7",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    ...Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  let body: string | null = null;
  let isBase64Encoded = false;
  if (input.body !== undefined) {
    const bytes = typeof input.body === "string" ? Buffer.from(input.body, "utf8") : Buffer.from(input.body);
    const textual = typeof input.body === "string" && /json|^text\//.test(headers["content-type"] ?? "");
    isBase64Encoded = input.base64 ?? !textual;
    body = isBase64Encoded ? bytes.toString("base64") : bytes.toString("utf8");
    headers["content-length"] = String(bytes.byteLength);
  }
  const query = new URLSearchParams(rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(",");
  const now = new Date();
  const proxyPrefix = routeKey.endsWith("/{proxy+}") ? routeKey.slice(4, -"/{proxy+}".length) : undefined;
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "198.51.100.7",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    } as APIGatewayProxyEventV2["requestContext"],
  };
  if (input.cookies?.length) event.cookies = input.cookies;
  if (rawQueryString) event.queryStringParameters = queryStringParameters;
  if (proxyPrefix) event.pathParameters = { proxy: rawPath.slice(proxyPrefix.length + 1) };
  return { fn: name, event };
}

/** The response body as bytes (base64-decoded when the adapter marked it binary). */
export function bodyBytes(result: APIGatewayProxyResult): Buffer {
  return Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8");
}

/** A PEM key and certificate pair for the organisation's seal, as `sst secret set` would hold them. */
export function signingPems(org: AppConfig["org"]): { keyPem: string; certPem: string } {
  const { privateKey, certificateDer } = generateSelfSigned({ org });
  return {
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certPem: derToPem(certificateDer, "CERTIFICATE"),
  };
}

export interface LinkValues {
  table: string;
  bucket: string;
  sessionSecret: string;
  certPem: string;
  /** Only the signing functions are linked to the private key. */
  keyPem?: string;
}

/** What SST links to a function, keyed by the names runtime-config.ts reads. */
export function linkedResources(v: LinkValues): Record<string, Record<string, string>> {
  const links: Record<string, Record<string, string>> = {
    [LINK.table]: { name: v.table },
    [LINK.bucket]: { name: v.bucket },
    [LINK.sessionSecret]: { value: v.sessionSecret },
    [LINK.signingCert]: { value: v.certPem },
  };
  if (v.keyPem) links[LINK.signingKey] = { value: v.keyPem };
  return links;
}

/** Links as SST passes them through the environment (SST_RESOURCE_<Name>=JSON). */
export function resourceEnv(v: LinkValues): Record<string, string> {
  const env: Record<string, string> = {
    SST_RESOURCE_App: JSON.stringify({ name: "soglasie", stage: "test" }),
  };
  for (const [name, value] of Object.entries(linkedResources(v)))
    env[`SST_RESOURCE_${name}`] = JSON.stringify(value);
  return env;
}

/**
 * Links as SST 4 deploys them: encrypted into `resource.enc` beside the code (AES-256-GCM, zero
 * nonce, tag appended), the key in SST_KEY. Returns the environment the function then gets.
 */
export function writeResourceFile(dir: string, v: LinkValues): Record<string, string> {
  const key = randomBytes(32);
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  const plain = Buffer.from(JSON.stringify(linkedResources(v)));
  writeFileSync(
    join(dir, "resource.enc"),
    Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
  );
  return {
    SST_RESOURCE_App: JSON.stringify({ name: "soglasie", stage: "test" }),
    SST_KEY: key.toString("base64"),
    SST_KEY_FILE: "resource.enc",
  };
}

/** Environment of a Lambda container pointed at the run's local stores. */
export function lambdaEnv(
  stores: { dynamodbEndpoint: string; s3Endpoint: string },
  fn: string,
): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: `soglasie-test-${fn}`,
    AWS_REGION: "eu-central-1",
    // The local S3 server checks signatures with its fixed key pair; DynamoDB Local accepts any.
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DYNAMODB_ENDPOINT: stores.dynamodbEndpoint,
    S3_ENDPOINT: stores.s3Endpoint,
    PUBLIC_BASE_URL: `https://${API_HOST}`,
  };
}

const run = promisify(execFile);
export const INVOKE_SCRIPT = fileURLToPath(new URL("../../scripts/lambda-invoke.mjs", import.meta.url));

export interface BundleRun {
  results: ApiResult[];
  timings: { loadMs: number; requestMs: number[]; coldMs: number };
}

/** Runs events through a built bundle in a fresh Node process with exactly `env` (plus PATH). */
export async function invokeBundle(
  dir: string,
  events: unknown[],
  env: Record<string, string>,
): Promise<BundleRun> {
  const eventsFile = join(dir, `events-${randomUUID()}.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  const { stdout } = await run(process.execPath, [INVOKE_SCRIPT, dir, eventsFile], {
    env: { PATH: process.env.PATH ?? "", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as BundleRun;
}
