import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { flatForm } from "../support/personal-data.js";
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

/**
 * The addresses and identity documents of a personal-data consent are personal data: they are in
 * its signed PDF and nowhere else. After submissions with distinctive values, every staff page and
 * export, the verification page and JSON, the parent's own pages after the answer, the audit log,
 * the process's log output and a dump of the whole table are searched for them: none is found.
 */

// Distinctive values that appear in no template, roster or fixture.
const SECRETS = {
  studentPassport: "918273",
  parentPassport: "827364",
  certificate: "736451",
  address: "Секретная",
  issuer: "Тайноотдельский",
};
const secretData = (variant: number) => ({
  student: {
    address: `672000, г. Чита, ул. ${SECRETS.address}, д. ${variant}`,
    document: {
      type: "passport-ru",
      series: "7733",
      number: SECRETS.studentPassport,
      issuedOn: "2023-01-10",
      issuer: `${SECRETS.issuer} отдел УМВД`,
    },
  },
  representative: {
    address: `672000, г. Чита, ул. ${SECRETS.address}, д. ${variant}`,
    document: {
      type: "passport-ru",
      series: "7744",
      number: SECRETS.parentPassport,
      issuedOn: "2015-06-01",
      issuer: `${SECRETS.issuer} отдел УФМС`,
    },
  },
  authority: {
    type: "birth-certificate",
    series: "IV-ЖЭ",
    number: SECRETS.certificate,
    issuedOn: "2009-02-01",
    issuer: `${SECRETS.issuer} отдел ЗАГС`,
  },
});

const found = (where: string, text: string) =>
  Object.values(SECRETS)
    .filter((s) => text.includes(s))
    .map((s) => `${where}: ${s}`);

let t: ConsentTestApp;
let admin: TestSession;
let groupId: string;
let links: Map<string, string>;
const logged: string[] = [];
const spies: Array<{ mockRestore(): void }> = [];

beforeAll(async () => {
  // Everything the process prints from here on.
  for (const method of ["log", "info", "warn", "error", "debug"] as const)
    spies.push(
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map(String).join(" "))),
    );
  const write = process.stdout.write.bind(process.stdout);
  spies.push(
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: any, ...rest: any[]) => {
      logged.push(String(chunk));
      return write(chunk, ...rest);
    }),
  );
  t = await consentTestApp();
  admin = await t.signIn(["administrator", "director", "class_teacher", "teacher"]);
  await importRoster(
    t,
    admin,
    rosterCsv([
      ["ПД-41", "Тайнов Пётр Ильич", "Тайнова Вера Олеговна"],
      ["ПД-41", "Скрытова Яна Ильинична", "Скрытов Илья Романович"],
    ]),
  );
  groupId = await groupIdByCode(t, admin, "ПД-41");
  await new GroupRepository(t.services).setClassTeachers(groupId, [admin.staff.staffId], SYSTEM);
  links = await groupLinks(t, admin, groupId);
});

afterAll(() => {
  for (const s of spies) s.mockRestore();
});

describe("personal data of the consent stays in its PDF", () => {
  const consentIds: string[] = [];

  it("is printed in the signed personal-data consent (the one place it is kept)", async () => {
    const a = links.get("Тайнов Пётр Ильич")!;
    const b = links.get("Скрытова Яна Ильинична")!;
    const first = await submitJson(
      t,
      a,
      decisionBody({ parentName: "Тайнова Вера Олеговна", personalData: secretData(1) }),
    );
    expect(first.status).toBe(201);
    // A refused submission answers with the messages and nothing of what was typed.
    const bad = secretData(2);
    bad.student.document.series = "77";
    const refused = await submitJson(
      t,
      b,
      decisionBody({ parentName: "Скрытов Илья Романович", personalData: bad }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({
      "personalData.student.document.series": ["Серия паспорта — 4 цифры, например 76 04"],
    });
    expect(found("400 JSON", JSON.stringify(refused.body))).toEqual([]);
    // Through the form; then a change of mind to a refusal and back (withdrawal and a new consent).
    const page = await (await t.app.request(`/c/${b}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = form({
      _csrf: csrf,
      decision: "consent",
      parentName: "Скрытов Илья Романович",
      relation: "father",
      studentAge: "minor",
      confirm: "on",
      pepRulesAccepted: "on",
      ...flatForm(secretData(3)),
    });
    const res = await t.app.request(`/c/${b}`, { method: "POST", body: post.body, headers: post.headers });
    expect(res.status).toBe(303);
    await submitJson(
      t,
      a,
      decisionBody({ decision: "refusal", parentName: "Тайнова Вера Олеговна", personalData: undefined }),
    );
    const again = await submitJson(
      t,
      a,
      decisionBody({ parentName: "Тайнова Вера Олеговна", personalData: secretData(4) }),
    );
    expect(again.status).toBe(201);

    for (const token of [a, b]) {
      const api = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
      consentIds.push(api.decision.personalDataConsent.documentId);
      const pdf = await t.app.request(new URL(api.decision.personalDataConsent.pdfUrl).pathname);
      const text = tool("pdftotext", [
        "-enc",
        "UTF-8",
        saveFile(new Uint8Array(await pdf.arrayBuffer())),
        "-",
      ]).out;
      for (const s of Object.values(SECRETS)) expect(text).toContain(s);
    }
  });

  it("and nowhere else: staff pages, exports, /verify, the parent's pages, the audit log, the logs, the table", async () => {
    const problems: string[] = [];
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await t.app.request(path, { headers });
      expect(res.status, path).toBeLessThan(400);
      const type = res.headers.get("content-type") ?? "";
      if (type.includes("pdf")) {
        return tool("pdftotext", ["-enc", "UTF-8", saveFile(new Uint8Array(await res.arrayBuffer())), "-"])
          .out;
      }
      return res.text();
    };
    // Staff pages and APIs, as someone holding every role that reads consents.
    for (const path of [
      "/staff",
      "/staff/consents",
      `/staff/consents/${groupId}`,
      "/staff/roster",
      "/api/groups",
      `/api/groups/${groupId}/consents`,
      `/api/groups/${groupId}/consents.csv`,
      `/api/groups/${groupId}/links.csv`,
      `/api/groups/${groupId}/links.pdf`,
    ]) {
      problems.push(...found(`${path} (cookie)`, await get(path, admin.cookie)));
      problems.push(...found(`${path} (bearer)`, await get(path, admin.bearer)));
    }
    // Public verification: page, JSON, and a check of the consent's own bytes.
    for (const id of consentIds) {
      problems.push(...found(`/verify/${id}`, await get(`/verify/${id}`)));
      problems.push(...found(`/api/verify/${id}`, await get(`/api/verify/${id}`)));
      const bytes = await t.services.documents.pdf(id);
      for (const path of ["/api/verify", "/verify"]) {
        const res = await t.app.request(path, {
          method: "POST",
          headers: { "content-type": "application/pdf", origin: "http://localhost" },
          body: bytes,
        });
        problems.push(...found(`POST ${path}`, await res.text()));
      }
    }
    // The parent's own pages after the answer: nothing is echoed back.
    for (const token of links.values()) {
      for (const path of [`/c/${token}`, `/c/${token}/receipt`, `/api/consent/${token}`])
        problems.push(...found(path, await get(path)));
    }
    // The audit log.
    const events: unknown[] = [];
    for await (const e of t.services.db.auditEvents()) events.push(e);
    problems.push(...found("audit log", JSON.stringify(events)));
    // Everything in the table (records of decisions and documents, counters, the audit chain).
    const items: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await t.services.clients.db.send(
        new ScanCommand({ TableName: t.services.config.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(items.length).toBeGreaterThan(20);
    problems.push(...found("table dump", JSON.stringify(items)));
    // What the process printed.
    problems.push(...found("process output", logged.join("\n")));
    expect(problems).toEqual([]);
  });

  it("shows a refused form its own input again (the same response only, never cached)", async () => {
    const token = links.get("Тайнов Пётр Ильич")!;
    const page = await (await t.app.request(`/c/${token}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const data = secretData(5);
    const post = form({
      _csrf: csrf,
      decision: "consent",
      parentName: "Тайнова",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
      ...flatForm(data),
    });
    const res = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: post.headers,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain(`value="${SECRETS.parentPassport}"`);
    // Not stored: the next visit is empty again.
    expect(found("form after a refusal", await (await t.app.request(`/c/${token}`)).text())).toEqual([]);
  });
});
