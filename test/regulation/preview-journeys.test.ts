import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { MeetingRepository } from "@soglasie/core/council/meeting-repository";
import { listOrders } from "@soglasie/core/orders/register";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../support/app.js";
import { launchChromium, serveApp } from "../support/browser.js";
import { pdfsig, pdfText, tempFile } from "../support/pdf-tools.js";
import { meetingRequest, protocolPdf, regulationTestApp } from "./support.js";

/**
 * Issue 14, "Done when": in a real headless Chromium at 360 and 1280 px, the director sees the
 * approval order as a «ПРОЕКТ» draft before signing it, and the secretary confirms a «not adopted»
 * outcome, annuls that wrong record and records the right one under the same protocol number.
 * axe-core finds no serious or critical violations on the new pages.
 */
const AXE = readFileSync(join(process.cwd(), "node_modules/axe-core/axe.min.js"), "utf8");
const WIDTHS = [360, 1280] as const;

let browser: Browser;
let scanPath: string;
beforeAll(async () => {
  browser = await launchChromium();
  scanPath = tempFile(await protocolPdf(), "pdf");
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (scanPath) rmSync(scanPath, { force: true });
});

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

const noSidewaysScroll = (page: Page) =>
  page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as Promise<boolean>;

async function open(width: number) {
  const t = await regulationTestApp();
  const served = await serveApp(t.app);
  // bypassCSP only so that axe-core can be injected; the pages themselves run no script.
  const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const signIn = async (staff: StaffMember) => {
    await page.goto(`${served.base}/login`);
    await page.fill("#f-email", staff.email);
    await page.fill("#f-password", TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${served.base}/staff`), page.click("button[type=submit]")]);
  };
  const close = async () => {
    await context.close();
    await served.close();
  };
  return { t, base: served.base, page, signIn, close };
}

/** The fields of a form on the page, as the browser would post them (to fetch a draft PDF). */
const formFields = (page: Page, selector: string) =>
  page.evaluate(
    `Object.fromEntries([...new FormData(document.querySelector(${JSON.stringify(selector)})).entries()].map(([k, v]) => [k, String(v)]))`,
  ) as Promise<Record<string, string>>;

describe.each(WIDTHS)("preview before signing and lawful corrections at %i px", (width) => {
  it("the director previews the approval order, changes the date, then signs it", async () => {
    const { t, base, page, signIn, close } = await open(width);
    try {
      const v = await new RegulationRepository(t.services).create(
        { source: "template" },
        { type: "system", id: "test" },
      );
      const secretary = await t.signIn(["council_secretary"]);
      const adopted = await t.app.request(
        "/api/council/meetings",
        meetingRequest({ versionId: v.versionId, date: t.today() }, await protocolPdf(), secretary.bearer),
      );
      expect(adopted.status).toBe(201);
      const director = await t.member(["director"], { fullName: "Петров Андрей Викторович" });
      await signIn(director);
      await page.goto(`${base}/staff/regulations`);
      const later = new Date(Date.parse(`${t.today()}T00:00:00Z`) + 5 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await page.fill("input[name=effectiveDate]", later);
      await Promise.all([
        page.waitForURL(/\/approve\?effectiveDate=/),
        page.click("text=Подготовить приказ об утверждении"),
      ]);
      expect(await page.textContent("h1")).toContain(
        "Проект приказа об утверждении Положения (редакция № 1)",
      );
      expect(await page.textContent("dl.summary")).toContain(later.split("-").reverse().join("."));
      expect(await listOrders(t.services, {})).toEqual([]); // nothing registered by the preview
      expect(await axeViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);

      const href = await page.getAttribute("text=Открыть проект приказа (PDF)", "href");
      const draft = await page.request.get(`${base}${href}`);
      expect(draft.status()).toBe(200);
      expect(draft.headers()["content-type"]).toBe("application/pdf");
      const bytes = new Uint8Array(await draft.body());
      const text = await pdfText(bytes);
      expect(text).toContain("ПРОЕКТ");
      expect(text).toContain("№ ___");
      expect(text).toContain("ДОКУМЕНТ НЕ ПОДПИСАН");
      expect(text).toContain("Петров");
      expect(await pdfsig(bytes)).toMatch(/does not contain any signatures/);

      // The effective date is changed on the preview page itself; the draft follows it.
      await page.fill("#f-effectiveDate", t.today());
      await Promise.all([page.waitForLoadState("load"), page.click("text=Изменить дату и обновить проект")]);
      expect(await page.textContent("dl.summary")).toContain(t.today().split("-").reverse().join("."));

      await Promise.all([
        page.waitForURL(/\/staff\/regulations\?done=/),
        page.click("text=Подписать и зарегистрировать"),
      ]);
      expect(await page.textContent(".notice.ok")).toMatch(/Положение утверждено приказом от .* № 1-од/);
      const orders = await listOrders(t.services, {});
      expect(orders.map((o) => o.number)).toEqual(["1-од"]);
      expect((await new RegulationRepository(t.services).require(v.versionId)).state).toBe("in_force");
    } finally {
      await close();
    }
  }, 120_000);

  it("the secretary confirms «not adopted», annuls the wrong record and records the right one under the same number", async () => {
    const { t, base, page, signIn, close } = await open(width);
    try {
      const v = await new RegulationRepository(t.services).create(
        { source: "template" },
        { type: "system", id: "test" },
      );
      const secretary = await t.member(["council_secretary", "teacher"], {
        fullName: "Кузнецова Ольга Викторовна",
      });
      await signIn(secretary);
      await page.goto(`${base}/staff/council`);
      expect(await page.inputValue("#f-secretary")).toBe("Кузнецова Ольга Викторовна");
      const fill = async (present: string, votesFor: string) => {
        await page.fill("#f-date", t.today());
        await page.fill("#f-protocolNumber", "4");
        await page.fill("#f-membersTotal", "20");
        await page.fill("#f-membersPresent", present);
        await page.fill("#f-votesFor", votesFor);
        await page.fill("#f-votesAgainst", "0");
        await page.fill("#f-votesAbstained", "0");
        await page.fill("#f-chair", "Иванова Светлана Петровна");
        await page.setInputFiles("#f-protocol", scanPath);
        await Promise.all([page.waitForLoadState("load"), page.click("text=Проверить запись")]);
      };

      // A typo: 8 present of 20 is no quorum. The check says so as a warning and asks to confirm.
      await fill("8", "8");
      expect(await page.textContent("#not-adopted")).toContain("Решение не принято");
      expect(await axeViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      expect(await new MeetingRepository(t.services).list()).toEqual([]);
      await page.check("#f-confirmNotAdopted");
      await Promise.all([
        page.waitForURL(/\/staff\/council\?done=meeting/),
        page.click("text=Записать: решение не принято"),
      ]);
      expect(await page.textContent(".notice.warn")).toContain("не принято, Положение остаётся проектом");

      // The record is wrong: annulled with a reason, kept and marked, the number freed.
      await page.click("text=Аннулировать ошибочную запись");
      await page.fill("textarea[name=reason]", "Ошибка ввода: присутствовало 18, а не 8 членов совета");
      await Promise.all([
        page.waitForURL(/done=annulled/),
        page.click("button:has-text('Аннулировать запись')"),
      ]);
      expect(await page.textContent("main")).toContain("Номер протокола свободен");
      expect(await page.textContent("table")).toContain("Запись аннулирована");
      expect(await axeViolations(page)).toEqual([]);

      // The right figures under the same protocol number: adopted, the extract shown as a draft first.
      await fill("18", "15");
      expect(await page.textContent(".notice.ok")).toContain("Положение будет принято");
      const fields = await formFields(page, "form[action='/staff/council/meetings/draft.pdf']");
      const draft = await page.request.post(`${base}/staff/council/meetings/draft.pdf`, {
        form: fields,
        headers: { origin: base },
      });
      expect(draft.status()).toBe(200);
      const bytes = new Uint8Array(await draft.body());
      expect(await pdfText(bytes)).toContain("ПРОЕКТ");
      expect(await pdfsig(bytes)).toMatch(/does not contain any signatures/);
      await Promise.all([
        page.waitForURL(/\/staff\/council\?done=meeting/),
        page.click("text=Подписать и зарегистрировать"),
      ]);
      expect(await page.textContent(".notice.ok")).toContain("Положение принято");

      const meetings = await new MeetingRepository(t.services).list();
      expect(meetings.map((m) => [m.protocolNumber, m.outcome, Boolean(m.annulment)]).sort()).toEqual([
        ["4", "adopted", false],
        ["4", "not_adopted", true],
      ]);
      expect((await new RegulationRepository(t.services).require(v.versionId)).state).toBe("adopted");
    } finally {
      await close();
    }
  }, 120_000);
});
