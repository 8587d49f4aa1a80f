// An interrupted import, remembered so that running the same command again continues it as the SAME
// import: the same importId (the API files every batch of one importId under one activity, so `undo`
// takes the whole import back) and the count already sent (the progress bar's ETA counts only what is
// left to match). Kept in the config dir, keyed by the account, the file's content and the priority;
// removed when the import completes. A dry run neither reads nor writes it.
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { configDir } from "./settings.cjs";

const FILE = "import-resume.json";
/** An import left unfinished longer than this starts afresh. */
const KEPT_MS = 7 * 24 * 3600 * 1000;

export interface Interrupted {
  importId: string;
  /** Entries (or document items) the API had answered for when it stopped. */
  sent: number;
  savedAt: string;
}

type Records = Record<string, Interrupted>;

async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export class ResumeRecord {
  private constructor(
    private readonly path: string,
    private readonly key: string,
  ) {}

  static async open(accountKey: string, file: string, priority: string): Promise<ResumeRecord> {
    const key = createHash("sha256")
      .update(`${accountKey}\u0000${await fileHash(file)}\u0000${priority}`)
      .digest("hex");
    return new ResumeRecord(join(await configDir(), FILE), key);
  }

  private read(): Records {
    try {
      const records = JSON.parse(readFileSync(this.path, "utf8")) as Records;
      const now = Date.now();
      return Object.fromEntries(Object.entries(records).filter(([, record]) => now - Date.parse(record.savedAt) < KEPT_MS));
    } catch {
      return {};
    }
  }

  private write(records: Records): void {
    // Written whole and renamed: a Ctrl-C mid-write never leaves half a file.
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(records), { mode: 0o600 });
    renameSync(partial, this.path);
  }

  interrupted(): Interrupted | undefined {
    return this.read()[this.key];
  }

  save(importId: string, sent: number): void {
    this.write({ ...this.read(), [this.key]: { importId, sent, savedAt: new Date().toISOString() } });
  }

  clear(): void {
    const records = this.read();
    if (!(this.key in records)) return;
    delete records[this.key];
    this.write(records);
  }
}
