import { ConsentRequestRepository } from "@soglasie/core/consent/consent-request-repository";
import { sweepOrphanDocuments } from "@soglasie/core/documents/records/sweep";
import { currentPepRules } from "@soglasie/core/pep/rules-versions";
import { beforeAll, describe, expect, it } from "vitest";
import { startOrphanSweeper } from "../../packages/local/src/orphan-sweeper.js";
import { documentsCheck, documentsCheckJson, documentsCli } from "../faults/cli.js";
import { SYSTEM } from "../support/app.js";
import { emptyRegisterExtract } from "../support/documents.js";
import { personalData } from "../support/personal-data.js";
import { type SecurityStack, securityStack } from "./support.js";

/**
 * Issue 13, defect 9: 40 parallel first answers on one link recorded one decision but left 44
 * signed PDFs with a child's name in S3. Now the request is claimed before rendering (the losers
 * render nothing), a PDF whose transaction failed is removed, and a sweep deletes whatever orphan
 * remains after a grace period (on a schedule on AWS, on a timer in `npm start`, and by the CLI).
 */
let s: SecurityStack;
beforeAll(async () => {
  s = await securityStack();
  // The parents' signature rules are issued as a document on first need: issue them now, so the
  // races below count only the answers' PDFs.
  await currentPepRules(s.t.services, "parents");
}, 120_000);

const answer = (decision: "consent" | "refusal") => ({
  decision,
  parentName: "Тихонов Игорь Львович",
  relation: "отец",
  alternatives: decision === "refusal" ? ["diary"] : [],
  studentAge: "minor",
  confirm: true,
  pepRulesAccepted: true,
  // A consent comes with its personal-data consent: two signed PDFs (152-ФЗ art. 9 p. 4).
  ...(decision === "consent" ? { personalData: personalData() } : {}),
});

/** Signed PDFs one first answer leaves: the consent and its personal-data consent, or the refusal. */
const pdfsOf = (decision: string) => (decision === "consent" ? 2 : 1);

async function race(token: string, bodies: object[]) {
  return Promise.all(
    bodies.map(async (body, i) => {
      const res = await s.t.app.request(`/api/consent/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${100 + (i % 50)}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    }),
  );
}

async function documentObjects(): Promise<number> {
  let n = 0;
  for await (const _ of s.t.services.objects.list("documents")) n++;
  return n;
}

describe("racing submissions on one link", () => {
  it("40 identical first answers: one decision, one signed PDF, no orphans", async () => {
    const before = await documentObjects();
    const results = await race(
      s.tokens[1]!,
      Array.from({ length: 40 }, () => answer("consent")),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(39);
    const documentIds = new Set(results.map((r) => r.body.documentId));
    expect(documentIds.size).toBe(1);
    expect(await documentObjects()).toBe(before + pdfsOf("consent"));
    const report = await documentsCheckJson(s.t.stores.config);
    expect(report.orphans).toEqual([]);
    expect(report.missing).toEqual([]);
  }, 120_000);

  it("40 mixed answers on a fresh link: one wins, the same answer is told so, the other a conflict; no orphans", async () => {
    const before = await documentObjects();
    const bodies = Array.from({ length: 40 }, (_, i) => answer(i % 2 ? "refusal" : "consent"));
    const results = await race(s.tokens[2]!, bodies);
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const winner = created[0]!.body.decision;
    for (const [i, r] of results.entries()) {
      if (r.status === 201) continue;
      if (bodies[i]!.decision === winner) expect(r.status).toBe(200);
      else {
        expect(r.status).toBe(409);
        expect(r.body.error.code).toBe("decision_conflict");
      }
    }
    const request = (await new ConsentRequestRepository(s.t.services).listByGroup(s.groupId, true)).find(
      (r) => r.decision?.documentId === created[0]!.body.documentId,
    );
    expect(request?.history).toEqual([]);
    expect(await documentObjects()).toBe(before + pdfsOf(winner));
    expect((await documentsCheckJson(s.t.stores.config)).orphans).toEqual([]);
  }, 120_000);
});

describe("a failed write removes its PDF", () => {
  it("committed(): the prepared PDF is deleted when the transaction fails, kept when it succeeds", async () => {
    const input = emptyRegisterExtract("orphans");
    const lost = await s.t.services.documents.prepare(input);
    expect(await s.t.services.objects.exists(lost.s3Key)).toBe(true);
    await expect(
      s.t.services.documents.committed(lost, async () => {
        throw new Error("transaction cancelled");
      }),
    ).rejects.toThrow("transaction cancelled");
    expect(await s.t.services.objects.exists(lost.s3Key)).toBe(false);

    const kept = await s.t.services.documents.prepare(input);
    await s.t.services.documents.committed(kept, () =>
      s.t.services.db.transact(kept.txItems, [kept.auditEvent]),
    );
    expect(await s.t.services.objects.exists(kept.s3Key)).toBe(true);
    // A write that failed after it committed (a timeout) keeps the PDF: the record decides.
    const late = await s.t.services.documents.prepare(input);
    await expect(
      s.t.services.documents.committed(late, async () => {
        await s.t.services.db.transact(late.txItems, [late.auditEvent]);
        throw new Error("timed out after commit");
      }),
    ).rejects.toThrow("timed out");
    expect(await s.t.services.objects.exists(late.s3Key)).toBe(true);
  });
});

describe("the orphan sweep", () => {
  it("deletes orphans older than the grace period, keeps young ones and every referenced PDF", async () => {
    const input = emptyRegisterExtract("sweep");
    // An interrupted write: the PDF is stored, the transaction never ran.
    const orphan = await s.t.services.documents.prepare(input);
    const check = await documentsCheckJson(s.t.stores.config);
    expect(check.orphans.map((o) => o.key)).toContain(orphan.s3Key);
    const referenced = check.records;

    const young = await sweepOrphanDocuments(s.t.services, { graceSeconds: 3600 });
    expect(young.deleted).toEqual([]);
    expect(young.young).toBeGreaterThanOrEqual(1);
    expect(await s.t.services.objects.exists(orphan.s3Key)).toBe(true);

    const swept = await sweepOrphanDocuments(s.t.services, {
      graceSeconds: 3600,
      now: new Date(Date.now() + 2 * 3600_000),
    });
    expect(swept.deleted).toEqual([orphan.s3Key]);
    expect(await s.t.services.objects.exists(orphan.s3Key)).toBe(false);
    const after = await documentsCheckJson(s.t.stores.config);
    expect(after.orphans).toEqual([]);
    expect(after.missing).toEqual([]);
    expect(after.records).toBe(referenced);
  });

  it("npm run cli -- documents sweep: the same from the command line", async () => {
    const orphan = await s.t.services.documents.prepare(emptyRegisterExtract("cli"));
    const kept = await documentsCheck(s.t.stores.config, "--json");
    expect(JSON.parse(kept.stdout).orphans.map((o: { key: string }) => o.key)).toContain(orphan.s3Key);
    const out = await documentsCli(s.t.stores.config, "sweep", "--grace-minutes", "0");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Удалено осиротевших файлов: 1");
    expect((await documentsCheckJson(s.t.stores.config)).orphans).toEqual([]);
  });

  it("npm start: the sweep runs on a timer and says what it deleted", async () => {
    const orphan = await s.t.services.documents.prepare(emptyRegisterExtract("timer"));
    const lines: string[] = [];
    const sweeper = startOrphanSweeper(s.t.services, {
      firstRunMs: 0,
      intervalMs: 100,
      graceSeconds: 0,
      log: (line) => lines.push(line),
    });
    try {
      const deadline = Date.now() + 20_000;
      while (
        (sweeper.runs() < 2 || (await s.t.services.objects.exists(orphan.s3Key))) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      sweeper.stop();
    }
    expect(await s.t.services.objects.exists(orphan.s3Key)).toBe(false);
    expect(sweeper.runs()).toBeGreaterThanOrEqual(2);
    expect(lines).toContain("Удалены осиротевшие PDF (ни одна запись на них не ссылается): 1.");
    expect((await documentsCheckJson(s.t.stores.config)).orphans).toEqual([]);
  });
});
