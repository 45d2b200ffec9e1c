import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkJava, MissingJavaError } from "../../packages/local/src/stores/java.js";
import {
  aptInstall,
  defaultInstaller,
  ensureRequirements,
  ensureSystemPackages,
  findExecutable,
  findMissing,
  type Installer,
  MissingSystemPackagesError,
} from "../../packages/local/src/system/preflight.js";
import { requirementsFor } from "../../packages/local/src/system/requirements.js";

/**
 * The preflight of `npm test` and `npm start` against a PATH without the Debian tools, as on a
 * fresh machine with only Node. Nothing is installed here: installing is either off
 * (SOGLASIE_AUTO_INSTALL=0, `install: false`) or an injected installer standing in for apt-get.
 */
const NOTHING = {
  PATH: mkdtempSync(join(tmpdir(), "soglasie-empty-path-")),
  CHROMIUM_PATH: "/nonexistent/chromium",
};
const ALL_BUT_FONTS = "openjdk-17-jre-headless poppler-utils qpdf unzip openssl chromium";

function caught(run: () => void): MissingSystemPackagesError {
  try {
    run();
  } catch (error) {
    if (error instanceof MissingSystemPackagesError) return error;
    throw error;
  }
  throw new Error("expected MissingSystemPackagesError");
}

/** A directory holding executable scripts, standing in for what a package puts on PATH. */
function binDir(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "soglasie-bin-"));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe("system packages preflight", () => {
  it("finds everything the tests need on this machine's PATH", () => {
    expect(findMissing(requirementsFor("test"))).toEqual([]);
  });

  it("without the tools: one message naming each missing package and the one command", () => {
    const error = caught(() => ensureSystemPackages("test", { env: NOTHING, install: false }));
    expect(error.missing.map((m) => m.requirement.debian).join(" ")).toBe(ALL_BUT_FONTS);
    expect(error.command).toMatch(
      new RegExp(`apt-get update && (sudo )?apt-get install -y ${ALL_BUT_FONTS}$`),
    );
    expect(error.message).toContain("npm test needs system packages that are not installed:");
    expect(error.message).toContain("poppler-utils            pdfsig not found on PATH");
    expect(error.message).toContain("chromium                 CHROMIUM_PATH=/nonexistent/chromium");
    expect(error.message).toContain(`  ${error.command}\n`);
  });

  it("lists only what is missing", () => {
    const missing = findMissing(requirementsFor("test"), {
      PATH: process.env.PATH,
      CHROMIUM_PATH: "/nonexistent",
    });
    expect(missing.map((m) => m.requirement.debian)).toEqual(["chromium"]);
  });

  it("npm start needs Java only", () => {
    expect(requirementsFor("start").map((r) => r.debian)).toEqual(["openjdk-17-jre-headless"]);
    const error = caught(() => ensureSystemPackages("start", { env: NOTHING, install: false }));
    expect(error.command).toMatch(/apt-get install -y openjdk-17-jre-headless$/);
  });

  it("installs only as root with apt-get on PATH, and not with SOGLASIE_AUTO_INSTALL=0", () => {
    const withApt = { PATH: binDir({ "apt-get": "exit 1" }) };
    expect(defaultInstaller(withApt, true)).toBe(aptInstall);
    expect(defaultInstaller(withApt, false)).toBeUndefined();
    expect(defaultInstaller({ ...withApt, SOGLASIE_AUTO_INSTALL: "0" }, true)).toBeUndefined();
    expect(defaultInstaller(NOTHING, true)).toBeUndefined();
  });

  it("hands the installer exactly the missing packages, then checks again", () => {
    const path = binDir({});
    const calls: string[][] = [];
    // Stands in for apt-get: puts the packages' programs on PATH.
    const install: Installer = (packages) => {
      calls.push(packages);
      for (const name of ["qpdf", "unzip"]) {
        writeFileSync(join(path, name), "#!/bin/sh\n");
        chmodSync(join(path, name), 0o755);
      }
    };
    const requirements = requirementsFor("test").filter((r) => ["qpdf", "unzip"].includes(r.debian));
    const log: string[] = [];
    const env = { PATH: path };
    expect(findMissing(requirements, env)).toHaveLength(2);
    ensureRequirements(requirements, { env, install, log: (line) => log.push(line) });
    expect(calls).toEqual([["qpdf", "unzip"]]);
    expect(log.join("\n")).toContain("installing");
    expect(findMissing(requirements, env)).toEqual([]);
  });

  it("says so when installing failed or did not help", () => {
    const failing: Installer = () => {
      throw new Error("apt-get install exited with code 100");
    };
    const failed = caught(() =>
      ensureSystemPackages("start", { env: NOTHING, install: failing, log: () => {} }),
    );
    expect(failed.note).toBe("Installing failed: apt-get install exited with code 100.");
    expect(failed.message).toContain("apt-get install -y openjdk-17-jre-headless");
    const useless = caught(() =>
      ensureSystemPackages("start", { env: NOTHING, install: () => {}, log: () => {} }),
    );
    expect(useless.note).toBe("Still missing after apt-get install.");
  });

  it("Java older than 17 counts as missing, with the same command", () => {
    const old = { PATH: binDir({ java: `echo 'openjdk version "11.0.2" 2019-01-15' >&2` }) };
    expect(findMissing(requirementsFor("start"), old)[0]?.problem).toBe("java 11 found, 17 or newer needed");
    expect(() => checkJava("java", { env: old, install: false })).toThrow(MissingJavaError);
    expect(() => checkJava("java", { env: old, install: false })).toThrow(
      /needs Java 17 or newer: java 11 found[\s\S]*apt-get install -y openjdk-17-jre-headless[\s\S]*DYNAMODB_ENDPOINT=/,
    );
    const java8 = { PATH: binDir({ java: `echo 'java version "1.8.0_402"' >&2` }) };
    expect(findMissing(requirementsFor("start"), java8)[0]?.problem).toBe("java 8 found, 17 or newer needed");
    expect(checkJava()).toBeGreaterThanOrEqual(17);
  });

  it("the tests run under a UTF-8 locale, whatever the machine sets (unzip prints names per it)", () => {
    expect(process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG).toMatch(/utf-?8/i);
  });

  it("npm test on a PATH with only Node stops at once with that message, before any test runs", () => {
    const path = mkdtempSync(join(tmpdir(), "soglasie-node-only-"));
    for (const name of ["node", "npm", "sh"]) symlinkSync(findExecutable(name) as string, join(path, name));
    const out = spawnSync("npm", ["test", "--", "test/documents/render.test.ts"], {
      env: { HOME: process.env.HOME, PATH: path, SOGLASIE_AUTO_INSTALL: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("npm test needs system packages that are not installed:");
    expect(out.stderr).toMatch(
      /apt-get update && (sudo )?apt-get install -y openjdk-17-jre-headless poppler-utils qpdf/,
    );
    expect(`${out.stdout}${out.stderr}`).not.toContain("ENOENT");
    expect(out.stdout).not.toContain("Test Files");
  });
});
