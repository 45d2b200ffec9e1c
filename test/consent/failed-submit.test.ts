import type { serve } from "@hono/node-server";
import { currentPepRules } from "@soglasie/core/pep/rules-versions";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARENT_FIELD_LABELS } from "../../packages/functions/src/apps/consent/views/parent/field-labels.js";
import { axeViolations } from "../support/axe.js";
import { launchChromium, serveApp } from "../support/browser.js";
import { consentTestApp, groupIdByCode, groupLinks, importRoster, rosterCsv } from "./support.js";

/**
 * A parent's refused submit, in real headless Chromium on a phone (360 px) and a desktop (1280 px),
 * with page scripts off: the browser lands on the error summary (the form action's fragment), the
 * summary has the focus (autofocus), the tab's title starts with «Ошибка:» and every entry names its
 * field and leads to it.
 */
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
let links: Map<string, string>;

const VIEWPORTS = [
  { name: "360 px phone", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  { name: "1280 px desktop", viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
] as const;

beforeAll(async () => {
  const t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ТМ-21", "Соколов Иван Петрович", "Соколова Анна Сергеевна"],
      ["ТМ-21", "Орлова Мария Денисовна", "Орлов Денис Андреевич"],
    ]),
  );
  links = await groupLinks(t, admin, await groupIdByCode(t, admin, "ТМ-21"));
  await currentPepRules(t.services, "parents");
  ({ base, server } = await serveApp(t.app));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Where the summary is, whether it has the focus, and what its entries say and link to. */
async function landing(page: Page) {
  // A string: the tests compile without the DOM library.
  return page.evaluate(`(() => {
    const summary = document.getElementById("errors");
    const box = summary?.getBoundingClientRect();
    return {
      hash: location.hash,
      title: document.title,
      focused: document.activeElement?.id,
      top: box?.top ?? -1,
      viewport: window.innerHeight,
      entries: [...(summary?.querySelectorAll("li a") ?? [])].map((a) => ({
        target: (a.getAttribute("href") ?? "").slice(1),
        text: a.textContent ?? "",
        exists: Boolean(document.getElementById((a.getAttribute("href") ?? "").slice(1))),
      })),
    };
  })()`) as Promise<{
    hash: string;
    title: string;
    focused?: string;
    top: number;
    viewport: number;
    entries: Array<{ target: string; text: string; exists: boolean }>;
  }>;
}

describe.each(VIEWPORTS)("a parent's failed submit on a $name", (device) => {
  it("lands on the error summary, focused, titled «Ошибка:», each entry naming its field", async () => {
    const token = links.get(device.isMobile ? "Соколов Иван Петрович" : "Орлова Мария Денисовна")!;
    const context = await browser.newContext({
      viewport: device.viewport,
      isMobile: device.isMobile,
      hasTouch: device.hasTouch,
      locale: "ru-RU",
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/c/${token}`);
    expect(await page.title()).not.toMatch(/^Ошибка/);

    // Only the name is typed (one word): the rest is missing.
    await page.fill("#f-parentName", "Соколова");
    await Promise.all([page.waitForURL(/#errors$/), page.click("form:not(#withdraw) button[type=submit]")]);
    const at = await landing(page);
    expect(at.hash).toBe("#errors");
    expect(at.title).toMatch(/^Ошибка: Согласие на использование «Сферума»/);
    expect(at.focused).toBe("errors");
    // The summary is on screen, not 1 500 px below.
    expect(at.top).toBeGreaterThanOrEqual(0);
    expect(at.top).toBeLessThan(at.viewport);

    const byField = new Map(at.entries.map((e) => [e.target.replace(/^f-/, ""), e.text]));
    expect([...byField.keys()].sort()).toEqual(
      // «studentAge»: the roster gives no date of birth, so the age question is asked (docs/students.md).
      ["confirm", "decision", "parentName", "pepRulesAccepted", "relation", "studentAge"].sort(),
    );
    for (const [field, text] of byField)
      expect(text.startsWith(`${PARENT_FIELD_LABELS[field]}: `)).toBe(true);
    expect(byField.get("parentName")).toBe(
      "Ваши фамилия, имя и отчество: укажите фамилию, имя и отчество (если есть)",
    );
    expect(byField.get("decision")).toBe("Ваше решение: выберите: «Согласен(на)» или «Не согласен(на)»");
    for (const e of at.entries) expect(e.exists, e.target).toBe(true);
    // The typed name is kept for correction; the message sits next to the field as well.
    expect(await page.inputValue("#f-parentName")).toBe("Соколова");
    expect(await page.getAttribute("#f-parentName", "aria-describedby")).toContain("e-parentName");

    // An entry leads to its field.
    await page.click('#errors a[href="#f-parentName"]');
    expect(await page.evaluate("location.hash")).toBe("#f-parentName");

    // Corrected: the receipt, under its own fragment, not the form's «#errors».
    await page.getByLabel("Не согласен(на)").check();
    await page.fill("#f-parentName", "Соколова Анна Сергеевна");
    await page.getByLabel("Мать").check();
    await page.getByLabel(/Нет, обучающемуся меньше 18 лет/).check();
    await page.getByLabel(/Я являюсь родителем/).check();
    await page.getByLabel(/ознакомлен\(а\) и принимаю/).check();
    await Promise.all([
      page.waitForURL(/\/receipt\?recorded=1#main$/),
      page.click("form:not(#withdraw) button[type=submit]"),
    ]);
    expect(await page.textContent("h1")).toBe("Ваше решение записано");
    expect(await page.title()).not.toMatch(/^Ошибка/);
    await context.close();
  });

  it("has no serious axe violations on the refused form and fits the width", async () => {
    const token = links.get(device.isMobile ? "Орлова Мария Денисовна" : "Соколов Иван Петрович")!;
    const context = await browser.newContext({
      viewport: device.viewport,
      isMobile: device.isMobile,
      locale: "ru-RU",
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/c/${token}`);
    await Promise.all([page.waitForURL(/#errors$/), page.click("form:not(#withdraw) button[type=submit]")]);
    expect(await page.evaluate("document.activeElement?.id")).toBe("errors");
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
      device.viewport.width,
    );
    await context.close();
  });
});
