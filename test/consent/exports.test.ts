import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GroupRepository } from "@soglasie/core/roster/group-repository";
import { StaffRepository } from "@soglasie/core/staff/staff-repository";
import { parse } from "csv-parse/sync";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { demoRows, seedRoster } from "../../packages/local/src/seed/roster.js";
import { SYSTEM, type TestSession } from "../support/app.js";
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

const run = promisify(execFile);

let t: ConsentTestApp;
let admin: TestSession;
let groupId: string;
const NAMES = Array.from(
  { length: 10 },
  (_, i) =>
    `Слипов ${["Антон", "Борис", "Вадим", "Глеб", "Денис", "Егор", "Жан", "Захар", "Игнат", "Кирилл"][i]} Петрович`,
);

beforeAll(async () => {
  t = await consentTestApp();
  admin = await t.signIn(["administrator"]);
  await importRoster(t, admin, rosterCsv(NAMES.map((n) => ["ПКС-31", n, "Слипова Анна Ивановна"])));
  groupId = await groupIdByCode(t, admin, "ПКС-31");
});

describe("exports for class teachers", () => {
  it("addresses each slip to whoever answers: the parent of a minor, the adult student, either when the age is unknown", async () => {
    const { linkSlipsPdf } = await import("@soglasie/core/consent/slips");
    const slip = (student: string, respondent: "representative" | "student" | "ask") => ({
      group: "ПКС-31",
      student,
      url: `https://example.test/c/${respondent}`,
      expiresOn: "2026-12-31",
      respondent,
    });
    // One slip per sheet: pdftotext reads the two columns of a sheet side by side.
    const textOf = async (s: ReturnType<typeof slip>) =>
      tool("pdftotext", [
        "-enc",
        "UTF-8",
        saveFile(new Uint8Array(await linkSlipsPdf(t.services.config.org, [s], "Персональные ссылки"))),
        "-",
      ]).out.replace(/\s+/g, " ");
    expect(await textOf(slip("Младов Антон Петрович", "representative"))).toMatch(
      /Младов Антон Петрович Родителю \(законному представителю\): наведите/,
    );
    expect(await textOf(slip("Старов Борис Петрович", "student"))).toMatch(
      /Старов Борис Петрович Обучающемуся: наведите/,
    );
    expect(await textOf(slip("Безданных Вадим Петрович", "ask"))).toMatch(
      /Безданных Вадим Петрович Родителю \(законному представителю\) или совершеннолетнему обучающемуся: наведите/,
    );
  });

  it("prints cut-out slips, eight per A4 page, with each student's name and link", async () => {
    const res = await t.app.request(`/api/groups/${groupId}/links.pdf`, { headers: admin.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const file = saveFile(new Uint8Array(await res.arrayBuffer()));
    expect(tool("qpdf", ["--check", file]).status).toBe(0);
    expect(tool("pdfinfo", [file]).out).toMatch(/Pages:\s+2\b/);
    const text = tool("pdftotext", ["-enc", "UTF-8", file, "-"]).out;
    const links = await groupLinks(t, admin, groupId);
    for (const name of NAMES) expect(text).toContain(name);
    for (const token of links.values()) expect(text.replace(/\s+/g, "")).toContain(`/c/${token}`);
    expect(text).toContain("Ссылка действует до");
    // No dates of birth in this roster: the slip speaks to whoever of the two answers.
    expect(text.replace(/\s+/g, " ")).toContain(
      "Родителю (законному представителю) или совершеннолетнему обучающемуся: наведите камеру",
    );

    // Each slip's QR code scans to that slip's link (page 1 rendered at 150 dpi, cut into 2 × 4 slips).
    execFileSync("pdftoppm", ["-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", file, `${file}-p1`]);
    const png = PNG.sync.read(readFileSync(`${file}-p1.png`));
    const margin = Math.round((10 / 25.4) * 150);
    const w = Math.floor((png.width - 2 * margin) / 2);
    const h = Math.floor((png.height - 2 * margin) / 4);
    const scanned: string[] = [];
    for (let i = 0; i < 8; i++) {
      const slip = new PNG({ width: w, height: h });
      PNG.bitblt(png, slip, margin + (i % 2) * w, margin + Math.floor(i / 2) * h, w, h, 0, 0);
      const code = jsQR(new Uint8ClampedArray(slip.data), w, h);
      expect(code, `slip ${i + 1}`).not.toBeNull();
      scanned.push(code!.data);
    }
    const expected = [...links.entries()]
      .sort(([a], [b]) => a.localeCompare(b, "ru"))
      .slice(0, 8)
      .map(([, token]) => `${t.services.config.publicBaseUrl}/c/${token}`);
    expect(scanned).toEqual(expected);
  });

  it("exports the links as CSV for Excel (BOM, `;`) and the decisions table", async () => {
    const bytes = new Uint8Array(
      await (
        await t.app.request(`/api/groups/${groupId}/links.csv`, { headers: admin.bearer })
      ).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes.subarray(3)), { delimiter: ";" }) as string[][];
    expect(rows[0]).toEqual(["Группа", "Обучающийся", "Ссылка", "Действует до", "Статус"]);
    expect(rows).toHaveLength(11);
    expect(rows[1]![2]).toMatch(/^http:\/\/localhost:3000\/c\/[A-Za-z0-9_-]{22}$/);
  });

  it("downloads every signed parents' document of the group as one ZIP, superseded and withdrawn ones apart", async () => {
    const links = await groupLinks(t, admin, groupId);
    const a = links.get(NAMES[0]!)!;
    const b = links.get(NAMES[1]!)!;
    await submitJson(t, a, decisionBody({ parentName: "Слипова Анна Ивановна" }));
    await submitJson(
      t,
      a,
      decisionBody({ parentName: "Слипова Анна Ивановна", decision: "refusal", alternatives: ["meetings"] }),
    );
    await submitJson(t, b, decisionBody({ parentName: "Слипова Анна Ивановна" }));
    const res = await t.app.request(`/api/groups/${groupId}/documents.zip`, { headers: admin.bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = saveFile(new Uint8Array(await res.arrayBuffer()), "zip");
    const list = tool("unzip", ["-Z1", zip]).out.split("\n").filter(Boolean);
    // a: consent + personal-data consent, then refusal + withdrawal; b: consent + personal-data consent.
    expect(list).toHaveLength(7);
    expect(list.filter((n) => n.startsWith("Заменённые/"))).toEqual([expect.stringContaining("Согласие №")]);
    expect(list.filter((n) => n.startsWith("Отозванные/"))).toEqual([
      expect.stringContaining("Согласие на обработку ПДн №"),
    ]);
    expect(list).toContain("опись.csv");
    const out = mkdtempSync(join(tmpdir(), "soglasie-zip-"));
    expect(tool("unzip", ["-q", zip, "-d", out]).status).toBe(0);
    for (const name of list.filter((n) => n.endsWith(".pdf"))) {
      expect(tool("pdfsig", [join(out, name)]).out).toContain("Signature is Valid.");
    }
    const inventory = readFileSync(join(out, "опись.csv"), "utf8");
    expect(inventory).toContain("заменён");
    expect(inventory.match(/;действует;/g)).toHaveLength(4);

    // A class teacher's archive has no personal-data consents (passport numbers): only the decisions.
    const teacher = await t.signIn(["class_teacher"]);
    await new GroupRepository(t.services).setClassTeachers(groupId, [teacher.staff.staffId], SYSTEM);
    const theirs = saveFile(
      new Uint8Array(
        await (
          await t.app.request(`/api/groups/${groupId}/documents.zip`, { headers: teacher.bearer })
        ).arrayBuffer(),
      ),
      "zip",
    );
    const names = tool("unzip", ["-Z1", theirs]).out.split("\n").filter(Boolean);
    expect(names).toHaveLength(5);
    expect(names.some((n) => n.includes("Согласие на обработку ПДн"))).toBe(false);

    // The dashboard shows the refusal's channel and the table for Excel has it too.
    const body = (await (
      await t.app.request(`/api/groups/${groupId}/consents`, { headers: admin.bearer })
    ).json()) as any;
    expect(body.counts).toMatchObject({ consented: 1, refused: 1, pending: 8 });
    expect(body.alternatives).toEqual({ diary: 0, meetings: 1, parent_meetings: 0 });
    const page = await (await t.app.request(`/staff/consents/${groupId}`, { headers: admin.cookie })).text();
    expect(page).toContain("Ещё не ответили (8)");
    expect(page).toContain("Очные встречи по предварительной договорённости: <strong>1</strong>");
  });
});

describe("command line against the stores", () => {
  it("imports a roster with `roster import FILE` and exports links with `links export --group`", async () => {
    const { config } = t.services;
    const env = {
      ...process.env,
      APP_MODE: "local",
      DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
      S3_ENDPOINT: config.s3Endpoint,
      TABLE_NAME: config.tableName,
      BUCKET_NAME: config.bucketName,
      ORG_ID: config.orgId,
      PUBLIC_BASE_URL: config.publicBaseUrl,
    };
    const cli = (...args: string[]) => run("npx", ["tsx", "packages/local/src/cli.ts", ...args], { env });
    const file = saveFile(
      new TextEncoder().encode(
        rosterCsv([
          ["КЛИ-1", "Консольный Иван Иванович", "Консольная Анна Ивановна"],
          ["КЛИ-1", "Плохой", "Строка Иванович"],
        ]),
      ),
      "csv",
    );
    const imported = await cli("roster", "import", file).catch((e) => e);
    expect(imported.code).toBe(1); // one row was refused
    expect(imported.stdout).toContain(
      "Добавлено: 1, обновлено: 0, переведено: 0, без изменений: 0, неоднозначных: 0, отклонено: 1.",
    );
    expect(imported.stderr).toContain("строка 3:");
    const exported = await cli("links", "export", "--group", "кли 1");
    const rows = parse(exported.stdout, { delimiter: ";" }) as string[][];
    expect(rows[0]).toEqual(["group", "student", "link"]);
    expect(rows[1]?.slice(0, 2)).toEqual(["КЛИ-1", "Консольный Иван Иванович"]);
    expect(rows[1]?.[2]).toMatch(/^http:\/\/localhost:3000\/c\/[A-Za-z0-9_-]{22}$/);
    const missing = await cli("links", "export", "--group", "НЕТ-9").catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Группа НЕТ-9 не найдена");
  }, 60_000);
});

describe("demo roster", () => {
  it("seeds two groups of 25 with parents, bound to the demo class teachers, idempotently", async () => {
    const staff = new StaffRepository(t.services);
    for (const email of ["teacher1@demo.local", "teacher2@demo.local"]) {
      await staff.create(
        {
          email,
          fullName: "Демо Учитель Иванович",
          position: "Преподаватель",
          pedagogical: true,
          roles: ["class_teacher"],
          password: "demo-password-2026",
        },
        SYSTEM,
      );
    }
    const first = await seedRoster(t.services, SYSTEM);
    expect(first).toEqual({ imported: 50, bound: 2 });
    const again = await seedRoster(t.services, SYSTEM);
    expect(again).toEqual({ imported: 0, bound: 0 });
    const groups = new GroupRepository(t.services);
    const tm = await groups.findByCode("ТМ-21");
    const teacher1 = await staff.findByEmail("teacher1@demo.local");
    expect(tm?.classTeacherIds).toEqual([teacher1!.staffId]);
    const rows = demoRows("ТМ-21", 21);
    expect(new Set(rows.map((r) => r.student)).size).toBe(25);
    for (const r of rows) expect(r.student.split(" ")).toHaveLength(3);
  });
});
