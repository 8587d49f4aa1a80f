// PostgreSQL refuses to run as root. When we are root, the embedded server runs as an unprivileged
// account instead: `postgres` when the system has one, else `nobody` (no account is created behind
// the user's back). That account must own the cluster and be able to reach it and the binaries.
import { execFileSync } from "node:child_process";
import { chmodSync, lchownSync, lstatSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ServiceAccount {
  name: string;
  uid: number;
  gid: number;
}

/** The account PostgreSQL runs as, or undefined when we are not root (it then runs as us). */
export function serviceAccountForRoot(): ServiceAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const id = (flag: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    try {
      const uid = id("-u");
      if (uid > 0) return { name, uid, gid: id("-g") };
    } catch {
      // no such account: try the next
    }
  }
  throw new Error("running as root, and there is no `postgres` or `nobody` account for PostgreSQL to run as; run watchlist as a normal user or set DATABASE_URL");
}

/**
 * Lets the account traverse every folder above `path` by adding the search bit for others (never
 * read: the folders' contents stay unlisted) where the account has no search right yet, e.g. /root.
 * Returns the folders it changed.
 */
export function grantSearchAlongPath(path: string, account: ServiceAccount): string[] {
  const changed: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const { mode, uid, gid } = statSync(folder);
    const canSearch = uid === account.uid ? mode & 0o100 : gid === account.gid ? mode & 0o010 : mode & 0o001;
    if (!canSearch) {
      chmodSync(folder, (mode & 0o7777) | 0o001);
      changed.push(folder);
    }
    if (dirname(folder) === folder) return changed;
  }
}

/**
 * Makes the data folder and everything in it owned by the account, when its top is not already
 * (a first start, or files restored from a backup by root).
 */
export function handTreeTo(path: string, account: ServiceAccount): void {
  const top = lstatSync(path);
  if (top.uid !== account.uid || top.gid !== account.gid) chownTree(path, account);
}

function chownTree(path: string, account: ServiceAccount): void {
  lchownSync(path, account.uid, account.gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), account);
}
