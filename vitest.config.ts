import { defineConfig } from "vitest/config";

// Two projects: fast unit tests (test/*.test.ts) and end-to-end tests of the built site in headless
// Chromium (test/e2e/*.test.ts), whose global setup builds the site once from the `small` sample.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    env: { TZ: "Asia/Shanghai", XIANBAO_TODAY: "2026-11-23" },
    projects: [
      { extends: true, test: { name: "unit", include: ["test/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/*.test.ts"],
          globalSetup: ["test/e2e/setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
