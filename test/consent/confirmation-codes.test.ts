import { randomBytes } from "node:crypto";
import {
  CODE_MAX_SENDS_PER_DAY,
  CODE_MAX_TRIES,
  codeKey,
  nextSendAllowedAt,
} from "@soglasie/core/consent/confirmation-codes";
import { resolveLink } from "@soglasie/core/consent/links";
import { createProviders, sweepOutbox } from "@soglasie/core/messages/index";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, form, type TestApp, TestClock, type TestSession } from "../support/app.js";
import { mailTo } from "../support/messages.js";
import { acrossPages, pdfText } from "../support/pdf-tools.js";
import { decisionBody, groupIdByCode, groupLinks, importRoster, rosterCsv, submitJson } from "./support.js";

/**
 * Confirmation codes (CONFIRMATION_CODES=required): a parent with a contact on file answers only
 * with a 6-digit code sent through the outbox to the local SES emulator; the code is stored as a
 * hash, lives 10 minutes, allows 5 tries counted atomically, and resending is limited. Without a
 * contact the link alone signs and the document says so.
 */
const run = randomBytes(3).toString("hex");
const mail = (n: string) => `p${n}.${run}@mail.test`;
let t: TestApp;
let admin: TestSession;
let links: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp({
    clock: new TestClock(new Date("2026-11-25T03:00:00Z")), // 12:00 in Chita
    config: { confirmationCodes: "required" },
  });
  admin = await t.signIn(["administrator"]);
  await importRoster(
    t as never,
    admin,
    // Minors by their dates of birth: the parent signs, and no age statement is needed in the documents.
    `Группа;ФИО обучающегося;ФИО родителя (законного представителя);Телефон;Email;Дата рождения\n${[
      ["ТМ-21", "Кузнецов Павел Олегович", "Кузнецова Ольга Ивановна", "", mail("a"), "01.09.2010"],
      ["ТМ-21", "Лебедева Анна Сергеевна", "Лебедев Сергей Петрович", "", "", "02.09.2010"],
      ["ТМ-21", "Морозов Игорь Денисович", "Морозова Нина Ивановна", "", mail("c"), "03.09.2010"],
      ["ТМ-21", "Орлов Денис Ильич", "Орлова Вера Павловна", "", mail("d"), "04.09.2010"],
    ]
      .map((r) => r.join(";"))
      .join("\n")}\n`,
  );
  links = await groupLinks(t as never, admin, await groupIdByCode(t as never, admin, "ТМ-21"));
}, 60_000);

const token = (name: string) => links.get(name)!;
const askCode = (tk: string) => t.app.request(`/api/consent/${tk}/code`, { method: "POST" });
const answer = (tk: string, over: Record<string, unknown> = {}) =>
  submitJson(t as never, tk, decisionBody(over));

/** Sends the outbox and reads the newest code mailed to `to` from the SES emulator. */
async function codeMailedTo(to: string): Promise<string> {
  await sweepOutbox(t.services, { providers: createProviders(t.services.config), asOf: t.clock.now() });
  // The newest code mail (a decision's confirmation goes to the same address).
  const codes = (await mailTo(to))
    .sort((a, b) => a.at - b.at)
    .map((m) => /Код подтверждения решения по персональной ссылке: (\d{6})/.exec(m.body.text ?? "")?.[1])
    .filter(Boolean);
  return codes.at(-1) ?? "";
}

async function storedCode(tk: string) {
  const ctx = await resolveLink(t.services, tk);
  return t.services.db.get<Record<string, unknown>>(
    codeKey(t.services.config.orgId, ctx.request.requestId),
    true,
  );
}

describe("confirmation codes", { timeout: 120_000 }, () => {
  it("a link alone no longer answers for a parent with a contact (a teacher holding it cannot)", async () => {
    const a = token("Кузнецов Павел Олегович");
    const info = (await (await t.app.request(`/api/consent/${a}`)).json()) as any;
    expect(info.confirmation).toEqual({ method: "code", channel: "email", to: `p***@mail.test` });
    const refused = await answer(a);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.code[0]).toBe(
      "Нужен код подтверждения: нажмите «Получить код», и он придёт на p***@mail.test.",
    );
    const page = await (await t.app.request(`/c/${a}`)).text();
    expect(page).toContain(`formaction="/c/${a}/code"`);
    expect(page).toContain("Получить код");
  });

  it("sends a code through the outbox (hash only), limits resending, and signs with it; the PDF names the masked contact", async () => {
    const a = token("Кузнецов Павел Олегович");
    const sent = await askCode(a);
    expect(sent.status).toBe(201);
    const body = (await sent.json()) as any;
    expect(body).toMatchObject({ channel: "email", to: "p***@mail.test" });
    expect(JSON.stringify(body)).not.toMatch(/\b\d{6}\b/);
    const again = await askCode(a);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await again.json()) as any).error.message).toMatch(
      /^Код уже отправлен на p\*\*\*@mail\.test\. Новый можно получить через \d+ с\.$/,
    );

    const code = await codeMailedTo(mail("a"));
    expect(code).toMatch(/^\d{6}$/);
    const item = await storedCode(a);
    expect(JSON.stringify(item)).not.toContain(code);
    expect(item).toMatchObject({ tries: 0, sends: 1, toMasked: "p***@mail.test" });

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const bad = await answer(a, { code: wrong });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.code[0]).toBe(
      `Неверный код подтверждения. Осталось попыток: ${CODE_MAX_TRIES - 1}.`,
    );
    const ok = await answer(a, { code });
    expect(ok.status).toBe(201);
    expect(ok.body.confirmedBy).toEqual({ channel: "email", to: "p***@mail.test" });
    const pdf = await t.app.request(`/c/${a}/documents/${ok.body.documentId}`);
    const text = acrossPages(await pdfText(new Uint8Array(await pdf.arrayBuffer())));
    expect(text).toContain("ввод кода подтверждения, направленного на p***@mail.test, и ввод фамилии");
    expect(text).toContain("персональная ссылка и код подтверждения");
    // The code signs once: a change of mind needs a new one.
    const reuse = await answer(a, { code, decision: "refusal", alternatives: [], personalData: undefined });
    expect(reuse.status).toBe(400);
  });

  it("refuses an expired code and bounds brute force: 5 tries counted atomically, then a new code", async () => {
    const c = token("Морозов Игорь Денисович");
    expect((await askCode(c)).status).toBe(201);
    const first = await codeMailedTo(mail("c"));
    t.clock.current = new Date(t.clock.current.getTime() + 11 * 60_000);
    const late = await answer(c, { code: first });
    expect(late.status).toBe(400);
    expect(late.body.error.fields.code[0]).toBe("Срок действия кода истёк (10 минут). Получите новый код.");

    const d = token("Орлов Денис Ильич");
    expect((await askCode(d)).status).toBe(201);
    const real = await codeMailedTo(mail("d"));
    const guesses = Array.from({ length: CODE_MAX_TRIES + 2 }, (_, i) =>
      String((Number(real) + 1 + i) % 1_000_000).padStart(6, "0"),
    );
    const results = await Promise.all(guesses.map((g) => answer(d, { code: g })));
    expect(results.every((r) => r.status === 400)).toBe(true);
    expect((await storedCode(d))?.tries).toBe(CODE_MAX_TRIES);
    const after = await answer(d, { code: real });
    expect(after.status).toBe(400);
    expect(after.body.error.fields.code[0]).toBe("Попытки ввода кода исчерпаны. Получите новый код.");
  });

  it("limits resending: once a minute, at most a day's number of codes", () => {
    const now = new Date("2026-11-25T03:00:00Z");
    const at = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
    expect(nextSendAllowedAt(undefined, now)).toBeNull();
    expect(nextSendAllowedAt({ sentAt: at(30), sends: 1, windowStart: at(30) }, now)?.toISOString()).toBe(
      "2026-11-25T03:00:30.000Z",
    );
    expect(nextSendAllowedAt({ sentAt: at(61), sends: 2, windowStart: at(600) }, now)).toBeNull();
    expect(
      nextSendAllowedAt(
        { sentAt: at(120), sends: CODE_MAX_SENDS_PER_DAY, windowStart: at(3600) },
        now,
      )?.toISOString(),
    ).toBe("2026-11-26T02:00:00.000Z");
  });

  it("without a contact the link alone signs and the document says so; the page sends codes without JavaScript", async () => {
    const b = token("Лебедева Анна Сергеевна");
    expect((await askCode(b)).status).toBe(409);
    const ok = await answer(b, { decision: "refusal", alternatives: ["diary"], personalData: undefined });
    expect(ok.status).toBe(201);
    const pdf = await t.app.request(`/c/${b}/documents/${ok.body.documentId}`);
    const text = acrossPages(await pdfText(new Uint8Array(await pdf.arrayBuffer())));
    expect(text).toContain(
      "направленной ГПОУ «ЧПТК», без кода подтверждения (контакт в списке группы не указан), и ввод",
    );

    // «Получить код» posts the form as typed; the same form comes back with the code on its way.
    const d = token("Орлов Денис Ильич");
    t.clock.current = new Date(t.clock.current.getTime() + 2 * 60_000);
    const page = await (await t.app.request(`/c/${d}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const f = form({ _csrf: csrf, decision: "consent", parentName: "Орлова Вера Павловна" });
    const res = await t.app.request(`/c/${d}/code`, { method: "POST", body: f.body, headers: f.headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Код отправлен на p***@mail.test. Он действует 10 минут.");
    expect(html).toContain('value="Орлова Вера Павловна"');
    const again = await t.app.request(`/c/${d}/code`, { method: "POST", body: f.body, headers: f.headers });
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/id="e-code"[^>]*>Код уже отправлен на p\*\*\*@mail\.test/);
  });
});
