import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@soglasie/core/config";
import { createServices, type Services } from "@soglasie/core/services";
import type { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { createBaseApp } from "../base-app.js";
import type { AppEnv } from "../http/env.js";
import { runtimeConfig } from "../runtime-config.js";
import { certificateOnlySigner } from "./certificate-signer.js";

/** Adds one workflow's routes to the common app (some apps are built from the services). */
export type Mount = (app: Hono<AppEnv>, services: Services) => void;
export type LambdaHandler = ReturnType<typeof handle>;

export interface LambdaFunction {
  /** The Lambda entry point (`index.handler` in the bundle). */
  handler: LambdaHandler;
  /** The same app on given services (tests, the route-coverage check). */
  app(services: Services): Hono<AppEnv>;
}

/**
 * A bundle keeps its fonts and templates in folders beside the code (scripts/build.ts copies them
 * there); point the core at them unless the environment already does. From source this is a no-op
 * and the core finds the installed font package and the repository's templates/.
 */
export function useBundledAssets(moduleUrl: string = import.meta.url): void {
  const dir = dirname(fileURLToPath(moduleUrl));
  if (!process.env.FONTS_DIR && existsSync(join(dir, "fonts"))) process.env.FONTS_DIR = join(dir, "fonts");
  if (!process.env.TEMPLATES_DIR && existsSync(join(dir, "templates")))
    process.env.TEMPLATES_DIR = join(dir, "templates");
}

/** The services of a deployed function, configured by runtime-config.ts. */
export async function servicesFromRuntime(): Promise<Services> {
  useBundledAssets();
  const config = runtimeConfig();
  // A function linked to the certificate but not to the key (sign-in/verify) runs without it.
  const hasKey = Boolean(
    config.signingKmsKeyId || config.signingKeyPem || config.signingKeyPath || config.signingP12Path,
  );
  const signer = !hasKey && config.signingCertPem ? certificateOnlySigner(config.signingCertPem) : undefined;
  return createServices(config, { signer });
}

/**
 * One Lambda function: the common middleware plus the routes of one workflow, exported through
 * hono/aws-lambda. Services (store clients, signer, parsed config) are built once per container, on
 * the first invocation, and reused; a failed start is logged and retried on the next invocation
 * instead of leaving a broken container behind.
 */
export function defineFunction(
  mount: Mount,
  load: () => Promise<Services> = servicesFromRuntime,
): LambdaFunction {
  const app = (services: Services) => {
    const base = createBaseApp(services);
    mount(base, services);
    return base;
  };
  let ready: Promise<LambdaHandler> | undefined;
  const handler = (async (event, context) => {
    ready ??= load()
      .then((services) => handle(app(services)))
      .catch((error: Error) => {
        ready = undefined;
        console.error(
          JSON.stringify({
            level: "error",
            message: error instanceof ConfigError ? error.message : "Function start failed",
            error: error instanceof ConfigError ? undefined : String(error?.stack ?? error),
          }),
        );
        throw error;
      });
    return (await ready)(event, context);
  }) as LambdaHandler;
  return { handler, app };
}
