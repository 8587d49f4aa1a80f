#!/usr/bin/env node
// Bundles the CLI's entry (dist/cli/main.cjs, compiled by tsc) with commander into one file, in place:
// start-up reads and compiles one file instead of eight. Everything the entry requires by a relative
// path — the command modules (lazily required, one file each, whatever commands exist) and the small
// shared modules the commands use too — stays a separate file: one copy of each module (and of its
// classes, for instanceof) whoever requires it. Run by `npm run build` after tsc.
import { build } from "esbuild";

const entry = "dist/cli/main.cjs";

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  plugins: [
    {
      name: "keep-project-modules-separate",
      setup(onBuild) {
        onBuild.onResolve({ filter: /^\.\.?\// }, ({ path, importer, kind }) =>
          kind === "entry-point" || importer.includes("/node_modules/") ? undefined : { path, external: true },
        );
      },
    },
  ],
});
