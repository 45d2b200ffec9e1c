import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { localDate } from "@soglasie/core/clock";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import { createServices, type Services } from "@soglasie/core/services";
import { type StaffMember, StaffRepository } from "@soglasie/core/staff/staff-repository";
import { signSession } from "@soglasie/functions/http/session";
import {
  BUNDLE_NAMES,
  type FunctionName,
  LAMBDA_FUNCTIONS,
  SCHEDULED_FUNCTIONS,
} from "@soglasie/functions/lambda/manifest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BUNDLE_TARGET_BYTES, type BuiltFunction, buildFunctions } from "../../scripts/build";
import { emptyRegisterExtract } from "../support/documents.js";
import { pdfaFacts } from "../support/pdfa-check.js";
import { createTestStores, type TestStores } from "../support/stores";
import {
  apiEvent,
  bodyBytes,
  type EventInput,
  invokeBundle,
  type LinkValues,
  lambdaEnv,
  signingPems,
  writeResourceFile,
} from "./support";

/**
 * `npm run build` output, each bundle loaded in a fresh Node process that knows nothing of this
 * repository: only the bundle folder, the environment a Lambda container gets, and the links SST
 * writes into resource.enc (each function linked as infra/api.ts links it).
 */

const run = promisify(execFile);
const SYSTEM = { type: "system", id: "bundle-test" } as const;

let out: string;
let built: BuiltFunction[];
let stores: TestStores;
let seed: Services;
let links: LinkValues;
let director: StaffMember;
let teacher: StaffMember;

/** Windows-1251 for the Cyrillic range, the way Excel on Russian Windows saves CSV. */
class TextEncoderCp1251 {
  encode(text: string): Uint8Array {
    return Uint8Array.from([...text], (ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x80) return cp;
      if (cp >= 0x410 && cp <= 0x44f) return cp - 0x410 + 0xc0;
      if (cp === 0x401) return 0xa8;
      if (cp === 0x451) return 0xb8;
      throw new Error(`not in the test's cp1251 table: ${ch}`);
    });
  }
}

const endpoints = () => ({ dynamodbEndpoint: inject("dynamodbEndpoint"), s3Endpoint: inject("s3Endpoint") });

function dirOf(name: FunctionName) {
  return join(out, LAMBDA_FUNCTIONS[name].entry);
}

/** Runs events through one function's bundle in a new process, linked as in AWS. */
async function invokeFresh(name: FunctionName, inputs: EventInput[]) {
  const dir = dirOf(name);
  const env = {
    ...lambdaEnv(endpoints(), name),
    ...writeResourceFile(dir, { ...links, keyPem: LAMBDA_FUNCTIONS[name].signs ? links.keyPem : undefined }),
  };
  const events = inputs.map((input) => {
    const { fn, event } = apiEvent(input);
    expect(fn).toBe(name);
    return event;
  });
  return invokeBundle(dir, events, env);
}

const bearer = (staff: StaffMember) => ({
  authorization: `Bearer ${signSession(links.sessionSecret, { s: staff.staffId, o: seed.config.orgId, v: staff.sessionVersion }, new Date())}`,
});

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "soglasie-build-"));
  built = await buildFunctions({ out });
  stores = await createTestStores();
  const { keyPem, certPem } = signingPems(stores.config.org);
  links = {
    table: stores.config.tableName,
    bucket: stores.config.bucketName,
    sessionSecret: randomBytes(32).toString("hex"),
    certPem,
    keyPem,
  };
  seed = await createServices(
    { ...stores.config, sessionSecret: links.sessionSecret, signingKeyPem: keyPem, signingCertPem: certPem },
    { clients: stores.clients },
  );
  const repo = new StaffRepository(seed);
  const person = (email: string, fullName: string, position: string, roles: ["director"] | []) =>
    repo.create(
      { email, fullName, position, pedagogical: true, roles, password: "bundle-test-password" },
      SYSTEM,
    );
  director = await person(`director-${Date.now()}@bundle.test`, "Иванова Светлана Петровна", "Директор", [
    "director",
  ]);
  teacher = await person(
    `teacher-${Date.now()}@bundle.test`,
    "Кузнецов Игорь Сергеевич",
    "Преподаватель",
    [],
  );
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe("npm run build", () => {
  it("writes one ESM bundle per function with fonts, templates and pdfkit's font map beside it", () => {
    expect(built.map((b) => b.name).sort()).toEqual([...BUNDLE_NAMES].sort());
    for (const b of built) {
      const code = readFileSync(join(b.dir, "index.mjs"), "utf8");
      // ESM with a real `require` for the CommonJS dependencies (the pdfkit import.meta.url fix).
      expect(code.startsWith('import { createRequire as __bundleCreateRequire } from "node:module";\n')).toBe(
        true,
      );
      // The substituted packages are not in the bundle.
      expect(code).not.toContain("Wrong brotli");
      expect(code).not.toContain("forge.pki");
      expect(b.bundleBytes).toBeGreaterThan(100_000);
      for (const font of [
        "Tinos_400Regular.ttf",
        "Tinos_700Bold.ttf",
        "Tinos_400Regular_Italic.ttf",
        "Tinos_700Bold_Italic.ttf",
      ]) {
        expect(existsSync(join(b.dir, "fonts", font))).toBe(true);
      }
      expect(existsSync(join(b.dir, "templates", "consent.md"))).toBe(true);
      expect(existsSync(join(b.dir, "standard-fonts", "Helvetica.cjs"))).toBe(true);
      expect(JSON.parse(readFileSync(join(b.dir, "package.json"), "utf8"))).toEqual({
        type: "module",
        imports: { "#standard-fonts/*": "./standard-fonts/*.cjs" },
      });
    }
  });
});

describe("what a function loads at start", () => {
  it("keeps the PDF engine in chunks loaded on the first document, and zod to the Russian locale", () => {
    for (const b of built) {
      const atStart = new Map(b.startupInputs.map((i) => [i.name, i.bytes]));
      const all = new Map(b.inputs.map((i) => [i.name, i.bytes]));
      // Every function can still render or check a PDF: the engine is there, just not loaded at start.
      for (const pkg of ["pkijs", "pdfkit", "fontkit"]) expect(all.has(pkg), `${b.name}: ${pkg}`).toBe(true);
      expect(b.lazyBytes).toBeGreaterThan(300_000);
      for (const pkg of ["pkijs", "pdfkit", "fontkit", "qrcode"])
        expect(atStart.has(pkg), `${b.name} loads ${pkg} at start`).toBe(false);
      expect(atStart.get("zod") ?? 0, b.name).toBeLessThan(150_000);
      expect(b.bundleBytes, b.name).toBeLessThanOrEqual(BUNDLE_TARGET_BYTES);
    }
  });
});

describe("each bundle in a fresh process", () => {
  it("sign-in/verify answers /health and verifies a PDF without holding the signing key", async () => {
    const record = await seed.documents.issue({
      type: "order-appoint-administrator",
      data: DEMO_DATA["order-appoint-administrator"],
      owner: { type: "bundle-test", id: "verify" },
      actor: SYSTEM,
    });
    const pdf = await seed.documents.pdf(record.documentId);
    const { results, timings } = await invokeFresh("authVerify", [
      { path: "/health" },
      { method: "POST", path: "/api/verify", headers: { "content-type": "application/pdf" }, body: pdf },
      { path: "/login" },
    ]);
    const [health, verify, login] = results;
    expect(health?.statusCode).toBe(200);
    expect(JSON.parse(health!.body)).toEqual({ status: "ok", dynamodb: "ok", s3: "ok" });
    expect(verify?.statusCode).toBe(200);
    expect(JSON.parse(verify!.body)).toMatchObject({
      issued: true,
      unaltered: true,
      documentId: record.documentId,
    });
    expect(login?.statusCode).toBe(200);
    expect(login?.body).toContain("Вход");
    expect(timings.requestMs).toHaveLength(3);
  });

  it("orders renders, signs and stores an order from its bundled templates, fonts and linked key", async () => {
    const today = localDate(new Date(), seed.config.timeZone);
    const { results } = await invokeFresh("orders", [
      {
        method: "POST",
        path: "/api/orders/administrator-appointments",
        headers: { "content-type": "application/json", ...bearer(director) },
        body: JSON.stringify({ staffId: teacher.staffId, effectiveFrom: today }),
      },
      { path: "/api/orders/register.pdf", headers: bearer(director) },
    ]);
    const [created, register] = results;
    expect(created?.statusCode).toBe(201);
    const { documentId } = JSON.parse(created!.body) as { documentId: string };

    const file = join(out, "order.pdf");
    writeFileSync(file, await seed.documents.pdf(documentId));
    const sig = await run("pdfsig", [file]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(sig.stdout).toContain("Signature is Valid.");
    // PDF/A from the bundle too: the ICC profile of the output intent is shipped beside the chunks.
    expect(pdfaFacts(file).problems).toEqual([]);
    const { stdout } = await run("pdftotext", [file, "-"]);
    expect(stdout).toContain("ПРИКАЗ");
    expect(stdout).toContain("Кузнецов");

    expect(register?.statusCode).toBe(200);
    expect(register?.isBase64Encoded).toBe(true);
    expect(bodyBytes(register!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("council answers its JSON API", async () => {
    const { results } = await invokeFresh("council", [
      { path: "/api/regulations", headers: bearer(director) },
    ]);
    expect(results[0]?.statusCode).toBe(200);
    expect(results[0]?.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("consent imports a roster saved by Excel in Windows-1251 (binary upload, base64 in the event)", async () => {
    const csv =
      "Группа;ФИО обучающегося;ФИО родителя (законного представителя)\r\nИС-21;Ёлкин Пётр Ильич;Ёлкина Мария Петровна\r\n";
    const cp1251 = new TextEncoderCp1251().encode(csv);
    // Created here: an administrator appointment by order (the orders test) ends earlier grants.
    const administrator = await new StaffRepository(seed).create(
      {
        email: `admin-${Date.now()}@bundle.test`,
        fullName: "Петрова Анна Андреевна",
        position: "Методист",
        pedagogical: true,
        roles: ["administrator"],
        password: "bundle-test-password",
      },
      SYSTEM,
    );
    const { results } = await invokeFresh("consent", [
      {
        method: "POST",
        path: "/api/roster/import",
        headers: { "content-type": "text/csv", ...bearer(administrator) },
        body: cp1251,
        base64: true,
      },
      { path: "/api/groups", headers: bearer(administrator) },
    ]);
    const [imported, groups] = results;
    expect(imported?.statusCode).toBe(200);
    expect(JSON.parse(imported!.body)).toMatchObject({ imported: 1 });
    expect(groups?.statusCode).toBe(200);
    expect(groups?.body).toContain("ИС-21");
  });

  it("the scheduled documents sweep deletes an orphaned PDF, linked without the signing key", async () => {
    // An interrupted write: the PDF is stored, its transaction never ran.
    const orphan = await seed.documents.prepare(emptyRegisterExtract("bundle-sweep"));
    const dir = join(out, SCHEDULED_FUNCTIONS.documentsSweep.entry);
    const env = {
      ...lambdaEnv(endpoints(), "documentsSweep"),
      ...writeResourceFile(dir, { ...links, keyPem: undefined }),
    };
    // The schedule's own event keeps young orphans (a write may still be in flight)...
    const scheduled = await invokeBundle(dir, [SCHEDULED_FUNCTIONS.documentsSweep.event], env);
    expect(scheduled.results[0]).toMatchObject({ deleted: 0 });
    expect(await seed.objects.exists(orphan.s3Key)).toBe(true);
    // ...one with no grace period deletes it.
    const swept = await invokeBundle(dir, [{ graceSeconds: "0" }], env);
    expect(swept.results[0]).toMatchObject({ deleted: 1 });
    expect(await seed.objects.exists(orphan.s3Key)).toBe(false);
  });
});
