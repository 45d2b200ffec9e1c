import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../packages/core/src/audit/types.js";
import { DEMO_DATA } from "../../packages/core/src/documents/layout/demo.js";
import type { DocumentRecord } from "../../packages/core/src/documents/types.js";
import { createServices, type Services } from "../../packages/core/src/services.js";
import { verifyApp } from "../../packages/functions/src/apps/verify/index.js";
import { createTestStores } from "../support/stores.js";
import { testSigner } from "./support.js";

let services: Services;
let app: ReturnType<typeof verifyApp>;
let consent: DocumentRecord;
let order: DocumentRecord;
let consentBytes: Uint8Array;
const actor: Actor = { type: "system", id: "test" };

beforeAll(async () => {
  const stores = await createTestStores();
  services = await createServices(stores.config, { clients: stores.clients, signer: testSigner() });
  app = verifyApp(services);
  consent = await services.documents.issue({
    type: "consent",
    data: DEMO_DATA.consent,
    number: "С-0001",
    owner: { type: "consent-request", id: "r-1" },
    actor,
  });
  order = await services.documents.issue({
    type: "order-appoint-administrator",
    data: DEMO_DATA["order-appoint-administrator"],
    number: "146-од",
    date: "2026-11-13",
    owner: { type: "order", id: "o-1" },
    actor,
  });
  consentBytes = await services.documents.pdf(consent.documentId);
});

const pdfPost = (path: string, body: Uint8Array, type = "application/pdf") =>
  app.request(path, { method: "POST", body, headers: { "content-type": type } });

describe("GET /verify/:documentId", () => {
  it("shows the registration data and status in Russian", async () => {
    const res = await app.request(`/verify/${order.documentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    for (const s of [
      "Проверка документа",
      "Приказ о назначении администратора ИКОП «Сферум»",
      "146-од",
      "13.11.2026",
      "действует",
      order.sha256,
      "ГПОУ «ЧПТК»",
    ]) {
      expect(html).toContain(s);
    }
  });

  it("shows no personal data of a consent", async () => {
    const html = await (await app.request(`/verify/${consent.documentId}`)).text();
    expect(html).toContain("Согласие родителя (законного представителя)");
    expect(html).toContain("С-0001");
    for (const name of ["Волков", "Волкова", "Артём", "ТМ-21"]) expect(html).not.toContain(name);
  });

  it("answers 404 for unknown or malformed ids", async () => {
    expect((await app.request("/verify/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await app.request("/verify/..%2F..%2Fetc")).status).toBe(404);
    expect((await app.request("/verify")).status).toBe(200);
  });
});

describe("GET /api/verify/:documentId", () => {
  it("returns the public record", async () => {
    const res = await app.request(`/api/verify/${order.documentId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      documentId: order.documentId,
      type: "order-appoint-administrator",
      number: "146-од",
      date: "2026-11-13",
      status: "current",
      sha256: order.sha256,
      signer: { owner: "ГПОУ «ЧПТК»", serial: testSigner().certificate.serial },
      signedAt: order.signedAt,
    });
    const missing = await app.request("/api/verify/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "Документ не найден" } });
  });
});

describe("POST /api/verify", () => {
  it("issued, unaltered and current for the original bytes", async () => {
    const res = await pdfPost("/api/verify", consentBytes);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      issued: true,
      unaltered: true,
      current: true,
      documentId: consent.documentId,
      type: "consent",
    });
    expect(JSON.stringify(body)).not.toMatch(/Волков/);
  });

  it("not unaltered after a changed byte", async () => {
    const altered = new Uint8Array(consentBytes);
    const at = Buffer.from(altered).indexOf(Buffer.from("(Soglasie consent-service)", "latin1")) + 3;
    altered[at] = (altered[at] ?? 0) ^ 1;
    const body = (await (await pdfPost("/api/verify", altered)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ unaltered: false });
  });

  it("not issued for something else; 415 for other types; 413 above 20 MB", async () => {
    const other = (await (
      await pdfPost("/api/verify", new TextEncoder().encode("%PDF-1.4 hello"))
    ).json()) as Record<string, unknown>;
    expect(other).toMatchObject({ issued: false, unaltered: false, current: false });
    expect((await pdfPost("/api/verify", consentBytes, "text/plain")).status).toBe(415);
    expect((await pdfPost("/api/verify", new Uint8Array(21 * 1024 * 1024))).status).toBe(413);
  });
});

describe("POST /verify (form upload)", () => {
  it("shows the result as a page", async () => {
    const form = new FormData();
    form.append("file", new File([consentBytes], "consent.pdf", { type: "application/pdf" }));
    const res = await app.request("/verify", { method: "POST", body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Документ подлинный, не изменён и действует.");
    expect(html).toContain('data-verdict="valid"');
    expect(html).not.toContain("Волков");
  });
});

describe("verdicts", () => {
  const upload = async (bytes: Uint8Array) => {
    const form = new FormData();
    form.append("file", new File([bytes], "file.pdf", { type: "application/pdf" }));
    return (await app.request("/verify", { method: "POST", body: form })).text();
  };
  /** The page's «Действует» row. */
  const inForce = (html: string) => /<th scope="row">Действует<\/th><td>([^<]*)<\/td>/.exec(html)?.[1];

  it("an altered file is never «in force», in the page or the API", async () => {
    const altered = new Uint8Array(consentBytes);
    const at = Buffer.from(altered).indexOf(Buffer.from("(Soglasie consent-service)", "latin1")) + 3;
    altered[at] = (altered[at] ?? 0) ^ 1;
    const html = await upload(altered);
    expect(html).toContain('data-verdict="altered"');
    expect(html).toContain("Файл изменён после подписания");
    expect(inForce(html)).toBe("нет — изменённый файл не имеет силы документа");
    expect(html).not.toContain('data-verdict="valid"');
    const api = (await (await pdfPost("/api/verify", altered)).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ issued: true, unaltered: false, verdict: "altered" });
  });

  it("a replaced document says so in the verdict, the rows, the record page and the API", async () => {
    const old = await services.documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      number: "147-од",
      date: "2026-11-14",
      owner: { type: "order", id: "o-2" },
      actor,
    });
    const bytes = await services.documents.pdf(old.documentId);
    const newer = await services.documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      number: "148-од",
      date: "2026-11-15",
      owner: { type: "order", id: "o-3" },
      supersedes: [old.documentId],
      actor,
    });
    const html = await upload(bytes);
    expect(html).toContain('data-verdict="replaced"');
    expect(inForce(html)).toBe("нет — заменён более новым документом");
    const record = await (await app.request(`/verify/${old.documentId}`)).text();
    expect(record).toContain('data-verdict="replaced"');
    expect(inForce(record)).toBe("нет — заменён более новым документом");
    expect(record).toContain(`href="/verify/${newer.documentId}"`);
    expect(await (await app.request(`/api/verify/${old.documentId}`)).json()).toMatchObject({
      status: "superseded",
      verdict: "replaced",
    });
    expect(inForce(await (await app.request(`/verify/${newer.documentId}`)).text())).toBe("да");
  });

  it("a file not issued here, and an unknown id, are «not issued»", async () => {
    const html = await upload(new TextEncoder().encode("%PDF-1.4 hello"));
    expect(html).toContain('data-verdict="foreign"');
    expect(inForce(html)).toBe("нет — документ не выдавался колледжем");
    const missing = await (await app.request("/verify/00000000-0000-4000-8000-000000000000")).text();
    expect(missing).toContain('data-verdict="foreign"');
  });
});
