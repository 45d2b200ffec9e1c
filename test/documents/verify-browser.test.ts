import type { serve } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../packages/core/src/audit/types.js";
import { DEFAULT_ORG } from "../../packages/core/src/config.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import { renderAndSign } from "../../packages/core/src/documents/pipeline.js";
import { KeySigner } from "../../packages/core/src/documents/signing/key-signer.js";
import { generateSelfSigned } from "../../packages/core/src/documents/signing/self-signed.js";
import { createServices, type Services } from "../../packages/core/src/services.js";
import { verifyApp } from "../../packages/functions/src/apps/verify/index.js";
import { axeViolations } from "../support/axe.js";
import { launchChromium, serveApp } from "../support/browser.js";
import { createTestStores } from "../support/stores.js";
import { meta, testSigner } from "./support.js";

/**
 * /verify in real headless Chromium at 360 and 1280 px: a valid file, an altered one, one signed by
 * another key (not issued here) and a replaced one each get one coloured verdict, the rows agree
 * with it, nothing overflows the phone's width and axe-core finds nothing serious.
 */
let services: Services;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
const files: Record<string, Uint8Array> = {};
const actor: Actor = { type: "system", id: "test" };

const issueOrder = (number: string, supersedes: string[] = []) =>
  services.documents.issue({
    type: "order-appoint-administrator",
    data: DEMO_DATA["order-appoint-administrator"],
    number,
    date: "2026-11-13",
    owner: { type: "order", id: `o-${number.replace(/\D/g, "")}` },
    supersedes,
    actor,
  });

beforeAll(async () => {
  const stores = await createTestStores();
  services = await createServices(stores.config, { clients: stores.clients, signer: testSigner() });
  const valid = await issueOrder("150-од");
  files.valid = await services.documents.pdf(valid.documentId);
  const old = await issueOrder("151-од");
  files.replaced = await services.documents.pdf(old.documentId);
  await issueOrder("152-од", [old.documentId]);
  const altered = new Uint8Array(files.valid);
  const at = Buffer.from(altered).indexOf(Buffer.from("(Soglasie consent-service)", "latin1")) + 3;
  altered[at] = (altered[at] ?? 0) ^ 1;
  files.altered = altered;
  // The same document type, signed by somebody else's key: not issued here.
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const other = await renderAndSign(
    "order-appoint-administrator",
    DEMO_DATA["order-appoint-administrator"],
    meta("order-appoint-administrator"),
    new KeySigner(privateKey, certificateDer),
    DEFAULT_ORG,
  );
  files.foreign = other.bytes;
  ({ base, server } = await serveApp(verifyApp(services)));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

const EXPECTED = {
  valid: { heading: "Документ подлинный и действует", tone: "ok", inForce: "да" },
  altered: {
    heading: "Файл изменён после подписания",
    tone: "bad",
    inForce: "нет — изменённый файл не имеет силы документа",
  },
  foreign: {
    heading: "Документ не выдавался колледжем",
    tone: "bad",
    inForce: "нет — документ не выдавался колледжем",
  },
  replaced: {
    heading: "Документ подлинный, но заменён",
    tone: "warn",
    inForce: "нет — заменён более новым документом",
  },
} as const;

const VIEWPORTS = [
  { name: "360 px", width: 360, height: 740, isMobile: true },
  { name: "1280 px", width: 1280, height: 800, isMobile: false },
] as const;

describe.each(VIEWPORTS)("/verify at $name", (device) => {
  it.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)(
    "the %s file gets one verdict, rows that agree, and fits the width",
    async (kind) => {
      const context = await browser.newContext({
        viewport: { width: device.width, height: device.height },
        isMobile: device.isMobile,
        locale: "ru-RU",
        bypassCSP: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/verify`);
      await page.setInputFiles("#f-file", {
        name: `${kind}.pdf`,
        mimeType: "application/pdf",
        buffer: Buffer.from(files[kind]!),
      });
      await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
      const want = EXPECTED[kind];
      const verdicts = page.locator("[data-verdict]");
      expect(await verdicts.count()).toBe(1);
      expect(await verdicts.getAttribute("data-verdict")).toBe(kind);
      expect(await verdicts.getAttribute("class")).toBe(`verdict ${want.tone}`);
      expect(await page.textContent(".verdict h2")).toContain(want.heading);
      const inForce = page.locator("table.details tr", {
        has: page.locator("th", { hasText: /^Действует$/ }),
      });
      expect((await inForce.locator("td").textContent())?.trim()).toBe(want.inForce);
      // An altered or foreign file shows no registration data as if it were the document.
      const rows = await page.$$eval("table.details th", (ths) => ths.map((th) => th.textContent));
      if (kind === "altered" || kind === "foreign") expect(rows).not.toContain("Регистрационный номер");
      else expect(rows).toContain("Регистрационный номер");
      // The verdict's colours differ: green, amber and red.
      const colour = await page.evaluate(
        `getComputedStyle(document.querySelector(".verdict")).borderTopColor`,
      );
      expect(colour).toBe(
        { ok: "rgb(19, 115, 51)", warn: "rgb(176, 96, 0)", bad: "rgb(179, 38, 30)" }[want.tone],
      );
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(device.width);
      expect(await axeViolations(page)).toEqual([]);

      // The document's own page (the QR code's link) agrees with the file's verdict.
      const link = page.locator(".card > p > a[href^='/verify/']");
      if (kind === "valid" || kind === "replaced") {
        await Promise.all([page.waitForLoadState("load"), link.click()]);
        expect(await page.getAttribute("[data-verdict]", "data-verdict")).toBe(kind);
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(device.width);
        expect(await axeViolations(page)).toEqual([]);
      }
      await context.close();
    },
  );
});
