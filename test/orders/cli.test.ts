import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliEnv } from "../support/cli.js";
import { json, ordersTestApp, zipNames } from "./support.js";

const run = promisify(execFile);

describe("npm run cli -- orders", () => {
  it("lists the register, exports CSV and writes a ZIP of the signed PDFs", async () => {
    const t = await ordersTestApp();
    const director = await t.signIn(["director"], { pedagogical: false });
    const teacher = await t.member(["teacher"]);
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: teacher.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    expect(res.status).toBe(201);
    const { config } = t.services;
    const env = cliEnv(config);
    const cli = (...args: string[]) =>
      run("npx", ["tsx", "packages/local/src/cli.ts", "orders", ...args], { env });

    const list = await cli("list");
    expect(list.stdout).toContain("1-од");
    expect(list.stdout).toContain("О назначении администратора ИКОП «Сферум»");

    const csv = await cli("csv", "--kind", "appoint-administrator");
    expect(csv.stdout.startsWith("\uFEFF№ п/п;Номер приказа;")).toBe(true);

    const out = join(mkdtempSync(join(tmpdir(), "soglasie-cli-")), "orders.zip");
    await cli("zip", "--out", out);
    expect(await zipNames(readFileSync(out))).toHaveLength(1);

    const bad = await cli("list", "--kind", "nonsense").catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain("--kind");
  }, 120_000);
});
