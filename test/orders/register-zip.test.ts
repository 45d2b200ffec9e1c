import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { serve } from "@hono/node-server";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { issueOrder } from "@soglasie/core/orders/issue-order";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PASSWORD, type TestApp, type TestSession } from "../support/app.js";
import { launchChromium, serveApp } from "../support/browser.js";
import { zipNames } from "./support.js";

/**
 * The register's ZIP download from the page: with nothing ticked it answers the register page with
 * the reason at the buttons (never JSON); checkboxes are big enough to tap; «Выбрать все» (script)
 * and «Скачать все показанные (ZIP)» (no script needed) take every order shown.
 */
let t: TestApp;
let director: TestSession;
let orderIds: string[];
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
const AXE = readFileSync(join(process.cwd(), "node_modules/axe-core/axe.min.js"), "utf8");

beforeAll(async () => {
  t = await createTestApp();
  director = await t.signIn(["director"], { pedagogical: false });
  const actor = { type: "staff", id: director.staff.staffId, role: "director" } as const;
  orderIds = [];
  for (const date of ["2026-01-12", "2026-02-03", "2025-12-20"]) {
    const order = await issueOrder(t.services, {
      kind: "approve-regulation",
      documentType: "order-approve-regulation",
      title: "Об утверждении Положения об использовании ИКОП «Сферум»",
      date,
      actor,
      owner: { type: "regulation", id: `v-${date}` },
      buildData: () => DEMO_DATA["order-approve-regulation"],
    });
    orderIds.push(order.orderId);
  }
  ({ base, server } = await serveApp(t.app));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const get = (path: string) => t.app.request(path, { headers: director.cookie });

describe("«Скачать выбранные (ZIP)» on the register page", () => {
  it("with nothing ticked answers the register page with the reason at the buttons, not JSON", async () => {
    const res = await get("/staff/orders/archive");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("<h1>Приказы директора</h1>");
    expect(html).toMatch(/id="zip".*role="alert"[^>]*>Отметьте приказы, которые нужно скачать/s);
    // The form comes back at the buttons (the fragment survives a GET form's submission).
    expect(html).toContain('action="/staff/orders/archive#zip"');
  });

  it("gives the ticked orders, and every order the filter shows with «Скачать все показанные»", async () => {
    const one = await get(`/staff/orders/archive?id=${orderIds[0]}`);
    expect(one.status).toBe(200);
    expect(one.headers.get("content-type")).toBe("application/zip");
    expect(await zipNames(new Uint8Array(await one.arrayBuffer()))).toEqual([
      "Приказ_1-од_от_12.01.2026.pdf",
    ]);

    const shown = await get("/staff/orders/archive?year=2026&all=1");
    expect(shown.status).toBe(200);
    expect((await zipNames(new Uint8Array(await shown.arrayBuffer()))).sort()).toEqual([
      "Приказ_1-од_от_12.01.2026.pdf",
      "Приказ_2-од_от_03.02.2026.pdf",
    ]);
    const everything = await get("/staff/orders/archive?all=1");
    expect(await zipNames(new Uint8Array(await everything.arrayBuffer()))).toHaveLength(3);
  });

  for (const width of [360, 1280]) {
    it(`in Chromium at ${width} px: the message in view at the button, 44 px targets, «Выбрать все»`, async () => {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        locale: "ru-RU",
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/login`);
      await page.fill("#f-email", director.staff.email);
      await page.fill("#f-password", TEST_PASSWORD);
      await Promise.all([page.waitForURL(`${base}/staff`), page.click("button[type=submit]")]);
      await page.goto(`${base}/staff/orders`);

      const box = (await page.locator("input[name=id]").first().boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(24);
      const target = (await page.locator("label.pick").nth(1).boundingBox())!;
      expect(target.height).toBeGreaterThanOrEqual(44);
      expect(target.width).toBeGreaterThanOrEqual(44);

      await Promise.all([
        page.waitForURL(/\/staff\/orders\/archive/),
        page.getByRole("button", { name: "Скачать выбранные (ZIP)" }).click(),
      ]);
      const alert = page.getByRole("alert");
      expect(await alert.textContent()).toContain("Отметьте приказы, которые нужно скачать");
      const where = (await alert.boundingBox())!;
      expect(where.y).toBeGreaterThanOrEqual(0);
      expect(where.y + where.height).toBeLessThanOrEqual(800);
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      await page.evaluate(AXE);
      const axe = (await page.evaluate(
        `axe.run({runOnly:{type:"tag",values:["wcag2a","wcag2aa","wcag21a","wcag21aa","best-practice"]}})`,
      )) as { violations: Array<{ id: string; impact: string }> };
      expect(
        axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
      ).toEqual([]);

      // «Выбрать все» ticks every order; the ZIP then holds them all.
      await page.getByLabel("Выбрать все").check();
      expect(await page.locator("input[name=id]:checked").count()).toBe(3);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Скачать выбранные (ZIP)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("Приказы.zip");
      const file = await download.path();
      expect(await zipNames(new Uint8Array(readFileSync(file)))).toHaveLength(3);
      // Unticking one leaves «Выбрать все» half-set.
      await page.locator("input[name=id]").first().uncheck();
      expect(await page.locator("#o-all").evaluate((b: any) => b.indeterminate)).toBe(true);
      await context.close();
    }, 60_000);
  }
});
