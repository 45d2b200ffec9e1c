import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { serve } from "@hono/node-server";
import { AcknowledgmentRepository } from "@soglasie/core/regulation/acknowledgment-repository";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import type { StaffMember } from "@soglasie/core/staff/staff-repository";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../support/app.js";
import { launchChromiumProfile, serveApp } from "../support/browser.js";
import { protocolPdf, type RegulationTestApp, regulationTestApp } from "./support.js";

/**
 * The secretary, the director and a teacher go through the regulation's pages in a real headless
 * Chromium against a listening server: upload the protocol scan, approve, confirm «Ознакомлен(а)».
 */
let t: RegulationTestApp;
let server: ReturnType<typeof serve>;
let base: string;
let context: BrowserContext;
let page: Page;
let profile: string;
let scanPath: string;

async function signIn(staff: StaffMember) {
  await page.goto(`${base}/logout`);
  await page.goto(`${base}/login`);
  await page.fill("#f-email", staff.email);
  await page.fill("#f-password", TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/staff`), page.click("button[type=submit]")]);
}

beforeAll(async () => {
  t = await regulationTestApp();
  ({ base, server } = await serveApp(t.app));
  profile = mkdtempSync(join(tmpdir(), "soglasie-chromium-"));
  scanPath = join(profile, "..", `protocol-${Date.now()}.pdf`);
  writeFileSync(scanPath, await protocolPdf());
  context = await launchChromiumProfile(profile);
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (scanPath) rmSync(scanPath, { force: true });
});

describe("regulation pages in Chromium", () => {
  it("secretary records the adoption with the scan, director approves, a teacher confirms", async () => {
    const secretary = await t.member(["council_secretary", "teacher"]);
    const director = await t.member(["director"]);
    const teacher = await t.member(["teacher"], {
      fullName: "Волкова Елена Николаевна",
      position: "Методист",
    });
    await new RegulationRepository(t.services).create({ source: "template" }, { type: "system", id: "test" });

    // Secretary: a refused form keeps the values and says why; the corrected one is recorded.
    await signIn(secretary);
    await page.goto(`${base}/staff/council`);
    await page.fill("#f-date", t.today());
    await page.fill("#f-protocolNumber", "4");
    await page.fill("#f-membersTotal", "20");
    await page.fill("#f-membersPresent", "25");
    await page.fill("#f-votesFor", "15");
    await page.fill("#f-votesAgainst", "0");
    await page.fill("#f-votesAbstained", "0");
    await page.fill("#f-chair", "Иванова Светлана Петровна");
    await page.fill("#f-secretary", "Кузнецова Ольга Викторовна");
    await page.setInputFiles("#f-protocol", scanPath);
    await Promise.all([
      page.waitForLoadState("load"),
      page.click("form[action='/staff/council/meetings/check'] button[type=submit]"),
    ]);
    await expect
      .poll(() => page.textContent(".error-summary"))
      .toContain("Присутствующих (25) больше, чем членов совета (20)");
    expect(await page.inputValue("#f-protocolNumber")).toBe("4");

    await page.fill("#f-membersPresent", "18");
    await page.setInputFiles("#f-protocol", scanPath);
    // The check step shows the decision and the extract's draft; then it is signed.
    await Promise.all([
      page.waitForLoadState("load"),
      page.click("form[action='/staff/council/meetings/check'] button[type=submit]"),
    ]);
    expect(await page.textContent(".notice.ok")).toContain("Положение будет принято");
    await Promise.all([
      page.waitForURL(/\/staff\/council\?done=/),
      page.click("text=Подписать и зарегистрировать"),
    ]);
    expect(await page.textContent(".notice.ok")).toContain("Положение принято");
    expect(await page.textContent("table")).toContain("протокол № 4");

    // Director: the adopted version waits for approval; the order is shown as a draft, then signed.
    await signIn(director);
    await page.goto(`${base}/staff/regulations`);
    expect(await page.textContent("main")).toContain("Ждут утверждения: редакция № 1");
    await Promise.all([page.waitForURL(/\/approve\?/), page.click("text=Подготовить приказ об утверждении")]);
    await Promise.all([
      page.waitForURL(/\/staff\/regulations\?done=/),
      page.click("text=Подписать и зарегистрировать"),
    ]);
    expect(await page.textContent(".notice.ok")).toMatch(/Положение утверждено приказом от .* № 1-од/);
    expect(await page.textContent("main")).toContain("Действует редакция № 1");

    // Teacher: the home page asks to read and confirm; after confirming the prompt is gone.
    await signIn(teacher);
    expect(await page.textContent("#regulation-prompt")).toContain("Ознакомьтесь с Положением");
    const pdfHref = await page.getAttribute("#regulation-prompt a", "href");
    expect(pdfHref).toBe("/regulation.pdf");
    const pdf = await page.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await Promise.all([page.waitForURL(`${base}/staff?acknowledged=1`), page.click("text=Ознакомлен(а)")]);
    expect(await page.locator("#regulation-prompt").count()).toBe(0);
    expect(await page.textContent(".notice.ok")).toContain("ознакомление с Положением записано");
    const current = await new RegulationRepository(t.services).current();
    expect(
      await new AcknowledgmentRepository(t.services).get(current!.versionId, teacher.staffId),
    ).toBeDefined();
  }, 90_000); // a whole journey through four pages and two signed documents, in Chromium
});
