import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type Need, requirementsFor, type SystemRequirement } from "./requirements.js";

/**
 * Checks the system packages of ./requirements.ts before anything starts (PATH and file lookups,
 * plus one `java -version`), so a missing tool stops the run at once with the exact install
 * command instead of failing test after test with ENOENT. Running as root with apt-get (containers,
 * CI) it installs the missing packages itself, unless SOGLASIE_AUTO_INSTALL=0.
 */
export type Env = Record<string, string | undefined>;

export interface Missing {
  requirement: SystemRequirement;
  /** What was not found, e.g. "pdftotext not found on PATH". */
  problem: string;
}

/** Installs Debian packages; throws when it cannot. */
export type Installer = (packages: string[], log: (line: string) => void) => void;

export interface PreflightOptions {
  env?: Env;
  /** Who needs the packages, for the message: "npm start", "The tests". */
  who?: string;
  /** How to install; `false` never installs. Default: apt-get when allowed (see defaultInstaller). */
  install?: Installer | false;
  log?: (line: string) => void;
}

const WHO: Record<Need, string> = { start: "npm start", test: "npm test" };

export class MissingSystemPackagesError extends Error {
  override name = "MissingSystemPackagesError";
  constructor(
    readonly missing: Missing[],
    /** The one command that installs them. */
    readonly command: string,
    who: string,
    /** Why it was not installed automatically, or how installing failed. */
    readonly note?: string,
  ) {
    const width = Math.max(...missing.map((m) => m.requirement.debian.length));
    super(
      [
        `${who} needs system packages that are not installed:`,
        ...missing.map(
          (m) => `  ${m.requirement.debian.padEnd(width)}  ${m.problem} (${m.requirement.purpose})`,
        ),
        ...(note ? [note] : []),
        "Install them (Debian/Ubuntu) with:",
        "",
        `  ${command}`,
        "",
      ].join("\n"),
    );
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where `command` is on PATH (or the command itself when it has a slash); undefined if nowhere. */
export function findExecutable(command: string, env: Env = process.env): string | undefined {
  if (command.includes("/")) return isExecutableFile(command) ? command : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The major version `path` reports per `requirement.version`, or 0 when it prints none. */
export function majorVersion(path: string, version: NonNullable<SystemRequirement["version"]>): number {
  const out = spawnSync(path, version.args, { encoding: "utf8", timeout: 15_000 });
  const match = version.pattern.exec(`${out.stderr ?? ""}${out.stdout ?? ""}`);
  return match ? Number(match[1]) : 0;
}

/** The first thing wrong with one requirement, or undefined when it is present. */
function problemOf(requirement: SystemRequirement, env: Env): string | undefined {
  const override = requirement.pathVariable ? env[requirement.pathVariable] : undefined;
  const commands = override ? [override] : (requirement.commands ?? []);
  for (const command of commands) {
    const path = findExecutable(command, env);
    if (!path) {
      return override
        ? `${requirement.pathVariable}=${override} is not an executable file`
        : command.includes("/")
          ? `${command} not found`
          : `${command} not found on PATH`;
    }
    if (requirement.version && command === commands[0]) {
      const major = majorVersion(path, requirement.version);
      if (major < requirement.version.min) {
        return `${command} ${major || "of an unknown version"} found, ${requirement.version.min} or newer needed`;
      }
    }
  }
  for (const file of requirement.files ?? []) {
    try {
      statSync(file);
    } catch {
      return `${file} not found`;
    }
  }
  return undefined;
}

export function findMissing(requirements: readonly SystemRequirement[], env: Env = process.env): Missing[] {
  return requirements.flatMap((requirement) => {
    const problem = problemOf(requirement, env);
    return problem ? [{ requirement, problem }] : [];
  });
}

const isRoot = () => process.getuid?.() === 0;

/** The command a person runs: with sudo unless already root (containers often have no sudo). */
export function installCommand(packages: string[], root = isRoot()): string {
  const sudo = root ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(" ")}`;
}

/** apt-get, run as root, printing what it does. */
export const aptInstall: Installer = (packages, log) => {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-q"],
    ["install", "-y", "-q", "--no-install-recommends", ...packages],
  ]) {
    log(`$ apt-get ${args.join(" ")}`);
    const run = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`apt-get ${args[0]} exited with code ${run.status}`);
  }
};

/** apt-get when running as root with apt-get on PATH and SOGLASIE_AUTO_INSTALL is not 0. */
export function defaultInstaller(env: Env = process.env, root = isRoot()): Installer | undefined {
  if (env.SOGLASIE_AUTO_INSTALL === "0" || !root || !findExecutable("apt-get", env)) return undefined;
  return aptInstall;
}

/**
 * Makes sure `requirements` are present: installs the missing ones when it can, else throws
 * MissingSystemPackagesError naming the one command to run.
 */
export function ensureRequirements(
  requirements: readonly SystemRequirement[],
  options: PreflightOptions = {},
): void {
  const env = options.env ?? process.env;
  const who = options.who ?? "Soglasie";
  const log = options.log ?? ((line: string) => console.log(line));
  let missing = findMissing(requirements, env);
  if (missing.length === 0) return;
  const packages = () => [...new Set(missing.map((m) => m.requirement.debian))];
  const install = options.install === false ? undefined : (options.install ?? defaultInstaller(env));
  let note: string | undefined;
  if (install) {
    log(
      `${who} needs ${packages().join(", ")}: installing (running as root; SOGLASIE_AUTO_INSTALL=0 stops this).`,
    );
    try {
      install(packages(), log);
    } catch (error) {
      note = `Installing failed: ${(error as Error).message}.`;
    }
    missing = findMissing(requirements, env);
    if (missing.length === 0) {
      log("System packages installed.");
      return;
    }
    note ??= "Still missing after apt-get install.";
  } else if (env.SOGLASIE_AUTO_INSTALL === "0" && isRoot()) {
    note = "SOGLASIE_AUTO_INSTALL=0: nothing is installed automatically.";
  }
  throw new MissingSystemPackagesError(missing, installCommand(packages()), who, note);
}

/** The packages `npm start` ("start") or the tests ("test") need, per ./requirements.ts. */
export function ensureSystemPackages(need: Need, options: PreflightOptions = {}): void {
  ensureRequirements(requirementsFor(need), { who: WHO[need], ...options });
}
