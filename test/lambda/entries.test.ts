import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { localDate } from "@soglasie/core/clock";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { createServices, type Services } from "@soglasie/core/services";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { clientAddress } from "@soglasie/functions/http/body";
import type { FunctionName } from "@soglasie/functions/lambda/manifest";
import { runtimeConfig } from "@soglasie/functions/runtime-config";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pdfText } from "../support/pdf-tools.js";
import { flatForm, personalData } from "../support/personal-data.js";
import { createTestStores } from "../support/stores";
import {
  API_HOST,
  type ApiResult,
  apiEvent,
  bodyBytes,
  type EventInput,
  lambdaEnv,
  resourceEnv,
  signingPems,
} from "./support";

/**
 * Every Lambda entry point invoked in this process with API Gateway v2 events against the local
 * stores. The functions configure themselves as in AWS: SST_RESOURCE_* links read through
 * `Resource`, AWS_LAMBDA_FUNCTION_NAME set, no TABLE_NAME/BUCKET_NAME in the environment.
 */

const run = promisify(execFile);
const PASSWORD = "lambda-test-password-1";
const SYSTEM = { type: "system", id: "lambda-test" } as const;
const ORIGIN = `https://${API_HOST}`;

type Handler = (event: unknown, context?: unknown) => Promise<ApiResult>;
let handlers: Record<FunctionName, Handler>;
let seed: Services;
let savedEnv: NodeJS.ProcessEnv;
let director: { email: string; fullName: string };
let tmp: string;

async function invoke(input: EventInput, expectFn?: FunctionName): Promise<ApiResult> {
  const { fn, event } = apiEvent(input);
  if (expectFn) expect(fn).toBe(expectFn);
  return handlers[fn](event, { awsRequestId: "test" });
}

const json = (r: ApiResult) => JSON.parse(bodyBytes(r).toString("utf8"));
const text = (r: ApiResult) => bodyBytes(r).toString("utf8");

async function bearerToken(): Promise<string> {
  const r = await invoke(
    {
      method: "POST",
      path: "/api/auth/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: director.email, password: PASSWORD }),
    },
    "authVerify",
  );
  expect(r.statusCode).toBe(200);
  return json(r).token as string;
}

beforeAll(async () => {
  savedEnv = { ...process.env };
  tmp = mkdtempSync(join(tmpdir(), "soglasie-lambda-"));
  const stores = await createTestStores();
  const { keyPem, certPem } = signingPems(stores.config.org);
  for (const key of ["TABLE_NAME", "BUCKET_NAME", "SESSION_SECRET", "APP_MODE", "SIGNING_KEY_PEM"])
    delete process.env[key];
  Object.assign(
    process.env,
    lambdaEnv({ dynamodbEndpoint: inject("dynamodbEndpoint"), s3Endpoint: inject("s3Endpoint") }, "all"),
    resourceEnv({
      table: stores.config.tableName,
      bucket: stores.config.bucketName,
      sessionSecret: randomBytes(32).toString("hex"),
      certPem,
      keyPem,
    }),
  );
  // The same configuration the functions build for themselves, for seeding.
  seed = await createServices(runtimeConfig());
  const email = `director-${Date.now()}@lambda.test`;
  director = { email, fullName: "Иванова Светлана Петровна" };
  await new StaffRepository(seed).create(
    {
      email,
      fullName: director.fullName,
      position: "Директор",
      pedagogical: true,
      roles: ["director"],
      password: PASSWORD,
    },
    SYSTEM,
  );
  handlers = {
    authVerify: (await import("@soglasie/functions/lambda/auth-verify")).handler as Handler,
    consent: (await import("@soglasie/functions/lambda/consent")).handler as Handler,
    council: (await import("@soglasie/functions/lambda/council")).handler as Handler,
    orders: (await import("@soglasie/functions/lambda/orders")).handler as Handler,
  };
});

afterAll(() => {
  process.env = savedEnv;
  rmSync(tmp, { recursive: true, force: true });
});

describe("configuration in Lambda", () => {
  it("takes the table, bucket and secrets from the linked resources", () => {
    const config = runtimeConfig();
    expect(config.mode).toBe("aws");
    expect(config.tableName).toBe(JSON.parse(process.env.SST_RESOURCE_Table ?? "{}").name);
    expect(config.bucketName).toBe(JSON.parse(process.env.SST_RESOURCE_Bucket ?? "{}").name);
    expect(config.signingKeyPem).toContain("PRIVATE KEY");
    expect(config.publicBaseUrl).toBe(ORIGIN);
  });
});

describe("sign-in and verification function ($default route)", () => {
  it("GET /health answers JSON from both stores", async () => {
    const r = await invoke({ path: "/health" }, "authVerify");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(json(r)).toEqual({ status: "ok", dynamodb: "ok", s3: "ok" });
  });

  it("GET /login renders the Russian sign-in page with the security headers", async () => {
    const r = await invoke({ path: "/login?next=/staff" }, "authVerify");
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(false);
    expect(r.headers["content-type"]).toMatch(/^text\/html/);
    expect(r.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(r.headers["x-frame-options"]).toBeDefined();
    expect(text(r)).toContain('<form method="post" action="/login"');
    expect(text(r)).toContain("Вход");
  });

  it("a form POST (base64 body, as HTTP APIs pass forms) signs in with a cookie, which opens /staff", async () => {
    const body = new URLSearchParams({
      email: director.email,
      password: PASSWORD,
      next: "/staff",
    }).toString();
    const r = await invoke(
      {
        method: "POST",
        path: "/login",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body,
        base64: true,
      },
      "authVerify",
    );
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe("/staff");
    // Payload 2.0 returns cookies in their own field.
    const cookie = r.cookies?.find((c) => c.startsWith("sid="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const staff = await invoke({ path: "/staff", cookies: [cookie!.split(";")[0]!] }, "authVerify");
    expect(staff.statusCode).toBe(200);
    expect(text(staff)).toContain("Иванова");
  });

  it("a wrong password gets the page back with a Russian error and no session", async () => {
    const body = new URLSearchParams({ email: director.email, password: "wrong-password-0" }).toString();
    const r = await invoke({
      method: "POST",
      path: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body,
    });
    expect(r.statusCode).toBe(401);
    expect(r.cookies ?? []).toEqual([]);
    expect(text(r)).toMatch(/[Нн]еверн/);
  });

  it("a cross-site form POST is refused", async () => {
    const body = new URLSearchParams({ email: director.email, password: PASSWORD }).toString();
    const r = await invoke({
      method: "POST",
      path: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body,
    });
    expect(r.statusCode).toBe(403);
    expect(r.cookies ?? []).toEqual([]);
  });

  it("JSON POST /api/auth/login returns a bearer token that /api/me accepts", async () => {
    const token = await bearerToken();
    const me = await invoke({ path: "/api/me", headers: { authorization: `Bearer ${token}` } }, "authVerify");
    expect(me.statusCode).toBe(200);
    expect(json(me)).toMatchObject({ email: director.email, fullName: director.fullName });
  });

  it("invalid JSON input gets 400 with field errors; unknown API paths 404 JSON", async () => {
    const bad = await invoke({
      method: "POST",
      path: "/api/auth/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: 5 }),
    });
    expect(bad.statusCode).toBe(400);
    const error = json(bad).error;
    expect(error.code).toBe("validation_error");
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["email", "password"]));

    const missing = await invoke({ path: "/api/nothing-here" }, "authVerify");
    expect(missing.statusCode).toBe(404);
    expect(json(missing).error.code).toBe("not_found");
  });

  it("POST /api/verify checks PDF bytes sent base64-encoded; a changed byte is detected", async () => {
    const record = await seed.documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      owner: { type: "lambda-test", id: "verify" },
      actor: SYSTEM,
    });
    const pdf = await seed.documents.pdf(record.documentId);
    const r = await invoke(
      { method: "POST", path: "/api/verify", headers: { "content-type": "application/pdf" }, body: pdf },
      "authVerify",
    );
    expect(r.statusCode).toBe(200);
    const verdict = json(r);
    expect(verdict).toMatchObject({
      issued: true,
      unaltered: true,
      signatureValid: true,
      current: true,
      documentId: record.documentId,
      sha256: record.sha256,
    });

    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf("/Type /Page");
    const flip = at > 0 ? at + 2 : 200;
    tampered[flip] = (tampered[flip] ?? 0) ^ 0x01;
    const t = await invoke({
      method: "POST",
      path: "/api/verify",
      headers: { "content-type": "application/pdf" },
      body: tampered,
    });
    expect(t.statusCode).toBe(200);
    expect(json(t)).toMatchObject({ unaltered: false });

    const page = await invoke({ path: `/verify/${record.documentId}` }, "authVerify");
    expect(page.statusCode).toBe(200);
    expect(text(page)).toContain("Документ выдан");
  });

  it("the multipart upload form of /verify works through the adapter", async () => {
    const record = await seed.documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      owner: { type: "lambda-test", id: "verify-form" },
      actor: SYSTEM,
    });
    const pdf = await seed.documents.pdf(record.documentId);
    const boundary = "----soglasie-test-boundary";
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from(pdf),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await invoke(
      {
        method: "POST",
        path: "/verify",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, origin: ORIGIN },
        body: multipart,
      },
      "authVerify",
    );
    expect(r.statusCode).toBe(200);
    expect(text(r)).toContain("Результат проверки");
  });

  it("trusts API Gateway's source address, not a client-sent X-Forwarded-For", async () => {
    const probe = handle(new Hono().get("/ip", (c) => c.text(clientAddress(c))));
    const { event } = apiEvent({ path: "/ip", headers: { "x-forwarded-for": "203.0.113.66, 198.51.100.7" } });
    const r = await probe(event);
    expect(r.body).toBe("198.51.100.7");
  });
});

describe("orders function", () => {
  it("GET /api/orders/register.pdf returns a binary PDF (isBase64Encoded) rendered in the function", async () => {
    const token = await bearerToken();
    const r = await invoke(
      { path: "/api/orders/register.pdf", headers: { authorization: `Bearer ${token}` } },
      "orders",
    );
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers["content-type"]).toBe("application/pdf");
    expect(r.headers["content-disposition"]).toMatch(/^attachment;/);
    const pdf = bodyBytes(r);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = join(tmp, "register.pdf");
    writeFileSync(file, pdf);
    await run("qpdf", ["--check", file]);
    const { stdout } = await run("pdftotext", ["-layout", file, "-"]);
    expect(stdout).toMatch(/[Жж]урнал/);
  });

  it("orders JSON API requires a session: 401 JSON without one", async () => {
    const r = await invoke({ path: "/api/orders" }, "orders");
    expect(r.statusCode).toBe(401);
    expect(json(r).error.code).toBeDefined();
  });
});

describe("council function", () => {
  it("GET /api/regulations lists versions for staff", async () => {
    const token = await bearerToken();
    const r = await invoke(
      { path: "/api/regulations", headers: { authorization: `Bearer ${token}` } },
      "council",
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("a protocol scan uploaded as multipart (binary, base64 in the event) records the meeting", async () => {
    const repo = new StaffRepository(seed);
    const make = (tag: string, fullName: string, roles: ["administrator"] | ["council_secretary"]) =>
      repo.create(
        {
          email: `${tag}-${Date.now()}@lambda.test`,
          fullName,
          position: "Преподаватель",
          pedagogical: true,
          roles,
          password: PASSWORD,
        },
        SYSTEM,
      );
    const tokenOf = async (email: string) =>
      json(
        await invoke({
          method: "POST",
          path: "/api/auth/login",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: PASSWORD }),
        }),
      ).token as string;
    const admin = await make("council-admin", "Петрова Анна Андреевна", ["administrator"]);
    const secretary = await make("secretary", "Кузнецова Ольга Викторовна", ["council_secretary"]);

    const draft = await invoke(
      {
        method: "POST",
        path: "/api/regulations",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${await tokenOf(admin.email)}`,
        },
        body: JSON.stringify({ source: "template" }),
      },
      "council",
    );
    expect(draft.statusCode).toBe(201);
    const { versionId } = json(draft) as { versionId: string };

    const scan = await seed.documents.pdf(
      (
        await seed.documents.issue({
          type: "order-appoint-administrator",
          data: DEMO_DATA["order-appoint-administrator"],
          owner: { type: "lambda-test", id: "scan" },
          actor: SYSTEM,
        })
      ).documentId,
    );
    const form = new FormData();
    const fields = {
      versionId,
      date: localDate(new Date(), seed.config.timeZone),
      protocolNumber: "7",
      membersTotal: "40",
      membersPresent: "30",
      votesFor: "25",
      votesAgainst: "3",
      votesAbstained: "2",
      chair: "Иванова Светлана Петровна",
      secretary: "Кузнецова Ольга Викторовна",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("protocol", new Blob([new Uint8Array(scan)], { type: "application/pdf" }), "Протокол №7.pdf");
    const encoded = new Request("https://x/", { method: "POST", body: form });
    const r = await invoke(
      {
        method: "POST",
        path: "/api/council/meetings",
        headers: {
          "content-type": encoded.headers.get("content-type") ?? "",
          // hono's csrf() checks the Origin of every form-encoded POST, bearer token or not.
          origin: ORIGIN,
          authorization: `Bearer ${await tokenOf(secretary.email)}`,
        },
        body: new Uint8Array(await encoded.arrayBuffer()),
      },
      "council",
    );
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ outcome: "adopted" });
    expect(json(r).extractDocumentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("GET /regulation.pdf before any approval serves the draft as a PDF marked «ПРОЕКТ»", async () => {
    const r = await invoke({ path: "/regulation.pdf" }, "council");
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers["content-type"]).toBe("application/pdf");
    expect(await pdfText(Buffer.from(r.body, "base64"))).toContain("ПРОЕКТ");
  });
});

describe("consent function", () => {
  it("roster import, a parent's form POST on the personal link, and the signed PDF download", async () => {
    const administrator = await new StaffRepository(seed).create(
      {
        email: `admin-${Date.now()}@lambda.test`,
        fullName: "Петрова Анна Андреевна",
        position: "Методист",
        pedagogical: true,
        roles: ["administrator"],
        password: PASSWORD,
      },
      SYSTEM,
    );
    const login = await invoke({
      method: "POST",
      path: "/api/auth/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: administrator.email, password: PASSWORD }),
    });
    const auth = { authorization: `Bearer ${json(login).token}` };

    const csv =
      "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\nТМ-11;Соколов Иван Петрович;Соколова Ольга Викторовна\n";
    const imported = await invoke(
      {
        method: "POST",
        path: "/api/roster/import",
        headers: { "content-type": "text/csv", ...auth },
        body: csv,
      },
      "consent",
    );
    expect(imported.statusCode).toBe(200);
    expect(json(imported)).toMatchObject({ imported: 1 });

    const groups = await invoke({ path: "/api/groups", headers: auth }, "consent");
    const group = json(groups).groups.find((g: { code: string }) => g.code === "ТМ-11");
    const links = await invoke({ path: `/api/groups/${group.groupId}/links.csv`, headers: auth }, "consent");
    expect(links.statusCode).toBe(200);
    expect(links.headers["content-type"]).toMatch(/^text\/csv/);
    const token = /\/c\/([A-Za-z0-9_-]{20,})/.exec(text(links))?.[1];
    expect(token).toBeDefined();

    // The parent's page and form, without JavaScript: the form carries its own CSRF token.
    const page = await invoke({ path: `/c/${token}` }, "consent");
    expect(page.statusCode).toBe(200);
    expect(text(page)).toContain("Соколов");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text(page))?.[1];
    expect(csrf).toBeDefined();
    const form = new URLSearchParams({
      _csrf: csrf!,
      decision: "consent",
      parentName: "Соколова Ольга Викторовна",
      relation: "mother",
      studentAge: "minor",
      confirm: "on",
      pepRulesAccepted: "on",
      ...flatForm(personalData()),
    }).toString();
    const submitted = await invoke(
      {
        method: "POST",
        path: `/c/${token}`,
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body: form,
      },
      "consent",
    );
    expect(submitted.statusCode).toBe(303);
    expect(submitted.headers.location).toBe(`/c/${token}/receipt?recorded=1#main`);

    const decision = await invoke({ path: `/api/consent/${token}` }, "consent");
    expect(decision.statusCode).toBe(200);
    const { documentId } = json(decision).decision as { documentId: string };

    const pdf = await invoke({ path: `/api/documents/${documentId}/pdf`, headers: auth }, "consent");
    expect(pdf.statusCode).toBe(200);
    expect(pdf.isBase64Encoded).toBe(true);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const file = join(tmp, "consent.pdf");
    writeFileSync(file, bodyBytes(pdf));
    const sig = await run("pdfsig", [file]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(sig.stdout).toContain("Signature is Valid.");
    const { stdout } = await run("pdftotext", [file, "-"]);
    expect(stdout).toContain("Соколова Ольга Викторовна");
  });
});
