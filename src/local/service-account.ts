// PostgreSQL refuses to run as root. When we are root, the embedded server runs as an unprivileged
// account instead: `postgres` when the system has one, else `nobody` (no account is created behind
// the user's back). That account must own the cluster and be able to reach it and the binaries.
import { execFileSync, spawnSync } from "node:child_process";
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
  throw new Error(
    "running as root, and there is no `postgres` or `nobody` account for PostgreSQL to run as; run watchlist as a normal user or set DATABASE_URL",
  );
}

export interface OpenedFolders {
  account: string;
  /** "acl": search for that account only (setfacl); "others": the search bit for others (no setfacl). */
  how: "acl" | "others";
  folders: string[];
}

/** What this process opened for the account, for the CLI's notice (see daemon.ts). */
let opened: OpenedFolders | undefined;
export const foldersOpenedForAccount = (): OpenedFolders | undefined => opened;

/**
 * Lets the account traverse every folder above `path` where it has no search right yet (e.g. /root,
 * 0700): search only, never read, so the folders' contents stay unlisted. For that account alone
 * with an ACL where the system has setfacl, else with the search bit for others. Returns the
 * folders it changed.
 */
export function grantSearchAlongPath(path: string, account: ServiceAccount): string[] {
  const changed: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const { mode, uid, gid } = statSync(folder);
    const canSearch = uid === account.uid ? mode & 0o100 : gid === account.gid ? mode & 0o010 : mode & 0o001;
    if (!canSearch && !hasAclSearch(folder, account)) {
      const how = setAclSearch(folder, account) ? "acl" : "others";
      if (how === "others") chmodSync(folder, (mode & 0o7777) | 0o001);
      changed.push(folder);
      opened = { account: account.name, how, folders: [...(opened?.folders ?? []), folder] };
    }
    if (dirname(folder) === folder) return changed;
  }
}

/** Whether an ACL entry already gives the account search on `folder` (getfacl absent: no ACLs set by us). */
function hasAclSearch(folder: string, account: ServiceAccount): boolean {
  const result = spawnSync("getfacl", ["--omit-header", "--absolute-names", "--numeric", folder], { encoding: "utf8" });
  if (result.status !== 0) return false;
  return result.stdout.split("\n").some((line) => new RegExp(`^user:${account.uid}:..x`).test(line.trim()));
}

function setAclSearch(folder: string, account: ServiceAccount): boolean {
  return spawnSync("setfacl", ["-m", `u:${account.uid}:x`, folder], { stdio: "ignore" }).status === 0;
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
