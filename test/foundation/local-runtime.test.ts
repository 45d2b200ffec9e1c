import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkJava, MissingJavaError } from "../../packages/local/src/stores/java.js";

describe("local runtime without Java", () => {
  it("says what to install or which variable to set", () => {
    expect(() => checkJava("/nonexistent/java")).toThrow(MissingJavaError);
    try {
      checkJava("/nonexistent/java");
    } catch (error) {
      expect((error as Error).message).toContain("apt-get install -y openjdk-17-jre-headless");
      expect((error as Error).message).toContain("DYNAMODB_ENDPOINT=");
    }
  });

  it("npm start stops with that message instead of a stack trace", () => {
    // PATH without java (node itself is called by absolute path).
    const out = spawnSync(process.execPath, ["--import", "tsx", "packages/local/src/start.ts", "--no-seed"], {
      env: { ...process.env, PATH: "/nonexistent", DATA_DIR: "/tmp/soglasie-nojava-test", PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("DynamoDB Local needs Java 17");
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
