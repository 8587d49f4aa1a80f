// A Letterboxd export zip, read with yauzl: its ratings.csv, diary.csv, reviews.csv, watched.csv and
// watchlist.csv (each checked by its header), its lists (lists/*.csv), liked films (likes/films.csv)
// and profile.csv (read last: its favourites are URIs of films the other files name); every other
// file is named in the report's notImported with the reason.
// A zip bomb (a few MB that inflate to gigabytes) is refused from its directory before anything is
// inflated, and, since a directory can lie, again while inflating: we inflate the raw data ourselves
// and stop at the first chunk past the ratio or the total (see InflateBudget).
import { posix } from "node:path";
import { pipeline, type Readable, Transform, type TransformCallback } from "node:stream";
import { createInflateRaw } from "node:zlib";
import type { Entry, ZipFile } from "yauzl";
import { csvHeader, readCsv } from "./csv.cjs";
import type { NotImported } from "./entries.cjs";
import { LETTERBOXD_FILES, type LetterboxdFile, letterboxdFileOf } from "./letterboxd.cjs";
import { type EntrySource, ImportFileError, letterboxdSource, unknownFormat } from "./source.cjs";

/** What the files read from one zip may inflate to, in all: a Letterboxd export's CSVs are a few MB. */
export const MAX_INFLATED_BYTES = 100 * 1024 * 1024;
/** Inflated ÷ compressed: text deflates 3–10×, a zip bomb ~1000×. */
export const MAX_INFLATE_RATIO = 100;
/**
 * A small file may deflate far better than text usually does (a header alone): the ratio counts past
 * this. Small, because what is inflated before the check flows on to the CSV parser (~1 MB a second).
 */
const RATIO_FREE_BYTES = 64 * 1024;

const LOCAL_FILE_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

export const isZip = (start: Buffer) => start.length >= 4 && [LOCAL_FILE_HEADER, END_OF_CENTRAL_DIRECTORY].includes(start.readUInt32LE(0));

/** Folders of the export whose CSVs share the main files' names or columns but are not the account's. */
const OTHER_FOLDERS = new Set(["likes", "lists", "deleted", "orphaned"]);

function openZip(path: string): Promise<ZipFile> {
  const yauzl = require("yauzl") as typeof import("yauzl");
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    zip.once("error", reject);
    zip.readEntry();
  });
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** What one zip's files have inflated to so far; both readings of a zip share one. */
class InflateBudget {
  private inflated = 0;
  constructor(readonly name: string) {}

  /** Refused from the directory, before a byte is inflated. */
  checkDirectory(entries: Entry[]): void {
    for (const entry of entries) this.checkRatio(entry.fileName, entry.uncompressedSize, entry.compressedSize, "says it holds");
    const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (total > MAX_INFLATED_BYTES) throw this.refusal(`its files say they hold ${megabytes(total)}`);
  }

  /** While inflating: `bytes` more of `fileName`, which has inflated to `inflated` from `compressed` bytes so far. */
  add(fileName: string, bytes: number, inflated: number, compressed: number): void {
    this.inflated += bytes;
    this.checkRatio(fileName, inflated, compressed, "inflated to");
    if (this.inflated > MAX_INFLATED_BYTES) throw this.refusal(`its files inflated to more than ${megabytes(MAX_INFLATED_BYTES)}`);
  }

  private checkRatio(fileName: string, inflated: number, compressed: number, verb: string): void {
    if (inflated <= RATIO_FREE_BYTES || inflated <= compressed * MAX_INFLATE_RATIO) return;
    const ratio = Math.round(inflated / Math.max(1, compressed));
    throw this.refusal(`${posix.basename(fileName)} ${verb} ${megabytes(inflated)} from ${megabytes(compressed)} (${ratio}:1)`);
  }

  private refusal(what: string): ZipBombError {
    return new ZipBombError(
      `${this.name} is not a Letterboxd export: ${what} (a zip bomb?); import inflates at most ${megabytes(MAX_INFLATED_BYTES)}, ` +
        `${MAX_INFLATE_RATIO}:1: nothing was imported`,
    );
  }
}

/** A zip that inflates to far more than an export: the import is refused as a whole. */
export class ZipBombError extends ImportFileError {}

/** Counts the inflated bytes against the budget as they come, with the compressed bytes they came from. */
class InflateGuard extends Transform {
  private inflated = 0;
  constructor(
    private readonly budget: InflateBudget,
    private readonly fileName: string,
    /** Compressed bytes consumed so far (zlib's `bytesWritten` advances as it inflates, a few bytes a chunk). */
    private readonly compressed: () => number,
  ) {
    super();
  }
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.inflated += chunk.length;
    try {
      this.budget.add(this.fileName, chunk.length, this.inflated, this.compressed());
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }
}

/**
 * The entry's data, inflated here rather than by yauzl (whose bound is the size the directory
 * claims): each inflated chunk is counted with the compressed bytes it took, so a lying directory
 * is caught within the first megabyte past the ratio.
 */
function openStream(zip: ZipFile, entry: Entry, budget: InflateBudget): Promise<Readable> {
  if (entry.isEncrypted()) return Promise.reject(new Error("it is encrypted"));
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return Promise.reject(new Error(`unsupported compression method ${entry.compressionMethod}`));
  }
  return new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, { decodeFileData: false }, (error, raw) => {
      if (error) return reject(error);
      if (entry.compressionMethod === 0) {
        let stored = 0;
        const guard = new InflateGuard(budget, entry.fileName, () => stored);
        raw.on("data", (chunk: Buffer) => {
          stored += chunk.length;
        });
        return resolve(guarded([raw, guard], guard));
      }
      const inflate = createInflateRaw();
      const guard = new InflateGuard(budget, entry.fileName, () => inflate.bytesWritten);
      resolve(guarded([raw, inflate, guard], guard));
    }),
  );
}

/** pipeline destroys every stage on a failure; the last stage, the one read, carries the error out. */
function guarded(stages: NodeJS.ReadWriteStream[] | Readable[], last: Readable): Readable {
  pipeline(stages as unknown as [Readable, Transform], (failure) => {
    if (failure && !last.destroyed) last.destroy(failure);
  });
  return last;
}

async function firstChunk(zip: ZipFile, entry: Entry, budget: InflateBudget): Promise<string> {
  const stream = await openStream(zip, entry, budget);
  try {
    for await (const chunk of stream) return (chunk as Buffer).toString("utf8");
    return "";
  } finally {
    stream.destroy();
  }
}

/** The export's own files: at the top (or in one top folder), never in likes/, lists/… */
function exportFiles(entries: Entry[]): Map<LetterboxdFile, Entry> {
  const found = new Map<LetterboxdFile, Entry>();
  const depth = (entry: Entry) => entry.fileName.split("/").length;
  for (const entry of entries) {
    const parts = entry.fileName.split("/");
    const file = posix
      .basename(entry.fileName)
      .toLowerCase()
      .replace(/\.csv$/, "") as LetterboxdFile;
    if (!LETTERBOXD_FILES.includes(file) || parts.slice(0, -1).some((folder) => OTHER_FOLDERS.has(folder.toLowerCase()))) continue;
    const known = found.get(file);
    if (!known || depth(entry) < depth(known)) found.set(file, entry);
  }
  return found;
}

/** Why a file of the export is not imported (the contract: every file is imported or named). */
function notImportedReason(fileName: string): string {
  const lower = fileName.toLowerCase();
  const folder = lower.split("/").slice(0, -1);
  if (folder.includes("deleted")) return "deleted on Letterboxd: not imported";
  if (folder.includes("orphaned")) return "orphaned on Letterboxd (its film or list is gone): not imported";
  if (folder.includes("likes")) return "likes of reviews and lists are not imported (liked films are)";
  const base = posix.basename(lower);
  if (base === "comments.csv") return "comments are not imported (a comment belongs under a review on Letterboxd)";
  return "not a file of Letterboxd's export that import reads";
}

/** The export's lists (lists/*.csv), liked films (likes/films.csv) and profile.csv, and the files not imported. */
function otherFiles(entries: Entry[], imported: Set<string>) {
  const lists: Entry[] = [];
  let likes: Entry | undefined;
  let profile: Entry | undefined;
  const notImported: NotImported[] = [];
  for (const entry of entries) {
    if (entry.fileName.endsWith("/") || imported.has(entry.fileName)) continue;
    const parts = entry.fileName.toLowerCase().split("/");
    const folder = parts.at(-2);
    if (folder === "lists" && parts.at(-1)!.endsWith(".csv")) lists.push(entry);
    else if (folder === "likes" && parts.at(-1) === "films.csv") likes = entry;
    else if (parts.at(-1) === "profile.csv" && !profile && !parts.slice(0, -1).some((part) => OTHER_FOLDERS.has(part))) profile = entry;
    else notImported.push({ source: entry.fileName, reason: notImportedReason(entry.fileName) });
  }
  return { lists, likes, profile, notImported };
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function readLetterboxdZip(path: string, name: string): Promise<EntrySource> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new ImportFileError(`${name} is a damaged zip (${(error as Error).message}): nothing was imported`);
  }
  const files: [LetterboxdFile, string][] = [];
  const refused: { source: string; reason: string }[] = [];
  const budget = new InflateBudget(name);
  let others: ReturnType<typeof otherFiles> = { lists: [], likes: undefined, profile: undefined, notImported: [] };
  try {
    const all = await listEntries(zip);
    const wanted = exportFiles(all);
    others = otherFiles(all, new Set([...wanted.values()].map((entry) => entry.fileName)));
    budget.checkDirectory([...wanted.values(), ...others.lists, ...[others.likes, others.profile].filter((entry) => entry !== undefined)]);
    for (const [file, entry] of wanted) {
      const fileName = posix.basename(entry.fileName);
      let start: string;
      try {
        start = await firstChunk(zip, entry, budget);
      } catch (error) {
        if (error instanceof ZipBombError) throw error;
        refused.push({ source: fileName, reason: `cannot be read: ${(error as Error).message}` });
        continue;
      }
      const header = csvHeader(start);
      if (header && letterboxdFileOf(header, fileName) === file) files.push([file, entry.fileName]);
      else refused.push({ source: fileName, reason: "not the columns of Letterboxd's file of that name" });
    }
  } catch (error) {
    if (error instanceof ZipBombError) throw error;
    throw new ImportFileError(`${name} is a damaged zip (${(error as Error).message}): nothing was imported`);
  } finally {
    zip.close();
  }
  const { lists, likes, profile, notImported } = others;
  if (files.length === 0 && lists.length === 0 && !likes) throw unknownFormat(name);
  files.sort(([a], [b]) => LETTERBOXD_FILES.indexOf(a) - LETTERBOXD_FILES.indexOf(b));

  const names = files.map(([, fileName]) => posix.basename(fileName));
  if (lists.length) names.push(lists.length === 1 ? "1 list" : `${lists.length} lists`);
  if (likes) names.push("likes/films.csv");
  if (profile) names.push("profile.csv");
  return letterboxdSource(`a Letterboxd export (${names.join(", ")})`, async (merge, notes) => {
    notes.unreadable.push(...refused);
    notes.notImported.push(...notImported);
    const reopened = await openZip(path);
    // The whole import reads the files again: a budget of its own, the same bounds.
    const readBudget = new InflateBudget(name);
    try {
      const entries = new Map((await listEntries(reopened)).map((entry) => [entry.fileName, entry]));
      for (const [file, fileName] of files) {
        const shortName = posix.basename(fileName);
        let stream: Readable;
        try {
          stream = await openStream(reopened, entries.get(fileName)!, readBudget);
        } catch (error) {
          notes.unreadable.push({ source: shortName, reason: `damaged in the zip: ${(error as Error).message}` });
          continue;
        }
        await merge.add(file, shortName, readCsv(stream, shortName, notes), notes);
      }
      for (const entry of lists) {
        const listName = `lists/${posix.basename(entry.fileName)}`;
        try {
          merge.addList(listName, await readAll(await openStream(reopened, entries.get(entry.fileName)!, readBudget)), notes);
        } catch (error) {
          if (error instanceof ZipBombError) throw error;
          notes.unreadable.push({ source: listName, reason: `damaged in the zip: ${(error as Error).message}` });
        }
      }
      if (likes) {
        const stream = await openStream(reopened, entries.get(likes.fileName)!, readBudget);
        await merge.addLikes("likes/films.csv", readCsv(stream, "likes/films.csv", notes), notes);
      }
      if (profile) {
        const stream = await openStream(reopened, entries.get(profile.fileName)!, readBudget);
        await merge.addProfile("profile.csv", readCsv(stream, "profile.csv", notes), notes);
      }
    } finally {
      reopened.close();
    }
  });
}
