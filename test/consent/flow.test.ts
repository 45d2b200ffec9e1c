import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { flatForm, personalData } from "../support/personal-data.js";
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
let teacher: TestSession;
let groupId: string;
let links: Map<string, string>;

const STUDENTS: Array<[string, string, string, string?, string?]> = [
  ["ТМ-21", "Иванов Иван Иванович", "Иванова Мария Петровна", "+7 914 123-45-67", "ivanova@example.ru"],
  ["ТМ-21", "Петрова Анна Сергеевна", "Петров Сергей Николаевич"],
  ["ТМ-21", "Сидоров Пётр Алексеевич", "Сидорова Ольга Ивановна"],
  ["ТМ-21", "Кузнецова Дарья Олеговна", "Кузнецов Олег Юрьевич"],
  ["ТМ-21", "Орлов Никита Павлович", "Орлова Наталья Викторовна"],
];

async function counts() {
  const res = await t.app.request(`/api/groups/${groupId}/consents`, { headers: teacher.bearer });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  const overview = (await (await t.app.request("/api/groups", { headers: teacher.bearer })).json()) as any;
  const fromCounters = overview.groups.find((g: any) => g.groupId === groupId).counts;
  // The overview reads the maintained counters; the group page counts the requests: they must agree.
  expect(fromCounters).toEqual(body.counts);
  return body.counts;
}

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator", "teacher"]);
  teacher = await t.signIn(["class_teacher", "teacher"], "Петрова Наталья Сергеевна");
  const imported = await importRoster(t, admin, rosterCsv(STUDENTS));
  expect(imported).toEqual({
    status: 200,
    body: {
      imported: 5,
      updated: 0,
      unchanged: 0,
      transferred: 0,
      rejected: [],
      ambiguous: [],
      absent: [],
      groupsCreated: ["ТМ-21"],
    },
  });
  groupId = await groupIdByCode(t, admin, "ТМ-21");
  await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
  links = await groupLinks(t, teacher, groupId);
});

describe("import → link → page → submit → signed PDF → dashboard", () => {
  it("gives every imported student a personal link of 128 bits that is stored only as a hash", async () => {
    expect(links.size).toBe(5);
    for (const token of links.values()) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(links.values()).size).toBe(5);
    // No stored item contains a token in clear.
    const items = await t.services.db.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `ORG#${t.services.config.orgId}#GROUP#${groupId}` },
    });
    const dump = JSON.stringify(items);
    for (const token of links.values()) expect(dump).not.toContain(token);
    expect(await counts()).toEqual({
      total: 5,
      consented: 0,
      refused: 0,
      withdrawn: 0,
      pending: 5,
      expired: 0,
      revoked: 0,
    });
  });

  it("shows the parent's page with the short name, the regulation link, the form and the safe-mode advice", async () => {
    const token = links.get("Иванов Иван Иванович")!;
    const res = await t.app.request(`/c/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("Иванов И. И.");
    expect(html).not.toContain("Иванов Иван Иванович");
    expect(html).not.toContain("Иванова Мария Петровна");
    expect(html).toContain("ТМ-21");
    expect(html).toContain(t.services.config.org.fullName.replace(/«/g, "«"));
    expect(html).toContain('href="/regulation.pdf"');
    expect(html).toContain("Согласен(на)");
    expect(html).toContain("Не согласен(на)");
    expect(html).toContain("Сетевой город. Образование");
    expect(html).toContain("безопасный режим");
    expect(html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
  });

  it("records a consent from the form, lands on the receipt and serves a valid signed PDF", async () => {
    const token = links.get("Иванов Иван Иванович")!;
    const page = await (await t.app.request(`/c/${token}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = form({
      _csrf: csrf,
      decision: "consent",
      parentName: "  иванова   мария петровна ",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
      pepRulesAccepted: "on",
      ...flatForm(personalData()),
    });
    const res = await t.app.request(`/c/${token}`, {
      method: "POST",
      body: post.body,
      headers: {
        ...post.headers,
        "user-agent": "Mozilla/5.0 (Linux; Android 14) Mobile",
        "x-forwarded-for": "198.51.100.23",
      },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/c/${token}/receipt?recorded=1#main`);

    const receipt = await (await t.app.request(`/c/${token}/receipt?recorded=1`)).text();
    expect(receipt).toContain("Ваше решение записано");
    expect(receipt).toContain("безопасный режим");
    const api = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(api.decision).toMatchObject({ decision: "consent", status: "consented", relation: "mother" });
    expect(receipt).toContain(`№ ${api.decision.documentNumber}`);
    expect(receipt).toContain(api.decision.verifyUrl);
    expect(api.decision.verifyUrl).toBe(
      `${t.services.config.publicBaseUrl}/verify/${api.decision.documentId}`,
    );

    // The signature record: typed name, time, address and browser, in the request record only.
    const request = (
      await t.services.db.query({
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues: {
          ":pk": `ORG#${t.services.config.orgId}#GROUP#${groupId}`,
          ":sk": "REQUEST#",
        },
      })
    ).find((r: any) => r.decision?.documentId === api.decision.documentId) as any;
    expect(request.decision.signature).toMatchObject({
      method: "personal-link+typed-name",
      ip: "198.51.100.23",
      userAgent: "Mozilla/5.0 (Linux; Android 14) Mobile",
      signedAt: t.clock.now().toISOString(),
      linkGeneration: 1,
    });
    // Documents show the name capitalised; the signature keeps it exactly as typed.
    expect(request.decision.parentName).toBe("Иванова Мария Петровна");
    expect(request.decision.signature.typedName).toBe("иванова мария петровна");
    const events: any[] = [];
    for await (const e of t.services.db.auditEvents()) events.push(e);
    const recorded = events.find((e) => e.action === "consent.decision_recorded");
    expect(recorded).toMatchObject({ actor: { type: "parent" }, before: "pending", after: "consented" });
    expect(JSON.stringify(events)).not.toMatch(/198\.51\.100\.23|Иванова|Mozilla/);

    const pdf = await t.app.request(new URL(api.decision.pdfUrl).pathname);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const file = saveFile(new Uint8Array(await pdf.arrayBuffer()));
    const sig = tool("pdfsig", [file]);
    expect(sig.out).toContain("Signature is Valid.");
    expect(tool("qpdf", ["--check", file]).status).toBe(0);
    const text = tool("pdftotext", ["-enc", "UTF-8", file, "-"]).out.replace(/\s+/g, " ");
    expect(text).toContain("Иванов Иван Иванович");
    expect(text).toContain("Иванова Мария Петровна");
    expect(text).toContain("СОГЛАСИЕ");
    expect(text).toContain(api.decision.documentNumber);
    // The personal-data consent is its own document, named by the decision and signed with it.
    expect(text).toContain(`отдельным документом № ${api.decision.personalDataConsent.documentNumber}`);
    expect(api.decision.personalDataConsent.documentNumber).toBe(`${api.decision.documentNumber}-ПД`);
    const pd = await t.app.request(new URL(api.decision.personalDataConsent.pdfUrl).pathname);
    expect(pd.status).toBe(200);
    const pdText = tool("pdftotext", [
      "-enc",
      "UTF-8",
      saveFile(new Uint8Array(await pd.arrayBuffer())),
      "-",
    ]).out;
    expect(pdText.replace(/\s+/g, " ")).toContain("серия 76 22 № 318204");

    expect(await counts()).toEqual({
      total: 5,
      consented: 1,
      refused: 0,
      withdrawn: 0,
      pending: 4,
      expired: 0,
      revoked: 0,
    });
  });

  it("lets the parent change their mind: a new signed refusal supersedes the consent", async () => {
    const token = links.get("Иванов Иван Иванович")!;
    const before = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    const changed = await submitJson(
      t,
      token,
      decisionBody({ decision: "refusal", alternatives: ["diary", "parent_meetings"] }),
    );
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ decision: "refusal", status: "refused" });
    expect(changed.body.documentId).not.toBe(before.decision.documentId);
    const old = await t.services.documents.get(before.decision.documentId);
    expect(old?.status).toBe("superseded");
    expect(old?.supersededBy).toBe(changed.body.documentId);
    // Refusing after a consent withdraws the personal-data consent, with a signed withdrawal of its own.
    expect(changed.body.withdrawal).toMatchObject({
      documentNumber: `${changed.body.documentNumber}-ОТ`,
      withdrawnConsent: {
        documentId: before.decision.personalDataConsent.documentId,
        documentNumber: before.decision.personalDataConsent.documentNumber,
      },
      deadline: "2026-12-25",
    });
    expect((await t.services.documents.get(before.decision.personalDataConsent.documentId))?.status).toBe(
      "withdrawn",
    );
    const now = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(now.decision.alternatives).toEqual(["diary", "parent_meetings"]);
    expect(now.history).toEqual([
      expect.objectContaining({ documentId: before.decision.documentId, status: "superseded" }),
    ]);
    expect(await counts()).toEqual({
      total: 5,
      consented: 0,
      refused: 1,
      withdrawn: 0,
      pending: 4,
      expired: 0,
      revoked: 0,
    });

    // The receipt lists the earlier decision; the PDF of the refusal names the chosen channels.
    const receipt = await (await t.app.request(`/c/${token}/receipt`)).text();
    expect(receipt).toContain("Прежние решения (1)");
    const pdf = await t.app.request(new URL(changed.body.pdfUrl).pathname);
    const text = tool("pdftotext", [
      "-enc",
      "UTF-8",
      saveFile(new Uint8Array(await pdf.arrayBuffer())),
      "-",
    ]).out;
    expect(text).toContain("ОТКАЗ");

    // And back to consent: a third document, the refusal superseded in turn.
    const again = await submitJson(t, token, decisionBody());
    expect(again.status).toBe(201);
    expect((await t.services.documents.get(changed.body.documentId))?.status).toBe("superseded");
    const all = await t.services.documents.listByOwner("consent-request", await requestIdOf(token));
    expect(all.map((d) => `${d.type}:${d.status}`).sort()).toEqual([
      "consent:current",
      "consent:superseded",
      "personal-data-consent-withdrawal:superseded",
      "personal-data-consent:current",
      "personal-data-consent:withdrawn",
      "refusal:superseded",
    ]);
    expect(await counts()).toEqual({
      total: 5,
      consented: 1,
      refused: 0,
      withdrawn: 0,
      pending: 4,
      expired: 0,
      revoked: 0,
    });
  });

  it("answers a repeated identical decision with the existing document (200), storing nothing new", async () => {
    const token = links.get("Петрова Анна Сергеевна")!;
    const first = await submitJson(
      t,
      token,
      decisionBody({ parentName: "Петров Сергей Николаевич", relation: "father" }),
    );
    expect(first.status).toBe(201);
    const repeat = await submitJson(
      t,
      token,
      decisionBody({ parentName: "ПЕТРОВ сергей николаевич", relation: "отец" }),
    );
    expect(repeat.status).toBe(200);
    expect(repeat.body.documentId).toBe(first.body.documentId);
    const docs = await t.services.documents.listByOwner("consent-request", await requestIdOf(token));
    // The consent and its personal-data consent, once.
    expect(docs.map((d) => d.type).sort()).toEqual(["consent", "personal-data-consent"]);
  });

  it("records exactly one decision out of 20 concurrent identical submissions on one link", async () => {
    const token = links.get("Сидоров Пётр Алексеевич")!;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        submitJson(t, token, decisionBody({ parentName: "Сидорова Ольга Ивановна" })),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.documentId)).size).toBe(1);
    const docs = await t.services.documents.listByOwner("consent-request", await requestIdOf(token));
    expect(docs).toHaveLength(2);
    expect((await counts()).consented).toBe(3);
  });

  it("records exactly one decision when 20 concurrent submissions disagree; the others get 409", async () => {
    const token = links.get("Кузнецова Дарья Олеговна")!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        submitJson(
          t,
          token,
          decisionBody({ decision: i % 2 ? "refusal" : "consent", parentName: "Кузнецов Олег Юрьевич" }),
        ),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0]!.body.decision;
    for (const r of results) {
      if (r.status === 200) expect(r.body.decision).toBe(winner);
      else if (r.status === 409) expect(r.body.error.code).toBe("decision_conflict");
      else expect(r.status).toBe(201);
    }
    const docs = await t.services.documents.listByOwner("consent-request", await requestIdOf(token));
    expect(docs).toHaveLength(winner === "consent" ? 2 : 1);
    const c = await counts();
    expect(c.consented + c.refused).toBe(4);
  });

  it("keeps the audit chain intact", async () => {
    const { verifyAuditChain } = await import("@soglasie/core/audit/verify");
    const report = await verifyAuditChain(t.services.db);
    expect(report.ok).toBe(true);
  });
});

async function requestIdOf(token: string): Promise<string> {
  const { resolveLink } = await import("@soglasie/core/consent/links");
  return (await resolveLink(t.services, token)).request.requestId;
}
