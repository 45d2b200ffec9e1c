import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliEnv } from "../support/cli.js";
import { ordersTestApp } from "./support.js";

const run = promisify(execFile);

describe("npm run cli -- staff: what documents print about a person", () => {
  it("computes the position's forms, takes corrections, the gender and the phone", async () => {
    const t = await ordersTestApp();
    const { config } = t.services;
    const env = cliEnv(config);
    const cli = (...args: string[]) =>
      run("npx", ["tsx", "packages/local/src/cli.ts", "staff", ...args], { env });

    const added = await cli(
      "add",
      "--email",
      "kim@test.local",
      "--name",
      "Ким Саша",
      "--position",
      "Социальный педагог",
      "--pedagogical",
      "--gender",
      "female",
      "--phone",
      "+7 3022 26-11-05",
      "--password",
      "cli-password-2026",
    );
    expect(added.stdout).toContain("Создан: Ким Саша");
    expect(added.stdout).toContain("кому? социальному педагогу");
    expect(added.stdout).toContain("пол: женский (указан)");
    const stored = (await t.staff.findByEmail("kim@test.local"))!;
    expect(stored).toMatchObject({
      gender: "female",
      phone: "+7 3022 26-11-05",
      positionCases: { accusative: "социального педагога", instrumental: "социальным педагогом" },
    });

    const moved = await cli(
      "set-position",
      "kim@test.local",
      "--position",
      "ЗАМ по УВР",
      "--dative",
      "заместителю директора по УВР",
    );
    expect(moved.stdout).toContain("Должность Ким Саша: ЗАМ по УВР");
    expect((await t.staff.findByEmail("kim@test.local"))?.positionCases).toEqual({
      genitive: "ЗАМ по УВР",
      dative: "заместителю директора по УВР",
      accusative: "ЗАМ по УВР",
      instrumental: "ЗАМ по УВР",
    });

    const bad = await cli(
      "add",
      "--email",
      "x@test.local",
      "--name",
      "Иванов Иван Иванович",
      "--position",
      "Вахтёр",
      "--gender",
      "m",
      "--password",
      "cli-password-2026",
    ).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain("--gender: male или female");
    expect(await t.staff.findByEmail("x@test.local")).toBeUndefined();
  }, 120_000);
});
