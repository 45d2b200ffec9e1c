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
    // Each worker keeps its loaded modules from one test file to the next (a fresh module graph per
    // file cost a quarter of the suite's CPU). Test files share no state through modules: each makes
    // its own table, bucket, services and app; the few that change process.env restore it.
    isolate: false,
  },
});
