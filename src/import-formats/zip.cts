// A Letterboxd export zip, read with yauzl: its ratings.csv, diary.csv, watched.csv and watchlist.csv
// (each checked by its header); every other file (profile, comments, likes/, lists/…) is ignored.
import { posix } from "node:path";
import type { Readable } from "node:stream";
import type { Entry, ZipFile } from "yauzl";
import { csvHeader, readCsv } from "./csv.cjs";
import { LETTERBOXD_FILES, type LetterboxdFile, letterboxdFileOf } from "./letterboxd.cjs";
import { type EntrySource, ImportFileError, letterboxdSource, unknownFormat } from "./source.cjs";

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

const openStream = (zip: ZipFile, entry: Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

async function firstChunk(zip: ZipFile, entry: Entry): Promise<string> {
  const stream = await openStream(zip, entry);
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

export async function readLetterboxdZip(path: string, name: string): Promise<EntrySource> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new ImportFileError(`${name} is a damaged zip (${(error as Error).message}): nothing was imported`);
  }
  const files: [LetterboxdFile, string][] = [];
  const refused: { source: string; reason: string }[] = [];
  try {
    const entries = await listEntries(zip);
    for (const [file, entry] of exportFiles(entries)) {
      const fileName = posix.basename(entry.fileName);
      let start: string;
      try {
        start = await firstChunk(zip, entry);
      } catch (error) {
        refused.push({ source: fileName, reason: `cannot be read: ${(error as Error).message}` });
        continue;
      }
      const header = csvHeader(start);
      if (header && letterboxdFileOf(header, fileName) === file) files.push([file, entry.fileName]);
      else refused.push({ source: fileName, reason: "not the columns of Letterboxd's file of that name" });
    }
  } catch (error) {
    throw new ImportFileError(`${name} is a damaged zip (${(error as Error).message}): nothing was imported`);
  } finally {
    zip.close();
  }
  if (files.length === 0) throw unknownFormat(name);
  files.sort(([a], [b]) => LETTERBOXD_FILES.indexOf(a) - LETTERBOXD_FILES.indexOf(b));

  const names = files.map(([, fileName]) => posix.basename(fileName));
  return letterboxdSource(`a Letterboxd export (${names.join(", ")})`, async (merge, notes) => {
    notes.unreadable.push(...refused);
    const reopened = await openZip(path);
    try {
      const entries = new Map((await listEntries(reopened)).map((entry) => [entry.fileName, entry]));
      for (const [file, fileName] of files) {
        const shortName = posix.basename(fileName);
        let stream: Readable;
        try {
          stream = await openStream(reopened, entries.get(fileName)!);
        } catch (error) {
          notes.unreadable.push({ source: shortName, reason: `damaged in the zip: ${(error as Error).message}` });
          continue;
        }
        await merge.add(file, shortName, readCsv(stream, shortName, notes), notes);
      }
    } finally {
      reopened.close();
    }
  });
}
