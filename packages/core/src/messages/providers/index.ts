import type { AppConfig } from "../../config.js";
import { sesProvider } from "./ses.js";
import { smsruProvider } from "./smsru.js";
import type { Providers } from "./types.js";

export { sesProvider } from "./ses.js";
export { smsruProvider } from "./smsru.js";
export * from "./types.js";

/** The configured channels: e-mail when MAIL_FROM is set, SMS when SMSRU_API_ID is. */
export function createProviders(config: AppConfig): Providers {
  return { email: sesProvider(config), sms: smsruProvider(config) };
}

const cache = new WeakMap<AppConfig, Providers>();

/** The providers of a configuration, built once (one SES client per process). */
export function providersFor(config: AppConfig): Providers {
  let p = cache.get(config);
  if (!p) {
    p = createProviders(config);
    cache.set(config, p);
  }
  return p;
}
