import { defineConfig } from "vitest/config";

/**
 * `npm run test:load`: the soak test of a whole college answering at once (minutes, not seconds,
 * so it is kept out of `npm test`; CI runs both). Same real local stores as the default suite.
 */
export default defineConfig({
  test: {
    include: ["test/load/**/*.test.ts"],
    globalSetup: ["test/setup/stores.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    maxWorkers: 1,
  },
});
