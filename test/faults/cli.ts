import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppConfig } from "@soglasie/core/config";
import type { DocumentsCheckReport } from "@soglasie/core/documents/records/consistency";

const run = promisify(execFile);
const CLI = fileURLToPath(new URL("../../packages/local/src/cli.ts", import.meta.url));

/** `npm run cli -- documents check ...` against the stores of `config`: exit code and output. */
export function documentsCheck(
  config: AppConfig,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return documentsCli(config, "check", ...args);
}

/** `npm run cli -- documents <sub> ...` against the stores of `config`: exit code and output. */
export async function documentsCli(
  config: AppConfig,
  sub: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    APP_MODE: "local",
    DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
    S3_ENDPOINT: config.s3Endpoint,
    TABLE_NAME: config.tableName,
    BUCKET_NAME: config.bucketName,
    ORG_ID: config.orgId,
  };
  try {
    const out = await run(process.execPath, ["--import", "tsx", CLI, "documents", sub, ...args], { env });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

export async function documentsCheckJson(
  config: AppConfig,
): Promise<DocumentsCheckReport & { code: number }> {
  const out = await documentsCheck(config, "--json");
  return { ...(JSON.parse(out.stdout) as DocumentsCheckReport), code: out.code };
}
