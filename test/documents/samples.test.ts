import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_TYPES } from "../../packages/core/src/documents/types.js";
import { dir, tool } from "./support.js";

describe("npm run samples", () => {
  it("writes one signed PDF per type without any store", () => {
    const out = join(dir, "samples");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/samples.ts", "--out", out], {
      encoding: "utf8",
      // No store endpoints: the command must not need them.
      env: { ...process.env, DYNAMODB_ENDPOINT: "", S3_ENDPOINT: "" },
    });
    expect(readdirSync(out).sort()).toEqual(DOCUMENT_TYPES.map((t) => `${t}.pdf`).sort());
    for (const type of DOCUMENT_TYPES) {
      const file = join(out, `${type}.pdf`);
      expect(tool("pdfsig", [file]).out).toContain("Signature is Valid.");
      expect(tool("qpdf", ["--check", file]).status).toBe(0);
    }
  }, 120_000);
});
