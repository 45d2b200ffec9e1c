import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { resolveLink } from "@soglasie/core/consent/links";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { form, SYSTEM, type TestSession } from "../support/app.js";
import { type Ack, consentInvariants } from "../support/consent-invariants.js";
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
 * Withdrawal of the personal-data consent through the same link (152-FZ art. 9 p. 2): a signed
 * withdrawal saying what the college does and by when (art. 21 p. 5), the consent marked withdrawn
 * on /verify, the platform consent superseded, the student shown as «Согласие отозвано» with the
 * group counters moved in the same transaction; a later consent makes new documents.
 */

let t: ConsentTestApp;
let teacher: TestSession;
let groupId: string;
let links: Map<string, string>;
const acks: Ack[] = [];

const STUDENTS: Array<[string, string, string]> = [
  ["ОТ-31", "Отзывов Артём Денисович", "Отзывова Наталья Сергеевна"],
  ["ОТ-31", "Формов Глеб Ильич", "Формова Ирина Павловна"],
  ["ОТ-31", "Пустов Иван Иванович", "Пустова Анна Ивановна"],
];

const withdrawal = (over: Record<string, unknown> = {}) => ({
  decision: "withdrawal",
  parentName: "Отзывова Наталья Сергеевна",
  relation: "мать",
  confirm: true,
  ...over,
});

async function counts() {
  const group = (await (
    await t.app.request(`/api/groups/${groupId}/consents`, { headers: teacher.bearer })
  ).json()) as any;
  const overview = (await (await t.app.request("/api/groups", { headers: teacher.bearer })).json()) as any;
  expect(overview.groups.find((g: any) => g.groupId === groupId).counts).toEqual(group.counts);
  return group;
}

const record = (token: string, body: { decision: string; documentId: string }, status: number) =>
  acks.push({ token, decision: body.decision as never, documentId: body.documentId, status });

beforeAll(async () => {
  t = await consentTestApp();
  const admin = await t.signIn(["administrator"]);
  teacher = await t.signIn(["class_teacher"]);
  await importRoster(t, admin, rosterCsv(STUDENTS));
  groupId = await groupIdByCode(t, admin, "ОТ-31");
  await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
  links = await groupLinks(t, teacher, groupId);
});

describe("withdrawing the personal-data consent", () => {
  it("signs a withdrawal, withdraws the consent, supersedes the platform consent and moves the counters", async () => {
    const token = links.get("Отзывов Артём Денисович")!;
    const consent = await submitJson(t, token, decisionBody({ parentName: "Отзывова Наталья Сергеевна" }));
    expect(consent.status).toBe(201);
    record(token, consent.body, 201);
    expect((await counts()).counts).toMatchObject({ consented: 1, withdrawn: 0, pending: 2 });

    const res = await submitJson(t, token, withdrawal());
    expect(res.status).toBe(201);
    record(token, res.body, 201);
    expect(res.body).toMatchObject({
      decision: "withdrawal",
      status: "withdrawn",
      documentNumber: expect.stringMatching(/-ОТ$/),
      personalDataConsent: null,
      withdrawal: {
        receivedOn: "2026-11-25",
        deadline: "2026-12-25",
        withdrawnConsent: consent.body.personalDataConsent && {
          documentId: consent.body.personalDataConsent.documentId,
          documentNumber: consent.body.personalDataConsent.documentNumber,
        },
      },
    });

    // The documents: the withdrawal current, the personal-data consent withdrawn, the decision superseded.
    const docs = t.services.documents;
    const pd = await docs.get(consent.body.personalDataConsent.documentId);
    expect(pd).toMatchObject({
      status: "withdrawn",
      withdrawnReason: expect.stringContaining(res.body.documentNumber),
    });
    expect(await docs.get(consent.body.documentId)).toMatchObject({
      status: "superseded",
      supersededBy: res.body.documentId,
    });
    expect(await docs.get(res.body.documentId)).toMatchObject({
      type: "personal-data-consent-withdrawal",
      status: "current",
      pepRules: { audience: "parents", version: 1 },
    });

    // /verify (page and JSON) says the consent is withdrawn.
    const json = (await (await t.app.request(`/api/verify/${pd!.documentId}`)).json()) as any;
    expect(json).toMatchObject({
      type: "personal-data-consent",
      status: "withdrawn",
      statusLabel: "отозван",
    });
    const page = await (await t.app.request(`/verify/${pd!.documentId}`)).text();
    expect(page).toContain("отозван");
    const bytes = await docs.pdf(pd!.documentId);
    const check = await docs.verifyBytes(bytes);
    expect(check).toMatchObject({ issued: true, unaltered: true, current: false, status: "withdrawn" });
    expect(check.message).toBe("Документ подлинный и не изменён, но отозван и не действует.");

    // The signed withdrawal says what the college does and by when.
    const pdf = await t.app.request(new URL(res.body.pdfUrl).pathname);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-disposition")).toContain("%D0%9E%D1%82%D0%B7%D1%8B%D0%B2"); // «Отзыв»
    const file = saveFile(new Uint8Array(await pdf.arrayBuffer()));
    expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
    const text = tool("pdftotext", ["-enc", "UTF-8", file, "-"]).out.replace(/\s+/g, " ");
    expect(text).toContain(
      `отзываю согласие № ${consent.body.personalDataConsent.documentNumber} от 25.11.2026`,
    );
    expect(text).toContain("то есть не позднее 25.12.2026");
    expect(text).toContain("Отзывов Артём Денисович");

    // The dashboard: a status of its own, counted in the same transaction, with the deadline.
    const group = await counts();
    expect(group.counts).toMatchObject({ total: 3, consented: 0, refused: 0, withdrawn: 1, pending: 2 });
    const row = group.students.find((s: any) => s.fullName === "Отзывов Артём Денисович");
    expect(row).toMatchObject({
      status: "withdrawn",
      decision: { decision: "withdrawal", withdrawal: { deadline: "2026-12-25" }, personalDataConsent: null },
    });
    const html = await (
      await t.app.request(`/staff/consents/${groupId}`, { headers: teacher.cookie })
    ).text();
    expect(html).toContain("Отозвали согласие на обработку персональных данных (1)");
    expect(html).toContain("исключить из чатов и уничтожить данные до 25.12.2026");
    expect(html).toContain("Согласие отозвано: <strong>1</strong>");
    const csv = await (
      await t.app.request(`/api/groups/${groupId}/consents.csv`, { headers: teacher.bearer })
    ).text();
    expect(csv).toContain("Согласие отозвано");

    // The audit: the withdrawal of the document and the change of the request, without personal data.
    const events: any[] = [];
    for await (const e of t.services.db.auditEvents()) events.push(e);
    expect(
      events.find((e) => e.action === "document.withdrawn" && e.entityId === pd!.documentId),
    ).toMatchObject({
      actor: { type: "parent" },
      before: "current",
      after: "withdrawn",
    });
    expect(events.filter((e) => e.action === "consent.decision_changed").at(-1)).toMatchObject({
      before: "consented",
      after: "withdrawn",
      details: { withdrawalDocumentId: res.body.documentId, destroyBy: "2026-12-25" },
    });
    expect((await verifyAuditChain(t.services.db)).ok).toBe(true);
  });

  it("answers a repeat with the same withdrawal; another withdrawal has nothing to withdraw (409)", async () => {
    const token = links.get("Отзывов Артём Денисович")!;
    const repeat = await submitJson(t, token, withdrawal({ parentName: "ОТЗЫВОВА наталья сергеевна" }));
    expect(repeat.status).toBe(200);
    record(token, repeat.body, 200);
    const other = await submitJson(
      t,
      token,
      withdrawal({ parentName: "Отзывов Денис Петрович", relation: "отец" }),
    );
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("nothing_to_withdraw");
    const fresh = links.get("Пустов Иван Иванович")!;
    const none = await submitJson(
      t,
      fresh,
      withdrawal({ parentName: "Пустова Анна Ивановна", pepRulesAccepted: true }),
    );
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain("отзывать нечего");
  });

  it("lets the parent consent again: new documents, the withdrawal superseded, the counters back", async () => {
    const token = links.get("Отзывов Артём Денисович")!;
    const before = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    const again = await submitJson(t, token, decisionBody({ parentName: "Отзывова Наталья Сергеевна" }));
    expect(again.status).toBe(201);
    record(token, again.body, 201);
    expect(again.body.personalDataConsent.documentId).toBeTruthy();
    expect((await t.services.documents.get(before.decision.documentId))?.status).toBe("superseded");
    expect((await counts()).counts).toMatchObject({ consented: 1, withdrawn: 0 });
  });

  it("is signed through the page's own form without JavaScript, with messages next to its fields", async () => {
    const token = links.get("Формов Глеб Ильич")!;
    const first = await submitJson(t, token, decisionBody({ parentName: "Формова Ирина Павловна" }));
    record(token, first.body, 201);
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain(`action="/c/${token}/withdraw#errors-w"`);
    expect(html).toContain("Отозвать согласие на обработку персональных данных");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

    const post = (fields: Record<string, string>) => {
      const f = form({ _csrf: csrf, ...fields });
      return t.app.request(`/c/${token}/withdraw`, {
        method: "POST",
        body: f.body,
        headers: { ...f.headers, "x-forwarded-for": "198.51.100.40", "user-agent": "phone" },
      });
    };
    const refused = await post({ parentName: "Формова", confirm: "on" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    // The messages belong to the withdrawal form's own fields (ids «…-w»), the decision form stays clean.
    expect(page).toMatch(/id="e-parentName-w"[^>]*>Укажите фамилию, имя и отчество/);
    expect(page).toMatch(/id="e-relation-w"/);
    expect(page).not.toContain('id="e-parentName"');
    // The refused page says so in its title; its summary is the action fragment's target, focused.
    expect(page).toMatch(/<title>Ошибка: /);
    expect(page).toMatch(/<div class="error-summary" role="alert" tabindex="-1" id="errors-w" autofocus/);
    expect(page).toContain(
      '<a href="#f-parentName-w">Ваши фамилия, имя и отчество: укажите фамилию, имя и отчество (если есть)</a>',
    );

    const ok = await post({ parentName: "Формова Ирина Павловна", relation: "mother", confirm: "on" });
    expect(ok.status).toBe(303);
    const receipt = await (await t.app.request(`/c/${token}/receipt?recorded=1`)).text();
    expect(receipt).toContain("Вы отозвали согласие на обработку персональных данных.");
    expect(receipt).toContain("не позднее 25.12.2026");
    const api = (await (await t.app.request(`/api/consent/${token}`)).json()) as any;
    expect(api.decision.status).toBe("withdrawn");
    record(token, api.decision, 201);
  });

  it("keeps the workflow's invariants: documents per decision, exactly the current ones current, counters true", async () => {
    const all = await Promise.all(
      [...links.values()].map(async (token) => {
        const { request } = await resolveLink(t.services, token);
        return {
          token,
          groupId,
          groupCode: "ОТ-31",
          studentId: request.studentId,
          requestId: request.requestId,
        };
      }),
    );
    expect(await consentInvariants(t.services, all, acks, { deep: true })).toEqual([]);
  });
});
