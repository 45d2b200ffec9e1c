import {
  ensureRequirements,
  findExecutable,
  MissingSystemPackagesError,
  majorVersion,
  type PreflightOptions,
} from "../system/preflight.js";
import { JAVA } from "../system/requirements.js";

export class MissingJavaError extends Error {
  override name = "MissingJavaError";
  constructor(problem: string, installCommand: string, note?: string) {
    super(
      [
        `DynamoDB Local needs Java ${JAVA.version?.min} or newer: ${problem}.`,
        ...(note ? [`  ${note}`] : []),
        `  Install it:  ${installCommand}   (Debian/Ubuntu)`,
        "  or point the service at another DynamoDB endpoint instead:",
        "    DYNAMODB_ENDPOINT=http://host:8000 npm start",
      ].join("\n"),
    );
  }
}

/**
 * Returns the Java major version. Java comes from the project's list of system packages: when it is
 * missing or too old it is installed where that is possible (root with apt-get, see
 * system/preflight.ts), else MissingJavaError says what to do.
 */
export function checkJava(command = "java", options: PreflightOptions = {}): number {
  const requirement = { ...JAVA, commands: [command] };
  try {
    // Installing the package helps only the `java` found on PATH, not one named by its path.
    ensureRequirements([requirement], {
      who: "npm start",
      ...options,
      ...(command === "java" ? {} : { install: false as const }),
    });
  } catch (error) {
    if (!(error instanceof MissingSystemPackagesError)) throw error;
    throw new MissingJavaError(error.missing[0]?.problem ?? "not found", error.command, error.note);
  }
  const path = findExecutable(command, options.env) as string;
  return majorVersion(path, JAVA.version as NonNullable<typeof JAVA.version>);
}
