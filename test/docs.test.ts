// The docs a clone reads: every `docs/….md` the code, the tests or the docs point to is in the repo,
// and nothing points to a path of the machine the project was written on (a clone does not have it).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const SOURCES = ["src", "test", "bench", "scripts", "docs", "README.md"];
const SKIP = new Set(["generated", "node_modules"]);

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(join(path, name)));
}

const texts = SOURCES.flatMap((source) => files(join(root, source)))
  .filter((file) => /\.(m?[jt]s|cts|md)$/.test(file))
  .map((file) => ({ file: relative(root, file), text: readFileSync(file, "utf8") }));

describe("docs", () => {
  it("every docs/*.md that is mentioned exists", () => {
    const missing = texts.flatMap(({ file, text }) =>
      [...text.matchAll(/\bdocs\/[\w-]+\.md\b/g)].flatMap(([path]) => (existsSync(join(root, path)) ? [] : [`${file}: ${path}`])),
    );
    expect(texts.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("nothing points outside the repo (../shared/spec, /work/…)", () => {
    const outside = texts
      .filter(({ file, text }) => file !== "test/docs.test.ts" && /\.\.\/shared\/spec|\/work\//.test(text))
      .map(({ file }) => file);
    expect(outside).toEqual([]);
  });
});
