import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { serve } from "@hono/node-server";
import { currentPepRules } from "@soglasie/core/pep/rules-versions";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "../support/app.js";
import { axeViolations } from "../support/axe.js";
import { launchChromium, serveApp } from "../support/browser.js";
import {
  type ConsentTestApp,
  consentTestApp,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
  tool,
} from "./support.js";

/**
 * A parent on a phone: real headless Chromium at 360 px against a listening server, with
 * JavaScript off (the page must not need it), then axe-core on the form and the receipt.
 */
let t: ConsentTestApp;
let admin: TestSession;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Browser;
let links: Map<string, string>;
const shots = mkdtempSync(join(tmpdir(), "soglasie-shots-"));
const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "ru-RU",
};

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ТМ-21", "Константинопольский Александр Владиславович", "Константинопольская Екатерина Александровна"],
      ["ТМ-21", "Лебедева Варвара Игоревна", "Лебедев Игорь Николаевич"],
    ]),
  );
  links = await groupLinks(t, admin, await groupIdByCode(t, admin, "ТМ-21"));
  // As a deployment's seed does: the signature rules exist (and the PDF engine is warm) before parents come.
  await currentPepRules(t.services, "parents");
  ({ base, server } = await serveApp(t.app));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (!process.env.KEEP_SHOTS) rmSync(shots, { recursive: true, force: true });
  else console.log(`[screenshots] ${shots}`);
});

/** Fills the personal-data consent's fields (a father with a passport, the student's passport and birth certificate). */
async function fillPersonalData(page: Page, over: { studentSeries?: string } = {}) {
  const fill = (name: string, value: string) => page.fill(`[name="personalData.${name}"]`, value);
  await page.check('[name="personalData.student.document.type"][value="passport-ru"]');
  await fill("student.document.series", over.studentSeries ?? "76 22");
  await fill("student.document.number", "318204");
  await fill("student.document.issuedOn", "2024-05-16");
  await fill("student.document.issuer", "УМВД России по Забайкальскому краю");
  await page.check('[name="personalData.student.sameAddress"]');
  await page.check('[name="personalData.representative.document.type"][value="passport-ru"]');
  await fill("representative.document.series", "7611");
  await fill("representative.document.number", "402817");
  await fill("representative.document.issuedOn", "2012-09-03");
  await fill("representative.document.issuer", "Отделом УФМС России по Забайкальскому краю");
  await fill("representative.address", "672039, г. Чита, ул. Бабушкина, д. 12, кв. 4");
  await page.check('[name="personalData.authority.type"][value="birth-certificate"]');
  await fill("authority.series", "ii-сп");
  await fill("authority.number", "581034");
  await fill("authority.issuedOn", "2010-03-02");
  await fill("authority.issuer", "Отдел ЗАГС Центрального района г. Читы");
}

describe("the parent's page on a 360 px phone", () => {
  it("is filled and signed without JavaScript, and the receipt gives a valid signed PDF", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const token = links.get("Константинопольский Александр Владиславович")!;
    await page.goto(`${base}/c/${token}`);
    expect(await page.title()).toContain("Согласие");
    expect(await page.textContent("h1")).toContain("«Сферума»");
    expect(await page.textContent(".lead")).toContain("Константинопольский А. В.");
    await page.screenshot({ path: join(shots, "parent-form-360.png"), fullPage: true });

    // Submitting an empty form: the errors are listed at the top, nothing is recorded.
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    expect(await page.textContent(".error-summary")).toContain("Проверьте заполнение полей");
    expect(await page.locator(".field-error").count()).toBeGreaterThanOrEqual(3);

    // A refusal with two alternatives, typed name, relation, confirmation.
    await page.getByLabel("Не согласен(на)").check();
    await page.getByLabel("Дневник обучающегося в АИС «Сетевой город. Образование»").check();
    await page.getByLabel("Родительские собрания").check();
    await page.getByLabel("Ваши фамилия, имя и отчество").fill("Константинопольская Екатерина Александровна");
    await page.getByLabel("Мать").check();
    await page.getByLabel(/Нет, обучающемуся меньше 18 лет/).check();
    await page.getByLabel(/Я являюсь родителем/).check();
    await page.getByLabel(/ознакомлен\(а\) и принимаю/).check();
    await Promise.all([page.waitForURL(/\/receipt\?recorded=1#main$/), page.click("button[type=submit]")]);

    expect(await page.textContent("h1")).toBe("Ваше решение записано");
    const main = (await page.textContent("main"))!;
    expect(main).toContain("Вы отказались от использования «Сферума»");
    expect(main).toMatch(/Отказ № \S+ от \d{2}\.\d{2}\.\d{4}/);
    expect(main).toContain("Дневник обучающегося");
    expect(main).toContain("безопасный режим");
    expect(main).toContain(`${t.services.config.publicBaseUrl}/verify/`);
    await page.screenshot({ path: join(shots, "parent-receipt-360.png"), fullPage: true });

    // The download link serves the signed PDF as an attachment.
    const href = (await page.getAttribute("a.button.block", "href"))!;
    const pdf = await context.request.get(
      href.startsWith("http") ? href.replace(t.services.config.publicBaseUrl, base) : `${base}${href}`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-disposition"]).toMatch(
      /^attachment; .*filename\*=UTF-8''%D0%9E%D1%82%D0%BA%D0%B0%D0%B7_/,
    );
    const file = join(shots, "receipt.pdf");
    writeFileSync(file, await pdf.body());
    expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
    await context.close();
  });

  it("fits 360 px without sideways scrolling, with large tap targets, and has no serious axe violations", async () => {
    const context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const token = links.get("Лебедева Варвара Игоревна")!;
    await page.goto(`${base}/c/${token}`);
    const width = await page.evaluate("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(360);
    // Every choice and the button are at least 44 px high (WCAG 2.5.5 target size).
    const heights = await page.$$eval(".choice, button[type=submit]", (els) =>
      els.map((e) => e.getBoundingClientRect().height),
    );
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    expect(await axeViolations(page)).toEqual([]);

    // The alternatives of clause 1.8 hide when «Согласен(на)» is chosen (CSS only).
    await page.check("#f-decision");
    expect(await page.isVisible(".alternatives")).toBe(false);
    await page.getByLabel("Не согласен(на)").check();
    expect(await page.isVisible(".alternatives")).toBe(true);

    // Keyboard: the decision is reachable and chosen without a mouse.
    await page.goto(`${base}/c/${token}`);
    await page.focus("#f-decision");
    await page.keyboard.press("Space");
    expect(await page.isChecked("#f-decision")).toBe(true);

    // A consent: the personal-data consent's elements, each format checked next to its field.
    await fillPersonalData(page, { studentSeries: "76 2" });
    await page.getByLabel("Ваши фамилия, имя и отчество").fill("Лебедев Игорь Николаевич");
    await page.getByLabel("Отец").check();
    await page.getByLabel(/Нет, обучающемуся меньше 18 лет/).check();
    await page.getByLabel(/Я являюсь родителем/).check();
    await page.getByLabel(/ознакомлен\(а\) и принимаю/).check();
    await Promise.all([page.waitForLoadState("load"), page.click("form:not(#withdraw) button[type=submit]")]);
    expect(await page.textContent('[id="e-personalData.student.document.series"]')).toBe(
      "Серия паспорта — 4 цифры, например 76 04",
    );
    expect(await axeViolations(page)).toEqual([]);
    // The refused submission is shown again for correction (this response only).
    expect(await page.inputValue('[name="personalData.representative.document.number"]')).toBe("402817");
    await page.fill('[name="personalData.student.document.series"]', "76 22");
    await Promise.all([page.waitForURL(/\/receipt/), page.click("button[type=submit]")]);
    expect(await page.textContent("h1")).toBe("Ваше решение записано");
    expect(await page.textContent("main")).toContain(
      "адреса и сведения о документах есть только в этом документе",
    );
    expect(await page.textContent("main")).not.toContain("402817");
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);

    // Back on the form: nothing of the documents is filled in; the withdrawal form is there and passes too.
    await page.goto(`${base}/c/${token}`);
    expect(await page.inputValue('[name="personalData.representative.document.number"]')).toBe("");
    expect(await page.isVisible("#withdraw")).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);

    await page.goto(`${base}/c/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(await page.textContent("h1")).toBe("Ссылка не найдена");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
