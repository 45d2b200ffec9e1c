import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { serve } from "@hono/node-server";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM, TEST_PASSWORD } from "../support/app.js";
import { launchChromium, serveApp } from "../support/browser.js";
import {
  type ConsentTestApp,
  consentTestApp,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
} from "./support.js";

/**
 * A class teacher hands out links from a phone and from a desktop: real headless Chromium at 360
 * and 1280 px against a listening server. The group page shows students as cards on the phone,
 * copies a link with the same-origin script, asks before a working link is replaced (and «Отмена»
 * changes nothing), reports a new link in its row, and works without JavaScript.
 */
let t: ConsentTestApp;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
let teacher: StaffMember;
let groupId: string;
let links: Map<string, string>;
const AXE = readFileSync(join(process.cwd(), "node_modules/axe-core/axe.min.js"), "utf8");

const VIEWPORTS = [
  {
    name: "360 px phone",
    options: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    student: "Абрамова Дарья Сергеевна",
  },
  {
    name: "1280 px desktop",
    options: { viewport: { width: 1280, height: 900 } },
    student: "Борисов Глеб Ильич",
  },
] as const;

beforeAll(async () => {
  t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  teacher = await t.member(["class_teacher"], { fullName: "Серебрякова Инна Павловна" });
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ЭМ-31", "Абрамова Дарья Сергеевна", "Абрамова Ольга Викторовна", "+79141234567"],
      ["ЭМ-31", "Борисов Глеб Ильич", "Борисова Светлана Юрьевна"],
      ["ЭМ-31", "Воронцов Константин Александрович", "Воронцова Татьяна Михайловна"],
      ["ЭМ-31", "Григорьева Алиса Романовна", "Григорьев Роман Андреевич"],
      ["ТМ-21", "Семёнов Пётр Олегович", "Семёнова Алёна Игоревна"],
    ]),
  );
  groupId = await groupIdByCode(t, admin, "ЭМ-31");
  const groups = new GroupRepository(t.services);
  await groups.setClassTeachers(groupId, [teacher.staffId], SYSTEM);
  await groups.setClassTeachers(await groupIdByCode(t, admin, "ТМ-21"), [teacher.staffId], SYSTEM);
  links = await groupLinks(t, admin, groupId);
  ({ base, server } = await serveApp(t.app));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function signedIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${base}/login`);
  await page.fill("#f-email", teacher.email);
  await page.fill("#f-password", TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/staff`), page.click("button[type=submit]")]);
  return page;
}

/** axe-core's serious and critical findings on the page (WCAG 2.1 A/AA rules and best practices). */
async function axeViolations(page: Page) {
  await page.evaluate(AXE);
  const options = {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  };
  const result = (await page.evaluate(`axe.run(${JSON.stringify(options)})`)) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const rowOf = (page: Page, name: string) =>
  page.locator("tr", { has: page.getByText(name, { exact: true }) });

describe("a class teacher's group page in Chromium", () => {
  for (const vp of VIEWPORTS) {
    it(`${vp.name}: copies a link, cancels a re-issue, then re-issues with the message in the row`, async () => {
      const context = await browser.newContext({ ...vp.options, locale: "ru-RU" });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
      const page = await signedIn(context);
      await page.goto(`${base}/staff/consents/${groupId}`);
      expect(await page.textContent("h1")).toBe("Группа ЭМ-31");

      const row = rowOf(page, vp.student);
      const display = await row.evaluate(
        (tr: any) => tr.ownerDocument.defaultView.getComputedStyle(tr).display,
      );
      expect(display).toBe(vp.options.viewport.width < 640 ? "block" : "table-row");
      // Nothing sticks out sideways; the link field is as wide as the card or cell allows.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
        vp.options.viewport.width,
      );
      const field = row.locator("input.link");
      const url = await field.inputValue();
      expect(url).toMatch(new RegExp(`/c/${links.get(vp.student)}$`));
      if (vp.options.viewport.width < 640) {
        expect((await field.boundingBox())!.width).toBeGreaterThan(280);
        expect(
          await row
            .locator("td")
            .first()
            .evaluate((td: any) => td.ownerDocument.defaultView.getComputedStyle(td, "::before").content),
        ).toBe('"Родитель по списку"');
      }
      expect(await axeViolations(page)).toEqual([]);

      // «Копировать ссылку»: the script puts the link on the clipboard and says so beside the button.
      const copy = row.getByRole("button", { name: "Копировать ссылку" });
      expect((await copy.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await copy.click();
      await expect.poll(() => row.getByRole("status").textContent()).toBe("Ссылка скопирована");
      expect(await page.evaluate("navigator.clipboard.readText()")).toBe(url);
      // Headless Chromium on Linux has no Web Share: «Поделиться» stays hidden, never a dead button.
      expect(await row.getByRole("button", { name: "Поделиться" }).count()).toBe(0);

      // «Выдать новую ссылку» asks first and says the printed slip stops working; «Отмена» changes nothing.
      await Promise.all([
        page.waitForURL(/\/reissue\?student=/),
        row.getByRole("link", { name: `Выдать новую ссылку: ${vp.student}` }).click(),
      ]);
      expect(await page.textContent("h1")).toBe("Выдать новую ссылку?");
      expect(await page.textContent("main")).toContain(
        "напечатанный листок и уже отправленная ссылка перестанут работать",
      );
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
        vp.options.viewport.width,
      );
      expect(await axeViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(/#s-/), page.getByRole("link", { name: "Отмена" }).click()]);
      expect(await rowOf(page, vp.student).locator("input.link").inputValue()).toBe(url);
      expect((await context.request.get(`${base}/c/${links.get(vp.student)}`)).status()).toBe(200);

      // Confirmed: the page opens at the student's row with the message there, in view.
      await rowOf(page, vp.student)
        .getByRole("link", { name: /Выдать новую ссылку/ })
        .click();
      await Promise.all([
        page.waitForURL(/done=reissued/),
        page.getByRole("button", { name: "Выдать новую ссылку" }).click(),
      ]);
      const notice = rowOf(page, vp.student).locator(".row-notice");
      expect(await notice.textContent()).toContain(
        "Прежняя ссылка и напечатанный с ней листок больше не работают",
      );
      expect(await notice.isVisible()).toBe(true);
      const box = (await notice.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(vp.options.viewport.height);
      expect(await page.locator("main > .notice.ok").count()).toBe(0);
      const renewed = await rowOf(page, vp.student).locator("input.link").inputValue();
      expect(renewed).not.toBe(url);
      expect((await context.request.get(`${base}/c/${links.get(vp.student)}`)).status()).toBe(410);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }, 90_000);
  }

  it("offers «Поделиться» where the browser has Web Share and shares the row's link", async () => {
    const context = await browser.newContext({ ...VIEWPORTS[0].options, locale: "ru-RU" });
    // Headless Chromium on Linux lacks the Web Share API; this records what the page would share.
    await context.addInitScript(
      "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };",
    );
    const page = await signedIn(context);
    await page.goto(`${base}/staff/consents/${groupId}`);
    const student = "Воронцов Константин Александрович";
    const row = rowOf(page, student);
    await row.getByRole("button", { name: "Поделиться" }).click();
    const shared = (await page.evaluate("window.shared")) as { title: string; text: string; url: string };
    expect(shared.url).toBe(await row.locator("input.link").inputValue());
    expect(shared.text).toContain("Воронцов К. А.");
    expect(shared.text).not.toContain("Константин");
    await context.close();
  }, 60_000);

  it("searches the groups list by code and the group page by a student's or parent's name", async () => {
    const context = await browser.newContext({ ...VIEWPORTS[0].options, locale: "ru-RU" });
    const page = await signedIn(context);
    await page.goto(`${base}/staff/consents`);
    expect(await page.locator("tbody tr").count()).toBe(2);
    // Case, spaces and dashes do not matter.
    await page.getByLabel("Найти группу по названию").fill("эм 31");
    await Promise.all([page.waitForURL(/\?q=/), page.getByRole("button", { name: "Найти" }).click()]);
    expect(await page.locator("tbody tr").allTextContents()).toEqual([expect.stringContaining("ЭМ-31")]);
    expect(await page.locator("search [role=status]").textContent()).toContain("Найдено групп: 1 из 2.");
    expect(await page.getByLabel("Найти группу по названию").inputValue()).toBe("эм 31");
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/consents\/[^?]+$/),
      page.getByRole("link", { name: "ЭМ-31" }).click(),
    ]);

    // By the parent's surname, in capitals: only that student's row is left; the progress stays whole.
    await page.getByLabel("Найти обучающегося или родителя по фамилии").fill("БОРИСОВА");
    await Promise.all([page.waitForURL(/\?q=/), page.getByRole("button", { name: "Найти" }).click()]);
    expect(await page.locator("tbody th[scope=row]").allTextContents()).toEqual([
      expect.stringContaining("Борисов Глеб Ильич"),
    ]);
    expect(await page.textContent("main")).toContain("Найдено обучающихся: 1 из 4.");
    expect(await page.textContent(".legend")).toContain("Всего: 4");
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
    await Promise.all([
      page.waitForURL(/consents\/[^?]+$/),
      page.getByRole("link", { name: "Сбросить поиск" }).click(),
    ]);
    expect(await page.locator("tbody th[scope=row]").count()).toBe(4);

    // «ё» is found by «е».
    await page.goto(`${base}/staff/consents?q=${encodeURIComponent("тм21")}`);
    await Promise.all([
      page.waitForURL(/consents\/[^?]+$/),
      page.getByRole("link", { name: "ТМ-21" }).click(),
    ]);
    await page.goto(`${page.url()}?q=${encodeURIComponent("семенова")}`);
    expect(await page.locator("tbody th[scope=row]").allTextContents()).toEqual([
      expect.stringContaining("Семёнов Пётр Олегович"),
    ]);
    await context.close();
  }, 90_000);

  it("works without JavaScript: no copy buttons, the link to select, the re-issue confirmed on its page", async () => {
    const context = await browser.newContext({ ...VIEWPORTS[0].options, javaScriptEnabled: false });
    const page = await signedIn(context);
    await page.goto(`${base}/staff/consents/${groupId}`);
    const student = "Григорьева Алиса Романовна";
    const row = rowOf(page, student);
    expect(await row.getByRole("button", { name: "Копировать ссылку" }).count()).toBe(0);
    expect(await row.locator("input.link").inputValue()).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/);
    await Promise.all([
      page.waitForURL(/\/reissue\?student=/),
      row.getByRole("link", { name: /Выдать новую ссылку/ }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/done=reissued/),
      page.getByRole("button", { name: "Выдать новую ссылку" }).click(),
    ]);
    expect(await rowOf(page, student).locator(".row-notice").textContent()).toContain("Выдана новая ссылка");
    expect((await context.request.get(`${base}/c/${links.get(student)}`)).status()).toBe(410);
    await context.close();
  }, 60_000);
});
