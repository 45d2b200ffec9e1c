import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { parentContactsSchema } from "@soglasie/core/staff/parent-contacts";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import {
  type ConsentTestApp,
  consentTestApp,
  decisionBody,
  groupIdByCode,
  groupLinks,
  importRoster,
  rosterCsv,
  submitJson,
} from "./support.js";

/**
 * Parent pages name the group's class teacher and show only the contacts that teacher chose to show
 * (a setting of their own at /staff/contacts, validated with zod); nobody else can set them.
 */
let t: ConsentTestApp;
let teacher: TestSession;
let token: string;

beforeAll(async () => {
  t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  await importRoster(t, admin, rosterCsv([["ТМ-21", "Кузнецов Павел Олегович", "Кузнецова Ольга Ивановна"]]));
  const groupId = await groupIdByCode(t, admin, "ТМ-21");
  token = [...(await groupLinks(t, admin, groupId)).values()][0]!;
  teacher = await t.signIn(["class_teacher"], "Смирнова Елена Викторовна");
  await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
}, 60_000);

const parentPage = async () => (await t.app.request(`/c/${token}`)).text();
const postContacts = (fields: Record<string, string>, session = teacher) => {
  const f = form({ _csrf: session.csrf, ...fields });
  return t.app.request("/staff/contacts", {
    method: "POST",
    body: f.body,
    headers: { ...f.headers, ...session.cookie },
  });
};

describe("the class teacher on the parents' pages", () => {
  it("names the teacher and shows no contact they did not choose (not the sign-in e-mail)", async () => {
    const html = await parentPage();
    expect(html).toContain("Классный руководитель — <strong>Смирнова Елена Викторовна</strong>");
    expect(html).toContain("спросите контакты в колледже");
    expect(html).not.toContain(teacher.staff.email);
  });

  it("the teacher sets their contacts on their own page; the parent page shows exactly those", async () => {
    const page = await (await t.app.request("/staff/contacts", { headers: teacher.cookie })).text();
    expect(page).toContain("Контакты для родителей");
    expect(page).toContain("только ваше имя, без контактов");

    const saved = await postContacts({
      phone: "+7 914 123-45-67",
      email: "",
      note: "по будням с 15:00 до 17:00",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/staff/contacts?done=saved");
    const html = await parentPage();
    expect(html).toContain('<a href="tel:+79141234567">+7 914 123-45-67</a>');
    expect(html).toContain("по будням с 15:00 до 17:00");
    expect(html).not.toContain("mailto:");
    const receipt = await t.app.request(`/c/${token}/receipt`);
    expect(receipt.status).toBe(303); // no decision yet: back to the form
  });

  it("refuses a bad phone or e-mail with a message at the field, keeping what was stored", async () => {
    const refused = await postContacts({ phone: "звоните", email: "not-an-email", note: "" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("<title>Ошибка: Контакты для родителей");
    expect(html).toMatch(/id="e-phone"[^>]*>Телефон: цифры, пробелы, \+, скобки и дефис/);
    expect(html).toContain('id="e-email"');
    expect(html).toContain('<a href="#f-phone">Телефон для родителей: телефон: цифры');
    expect(await parentPage()).toContain("+7 914 123-45-67");
  });

  it("the JSON API reads and replaces one's own contacts; an empty set removes them", async () => {
    const put = (body: unknown) =>
      t.app.request("/api/staff/me/parent-contacts", {
        method: "PUT",
        headers: { ...teacher.bearer, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await put({ phone: "12", extra: "x" });
    expect(bad.status).toBe(400);
    const ok = await put({ email: "Smirnova@College.example" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ email: "smirnova@college.example" });
    const read = await t.app.request("/api/staff/me/parent-contacts", { headers: teacher.bearer });
    expect(await read.json()).toEqual({ email: "smirnova@college.example" });
    expect(await parentPage()).toContain('href="mailto:smirnova@college.example"');
    expect(await (await put({})).json()).toEqual({});
    expect(await parentPage()).toContain("спросите контакты в колледже");
  });

  it("needs a session: a parent or a stranger cannot set anyone's contacts", async () => {
    const res = await t.app.request("/api/staff/me/parent-contacts", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: "+7 999 000-00-00" }),
    });
    expect(res.status).toBe(401);
    expect(await parentPage()).not.toContain("+7 999 000-00-00");
  });

  it("the schema trims, lower-cases the e-mail and drops empty fields", () => {
    expect(parentContactsSchema.parse({ phone: " ", email: " A@B.RU ", note: "  каб.  214 " })).toEqual({
      email: "a@b.ru",
      note: "каб. 214",
    });
  });
});

describe("links inside the parent's pages", () => {
  /** Every href and action of a page: inside the site they are paths or fragments, never PUBLIC_BASE_URL's. */
  const targets = (html: string) => [...html.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((m) => m[1]!);

  it("are relative on the form and the receipt; the verification URL is shown as the PDF prints it", async () => {
    const answer = await submitJson(t, token, decisionBody());
    expect(answer.status).toBe(201);
    const base = t.services.config.publicBaseUrl;
    for (const path of [`/c/${token}`, `/c/${token}/receipt`]) {
      const html = await (await t.app.request(path)).text();
      const links = targets(html);
      expect(links.length).toBeGreaterThan(3);
      for (const link of links) expect(link, `${path}: ${link}`).toMatch(/^(\/(?!\/)|#|tel:|mailto:)/);
      expect(html).not.toContain(`href="${base}`);
    }
    const receipt = await (await t.app.request(`/c/${token}/receipt`)).text();
    expect(receipt).toContain(`>${base}/verify/${answer.body.documentId}</a>`);
    expect(receipt).toContain(`href="/verify/${answer.body.documentId}"`);
    // The smaller things: the signing time carries its zone, «Изменить решение» is a button-sized link,
    // «ИКОП» is spelled out where the page uses it first.
    expect(receipt).toMatch(/<dd>\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(UTC\+9\)<\/dd>/);
    expect(receipt).toContain(`<a class="button block secondary" href="/c/${token}">Изменить решение</a>`);
    expect(receipt).toContain("информационно-коммуникационной образовательной платформы (ИКОП) «Сферум»");
    const formPage = await (await t.app.request(`/c/${token}`)).text();
    expect(formPage).toContain("информационно-коммуникационная образовательная платформа (ИКОП)");
    expect(formPage).toMatch(/Ваше текущее решение: согласие \(\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(UTC\+9\)\)/);
    // The JSON API keeps absolute URLs: its clients are not on the site.
    const api = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(JSON.stringify(api)).toContain(`${base}/`);
  });
});
