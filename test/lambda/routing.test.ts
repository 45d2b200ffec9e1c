import { configFromEnv } from "@soglasie/core/config";
import type { Services } from "@soglasie/core/services";
import { createApp } from "@soglasie/functions/app";
import { createBaseApp } from "@soglasie/functions/base-app";
import { authVerify } from "@soglasie/functions/lambda/auth-verify";
import { consent } from "@soglasie/functions/lambda/consent";
import { council } from "@soglasie/functions/lambda/council";
import type { LambdaFunction } from "@soglasie/functions/lambda/handler";
import {
  FUNCTION_NAMES,
  type FunctionName,
  functionForPath,
  routeKeys,
} from "@soglasie/functions/lambda/manifest";
import { orders } from "@soglasie/functions/lambda/orders";
import { describe, expect, it } from "vitest";

/**
 * The split of the service into functions is consistent: every route the local server serves is
 * served by the function API Gateway sends its path to, and no function mounts routes API Gateway
 * never sends it. Route tables only; nothing is invoked, so no stores are needed.
 */

const FUNCTIONS: Record<FunctionName, LambdaFunction> = { authVerify, consent, council, orders };
// Apps read only the configuration while they are built; handlers are not run here.
const services = { config: configFromEnv({ APP_MODE: "local" }), documents: {} } as unknown as Services;

const baseRoutes = createBaseApp(services).routes.length;
const ownRoutes = (fn: FunctionName) => FUNCTIONS[fn].app(services).routes.slice(baseRoutes);
const samplePath = (pattern: string) => pattern.replace(/:[^/{}]+(\{[^}]*\})?/g, "x1").replace(/\*/g, "x1");

describe("API Gateway routes and function apps", () => {
  it("routes paths like API Gateway: exact and greedy prefixes, longest first, else $default", () => {
    expect(functionForPath("/c")).toEqual({ name: "consent", routeKey: "ANY /c" });
    expect(functionForPath("/c/AbC-123")).toEqual({ name: "consent", routeKey: "ANY /c/{proxy+}" });
    expect(functionForPath("/cx")).toEqual({ name: "authVerify", routeKey: "$default" });
    expect(functionForPath("/api/orders/1/pdf")).toEqual({
      name: "orders",
      routeKey: "ANY /api/orders/{proxy+}",
    });
    expect(functionForPath("/staff")).toEqual({ name: "authVerify", routeKey: "$default" });
    expect(functionForPath("/")).toEqual({ name: "authVerify", routeKey: "$default" });
    const keys = FUNCTION_NAMES.flatMap(routeKeys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("every route of the full app is served by the function its path is routed to", () => {
    const full = createApp(services).routes.slice(baseRoutes);
    expect(full.length).toBeGreaterThan(10);
    const missing = full.filter((route) => {
      const { name } = functionForPath(samplePath(route.path));
      return !ownRoutes(name).some((r) => r.method === route.method && r.path === route.path);
    });
    expect(missing.map((r) => `${r.method} ${r.path} → ${functionForPath(samplePath(r.path)).name}`)).toEqual(
      [],
    );
  });

  it("no function mounts a route API Gateway would send elsewhere", () => {
    for (const name of FUNCTION_NAMES) {
      const stray = ownRoutes(name).filter((r) => functionForPath(samplePath(r.path)).name !== name);
      expect(stray.map((r) => `${name}: ${r.method} ${r.path}`)).toEqual([]);
    }
  });

  it("each function runs behind the common middleware", () => {
    const base = createBaseApp(services).routes.map((r) => `${r.method} ${r.path}`);
    for (const name of FUNCTION_NAMES) {
      const routes = FUNCTIONS[name].app(services).routes.map((r) => `${r.method} ${r.path}`);
      expect(routes.slice(0, base.length)).toEqual(base);
    }
  });
});
