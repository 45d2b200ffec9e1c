import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, protocolPdf } from "../regulation/support.js";
import { createTestApp, SYSTEM, type TestApp, type TestSession } from "../support/app.js";

/**
 * Issue 13, defect 11: `/staff/council?done=<text>` and `/staff/regulations?done=<text>` printed any
 * text in the green «done» box, so a crafted link could make the service itself say «Положение
 * принято» or ask to call a number. Notices now come from a fixed set of keys, and their parameters
 * are checked against the page's own data.
 */
let t: TestApp;
let secretary: TestSession;
let director: TestSession;
let admin: TestSession;

beforeAll(async () => {
  t = await createTestApp();
  [secretary, director, admin] = await Promise.all([
    t.signIn(["council_secretary", "teacher"]),
    t.signIn(["director"]),
    t.signIn(["administrator", "teacher"]),
  ]);
});

const FORGED = [
  "Положение принято. Срочно позвоните по номеру +7 900 000-00-00",
  "<script>alert(1)</script>Взломано",
  "rules ",
  "RULES",
  "meeting",
  "draft",
  "approved",
];

const notice = (html: string) => /<div class="notice ok" role="status">([^<]*)<\/div>/.exec(html)?.[1];

async function page(path: string, session: TestSession) {
  const res = await t.app.request(path, { headers: session.cookie });
  expect(res.status).toBe(200);
  return res.text();
}

describe("success notices come from a fixed set of keys", () => {
  it("a forged ?done= text is never shown on the council or regulation page", async () => {
    for (const text of FORGED) {
      const q = `?done=${encodeURIComponent(text)}&meeting=00000000-0000-4000-8000-000000000000&no=1`;
      const council = await page(`/staff/council${q}`, secretary);
      const regulations = await page(`/staff/regulations${q}`, admin);
      expect(notice(council), text).toBeUndefined();
      expect(notice(regulations), text).toBeUndefined();
      expect(council).not.toContain("Срочно позвоните");
      expect(regulations).not.toContain("Взломано");
    }
  });

  it("the council page: saving the rules and recording a meeting say so from their own data", async () => {
    const rules = await t.app.request("/staff/council/rules", {
      method: "POST",
      headers: { ...director.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: director.csrf,
        quorumNumerator: "1",
        quorumDenominator: "2",
        quorumStrict: "on",
        majorityNumerator: "1",
        majorityDenominator: "2",
        majorityStrict: "on",
        majorityBase: "present",
      }),
    });
    expect(rules.status).toBe(303);
    expect(rules.headers.get("location")).toBe("/staff/council?done=rules");
    expect(notice(await page(rules.headers.get("location")!, director))).toBe("Правила педсовета сохранены");

    const draft = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const request = meetingRequest({ versionId: draft.versionId, date: t.today() }, await protocolPdf(), {
      ...secretary.cookie,
      "x-csrf-token": secretary.csrf,
    });
    const recorded = await t.app.request("/staff/council/meetings", request);
    expect(recorded.status).toBe(303);
    const location = recorded.headers.get("location")!;
    expect(location).toMatch(/^\/staff\/council\?done=meeting&meeting=[0-9a-f-]{36}$/);
    expect(notice(await page(location, secretary))).toMatch(/^Решение записано: Положение принято\. \S/);
    // The same key with another meeting id (or none) says nothing.
    expect(notice(await page("/staff/council?done=meeting&meeting=x", secretary))).toBeUndefined();
  });

  it("the regulation page: a new draft is named by its number, checked against the list", async () => {
    // Identical drafts are refused: the text of the first one with an addition.
    const repo = new RegulationRepository(t.services);
    const base = (await repo.list())[0]!;
    const text = `${await repo.text(base)}\nДополнение ${Date.now()}\n`;
    const created = await t.app.request("/staff/regulations", {
      method: "POST",
      headers: { ...admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: admin.csrf, source: "upload", text, note: "Проверка" }),
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location")!;
    const no = /^\/staff\/regulations\?done=draft&no=(\d+)$/.exec(location)?.[1];
    expect(no).toBeDefined();
    expect(notice(await page(location, admin))).toBe(`Создан проект редакции № ${no}`);
    expect(notice(await page("/staff/regulations?done=draft&no=9999", admin))).toBeUndefined();
    expect(notice(await page("/staff/regulations?done=draft&no=1%20принят", admin))).toBeUndefined();
    // «approved» speaks only of the regulation actually in force: none yet here.
    expect(notice(await page("/staff/regulations?done=approved", admin))).toBeUndefined();
  });
});
