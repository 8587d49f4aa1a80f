#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`, which `npm install` runs via `prepare`).
// CommonJS (bin/package.json): Node's ESM loader alone costs ~5 ms of a ~20 ms start-up budget.
require("../dist/cli/main.cjs")
  .main()
  .then((code) => {
    process.exitCode = code;
  });
