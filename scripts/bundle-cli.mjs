#!/usr/bin/env node
import { relative, resolve } from "node:path";
// Bundles the CLI (dist/cli/**/*.cjs, compiled by tsc) into one file, in place of dist/cli/main.cjs:
// start-up reads and compiles one file instead of eleven (--help) or sixteen (queue --json).
// - Every module under dist/cli that the entry reaches is in the bundle, a new command included as
//   soon as main.cts requires it (no list here). esbuild wraps each CommonJS module in a function run
//   at its first require: a command's code still runs only when that command does.
// - Packages stay outside (inquirer, ora, chalk, cli-table3, csv-parse, yauzl, conf…: loaded on demand
//   from node_modules), except commander, which every run needs.
// - The rest of dist (the API, local mode: ESM) stays outside too; its paths are rewritten from the
//   bundle's folder.
// Run by `npm run build` after tsc.
import { build } from "esbuild";

const cliDir = resolve("dist/cli");
const entry = resolve(cliDir, "main.cjs");
const BUNDLED_PACKAGES = new Set(["commander"]);

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
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
          if (kind === "entry-point" || importer.includes("/node_modules/")) return undefined;
          if (path.startsWith(".")) {
            const target = resolve(resolveDir, path);
            return target.startsWith(`${cliDir}/`) ? undefined : { path: `./${relative(cliDir, target)}`, external: true };
          }
          return BUNDLED_PACKAGES.has(path) ? undefined : { path, external: true };
        });
      },
    },
  ],
});
