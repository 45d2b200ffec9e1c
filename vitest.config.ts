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
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    maxWorkers: 2,
  },
});
