import { defineConfig } from "vitest/config";

export default defineConfig({
  // The CLI is CommonJS TypeScript (.cts, for start-up time); Vite transforms only .ts/.mts by default.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    globalSetup: ["test/helpers/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    // Generous: a test that starts clusters or spawns the CLI took up to 20 s on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each file runs on its own database cloned from the migrated template, so files may run side by side
    // (vitest runs CPUs - 1 of them at once: on this 2-core machine, one at a time).
    pool: "forks",
  },
});
