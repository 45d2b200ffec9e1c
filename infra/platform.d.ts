/**
 * The part of SST's global API that infra/ uses, declared by hand so `tsc` checks infra/ on a
 * machine where `sst install` cannot run (it downloads Pulumi; this repository's CI has no internet,
 * so `.sst/platform/config.d.ts` is never generated here). The shapes follow SST 4.x; the real
 * component types are richer. test/infra/infra.test.ts runs infra/ against a recording stand-in of
 * exactly these globals. Where `sst install` works, sst.config.ts references the generated types.
 */

interface SstOutput<T> {
  apply<U>(fn: (value: T) => U): SstOutput<U>;
}
type SstInput<T> = T | SstOutput<T>;

/** A resource transform: an object merged into the arguments, or a function that edits them. */
type SstTransform<T> = Partial<T> | ((args: T, opts: Record<string, unknown>, name: string) => void);

interface SstAppInput {
  stage?: string;
}

interface SstAppConfig {
  name: string;
  home: "aws";
  removal?: "remove" | "retain" | "retain-all";
  protect?: boolean;
  providers?: Record<string, unknown>;
}

interface SstPermission {
  effect?: "allow" | "deny";
  actions: string[];
  resources: SstInput<string>[];
  conditions?: Array<{ test: string; variable: string; values: string[] }>;
}

declare const $app: { readonly name: string; readonly stage: string };
declare function $config(config: {
  app(input?: SstAppInput): SstAppConfig;
  run(): Promise<Record<string, unknown> | undefined>;
}): unknown;
declare function $interpolate(strings: TemplateStringsArray, ...values: unknown[]): SstOutput<string>;

declare namespace sst {
  class Secret {
    constructor(name: string, placeholder?: string);
    readonly name: string;
    readonly value: SstOutput<string>;
  }

  class Linkable<P extends Record<string, unknown>> {
    constructor(name: string, definition: { properties: P; include?: unknown[] });
    readonly name: string;
    readonly properties: P;
  }

  namespace aws {
    function permission(input: SstPermission): unknown;

    interface DynamoArgs {
      fields: Record<string, "string" | "number" | "binary">;
      primaryIndex: { hashKey: string; rangeKey?: string };
      globalIndexes?: Record<
        string,
        { hashKey: string; rangeKey?: string; projection?: "all" | "keys-only" }
      >;
      ttl?: string;
      transform?: { table?: SstTransform<Record<string, unknown>> };
    }
    class Dynamo {
      constructor(name: string, args: DynamoArgs);
      readonly name: SstOutput<string>;
      readonly arn: SstOutput<string>;
    }

    interface BucketArgs {
      access?: "public" | "cloudfront";
      versioning?: boolean;
      enforceHttps?: boolean;
      cors?: false | Record<string, unknown>;
      transform?: {
        bucket?: SstTransform<Record<string, unknown>>;
        publicAccessBlock?: SstTransform<Record<string, unknown>>;
      };
    }
    class Bucket {
      constructor(name: string, args?: BucketArgs);
      readonly name: SstOutput<string>;
      readonly arn: SstOutput<string>;
    }

    interface FunctionArgs {
      description?: string;
      runtime?: "nodejs22.x";
      architecture?: "x86_64" | "arm64";
      memory?: `${number} MB`;
      timeout?: `${number} seconds`;
      bundle?: string;
      handler: string;
      link?: unknown[];
      permissions?: SstPermission[];
      environment?: Record<string, SstInput<string>>;
      logging?: { retention?: string };
      url?: boolean;
    }
    // biome-ignore lint/suspicious/noShadowRestrictedNames: the SST component is called sst.aws.Function.
    class Function {
      constructor(name: string, args: FunctionArgs);
      readonly name: SstOutput<string>;
      readonly arn: SstOutput<string>;
    }

    interface CronArgs {
      /** EventBridge schedule expression: `rate(1 hour)`, `cron(…)`. */
      schedule: SstInput<string>;
      /** The function run on the schedule (a handler path or its full arguments). */
      function: string | FunctionArgs;
      /** The event each run gets. */
      event?: Record<string, SstInput<string>>;
      enabled?: boolean;
    }
    class Cron {
      constructor(name: string, args: CronArgs);
    }

    interface ApiGatewayV2Args {
      domain?: string | { name: string; cert?: string; dns?: false };
      cors?: boolean | Record<string, unknown>;
      accessLog?: { retention?: string };
      transform?: { stage?: SstTransform<Record<string, unknown>> };
    }
    class ApiGatewayV2 {
      constructor(name: string, args?: ApiGatewayV2Args);
      readonly url: SstOutput<string>;
      route(route: string, handler: SstInput<string>, args?: Record<string, unknown>): unknown;
    }
  }
}

/** Pulumi AWS provider resources (SST 4 ships @pulumi/aws 7, where the S3 resources lost "V2"). */
declare namespace aws {
  namespace kms {
    class Key {
      constructor(
        name: string,
        args: {
          description?: string;
          keyUsage?: "SIGN_VERIFY" | "ENCRYPT_DECRYPT";
          customerMasterKeySpec?: string;
          deletionWindowInDays?: number;
          enableKeyRotation?: boolean;
          isEnabled?: boolean;
        },
      );
      readonly arn: SstOutput<string>;
      readonly keyId: SstOutput<string>;
    }
    class Alias {
      constructor(name: string, args: { name: string; targetKeyId: SstInput<string> });
    }
  }
  namespace s3 {
    class BucketLifecycleConfiguration {
      constructor(name: string, args: { bucket: SstInput<string>; rules: Array<Record<string, unknown>> });
    }
    class BucketServerSideEncryptionConfiguration {
      constructor(name: string, args: { bucket: SstInput<string>; rules: Array<Record<string, unknown>> });
    }
  }
}
