import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * Whether the browser reached the service over HTTPS: the public URL is https (a TLS-terminating
 * proxy or load balancer in front), the request itself is https, it came through API Gateway (which
 * serves only https), or a proxy of ours (TRUST_PROXY) says so in X-Forwarded-Proto. Decides HSTS
 * and the session cookie's `Secure` flag.
 */
export function servedOverHttps(c: Context<AppEnv>): boolean {
  const { config } = c.get("services");
  if (config.publicBaseUrl.startsWith("https:")) return true;
  if (new URL(c.req.url).protocol === "https:") return true;
  const env = c.env as { requestContext?: { http?: unknown } } | undefined;
  if (env?.requestContext?.http) return true;
  if (config.trustProxy) {
    // The last entry is the one our proxy wrote (the same rule as X-Forwarded-For).
    const proto = c.req.header("x-forwarded-proto")?.split(",").pop()?.trim().toLowerCase();
    if (proto === "https") return true;
  }
  return false;
}
