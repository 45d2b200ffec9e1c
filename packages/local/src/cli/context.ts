import { join } from "node:path";
import type { Actor } from "@soglasie/core/audit/types";
import { configFromEnv } from "@soglasie/core/config";
import { createServices, type Services } from "@soglasie/core/services";
import { DATA_DIR } from "../paths.js";
import { readRuntime } from "../runtime-file.js";

/** The CLI acts as this system actor in the audit log, with the operator's OS user for traceability. */
export const CLI_ACTOR: Actor = { type: "system", id: `cli:${process.env.USER ?? "operator"}` };

/**
 * Services for CLI commands: the stores of a running `npm start` (found through .data/runtime.json),
 * or whatever DYNAMODB_ENDPOINT / S3_ENDPOINT / AWS settings the environment gives.
 */
export async function cliServices(): Promise<Services> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    APP_MODE: process.env.APP_MODE ?? "local",
  };
  if (env.APP_MODE === "local" && !env.DYNAMODB_ENDPOINT) {
    const runtime = readRuntime();
    if (!runtime) {
      throw new CliError(
        "Локальный сервис не запущен. Запустите `npm start` в другом терминале или задайте DYNAMODB_ENDPOINT и S3_ENDPOINT.",
      );
    }
    env.DYNAMODB_ENDPOINT = runtime.dynamodbEndpoint;
    env.S3_ENDPOINT ??= runtime.s3Endpoint;
    if (runtime.sesEndpoint) env.SES_ENDPOINT ??= runtime.sesEndpoint;
    env.PUBLIC_BASE_URL ??= runtime.publicBaseUrl;
    env.TSA_URL ??= runtime.tsaUrl;
  }
  return createServices(configFromEnv(env), { signingDir: join(DATA_DIR, "signing") });
}

/** An error the CLI prints without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
}

export type Command = {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
};
