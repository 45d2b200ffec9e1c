import { beforeAll, describe, expect, it } from "vitest";
import { personalData } from "../support/personal-data.js";
import { bodyOf, type SecurityStack, securityStack } from "./support.js";

/**
 * Issue 13, defect 13: `/verify` of a superseded parent's document linked to its successor, so
 * whoever holds the old QR code (a printed consent left on a desk) learned whether the parent
 * switched to a refusal. For a parent's document (anything a consent request owns) the page and
 * the API say only that a later document replaced it; staff documents keep the link.
 */
let s: SecurityStack;
let first: string;
let second: string;

const decide = async (token: string, decision: "consent" | "refusal") => {
  const res = await s.t.app.request(`/api/consent/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.61" },
    body: JSON.stringify({
      decision,
      parentName: "Сергеева Ирина Олеговна",
      relation: "мать",
      alternatives: decision === "refusal" ? ["diary"] : [],
      studentAge: "minor",
      confirm: true,
      pepRulesAccepted: true,
      // The personal-data consent goes with a consent (152-ФЗ art. 9 p. 4).
      ...(decision === "consent" ? { personalData: personalData() } : {}),
    }),
  });
  expect(res.status).toBe(201);
  return (await bodyOf(res)).documentId as string;
};

beforeAll(async () => {
  s = await securityStack();
  first = await decide(s.tokens[0]!, "consent");
  second = await decide(s.tokens[0]!, "refusal");
}, 120_000);

describe("/verify of a superseded parent's document", () => {
  it("the page says the consent was replaced, without a link to (or the id of) the refusal", async () => {
    const res = await s.t.app.request(`/verify/${first}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("заменён более поздним документом");
    expect(html).not.toContain(second);
    expect(html).not.toContain(`/verify/${second}`);
    expect(html).not.toMatch(/href="\/verify\/[0-9a-f-]{36}"/);
    expect(html).not.toContain("Отказ");
  });

  it("the JSON says superseded and nothing more", async () => {
    const res = await s.t.app.request(`/api/verify/${first}`);
    const record = await bodyOf(res);
    expect(record).toMatchObject({ documentId: first, status: "superseded" });
    expect(record).not.toHaveProperty("supersededBy");
    expect(record).not.toHaveProperty("statusChangedAt");
    expect(JSON.stringify(record)).not.toContain(second);
  });

  it("a staff document (the orders register extract) keeps the link to its successor", async () => {
    const director = await s.t.signIn(["director"]);
    for (let i = 0; i < 2; i++) {
      const res = await s.t.app.request("/api/orders/register.pdf", { headers: director.bearer });
      expect(res.status).toBe(200);
    }
    // By status, not by list order: the test clock may give both extracts the same time.
    const registers = await s.t.services.documents.listByType("orders-register");
    expect(registers).toHaveLength(2);
    const older = registers.find((r) => r.status === "superseded");
    const newer = registers.find((r) => r.status === "current");
    expect(older).toBeDefined();
    expect(newer).toBeDefined();
    const html = await (await s.t.app.request(`/verify/${older!.documentId}`)).text();
    expect(html).toContain(`href="/verify/${newer!.documentId}"`);
    const record = await bodyOf(await s.t.app.request(`/api/verify/${older!.documentId}`));
    expect(record.supersededBy).toBe(newer!.documentId);
  });
});
