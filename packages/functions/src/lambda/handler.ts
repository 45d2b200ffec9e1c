import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@soglasie/core/config";
import type { DocumentType } from "@soglasie/core/documents/types";
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
  /** Builds the services during Lambda's initialisation (the entry's top-level await). */
  initialise(): Promise<void>;
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

/**
 * The services of a deployed function, configured by runtime-config.ts. A function that signs
 * renders and signs one document here (issue 18): during Lambda's initialisation, which
 * `initialise` runs from the entry's top-level await, not inside the first request.
 */
export async function servicesFromRuntime(warmUpWith: DocumentType = "consent"): Promise<Services> {
  useBundledAssets();
  const config = runtimeConfig();
  // A function linked to the certificate but not to the key (sign-in/verify) runs without it.
  const hasKey = Boolean(
    config.signingKmsKeyId || config.signingKeyPem || config.signingKeyPath || config.signingP12Path,
  );
  const signer = !hasKey && config.signingCertPem ? certificateOnlySigner(config.signingCertPem) : undefined;
  return createServices(config, { signer, warmUp: hasKey && config.warmUpDocuments && warmUpWith });
}

/**
 * One Lambda function: the common middleware plus the routes of one workflow, exported through
 * hono/aws-lambda. Services (store clients, signer, parsed config) are built once per container and
 * reused: by `initialise`, which each entry awaits at its top level inside Lambda, so a container
 * started ahead of traffic is ready when the first request comes; else on the first invocation. A
 * failed start is logged and retried on the next invocation instead of leaving a broken container.
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
  const start = () =>
    (ready ??= load()
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
      }));
  const handler = (async (event, context) => (await start())(event, context)) as LambdaHandler;
  const initialise = async () => {
    // Only inside Lambda (and lambda-invoke.mjs, which sets the same variable): tests import the
    // entries for their apps and build their own services.
    if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
    // A failure is already logged; the first invocation tries again.
    await start().catch(() => undefined);
  };
  return { handler, app, initialise };
}
