import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "@soglasie/core/config";
import { importRosterCsv } from "@soglasie/core/roster/import";
import { createServices, type Services } from "@soglasie/core/services";
import type { StoreClients } from "@soglasie/core/storage/clients";
import { createApp } from "@soglasie/functions/app";
import type { Hono } from "hono";
import { collegeLinks, collegeRoster, rosterCsvOf, type StudentLink } from "../support/college.js";
import type { Send } from "../support/consent-client.js";
import { createTestStores, type TestStores } from "../support/stores.js";

export const SYSTEM = { type: "system", id: "fault-test" } as const;

export interface FaultStack {
  stores: TestStores;
  services: Services;
  app: Hono<any>;
  send: Send;
  links: StudentLink[];
  signingDir: string;
}

/** The full app on the real local stores (own table and bucket) with a small college imported. */
export async function faultStack(
  students = 20,
  opts: { overrides?: Partial<AppConfig>; clients?: StoreClients } = {},
): Promise<FaultStack> {
  const stores = await createTestStores(opts.overrides);
  const signingDir = join(mkdtempSync(join(tmpdir(), "soglasie-faults-")), "signing");
  const services = await createServices(stores.config, {
    clients: opts.clients ?? stores.clients,
    signingDir,
  });
  await importRosterCsv(
    services,
    new TextEncoder().encode(rosterCsvOf(collegeRoster(students, 10))),
    SYSTEM,
    { createGroups: true },
  );
  const app = createApp(services);
  return {
    stores,
    services,
    app,
    send: (path, init) => Promise.resolve(app.request(path, init)),
    links: await collegeLinks(services),
    signingDir,
  };
}

type Stack = { middlewareStack: { add: (mw: any, opts: any) => void; remove: (name: string) => boolean } };

export interface SdkFault {
  /** How many calls the fault has hit so far. */
  readonly hits: number;
  remove(): void;
}

let faults = 0;

/**
 * Makes `command` calls of an SDK client fail, as a real store would when it is down or throttling.
 * A middleware is the only way to inject such faults into the real stores on demand.
 *   step "deserialize": inside the SDK's retry loop (each attempt fails; the SDK retries);
 *   step "initialize":  outside it (the call fails at once, no SDK retry).
 *   after: the call really goes through, then its answer is replaced by the error (a commit whose
 *          response was lost).
 * `times` bounds how many calls fail (default: all, until remove()).
 */
export function sdkFault(
  client: unknown,
  opts: {
    command: string;
    error: () => Error;
    step?: "deserialize" | "initialize";
    after?: boolean;
    times?: number;
    match?: (input: Record<string, unknown>) => boolean;
  },
): SdkFault {
  const name = `soglasieFault${++faults}`;
  let hits = 0;
  const stack = client as Stack;
  stack.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const applies =
          context.commandName === opts.command &&
          (opts.times === undefined || hits < opts.times) &&
          (opts.match?.(args.input) ?? true);
        if (!applies) return next(args);
        hits++;
        if (opts.after) {
          await next(args);
        }
        throw opts.error();
      },
    { step: opts.step ?? "deserialize", name, priority: "low" },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => {
      stack.middlewareStack.remove(name);
    },
  };
}

/** Errors shaped like the ones the SDK raises for the stores' real failures. */
export const storeErrors = {
  s3Unavailable: () =>
    Object.assign(new Error("Service Unavailable (injected)"), {
      name: "ServiceUnavailable",
      $fault: "server",
      $metadata: { httpStatusCode: 503 },
    }),
  throttling: () =>
    Object.assign(new Error("Rate of requests exceeds the allowed throughput (injected)"), {
      name: "ThrottlingException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
  internal: () =>
    Object.assign(new Error("Internal server error (injected)"), {
      name: "InternalServerError",
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    }),
};

/** Documents PUT to S3 (not protocol uploads). */
export const documentPut = (input: Record<string, unknown>) =>
  String(input.Key ?? "").includes("/documents/");
