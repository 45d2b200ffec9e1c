import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { Hono } from "hono";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's Chromium, headless, with the background services off: this machine has no network
 * beyond loopback, and without these flags Chromium keeps trying to reach Google's hosts.
 */
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export const launchChromium = (): Promise<Browser> => chromium.launch(CHROMIUM);

/** A persistent profile, for tests that need downloads or a file chooser. */
export const launchChromiumProfile = (profileDir: string): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profileDir, CHROMIUM);

/** Serves `app` on a free loopback port for a real browser. */
export async function serveApp(
  app: Hono<any>,
): Promise<{ base: string; server: ServerType; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
