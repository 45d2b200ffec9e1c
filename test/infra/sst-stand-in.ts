/**
 * A recording stand-in for the SST globals infra/ uses (the ones infra/platform.d.ts declares).
 * Components record their name and arguments; their outputs are placeholder strings such as
 * "{Database.arn}" so `$interpolate` results can be compared as text. Nothing talks to AWS.
 */

export interface Recorded {
  type: string;
  name: string;
  args: any;
}

export interface RouteRecord {
  api: string;
  route: string;
  handler: unknown;
}

export interface StandIn {
  resources: Recorded[];
  routes: RouteRecord[];
  ofType(type: string): Recorded[];
  one(type: string, name: string): Recorded;
  uninstall(): void;
}

const GLOBALS = ["$app", "$config", "$interpolate", "sst", "aws"] as const;

export function installSstStandIn(stage: string): StandIn {
  const resources: Recorded[] = [];
  const routes: RouteRecord[] = [];
  const names = new Set<string>();
  const record = (type: string, name: string, args: unknown) => {
    // SST refuses two components with one name; so does the stand-in.
    if (names.has(name)) throw new Error(`Duplicate component name ${name}`);
    names.add(name);
    resources.push({ type, name, args });
  };
  const out = (name: string, prop: string) => `{${name}.${prop}}`;

  class Secret {
    readonly value: string;
    constructor(
      readonly name: string,
      placeholder?: string,
    ) {
      record("sst.Secret", name, { placeholder });
      this.value = out(name, "value");
    }
  }
  class Linkable {
    readonly properties: unknown;
    constructor(
      readonly name: string,
      definition: { properties: unknown },
    ) {
      record("sst.Linkable", name, definition);
      this.properties = definition.properties;
    }
  }
  const component = (type: string) =>
    class {
      readonly name: string;
      readonly arn: string;
      constructor(name: string, args: unknown) {
        record(type, name, args);
        this.name = out(name, "name");
        this.arn = out(name, "arn");
      }
    };
  class ApiGatewayV2 {
    readonly url: string;
    constructor(
      readonly componentName: string,
      args: unknown,
    ) {
      record("sst.aws.ApiGatewayV2", componentName, args);
      this.url = out(componentName, "url");
    }
    route(route: string, handler: unknown, args?: unknown) {
      if (routes.some((r) => r.api === this.componentName && r.route === route)) {
        throw new Error(`Duplicate route ${route}`);
      }
      routes.push({ api: this.componentName, route, handler });
      return { route, args };
    }
  }

  const g = globalThis as any;
  g.$app = { name: "soglasie", stage };
  g.$config = (config: unknown) => config;
  g.$interpolate = (strings: TemplateStringsArray, ...values: unknown[]) =>
    strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), "");
  g.sst = {
    Secret,
    Linkable,
    aws: {
      permission: (p: object) => ({ type: "aws.permission", ...p }),
      Dynamo: component("sst.aws.Dynamo"),
      Bucket: component("sst.aws.Bucket"),
      Function: component("sst.aws.Function"),
      Cron: component("sst.aws.Cron"),
      ApiGatewayV2,
    },
  };
  g.aws = {
    kms: {
      Key: class {
        readonly arn: string;
        readonly keyId: string;
        constructor(name: string, args: unknown) {
          record("aws.kms.Key", name, args);
          this.arn = out(name, "arn");
          this.keyId = out(name, "keyId");
        }
      },
      Alias: component("aws.kms.Alias"),
    },
    s3: {
      BucketLifecycleConfiguration: component("aws.s3.BucketLifecycleConfiguration"),
      BucketServerSideEncryptionConfiguration: component("aws.s3.BucketServerSideEncryptionConfiguration"),
    },
  };

  return {
    resources,
    routes,
    ofType: (type) => resources.filter((r) => r.type === type),
    one(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found)
        throw new Error(`No ${type} named ${name}; have ${resources.map((r) => r.name).join(", ")}`);
      return found;
    },
    uninstall() {
      for (const key of GLOBALS) delete g[key];
    },
  };
}

/** Runs a transform the way SST does: functions edit the arguments, objects are merged into them. */
export function applyTransform(transform: unknown, args: Record<string, unknown>): Record<string, unknown> {
  if (typeof transform === "function") transform(args, {}, "test");
  else if (transform && typeof transform === "object") Object.assign(args, transform);
  return args;
}
