import { type AppConfig, configFromEnv } from "@soglasie/core/config";
import { Resource } from "sst/resource";
import { LINK, UNSET_SECRET } from "./lambda/manifest.js";

type Env = Record<string, string | undefined>;
type Linked = Record<string, { name?: string; value?: string } | undefined>;

/**
 * The one place that decides where runtime settings come from. In a function deployed by SST
 * (SST sets SST_RESOURCE_App on every function) the table, bucket and secrets are the resources
 * linked to it, read with `Resource`; everywhere else (local runtime, tests, other clouds) they come
 * from the environment (TABLE_NAME, BUCKET_NAME, SESSION_SECRET, SIGNING_*). The core never sees SST.
 */
export function runtimeEnvironment(env: Env = process.env): Env {
  if (!env.SST_RESOURCE_App) return env;
  const linked = Resource as unknown as Linked;
  // `in` does not throw for resources not linked to this function (least privilege: the
  // verification function has no signing key), unlike reading them.
  const read = (name: string, field: "name" | "value") =>
    name in linked ? linked[name]?.[field] : undefined;
  const fromLinks: Env = {
    TABLE_NAME: read(LINK.table, "name"),
    BUCKET_NAME: read(LINK.bucket, "name"),
    SESSION_SECRET: read(LINK.sessionSecret, "value"),
    SIGNING_KEY_PEM: read(LINK.signingKey, "value"),
    SIGNING_CERT_PEM: read(LINK.signingCert, "value"),
    SMSRU_API_ID: read(LINK.smsruApiId, "value"),
    SMSRU_CALLBACK_SECRET: read(LINK.smsruCallbackSecret, "value"),
  };
  const result: Env = { APP_MODE: "aws", ...env };
  // An optional secret left at its placeholder is not set (SMS stay off).
  for (const [key, value] of Object.entries(fromLinks))
    if (value && value !== UNSET_SECRET) result[key] = value;
  return result;
}

/** The validated configuration for this process (throws ConfigError naming each bad setting). */
export function runtimeConfig(env: Env = process.env): AppConfig {
  return configFromEnv(runtimeEnvironment(env));
}
