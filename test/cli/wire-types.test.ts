// The CLI's wire types come from the server's (src/cli/types.cts): `npm run check` type-checks the
// assertions below; at run time the built CLI must load nothing of the server for them.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { ExportDocument, ImportAnswer, RatedEntry, SearchPage } from "../../src/cli/types.cjs";
import type { exportDocumentSchema } from "../../src/services/import/index.js";
import { ensureBuilt, ROOT } from "./helpers/build.js";

describe("the CLI's wire types", () => {
  it("follow the server's shapes (checked by tsc)", () => {
    expectTypeOf<ImportAnswer["removedFromQueue"]>().toEqualTypeOf<number>();
    expectTypeOf<RatedEntry["removedFromQueue"]>().toEqualTypeOf<boolean>();
    expectTypeOf<RatedEntry["createdAt"]>().toEqualTypeOf<string>();
    expectTypeOf<SearchPage["source"]>().toEqualTypeOf<"tmdb" | "cache">();
    // What `export` answers is a file that `import` reads back (the one schema describes both).
    expectTypeOf<ExportDocument>().toExtend<z.input<typeof exportDocumentSchema>>();
    expectTypeOf<ExportDocument["version"]>().toEqualTypeOf<3>();
  });
});

describe("the built CLI", () => {
  beforeAll(ensureBuilt, 180_000);

  /** Every module specifier a built CLI file loads, resolved against its folder. */
  function loadedModules(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".cjs"))
      .flatMap((entry) => {
        const file = join(entry.parentPath, entry.name);
        const specifiers = [...readFileSync(file, "utf8").matchAll(/(?:require|import|importEsm)\("(\.[^"]+)"\)/g)].map(
          (match) => match[1],
        );
        return specifiers.map((specifier) => relative(join(ROOT, "dist"), resolve(entry.parentPath, specifier)));
      });
  }

  it("requires no server module: the wire types are erased", () => {
    const loaded = loadedModules(join(ROOT, "dist", "cli"));
    expect(loaded).toContain("cli/errors.cjs");
    expect(readFileSync(join(ROOT, "dist", "cli", "types.cjs"), "utf8")).not.toMatch(/require\(/);
    expect(loaded.filter((path) => /^(services|api|db|generated|tmdb)\//.test(path))).toEqual([]);
  });
});
