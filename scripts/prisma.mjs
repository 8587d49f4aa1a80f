#!/usr/bin/env node
// Runs the Prisma CLI offline. Without DATABASE_URL the 6.19 CLI assumes the native library engine and
// tries to download it, even for `generate`, which never connects: a placeholder URL avoids that.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost/unused" };
const result = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
