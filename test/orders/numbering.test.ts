import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { verifyAuditChain } from "@soglasie/core/audit/verify";
import { configFromEnv } from "@soglasie/core/config";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { ConflictError } from "@soglasie/core/errors";
import { formatOrderNumber, issueOrder } from "@soglasie/core/orders/issue-order";
import { orderCounterKey } from "@soglasie/core/orders/keys";
import { listOrders } from "@soglasie/core/orders/register";
import { createServices } from "@soglasie/core/services";
import { orgPk } from "@soglasie/core/storage/table";
import { beforeAll, describe, expect, it } from "vitest";
import { Clock, type OrdersTestApp, ordersTestApp, pdfText } from "./support.js";

const run = promisify(execFile);
const DIRECTOR = { type: "staff", id: "director-test", role: "director" } as const;

const approval = (t: OrdersTestApp, extra: Partial<Parameters<typeof issueOrder>[1]> = {}) =>
  issueOrder(t.services, {
    kind: "approve-regulation",
    documentType: "order-approve-regulation",
    title: "Об утверждении Положения об использовании ИКОП «Сферум»",
    actor: DIRECTOR,
    owner: { type: "regulation", id: "numbering-test" },
    buildData: () => DEMO_DATA["order-approve-regulation"],
    ...extra,
  });

describe("order numbering: per year, unique and gap-free", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await ordersTestApp(new Clock(new Date("2027-03-10T02:00:00Z")));
  });

  it("gives 50 orders signed concurrently the numbers 1..50 with no gaps or repeats", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => approval(t)));
    const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.number)).size).toBe(50);
    expect(new Set(results.map((r) => r.documentId)).size).toBe(50);
    // The register agrees, and each document record carries its order's number.
    const register = await listOrders(t.services, { year: 2027 });
    expect(register.map((o) => o.number)).toEqual(seqs.map((n) => `${n}-од`));
    for (const r of results.slice(0, 5)) {
      expect((await t.services.documents.get(r.documentId))?.number).toBe(r.number);
    }
    const counter = await t.services.db.get<{ seq: number }>(
      orderCounterKey(t.services.config.orgId, 2027),
      true,
    );
    expect(counter?.seq).toBe(50);
    // 50 two-page orders rendered and signed one after another in this process: a correctness test,
    // not a speed one (bench/suites/orders.ts measures it), so a shared machine must not fail it.
  }, 120_000);

  it("re-renders with the next number when another process took the number meanwhile", async () => {
    // Fault injection: another process commits the next number between our read of the counter and
    // our transaction (the in-process lock cannot see it; only the condition on the counter can).
    const { orgId } = t.services.config;
    const date = "2028-01-15";
    await approval(t, { date });
    const rendered: string[] = [];
    const order = await approval(t, {
      date,
      buildData: (reg) => {
        if (rendered.length === 0) {
          // Queued on the audit chain before our own transaction, so it commits first.
          void t.services.db.transact(
            [
              {
                update: orderCounterKey(orgId, 2028),
                expression: "SET seq = :two",
                condition: "seq = :one",
                values: { ":one": 1, ":two": 2 },
              },
            ],
            [{ actor: DIRECTOR, action: "test.counter_moved", entityType: "test", entityId: "race" }],
          );
        }
        rendered.push(reg.number);
        return DEMO_DATA["order-approve-regulation"];
      },
    });
    expect(rendered).toEqual(["2-од", "3-од"]);
    expect(order.number).toBe("3-од");
    const bytes = await t.services.documents.pdf(order.documentId);
    expect(await pdfText(bytes)).toContain("№ 3-од");
  });

  it("consumes no number when the caller's own change fails", async () => {
    const date = "2029-05-01";
    await approval(t, { date });
    const failed = await approval(t, {
      date,
      extraItems: () => [
        {
          check: { pk: orgPk(t.services.config.orgId, "MISSING"), sk: "X" },
          condition: "attribute_exists(pk)",
          onConflict: () => new ConflictError("test conflict", "test_conflict"),
        },
      ],
    }).catch((e) => e as Error);
    expect(failed).toBeInstanceOf(ConflictError);
    const next = await approval(t, { date });
    expect(next.number).toBe("2-од");
    expect((await listOrders(t.services, { year: 2029 })).map((o) => o.seq)).toEqual([1, 2]);
  });

  it("numbers each calendar year from 1, in the configured format", async () => {
    const a = await approval(t, { date: "2030-12-31" });
    const b = await approval(t, { date: "2031-01-01" });
    expect([a.number, b.number]).toEqual(["1-од", "1-од"]);
    expect(formatOrderNumber("{n}-од", 12, 2026)).toBe("12-од");
    expect(formatOrderNumber("{yy}/{n}", 7, 2026)).toBe("26/7");
    expect(() => formatOrderNumber("од", 1, 2026)).toThrow();
  });
});

describe("order numbering across processes", () => {
  it("stays gap-free when three processes sign orders at once", async () => {
    const t = await ordersTestApp();
    const { config } = t.services;
    const signingDir = join(mkdtempSync(join(tmpdir(), "soglasie-xproc-")), "signing");
    const env = {
      ...process.env,
      APP_MODE: "local",
      DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
      S3_ENDPOINT: config.s3Endpoint,
      TABLE_NAME: config.tableName,
      BUCKET_NAME: config.bucketName,
      ORG_ID: config.orgId,
      SIGNING_DIR: signingDir,
      ORDER_COUNT: "8",
      ORDER_DATE: "2032-06-01",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    // One signing key for all (the first process would otherwise race to create it).
    await createServices(configFromEnv(env), { signingDir });
    const outputs = await Promise.all(
      [1, 2, 3].map(() => run("node", ["--import", "tsx", "test/orders/fixtures/issue-many.ts"], { env })),
    );
    const seqs = outputs.flatMap((o) => JSON.parse(o.stdout) as number[]).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect((await listOrders(t.services, { year: 2032 })).map((o) => o.seq)).toEqual(seqs);
    expect((await verifyAuditChain(t.services.db)).ok).toBe(true);
    // Each lost race left a rendered PDF that no record refers to (content-addressed orphans).
    let pdfs = 0;
    for await (const _ of t.services.objects.list("documents")) pdfs++;
    expect(pdfs).toBeGreaterThanOrEqual(24);
  }, 120_000);
});
