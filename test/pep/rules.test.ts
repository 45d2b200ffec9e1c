import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { PepRulesRepository } from "@soglasie/core/pep/pep-rules-repository";
import { currentPepRules } from "@soglasie/core/pep/rules-versions";
import { beforeAll, describe, expect, it } from "vitest";
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
} from "../consent/support.js";
import { form, type TestSession } from "../support/app.js";

/**
 * The rules of the simple electronic signature (63-FZ art. 9 p. 2): versions per audience, issued
 * on first need and by the director; accepted by a parent on the first answer (and again after a new
 * version); cited by every document a person signs, parents' and staff's alike.
 */

const run = promisify(execFile);
let t: ConsentTestApp;
let director: TestSession;
let links: Map<string, string>;

const pdfText = (bytes: Uint8Array) =>
  tool("pdftotext", ["-enc", "UTF-8", saveFile(bytes), "-"]).out.replace(/\s+/g, " ");

/** Follows a PDF route's redirect to the stored object. */
async function download(path: string): Promise<Uint8Array> {
  const res = await t.app.request(path);
  expect(res.status, path).toBe(302);
  const file = await fetch(res.headers.get("location")!);
  expect(file.status).toBe(200);
  return new Uint8Array(await file.arrayBuffer());
}

beforeAll(async () => {
  t = await consentTestApp();
  director = await t.session(
    await t.member(["director"], { fullName: "Иванова Светлана Петровна", position: "Директор" }),
  );
  const admin = await t.signIn(["administrator"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ПЭП-1", "Правилов Иван Петрович", "Правилова Анна Ивановна"],
      ["ПЭП-1", "Версиев Олег Ильич", "Версиева Ольга Юрьевна"],
    ]),
  );
  links = await groupLinks(t, admin, await groupIdByCode(t, admin, "ПЭП-1"));
});

describe("versions of the rules", () => {
  it("issues version 1 once on first need, however many ask at once", async () => {
    const repo = new PepRulesRepository(t.services);
    expect(await repo.current("parents")).toBeUndefined();
    const api = (await (await t.app.request("/api/pep-rules")).json()) as any;
    expect(api.parents.current).toBeNull();
    const all = await Promise.all(Array.from({ length: 6 }, () => currentPepRules(t.services, "parents")));
    expect(new Set(all.map((v) => v.documentId)).size).toBe(1);
    expect(all[0]).toMatchObject({ audience: "parents", version: 1, number: "ПЭП-Р-1" });
    expect(await repo.list("parents")).toHaveLength(1);
    const docs = await t.services.documents.listByType("pep-rules");
    expect(docs.map((d) => d.owner)).toEqual([{ type: "pep-rules", id: "parents" }]);
  });

  it("publishes them as signed PDFs at public URLs: the parents' and the staff's", async () => {
    const parents = await download("/pep-rules.pdf");
    const text = pdfText(parents);
    for (const p of [
      "ПРАВИЛА",
      "использования простой электронной подписи в сервисе «Согласие» для родителей (законных представителей) обучающихся и совершеннолетних обучающихся",
      "Редакция № 1 от 25.11.2026",
      "Ключом простой электронной подписи является персональная ссылка",
      "вводом своих фамилии, имени и отчества полностью",
      "Подписывающее лицо обязано хранить персональную ссылку (и код подтверждения, если он применяется) в тайне",
      "а также совершеннолетние обучающиеся, принимающие решение лично (далее – подписывающее лицо)",
      "признается равнозначным документу на бумажном носителе, подписанному собственноручной подписью",
      "Проверить документ можно на странице http://localhost:3000/verify",
      "Правила установлены",
    ])
      expect(text).toContain(p);
    expect(tool("pdfsig", [saveFile(parents)]).out).toContain("Signature is Valid.");
    expect(pdfText(await download("/pep-rules/parents/1.pdf"))).toContain("Редакция № 1 от 25.11.2026");

    const staff = pdfText(await download("/pep-rules/staff.pdf"));
    for (const p of [
      "для работников колледжа",
      "пара «адрес электронной почты – пароль»",
      "обязан хранить пароль",
      "статьи 22.2 Трудового кодекса Российской Федерации",
    ])
      expect(staff).toContain(p);
    expect((await t.app.request("/pep-rules/students.pdf")).status).toBe(404);
    expect((await t.app.request("/pep-rules/parents/9.pdf")).status).toBe(404);
  });

  it("lets only the director issue a new version, which supersedes the previous one", async () => {
    const other = await t.signIn(["administrator"]);
    const denied = await t.app.request("/api/pep-rules", {
      method: "POST",
      headers: { ...other.bearer, "content-type": "application/json" },
      body: JSON.stringify({ audience: "parents" }),
    });
    expect(denied.status).toBe(403);
    const bad = await t.app.request("/api/pep-rules", {
      method: "POST",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: JSON.stringify({ audience: "students" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.fields.audience).toEqual([
      "Для кого правила: parents (родители) или staff (работники)",
    ]);

    const v1 = await currentPepRules(t.services, "parents");
    const res = await t.app.request("/api/pep-rules", {
      method: "POST",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: JSON.stringify({ audience: "parents" }),
    });
    expect(res.status).toBe(201);
    const v2 = (await res.json()) as any;
    expect(v2).toMatchObject({
      audience: "parents",
      version: 2,
      number: "ПЭП-Р-2",
      pdfUrl: "http://localhost:3000/pep-rules/parents/2.pdf",
    });
    expect((await t.services.documents.get(v1.documentId))?.status).toBe("superseded");
    const text = pdfText(await download("/pep-rules.pdf"));
    expect(text).toContain("Редакция № 2 от 25.11.2026");
    expect(text).toContain("Заменяет редакцию № 1 от 25.11.2026");
    expect(text).toContain("С.П. Иванова");
    const api = (await (await t.app.request("/api/pep-rules")).json()) as any;
    expect(api.parents.versions.map((v: any) => v.version)).toEqual([2, 1]);
  });
});

describe("a parent accepts the rules and the documents cite them", () => {
  it("requires the acceptance on the first answer, records it and cites the version in each document", async () => {
    const token = links.get("Правилов Иван Петрович")!;
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain("ознакомлен(а) и принимаю");
    expect(html).toContain('href="/pep-rules/parents/2.pdf"');
    expect(html).toContain('name="pepRulesVersion" value="2"');

    const without = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Правилова Анна Ивановна", pepRulesAccepted: false }),
    );
    expect(without.status).toBe(400);
    expect(without.body.error.fields).toEqual({
      pepRulesAccepted: [
        "Подтвердите, что вы ознакомились с Правилами использования простой электронной подписи и принимаете их",
      ],
    });
    const stale = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Правилова Анна Ивановна", pepRulesVersion: 1 }),
    );
    expect(stale.status).toBe(400);
    expect(stale.body.error.fields.pepRulesAccepted[0]).toContain("действует редакция № 2 от 25.11.2026");

    const ok = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Правилова Анна Ивановна", pepRulesVersion: 2 }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body.pepRules).toEqual({ version: 2 });
    const { resolveLink } = await import("@soglasie/core/consent/links");
    const { request } = await resolveLink(t.services, token);
    expect(request.pepRules).toMatchObject({ version: 2, acceptedAt: t.clock.now().toISOString() });
    expect(request.decision?.signature.rules?.version).toBe(2);
    const citation =
      "в соответствии с Правилами использования простой электронной подписи для родителей (законных представителей) обучающихся и совершеннолетних обучающихся (редакция № 2 от 25.11.2026)";
    for (const url of [ok.body.pdfUrl, ok.body.personalDataConsent.pdfUrl]) {
      const pdf = await t.app.request(new URL(url).pathname);
      expect(pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain(citation);
    }
    expect((await t.services.documents.get(ok.body.documentId))?.pepRules).toMatchObject({
      audience: "parents",
      version: 2,
    });

    // Accepted: a change of mind needs no new acceptance, and the form says which rules apply.
    const again = await (await t.app.request(`/c/${token}`)).text();
    expect(again).toContain("которые вы уже приняли");
    const refusal = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Правилова Анна Ивановна", decision: "refusal", pepRulesAccepted: false }),
    );
    expect(refusal.status).toBe(201);
  });

  it("asks again once a new version is in force", async () => {
    const token = links.get("Правилов Иван Петрович")!;
    await t.app.request("/api/pep-rules", {
      method: "POST",
      headers: { ...director.bearer, "content-type": "application/json" },
      body: JSON.stringify({ audience: "parents" }),
    });
    const page = await (await t.app.request(`/c/${token}`)).text();
    expect(page).toContain('name="pepRulesVersion" value="3"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = form({
      _csrf: csrf,
      decision: "refusal",
      parentName: "Правилова Анна Ивановна",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
    });
    const res = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: post.headers,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="e-pepRulesAccepted"[^>]*>Подтвердите, что вы ознакомились/);
  });
});

describe("documents signed by staff cite the staff rules", () => {
  it("DocumentService.prepare stamps the version for the signatory's method: {{pep.reference}}, {{pep.version}}", async () => {
    const source = [
      "---",
      "kind: ПОЛОЖЕНИЕ",
      "title: проверка ссылки на правила",
      "record-title: Проверка",
      "---",
      "Подписано в соответствии с {{pep.reference}}; редакция {{pep.version}} от {{pep.date|date}}: {{pep.url}}",
    ].join("\n");
    const actor = { type: "staff" as const, id: director.staff.staffId };
    const signed = await t.services.documents.issue({
      type: "regulation",
      data: DEMO_DATA.regulation,
      owner: { type: "test", id: "pep" },
      signatory: {
        fullName: "Иванова Светлана Петровна",
        position: "Директор",
        method: "staff-session",
        signedAt: t.clock.now().toISOString(),
      },
      templateSource: source,
      actor,
    });
    expect(signed.pepRules).toMatchObject({ audience: "staff", version: 1 });
    const text = pdfText(await t.services.documents.pdf(signed));
    expect(text).toContain(
      "Подписано в соответствии с Правилами использования простой электронной подписи для работников колледжа (редакция № 1 от 25.11.2026); редакция 1 от 25.11.2026: http://localhost:3000/pep-rules/staff/1.pdf",
    );
    // Without a person signing, nothing is stamped (the template would say so: `{{pep...}}` has no value).
    await expect(
      t.services.documents.issue({
        type: "regulation",
        data: DEMO_DATA.regulation,
        owner: { type: "test", id: "pep" },
        templateSource: source,
        actor,
      }),
    ).rejects.toThrow();
  });
});

describe("command line", () => {
  it("lists the versions and issues a new one as the director", async () => {
    const { config } = t.services;
    const env = {
      ...process.env,
      APP_MODE: "local",
      DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
      S3_ENDPOINT: config.s3Endpoint,
      TABLE_NAME: config.tableName,
      BUCKET_NAME: config.bucketName,
      ORG_ID: config.orgId,
      // Its own signing key, not the repository's .data/.
      DATA_DIR: mkdtempSync(join(tmpdir(), "soglasie-cli-")),
    };
    const cli = (...args: string[]) =>
      run("npx", ["tsx", "packages/local/src/cli.ts", "pep-rules", ...args], { env });
    const issued = await cli("issue", "--audience", "staff", "--director", director.staff.email);
    expect(issued.stdout).toContain("Выпущена редакция № 2");
    expect(issued.stdout).toContain("/pep-rules/staff/2.pdf");
    const list = await cli("list");
    expect(list.stdout).toContain("parents: действует редакция № 3");
    expect(list.stdout).toContain("staff: действует редакция № 2");
    const refused = await cli("issue", "--audience", "staff", "--director", "nobody@test.local").catch(
      (e) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("нет такого работника с ролью director");
  }, 90_000);
});
