#!/usr/bin/env node
// Bundles the CLI (dist/cli/**/*.cjs, compiled by tsc) into one file, in place of dist/cli/main.cjs,
// and writes V8's code cache of it: start-up reads one file instead of eleven (--help) or sixteen
// (queue --json), and compiles none of what --help runs (bin/watchlist.js loads the two).
// - Every module under dist/cli that the entry reaches is in the bundle, a new command included as
//   soon as main.cts requires it (no list here). esbuild wraps each CommonJS module in a function run
//   at its first require: a command's code still runs only when that command does.
// - Packages stay outside (inquirer, ora, chalk, cli-table3, csv-parse, yauzl, conf…: loaded on demand
//   from node_modules), except commander, which every run needs.
// - dist/shared (plain code of both sides, CommonJS) is bundled too. The rest of dist (the API, local
//   mode: ESM; import-formats, which only `import` needs) stays outside; its paths are rewritten from
//   the bundle's folder.
// - Code run from a cache has no module loader for import() in Node 20: the bundle's import() calls
//   become calls of `importEsm`, which the loader in bin/watchlist.js passes in.
// Run by `npm run build` after tsc.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { build } from "esbuild";

const cliDir = resolve("dist/cli");
const bundledDirs = [cliDir, resolve("dist/shared")];
const entry = resolve(cliDir, "main.cjs");
const BUNDLED_PACKAGES = new Set(["commander"]);
// commander requires child_process at load, for subcommands run as executables (this CLI has none):
// loaded when first used instead, it does not bring net and the streams into every start-up (~1 ms).
const LAZY_BUILTINS = new Set(["node:child_process"]);

const { outputFiles, metafile } = await build({
  entryPoints: [entry],
  outfile: entry,
  write: false,
  metafile: true,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  // Smaller to read and parse; names are kept (no mangling) for readable stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  plugins: [
    {
      name: "bundle-the-cli-only",
      setup(onBuild) {
        onBuild.onResolve({ filter: /.*/ }, ({ path, importer, kind, resolveDir }) => {
          if (LAZY_BUILTINS.has(path) && importer.includes("/node_modules/commander/")) return { path, namespace: "lazy-builtin" };
          if (kind === "entry-point" || importer.includes("/node_modules/")) return undefined;
          if (path.startsWith(".")) {
            const target = resolve(resolveDir, path);
            const bundled = bundledDirs.some((dir) => target.startsWith(`${dir}/`));
            return bundled ? undefined : { path: `./${relative(cliDir, target)}`, external: true };
          }
          return BUNDLED_PACKAGES.has(path) ? undefined : { path, external: true };
        });
        onBuild.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, ({ path }) => ({
          contents: `module.exports = new Proxy({}, { get: (_, name) => require(${JSON.stringify(path)})[name] });`,
          loader: "js",
        }));
      },
    },
  ],
});

let bundle = outputFiles[0].text;
const dynamicImports = Object.values(metafile.outputs)[0].imports.filter((imported) => imported.kind === "dynamic-import");
let renamed = 0;
for (const specifier of new Set(dynamicImports.map((imported) => imported.path))) {
  const call = `import(${JSON.stringify(specifier)})`;
  renamed += bundle.split(call).length - 1;
  bundle = bundle.replaceAll(call, `importEsm(${JSON.stringify(specifier)})`);
}
if (renamed !== dynamicImports.length) {
  throw new Error(`bundle-cli: renamed ${renamed} import() calls of the ${dynamicImports.length} esbuild reports`);
}

// The cache is named after the bundle it was made from: a cache never meets another bundle.
const buildId = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
for (const file of readdirSync(cliDir)) if (/^main-\w+\.cache$/.test(file)) rmSync(resolve(cliDir, file));
writeFileSync(entry, `${bundle}//# codeCache=${buildId}\n`);

// V8 caches the functions compiled so far: run --help, so that what it runs is in the cache too.
const run = spawnSync(process.execPath, [resolve("bin/watchlist.js"), "--help"], {
  env: { ...process.env, WATCHLIST_WRITE_CODE_CACHE: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
if (run.status !== 0) throw new Error(`bundle-cli: the bundle did not run (--help exited ${run.status})`);
