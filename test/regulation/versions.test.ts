import { sha256Hex } from "@soglasie/core/audit/hash";
import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { templateText } from "@soglasie/core/regulation/text";
import { seedRegulation } from "@soglasie/local/seed/regulation";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import {
  json,
  jsonOf,
  meetingRequest,
  objectCount,
  protocolPdf,
  type RegulationTestApp,
  regulationTestApp,
} from "./support.js";

let t: RegulationTestApp;
let admin: TestSession;

const upload = (text: string | Uint8Array, who: TestSession = admin, note = "Правка п. 2.3") => {
  const body = new FormData();
  body.append("source", "upload");
  body.append("note", note);
  body.append(
    "text",
    new Blob([typeof text === "string" ? text : (text as Uint8Array<ArrayBuffer>)], {
      type: "text/markdown",
    }),
    "regulation.md",
  );
  return t.app.request("/api/regulations", {
    method: "POST",
    body,
    headers: { origin: "http://localhost", ...who.bearer },
  });
};

beforeAll(async () => {
  t = await regulationTestApp();
  admin = await t.signIn(["administrator", "teacher"]);
});

describe("regulation versions", () => {
  it("seeds a draft from templates/ once (idempotent) with the text's hash", async () => {
    expect(await seedRegulation(t.services, SYSTEM)).toEqual({ versionCreated: true });
    expect(await seedRegulation(t.services, SYSTEM)).toEqual({ versionCreated: false });
    const versions = await new RegulationRepository(t.services).list();
    expect(versions).toHaveLength(1);
    const [v] = versions;
    const text = templateText();
    expect(v).toMatchObject({
      no: 1,
      state: "draft",
      source: "template",
      textSha256: sha256Hex(Buffer.from(text, "utf8")),
    });
    // The text is stored in S3 under its hash, exactly.
    expect(await new RegulationRepository(t.services).text(v!)).toBe(text);
    expect(v!.textKey).toContain(v!.textSha256);
  });

  it("creates a version from an uploaded edited text (multipart) and serves its text back", async () => {
    const edited = templateText().replace(
      "1.4. Положение устанавливает",
      "1.4. Положение (в новой редакции) устанавливает",
    );
    const res = await upload(`\uFEFF${edited.replace(/\n/g, "\r\n")}`);
    expect(res.status).toBe(201);
    const v = await jsonOf(res);
    // BOM and CRLF are normalised before hashing: the hash is of the text itself.
    expect(v).toMatchObject({
      no: 2,
      state: "draft",
      source: "upload",
      note: "Правка п. 2.3",
      textSha256: sha256Hex(Buffer.from(edited, "utf8")),
    });
    const text = await t.app.request(`/staff/regulations/${v.versionId}/text`, { headers: admin.cookie });
    expect(text.status).toBe(200);
    expect(await text.text()).toBe(edited);
  });

  it("refuses texts that would not render or would lose the marks, with a clear message and nothing stored", async () => {
    const before = await objectCount(t, "uploads");
    const count = (await new RegulationRepository(t.services).list()).length;
    const cases: Array<[string | Uint8Array, string]> = [
      ["Просто текст без заголовка шаблона", "полный текст шаблона"],
      [templateText().replaceAll("{{approval.orderNumber}}", "____"), "{{approval.orderNumber}}"],
      [templateText().replace("{{/if}}", ""), "Ошибка разметки"],
      [templateText().replace("1.4.", "1.4. \u{1F600}"), "нельзя напечатать"],
      [Uint8Array.from([0xcf, 0xee, 0xeb, 0xee, 0xe6]), "UTF-8"],
      [templateText(), "с таким же текстом уже есть"],
    ];
    for (const [text, message] of cases) {
      const res = await upload(text);
      expect(res.status, message).toBe(400);
      const error = (await jsonOf(res)).error;
      expect(error.message).toContain(message);
      expect(error.fields.text).toBeDefined();
    }
    expect(await objectCount(t, "uploads")).toBe(before);
    expect(await new RegulationRepository(t.services).list()).toHaveLength(count);
  });

  it("lets only the administrator create versions", async () => {
    for (const roles of [["director"], ["council_secretary"], ["teacher"]] as const) {
      const who = await t.signIn([...roles]);
      expect((await t.app.request("/api/regulations", json({ source: "template" }, who.bearer))).status).toBe(
        403,
      );
    }
  });

  it("lists versions as JSON for any staff member", async () => {
    const teacher = await t.signIn(["teacher"]);
    const res = await t.app.request("/api/regulations", { headers: teacher.bearer });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.current).toBeNull();
    expect(body.versions.map((v: { no: number }) => v.no)).toEqual([2, 1]);
    expect(body.versions[0]).toHaveProperty("stateLabel", "Проект");
    const one = await jsonOf(
      await t.app.request(`/api/regulations/${body.versions[0].versionId}`, { headers: teacher.bearer }),
    );
    expect(one.no).toBe(2);
    expect((await t.app.request("/api/regulations/not-a-uuid", { headers: teacher.bearer })).status).toBe(
      404,
    );
  });

  it("drives the pages: the administrator creates from the template form, the director approves from the list", async () => {
    // A fresh organisation-like state: a new app with nothing in it.
    const t2 = await regulationTestApp();
    const admin2 = await t2.signIn(["administrator"]);
    const director2 = await t2.signIn(["director"]);
    const secretary2 = await t2.signIn(["council_secretary"]);

    const adminPage = await (await t2.app.request("/staff/regulations", { headers: admin2.cookie })).text();
    expect(adminPage).toContain("Создать проект из шаблона");
    const directorPage = await (
      await t2.app.request("/staff/regulations", { headers: director2.cookie })
    ).text();
    expect(directorPage).not.toContain("Создать проект из шаблона");

    const f = form({ _csrf: admin2.csrf, source: "template" });
    const created = await t2.app.request("/staff/regulations", {
      method: "POST",
      body: f.body,
      headers: { ...f.headers, ...admin2.cookie },
    });
    expect(created.status).toBe(303);
    // The notice is a key; the page says it, checked against its list (issue 13).
    const shown = await t2.app.request(created.headers.get("location")!, { headers: admin2.cookie });
    expect(await shown.text()).toContain("Создан проект редакции № 1");
    // The same text again: the page shows the refusal, not an error page.
    const again = await t2.app.request("/staff/regulations", {
      method: "POST",
      body: form({ _csrf: admin2.csrf, source: "template" }).body,
      headers: { ...f.headers, ...admin2.cookie },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("с таким же текстом уже есть");

    const [v] = await new RegulationRepository(t2.services).list();
    const meeting = await t2.app.request(
      "/api/council/meetings",
      meetingRequest(
        { versionId: v!.versionId, date: t2.today(), protocolNumber: "2" },
        await protocolPdf(),
        secretary2.bearer,
      ),
    );
    expect(meeting.status).toBe(201);

    const listed = await (await t2.app.request("/staff/regulations", { headers: director2.cookie })).text();
    expect(listed).toContain("Ждут утверждения: редакция № 1");
    expect(listed).toContain(`action="/staff/regulations/${v!.versionId}/approve"`);
    const a = form({ _csrf: director2.csrf });
    const approved = await t2.app.request(`/staff/regulations/${v!.versionId}/approve`, {
      method: "POST",
      body: a.body,
      headers: { ...a.headers, ...director2.cookie },
    });
    expect(approved.status).toBe(303);
    const approvedPage = await t2.app.request(approved.headers.get("location")!, {
      headers: director2.cookie,
    });
    expect(await approvedPage.text()).toMatch(/Положение утверждено приказом от .* № 1-од/);
    const after = await (await t2.app.request("/staff/regulations", { headers: director2.cookie })).text();
    expect(after).toContain("Действует <strong>редакция № 1</strong>");

    // Everything above is in the organisation's audit chain, which still verifies.
    const audit = await verifyAuditChain(t2.services.db);
    expect(audit.ok).toBe(true);
  });
});
