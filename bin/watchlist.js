#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`, which `npm install` runs via `prepare`).
// CommonJS (bin/package.json): Node's ESM loader alone costs ~5 ms of a ~20 ms start-up budget.
// V8's compiled code kept on disk between runs (Node ≥ 22.1); Node 20 has no such API and skips it.
require("node:module").enableCompileCache?.();
let cli;
try {
  cli = require("../dist/cli/main.cjs");
} catch (error) {
  if (error.code !== "MODULE_NOT_FOUND" || !String(error.message).includes("main.cjs")) throw error;
  process.stderr.write("error: watchlist is not built yet: run `npm run build` in its folder\n");
  process.exit(1);
}
cli.main().then((code) => {
  process.exitCode = code;
});
