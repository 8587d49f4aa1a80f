#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`, which `npm install` runs via `prepare`).
// CommonJS (bin/package.json): Node's ESM loader alone costs ~5 ms of a ~20 ms start-up budget.
// dist/cli/main.cjs is one bundle, run here from the V8 code cache the build wrote beside it
// (scripts/bundle-cli.mjs): compiling it and what --help runs took ~7 of the ~16 ms that --help
// added to a bare `node` (bench/README.md). Node 22 keeps such a cache itself
// (module.enableCompileCache); Node 20 does not.
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const CLI_DIR = join(__dirname, "..", "dist", "cli");
const BUNDLE = join(CLI_DIR, "main.cjs");

function loadCli() {
  let source;
  try {
    source = readFileSync(BUNDLE, "utf8");
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    process.stderr.write("error: watchlist is not built yet: run `npm run build` in its folder\n");
    process.exit(1);
  }
  const buildId = /\/\/# codeCache=(\w+)\n$/.exec(source.slice(-40))?.[1];
  if (!buildId) return require(BUNDLE); // compiled by tsc alone, not bundled
  const cachePath = join(CLI_DIR, `main-${buildId}.cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    // No cache: V8 compiles the bundle, as require() would.
  }
  const vm = require("node:vm");
  // A cache made by another Node version is rejected by V8 (script.cachedDataRejected) and unused.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, importEsm) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
  });
  if (process.env.WATCHLIST_DEBUG && (!cachedData || script.cachedDataRejected)) {
    process.stderr.write(`watchlist: ${cachedData ? "V8 rejected the" : "no"} code cache ${cachePath}: compiling the bundle\n`);
  }
  const importEsm = (specifier) =>
    import(specifier.startsWith(".") ? require("node:url").pathToFileURL(join(CLI_DIR, specifier)).href : specifier);
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, require("node:module").createRequire(BUNDLE), bundleModule, BUNDLE, CLI_DIR, importEsm);
  // The build's run (scripts/bundle-cli.mjs) writes the cache at exit, with what that run compiled.
  if (process.env.WATCHLIST_WRITE_CODE_CACHE) process.once("exit", () => writeFileSync(cachePath, script.createCachedData()));
  return bundleModule.exports;
}

loadCli()
  .main()
  .then((code) => {
    process.exitCode = code;
  });
