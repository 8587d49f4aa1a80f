// The house's arrows run one way: the API composes the services, the services never reach up into
// the API or the CLI; and a service that shares helpers with another gets them from a module of their
// own, not from the other service (pick does not call back into recommendations).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

/** Every relative module a source file imports (types included), as repo paths without extension. */
function importsOf(folder: string): { file: string; imported: string }[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.c?ts$/.test(entry.name))
    .flatMap((entry) => {
      const path = join(entry.parentPath, entry.name);
      const text = readFileSync(path, "utf8");
      return [...text.matchAll(/(?:from|import|require)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => ({
        file: relative(root, path),
        imported: relative(root, resolve(dirname(path), match[1])).replace(/\.c?js$/, ""),
      }));
    });
}

describe("the layers", () => {
  it("no src/services file imports src/api or src/cli", () => {
    const imports = importsOf("src/services");
    expect(imports.length).toBeGreaterThan(50);
    const upward = imports.filter(({ imported }) => /^src\/(api|cli)\//.test(imported));
    expect(upward).toEqual([]);
  });

  it("pick does not import recommendations (what both use has a module of its own)", () => {
    const fromPick = importsOf("src/services").filter(({ file }) => file === "src/services/pick.ts");
    expect(fromPick.length).toBeGreaterThan(3);
    expect(fromPick.filter(({ imported }) => imported === "src/services/recommendations")).toEqual([]);
  });
});
