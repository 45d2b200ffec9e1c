import { spawnSync } from "node:child_process";

export class MissingJavaError extends Error {
  override name = "MissingJavaError";
  constructor() {
    super(
      [
        "DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.",
        "  Install it:  sudo apt-get install -y openjdk-17-jre-headless   (Debian/Ubuntu)",
        "  or point the service at another DynamoDB endpoint instead:",
        "    DYNAMODB_ENDPOINT=http://host:8000 npm start",
      ].join("\n"),
    );
  }
}

/** Returns the Java major version, or throws MissingJavaError with what to do. */
export function checkJava(command = "java"): number {
  const out = spawnSync(command, ["-version"], { encoding: "utf8" });
  if (out.error || out.status !== 0) throw new MissingJavaError();
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out.stderr || out.stdout);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : 0;
  if (major < 17) {
    const error = new MissingJavaError();
    error.message = `DynamoDB Local needs Java 17 or newer; found ${major || "an unknown version"}.\n${error.message.split("\n").slice(1).join("\n")}`;
    throw error;
  }
  return major;
}
