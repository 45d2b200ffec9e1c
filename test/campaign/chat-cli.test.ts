import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { getGroupChat } from "@soglasie/core/chat/group-chat";
import { describe, expect, it } from "vitest";
import { consentTestApp, groupIdByCode, importRoster, rosterCsv } from "../consent/support.js";
import { cliEnv } from "../support/cli.js";

const run = promisify(execFile);

/** `npm run cli -- chat set | revoked`: the group chat's invitation (clauses 2.5, 2.3) from the console. */
describe("npm run cli -- chat", () => {
  it("stores the invitation link (checked as on the page) and records its revocation in Sferum", async () => {
    const t = await consentTestApp(); // 2026-11-25 in Chita
    const admin = await t.signIn(["administrator"]);
    await importRoster(
      t,
      admin,
      rosterCsv([["ТМ-21", "Кузнецов Павел Олегович", "Кузнецова Ольга Ивановна"]]),
    );
    const groupId = await groupIdByCode(t, admin, "ТМ-21");
    const { config } = t.services;
    const env = cliEnv(config);
    const cli = (...args: string[]) =>
      run("npx", ["tsx", "packages/local/src/cli.ts", "chat", ...args], { env }).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );

    const bad = (await cli("set", "--group", "ТМ-21", "--link", "http://max.ru/join/abc")) as {
      code: number;
      stderr: string;
    };
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Нужна ссылка-приглашение «Сферума» или MAX");
    const link = "https://max.ru/join/Cli0123456789_TM21";
    const set = (await cli("set", "--group", "ТМ-21", "--link", link)) as { stdout: string };
    expect(set.stdout).toContain("Ссылка-приглашение группы ТМ-21 сохранена (версия 1).");
    // The CLI runs on the real clock: the link stored today is revoked today (the default of --on).
    const revoked = (await cli("revoked", "--group", "ТМ-21")) as { stdout: string };
    const day = /отмечено: (\d{4}-\d{2}-\d{2})\./.exec(revoked.stdout)?.[1];
    expect(day).toBeDefined();
    expect(await getGroupChat(t.services, groupId, true)).toMatchObject({ url: link, revokedOn: day });
  }, 120_000);
});
