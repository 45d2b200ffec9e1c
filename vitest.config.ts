import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "packages/*/src/**/*.test.ts"],
    exclude: ["test/load/**", "**/node_modules/**"],
    // DynamoDB Local and the S3 server start once per run; each test file gets its own table and bucket.
    globalSetup: ["test/setup/stores.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // scrypt at N=2^12 for the suite's hashes (see packages/core/src/staff/password.ts): the same code, an 8th of the cost.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", PASSWORD_SCRYPT_LOG2N: "12" },
    maxWorkers: 2,
  },
});
