import { csvCell } from "@soglasie/core/exports/csv";
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
  saveFile,
  submitJson,
  tool,
} from "./support.js";

let t: ConsentTestApp;
let admin: TestSession;
let teacherA: TestSession;
let teacherB: TestSession;
let groupA: string;
let groupB: string;
let tokenA: string;
let tokenB: string;
let docA: string;
let docB: string;

const XSS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '=HYPERLINK("http://evil")',
  "{{constructor.constructor('alert(1)')()}}",
];

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  teacherA = await t.signIn(["class_teacher", "teacher"]);
  teacherB = await t.signIn(["class_teacher", "teacher"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["А-1", "Д'Артаньян-Гасконский Шарль Ожье", "Д'Артаньян Бертран Ожье"],
      ["А-1", "Второв Иван Петрович", "Второва Мария Ивановна"],
      ["Б-2", "Бэтов Пётр Иванович", "Бэтова Анна Петровна"],
    ]),
  );
  groupA = await groupIdByCode(t, admin, "А-1");
  groupB = await groupIdByCode(t, admin, "Б-2");
  const groups = new GroupRepository(t.services);
  await groups.setClassTeachers(groupA, [teacherA.staff.staffId], SYSTEM);
  await groups.setClassTeachers(groupB, [teacherB.staff.staffId], SYSTEM);
  tokenA = (await groupLinks(t, teacherA, groupA)).get("Д'Артаньян-Гасконский Шарль Ожье")!;
  tokenB = (await groupLinks(t, teacherB, groupB)).get("Бэтов Пётр Иванович")!;
  docA = (
    await submitJson(t, tokenA, decisionBody({ parentName: "Д'Артаньян Бертран Ожье", relation: "father" }))
  ).body.documentId;
  docB = (await submitJson(t, tokenB, decisionBody({ parentName: "Бэтова Анна Петровна" }))).body.documentId;
});

describe("hostile input", () => {
  it("refuses markup and formulas in every roster field, row by row, storing nothing of them", async () => {
    const rows: Array<[string, string, string, string?, string?]> = [];
    for (const x of XSS) {
      rows.push([x, "Чистов Иван Иванович", "Чистова Анна Ивановна"]);
      rows.push(["А-1", x, "Чистова Анна Ивановна"]);
      rows.push(["А-1", "Чистов Пётр Иванович", x]);
      rows.push(["А-1", "Чистов Олег Иванович", "Чистова Анна Ивановна", x]);
      rows.push(["А-1", "Чистов Юрий Иванович", "Чистова Анна Ивановна", "", x]);
    }
    const csv = rosterCsv(
      rows.map((r) => r.map((c) => (c && /[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)) as never),
    );
    const { body } = await importRoster(t, admin, csv);
    expect(body.imported).toBe(0);
    expect(body.rejected).toHaveLength(rows.length);
    const students = (await (
      await t.app.request(`/api/groups/${groupA}/consents`, { headers: admin.bearer })
    ).json()) as any;
    expect(students.students).toHaveLength(2);

    // Bidi overrides and control characters are stripped before anything is stored.
    const bidi = await importRoster(
      t,
      admin,
      rosterCsv([["А-1", "Третьяков\u202E Иван\u0007 Петрович", "Третьякова Анна Ивановна"]]),
    );
    expect(bidi.body.imported).toBe(1);
    const after = (await (
      await t.app.request(`/api/groups/${groupA}/consents`, { headers: admin.bearer })
    ).json()) as any;
    expect(after.students.map((s: any) => s.fullName)).toContain("Третьяков Иван Петрович");
  });

  it("re-renders the parent's form with hostile input escaped and stores nothing", async () => {
    const page = await (await t.app.request(`/c/${tokenB}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    for (const x of XSS) {
      const post = form({
        _csrf: csrf,
        decision: "refusal",
        parentName: x,
        relation: x,
        alternatives: [x],
        studentAge: "minor",
        confirm: "on",
      });
      const res = await t.app.request(`/c/${tokenB}`, {
        method: "POST",
        body: post.body,
        headers: post.headers,
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("Проверьте заполнение полей");
    }
    for (const x of XSS) {
      const res = await submitJson(t, tokenB, decisionBody({ parentName: x }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields.parentName).toBeDefined();
    }
    const res = await submitJson(t, tokenB, {
      decision: "maybe",
      relation: "сосед",
      alternatives: ["telegram"],
      confirm: false,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      "alternatives.0",
      "confirm",
      "decision",
      "parentName",
      "relation",
      // The roster gives no date of birth: the age question is asked too (docs/students.md).
      "studentAge",
    ]);
    const bad = await t.app.request(`/api/consent/${tokenB}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    const current = (await (await t.app.request(`/api/consent/${tokenB}`)).json()) as any;
    expect(current.decision.documentId).toBe(docB);
    expect(current.history).toEqual([]);
  });

  it("prints names with apostrophes safely in pages, PDFs and Excel exports", async () => {
    const page = await (await t.app.request(`/c/${tokenA}/receipt`)).text();
    expect(page).toContain("Д&#39;Артаньян-Гасконский Ш. О.");
    const pdf = await t.app.request(`/c/${tokenA}/documents/${docA}`);
    const file = saveFile(new Uint8Array(await pdf.arrayBuffer()));
    expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
    expect(tool("pdftotext", ["-enc", "UTF-8", file, "-"]).out).toContain("Д'Артаньян-Гасконский Шарль Ожье");
    const bytes = new Uint8Array(
      await (
        await t.app.request(`/api/groups/${groupA}/consents.csv`, { headers: admin.bearer })
      ).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain("Д'Артаньян-Гасконский Шарль Ожье;Д'Артаньян Бертран Ожье;Согласие");
    // Whatever reaches a cell, a spreadsheet never runs it as a formula.
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('a;"b"')).toBe('"a;""b"""');
  });

  it("ignores hostile query parameters on staff pages", async () => {
    const res = await t.app.request(
      `/staff/consents/${groupA}?done=<script>x</script>&n=<b>&student="><script>`,
      {
        headers: admin.cookie,
      },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("<script>x</script>");
    expect(html).not.toContain('"><script>');
  });
});

describe("role boundaries", () => {
  const groupRoutes = (g: string) => [
    `/api/groups/${g}/consents`,
    `/api/groups/${g}/links.csv`,
    `/api/groups/${g}/links.pdf`,
    `/api/groups/${g}/consents.csv`,
    `/api/groups/${g}/documents.zip`,
  ];

  it("shows a class teacher only own groups; others answer 403", async () => {
    const list = (await (await t.app.request("/api/groups", { headers: teacherA.bearer })).json()) as any;
    expect(list.groups.map((g: any) => g.code)).toEqual(["А-1"]);
    for (const path of groupRoutes(groupB)) {
      expect((await t.app.request(path, { headers: teacherA.bearer })).status, path).toBe(403);
    }
    for (const path of groupRoutes(groupA)) {
      expect((await t.app.request(path, { headers: teacherA.bearer })).status, path).toBe(200);
    }
    const post = {
      method: "POST",
      headers: { ...teacherA.bearer, "content-type": "application/json" },
      body: "",
    };
    expect((await t.app.request(`/api/groups/${groupB}/links/reissue`, post)).status).toBe(403);
    expect((await t.app.request(`/api/groups/${groupB}/revoke-unclaimed`, post)).status).toBe(403);
    expect((await t.app.request(`/staff/consents/${groupB}`, { headers: teacherA.cookie })).status).toBe(403);
    expect((await t.app.request(`/api/documents/${docB}/pdf`, { headers: teacherA.bearer })).status).toBe(
      403,
    );
    const own = await t.app.request(`/api/documents/${docA}/pdf`, { headers: teacherA.bearer });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("application/pdf");
  });

  it("lets the director see every group but change no links and import nothing", async () => {
    const director = await t.signIn(["director"]);
    const list = (await (await t.app.request("/api/groups", { headers: director.bearer })).json()) as any;
    expect(list.groups.map((g: any) => g.code)).toEqual(["А-1", "Б-2"]);
    expect((await t.app.request(`/api/documents/${docB}/pdf`, { headers: director.bearer })).status).toBe(
      200,
    );
    const read = async (path: string) => (await t.app.request(path, { headers: director.bearer })).status;
    expect(await read(`/api/groups/${groupB}/consents.csv`)).toBe(200);
    // Personal links are handed out by the administrator and class teachers only.
    expect(await read(`/api/groups/${groupB}/links.csv`)).toBe(403);
    expect(await read(`/api/groups/${groupB}/links.pdf`)).toBe(403);
    const post = {
      method: "POST",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: "",
    };
    expect((await t.app.request(`/api/groups/${groupB}/links/reissue`, post)).status).toBe(403);
    expect((await t.app.request(`/api/groups/${groupB}/revoke-unclaimed`, post)).status).toBe(403);
    expect((await t.app.request("/staff/roster", { headers: director.cookie })).status).toBe(403);
  });

  it("refuses staff without a consent role and anonymous callers", async () => {
    const accountant = await t.signIn(["employee"]);
    const teacher = await t.signIn(["teacher"]);
    for (const s of [accountant, teacher]) {
      expect((await t.app.request("/api/groups", { headers: s.bearer })).status).toBe(403);
      expect((await t.app.request(`/api/groups/${groupA}/consents`, { headers: s.bearer })).status).toBe(403);
      expect((await t.app.request(`/api/documents/${docA}/pdf`, { headers: s.bearer })).status).toBe(403);
    }
    expect((await t.app.request("/api/groups")).status).toBe(401);
    expect((await t.app.request(`/api/documents/${docA}/pdf`)).status).toBe(401);
    const page = await t.app.request("/staff/consents");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fstaff%2Fconsents");
  });

  it("gives a parent's link only its own documents", async () => {
    expect((await t.app.request(`/c/${tokenA}/documents/${docB}`)).status).toBe(404);
    expect((await t.app.request(`/c/${tokenA}/documents/not-a-uuid`)).status).toBe(404);
    expect((await t.app.request(`/c/${tokenA}/documents/${docA}`)).status).toBe(200);
  });
});
