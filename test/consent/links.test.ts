import { randomBytes } from "node:crypto";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
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

let t: ConsentTestApp;
let admin: TestSession;
let teacher: TestSession;
let groupId: string;

const names = [
  "Белов Артём Игоревич",
  "Гусева Полина Андреевна",
  "Ильин Матвей Олегович",
  "Тарасова Алина Юрьевна",
];

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  teacher = await t.signIn(["class_teacher"]);
  await importRoster(
    t,
    admin,
    rosterCsv(names.map((n, i) => ["ЭС-22", n, `Родителева Мать${"абвг"[i]}а Ивановна`])),
  );
  groupId = await groupIdByCode(t, admin, "ЭС-22");
  await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
});

/** A bodiless API POST still names its content type (the Origin check treats untyped posts as forms). */
const jsonPost = (session: TestSession) => ({
  method: "POST",
  headers: { ...session.bearer, "content-type": "application/json" },
  body: "",
});

const randomToken = () => randomBytes(16).toString("base64url");

describe("dead links", () => {
  it("answers an unknown link with a Russian 404 page that names nobody", async () => {
    for (const token of [randomToken(), "short", "<script>alert(1)</script>", "a".repeat(300)]) {
      const res = await t.app.request(`/c/${encodeURIComponent(token)}`, {
        headers: { "x-forwarded-for": "192.0.2.1" },
      });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("Ссылка не найдена");
      expect(html).toContain("классному руководителю");
      for (const n of names) expect(html).not.toContain(n.split(" ")[0]!);
      expect(html).not.toContain("<script>alert(1)</script>");
    }
    const api = await t.app.request(`/api/consent/${randomToken()}`, {
      headers: { "x-forwarded-for": "192.0.2.1" },
    });
    expect(api.status).toBe(404);
    expect(((await api.json()) as any).error.code).toBe("not_found");
  });

  it("refuses a client's unknown links after 30 within 10 minutes (429); valid links still open (issue 13)", async () => {
    const client = { "x-forwarded-for": "192.0.2.99" };
    for (let i = 0; i < 30; i++) {
      expect((await t.app.request(`/c/${randomToken()}`, { headers: client })).status).toBe(404);
    }
    const blocked = await t.app.request(`/c/${randomToken()}`, { headers: client });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Слишком много попыток");
    // A parent behind the same address (a shared NAT) opens a valid link.
    const valid = (await groupLinks(t, teacher, groupId)).get(names[0]!)!;
    expect((await t.app.request(`/c/${valid}`, { headers: client })).status).toBe(200);
    // Another client is not affected, and the window passes.
    expect(
      (await t.app.request(`/c/${randomToken()}`, { headers: { "x-forwarded-for": "192.0.2.100" } })).status,
    ).toBe(404);
    t.clock.current = new Date(t.clock.current.getTime() + 11 * 60 * 1000);
    expect((await t.app.request(`/c/${randomToken()}`, { headers: client })).status).toBe(404);
  });

  it("expires links after the configured days (410), counts them as expired, and re-issues them", async () => {
    const before = await groupLinks(t, teacher, groupId);
    const decided = before.get(names[1]!)!;
    expect((await submitJson(t, decided, decisionBody({ parentName: "Гусева Ирина Петровна" }))).status).toBe(
      201,
    );

    t.clock.addDays(t.services.config.linkTtlDays); // still the last valid day
    expect((await t.app.request(`/c/${before.get(names[0]!)}`)).status).toBe(200);
    t.clock.addDays(1);
    // Sessions last a working day: sign in again after the clock jumped.
    teacher = await t.signIn(["class_teacher"]);
    admin = await t.signIn(["administrator"]);
    await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);

    const res = await t.app.request(`/c/${before.get(names[0]!)}`);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain("Срок действия ссылки истёк");
    expect(html).not.toContain("Белов");
    const api = await t.app.request(`/api/consent/${before.get(names[0]!)}`);
    expect(api.status).toBe(410);
    expect(((await api.json()) as any).error.code).toBe("link_expired");
    const submit = await submitJson(t, before.get(names[0]!)!, decisionBody());
    expect(submit.status).toBe(410);

    const overview = (await (await t.app.request("/api/groups", { headers: teacher.bearer })).json()) as any;
    expect(overview.groups[0].counts).toEqual({
      total: 4,
      consented: 1,
      refused: 0,
      withdrawn: 0,
      pending: 0,
      expired: 3,
      revoked: 0,
    });
    // Expired links are not exported as working links.
    expect((await groupLinks(t, teacher, groupId)).size).toBe(0);

    // Bare POST: every dead link without a decision gets a new one; the decided one keeps its state.
    const reissue = await t.app.request(`/api/groups/${groupId}/links/reissue`, jsonPost(teacher));
    expect(reissue.status).toBe(200);
    const issued = ((await reissue.json()) as any).reissued;
    expect(issued).toHaveLength(3);
    const after = await groupLinks(t, teacher, groupId);
    expect(after.size).toBe(3);
    expect(after.get(names[0]!)).not.toBe(before.get(names[0]!));
    expect((await t.app.request(`/c/${after.get(names[0]!)}`)).status).toBe(200);
    const old = await t.app.request(`/c/${before.get(names[0]!)}`);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain("заменена новой");
    const counts = (await (await t.app.request("/api/groups", { headers: teacher.bearer })).json()) as any;
    expect(counts.groups[0].counts).toEqual({
      total: 4,
      consented: 1,
      refused: 0,
      withdrawn: 0,
      pending: 3,
      expired: 0,
      revoked: 0,
    });
  });

  it("re-issues one student's link: the old one stops working at once", async () => {
    const before = await groupLinks(t, teacher, groupId);
    const body = (await (
      await t.app.request(`/api/groups/${groupId}/consents`, { headers: teacher.bearer })
    ).json()) as any;
    const student = body.students.find((s: any) => s.fullName === names[2]);
    const res = await t.app.request(`/api/groups/${groupId}/links/reissue`, {
      method: "POST",
      headers: { ...teacher.bearer, "content-type": "application/json" },
      body: JSON.stringify({ studentIds: [student.studentId] }),
    });
    expect(res.status).toBe(200);
    const [issued] = ((await res.json()) as any).reissued;
    expect(issued.url).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/);
    expect((await t.app.request(`/c/${before.get(names[2]!)}`)).status).toBe(410);
    expect((await t.app.request(new URL(issued.url).pathname)).status).toBe(200);
    // Unknown student id: 404, nothing changed.
    const bad = await t.app.request(`/api/groups/${groupId}/links/reissue`, {
      method: "POST",
      headers: { ...teacher.bearer, "content-type": "application/json" },
      body: JSON.stringify({ studentIds: ["00000000-0000-4000-8000-000000000000"] }),
    });
    expect(bad.status).toBe(404);
  });

  it("revokes unclaimed links of a group (clause 2.3); links with a decision keep working", async () => {
    // The decided student's link had expired: a new one lets the parent change their mind.
    const body = (await (
      await t.app.request(`/api/groups/${groupId}/consents`, { headers: teacher.bearer })
    ).json()) as any;
    const decided = body.students.find((s: any) => s.fullName === names[1]);
    expect(decided.status).toBe("consented");
    await t.app.request(`/api/groups/${groupId}/links/reissue`, {
      ...jsonPost(teacher),
      body: JSON.stringify({ studentIds: [decided.studentId] }),
    });
    const before = await groupLinks(t, teacher, groupId);
    expect(before.size).toBe(4);
    const res = await t.app.request(`/api/groups/${groupId}/revoke-unclaimed`, jsonPost(teacher));
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).revoked).toBe(3);
    const revoked = await t.app.request(`/c/${before.get(names[0]!)}`);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain("аннулирована");
    expect((await t.app.request(`/c/${before.get(names[1]!)}`)).status).toBe(200);
    const counts = (await (await t.app.request("/api/groups", { headers: teacher.bearer })).json()) as any;
    expect(counts.groups[0].counts).toEqual({
      total: 4,
      consented: 1,
      refused: 0,
      withdrawn: 0,
      pending: 0,
      expired: 0,
      revoked: 3,
    });
    // Revoking again finds nothing to revoke.
    const again = await t.app.request(`/api/groups/${groupId}/revoke-unclaimed`, jsonPost(teacher));
    expect(((await again.json()) as any).revoked).toBe(0);
  });

  it("revokes unclaimed links of the whole college from the administrator's page, with confirmation", async () => {
    await t.app.request(`/api/groups/${groupId}/links/reissue`, jsonPost(teacher));
    const unconfirmed = form({ _csrf: admin.csrf });
    const refused = await t.app.request("/staff/consents/revoke-unclaimed", {
      method: "POST",
      body: unconfirmed.body,
      headers: { ...unconfirmed.headers, ...admin.cookie },
    });
    expect(refused.status).toBe(400);
    const confirmed = form({ _csrf: admin.csrf, confirm: "on" });
    const res = await t.app.request("/staff/consents/revoke-unclaimed", {
      method: "POST",
      body: confirmed.body,
      headers: { ...confirmed.headers, ...admin.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/consents?done=revoked&n=3#revoke-all");
    const page = await (await t.app.request(res.headers.get("location")!, { headers: admin.cookie })).text();
    // The message is at the form that was sent, where the page opens.
    expect(page).toMatch(/id="revoke-all"[^>]*>.*Аннулировано невостребованных ссылок: 3\./s);
    // A class teacher cannot revoke across the college.
    const api = await t.app.request("/api/groups/revoke-unclaimed", jsonPost(teacher));
    expect(api.status).toBe(403);
  });

  it("refuses a parent form without the link's CSRF token", async () => {
    await t.app.request(`/api/groups/${groupId}/links/reissue`, jsonPost(teacher));
    const token = (await groupLinks(t, teacher, groupId)).get(names[0]!)!;
    const post = form({
      decision: "consent",
      parentName: "Белова Анна Игоревна",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
      _csrf: "forged",
    });
    const res = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: post.headers,
    });
    expect(res.status).toBe(403);
    const api = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(api.decision).toBeNull();
    // A cross-site form post (foreign Origin) is refused before anything else.
    const foreign = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: { ...post.headers, origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
  });
});
