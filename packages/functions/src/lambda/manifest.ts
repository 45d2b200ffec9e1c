/**
 * The Lambda functions of the service as plain data: which paths API Gateway sends to each one and
 * what each one may touch. infra/ (SST), scripts/build.ts and the tests read this one table, so the
 * routes, the bundles and the IAM permissions cannot drift apart. No imports: infra loads this file
 * inside the SST config runtime.
 */
export type FunctionName = "consent" | "council" | "orders" | "authVerify";

export interface FunctionSpec {
  /** Entry file in packages/functions/src/lambda (without extension) and the bundle folder name. */
  entry: string;
  description: string;
  /** Path prefixes served by this function; each becomes `ANY /p` and `ANY /p/{proxy+}` in API Gateway. */
  paths: readonly string[];
  /** Serves every request no other route matches (API Gateway `$default`). */
  fallback?: true;
  /**
   * Access to the bucket by object kind; the table is read and written by every function.
   * `incoming`: browser uploads by presigned POST (signed with the function's role), read and
   * deleted once checked; `exports`: large downloads stored for a presigned link.
   */
  objects: {
    documents: "read" | "write";
    uploads?: "read" | "write";
    incoming?: "write";
    exports?: "write";
  };
  /** Renders and signs documents: needs the private signing key. */
  signs: boolean;
  /**
   * Removes the PDF of its own write that failed (a lost race between parents' submissions):
   * s3:DeleteObject on documents/, which in the versioned bucket only adds a delete marker; the
   * orphan sweep below removes the versions for good.
   */
  removesFailedWrites?: true;
}

export const LAMBDA_FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  consent: {
    entry: "consent",
    description: "Parent consent forms, roster and links, the rules of the simple electronic signature",
    paths: [
      "/c",
      "/pep-rules.pdf",
      "/pep-rules",
      "/api/pep-rules",
      "/api/consent",
      "/api/roster",
      "/api/groups",
      "/api/documents",
      "/staff/consents",
      "/staff/roster",
      "/api/students",
      "/staff/students",
      "/staff/groups",
      "/staff/campaign",
      "/api/campaign",
      "/unsubscribe",
      "/hooks",
    ],
    objects: { documents: "write", exports: "write" },
    signs: true,
    removesFailedWrites: true,
  },
  council: {
    entry: "council",
    description: "Regulation versions and pedagogical council meetings",
    paths: ["/api/council", "/staff/council", "/api/regulations", "/staff/regulations", "/regulation.pdf"],
    objects: { documents: "write", uploads: "write", incoming: "write" },
    signs: true,
  },
  orders: {
    entry: "orders",
    description: "Director's orders",
    paths: ["/api/orders", "/staff/orders"],
    objects: { documents: "write", exports: "write" },
    signs: true,
  },
  authVerify: {
    entry: "auth-verify",
    description: "Staff sign-in, staff home, health and public document verification",
    paths: [],
    fallback: true,
    objects: { documents: "read" },
    signs: false,
  },
};

export const FUNCTION_NAMES = Object.keys(LAMBDA_FUNCTIONS) as FunctionName[];

export type ScheduledFunctionName = "documentsSweep" | "messagesSweep" | "documentsTimestamp";

/** A function run on a schedule (EventBridge on AWS; a timer in `npm start`), not behind the API. */
export interface ScheduledFunctionSpec {
  /** Entry file in packages/functions/src/lambda (without extension) and the bundle folder name. */
  entry: string;
  description: string;
  /** EventBridge schedule expression. */
  schedule: string;
  /** The event each run gets (JSON values as strings, as SST's Cron passes them). */
  event: Record<string, string>;
}

export const SCHEDULED_FUNCTIONS: Record<ScheduledFunctionName, ScheduledFunctionSpec> = {
  documentsSweep: {
    entry: "documents-sweep",
    description: "Deletes signed PDFs no record refers to, an hour after they were written",
    schedule: "rate(1 hour)",
    event: { graceSeconds: "3600" },
  },
  messagesSweep: {
    entry: "messages-sweep",
    description: "Sends due invitations, reminders and codes from the outbox (e-mail, SMS)",
    schedule: "rate(5 minutes)",
    event: {},
  },
  documentsTimestamp: {
    entry: "documents-timestamp",
    description:
      "Brings signed PDFs to PAdES B-LTA (document timestamps, DSS) and re-timestamps them before the TSA certificate expires",
    schedule: "rate(1 hour)",
    event: { renew: "true" },
  },
};

export const SCHEDULED_FUNCTION_NAMES = Object.keys(SCHEDULED_FUNCTIONS) as ScheduledFunctionName[];

/** Every bundle `npm run build` writes: the API's functions and the scheduled ones. */
export type BundleName = FunctionName | ScheduledFunctionName;
export const BUNDLE_NAMES: BundleName[] = [...FUNCTION_NAMES, ...SCHEDULED_FUNCTION_NAMES];
export const bundleEntry = (name: BundleName): string =>
  name in LAMBDA_FUNCTIONS
    ? LAMBDA_FUNCTIONS[name as FunctionName].entry
    : SCHEDULED_FUNCTIONS[name as ScheduledFunctionName].entry;

/**
 * Names under which SST links resources to the functions (`Resource.<name>`); the local runtime
 * passes the same values through the environment (TABLE_NAME, BUCKET_NAME, SESSION_SECRET...).
 */
export const LINK = {
  table: "Table",
  bucket: "Bucket",
  sessionSecret: "SessionSecret",
  signingKey: "SigningKeyPem",
  signingCert: "SigningCertPem",
  smsruApiId: "SmsruApiId",
  smsruCallbackSecret: "SmsruCallbackSecret",
} as const;

/**
 * The placeholder of an optional secret nobody set (SMS.ru's): SST needs a value to deploy, and the
 * runtime reads this one as «not set», so SMS stay off until `sst secret set` gives the real one.
 */
export const UNSET_SECRET = "unset";

/** API Gateway route keys of one function. */
export function routeKeys(name: FunctionName): string[] {
  const spec = LAMBDA_FUNCTIONS[name];
  const keys = spec.paths.flatMap((p) => [`ANY ${p}`, `ANY ${p}/{proxy+}`]);
  return spec.fallback ? [...keys, "$default"] : keys;
}

/**
 * The function API Gateway invokes for a path, with its rules for these routes: an exact `ANY /p`
 * or a greedy `ANY /p/{proxy+}` (the longest prefix wins), else `$default`. Returns the route key too,
 * which is what the event's `routeKey` carries.
 */
export function functionForPath(path: string): { name: FunctionName; routeKey: string } {
  let best: { name: FunctionName; routeKey: string; length: number } | undefined;
  for (const name of FUNCTION_NAMES) {
    for (const prefix of LAMBDA_FUNCTIONS[name].paths) {
      const exact = path === prefix;
      const greedy = path.startsWith(`${prefix}/`) && path.length > prefix.length + 1;
      if (!(exact || greedy) || (best && best.length >= prefix.length)) continue;
      best = { name, routeKey: exact ? `ANY ${prefix}` : `ANY ${prefix}/{proxy+}`, length: prefix.length };
    }
  }
  if (best) return { name: best.name, routeKey: best.routeKey };
  const fallback = FUNCTION_NAMES.find((n) => LAMBDA_FUNCTIONS[n].fallback);
  if (!fallback) throw new Error("No function serves the $default route");
  return { name: fallback, routeKey: "$default" };
}
