// What the import service tests share: a test database with the fake TMDB behind the import's
// dependencies, and a file imported as `watchlist import` does it (read by the CLI's readers in
// src/import-formats, sent as the CLI sends it: documents in slices, entries in batches with their
// lists and, in the first, the profile), all batches one import.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import { documentItems, documentWith, type ImportEntry, newNotes, openImport } from "../../src/import-formats/index.cjs";
import { type ImportDeps, type ImportReport, parseImportBody, runImport } from "../../src/services/import/index.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeTmdbConfig, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "./db.js";

export interface ImportTestbed {
  db: Db;
  fake: FakeTmdb;
  deps: ImportDeps;
}

/** A fresh test database and fake TMDB (close `fake` after the tests). */
export async function useImportTestbed(): Promise<ImportTestbed> {
  const database = await useTestDatabase();
  const fake = await startFakeTmdb();
  const deps: ImportDeps = {
    db: database.db,
    coordination: database.coordination,
    tmdb: createTmdbClient(fakeTmdbConfig(fake, { retries: 0, timeoutMs: 5000 }), { backoffMs: 1, maxRetryAfterMs: 20 }),
  };
  return { db: database.db, fake, deps };
}

/** The counts of the batches' reports, added up as the CLI does. */
export type SummedReport = Pick<
  ImportReport,
  "ratings" | "watchlist" | "history" | "lists" | "listEntries" | "reviews" | "tags" | "profile"
> & {
  unmatched: ImportReport["unmatched"];
  notImported: ImportReport["notImported"];
};
const COUNTED = ["ratings", "watchlist", "history", "lists", "listEntries", "reviews", "tags", "profile"] as const;

function sum(reports: ImportReport[]): SummedReport {
  const summed = {
    ...Object.fromEntries(COUNTED.map((list) => [list, { added: 0, updated: 0, unchanged: 0 }])),
    unmatched: [],
    notImported: [],
  } as unknown as SummedReport;
  for (const report of reports) {
    for (const list of COUNTED) for (const count of ["added", "updated", "unchanged"] as const) summed[list][count] += report[list][count];
    summed.unmatched.push(...report.unmatched);
    summed.notImported.push(...report.notImported);
  }
  return summed;
}

/**
 * Imports the file at `path` into the account as the CLI would, in batches of `batchSize` entries (or
 * document items); returns the summed report and what the reading noted.
 */
export async function importFile(deps: ImportDeps, userId: string, path: string, { batchSize = 3 } = {}) {
  const opened = await openImport(path);
  const importId = randomUUID();
  const reports: ImportReport[] = [];
  const send = async (body: unknown) =>
    reports.push(await runImport(deps, userId, await parseImportBody(JSON.parse(JSON.stringify(body))), { importId }));
  if (opened.kind === "document") {
    const items = documentItems(opened.document);
    for (let start = 0; start < items.length; start += batchSize)
      await send(documentWith(opened.document, items.slice(start, start + batchSize)));
    return { format: opened.format, report: sum(reports), notes: { ...newNotes(), unreadable: opened.unreadable ?? [] } };
  }
  const notes = newNotes();
  const entries: ImportEntry[] = [];
  for await (const entry of opened.read(notes)) entries.push(entry);
  for (let start = 0; start === 0 || start < entries.length; start += batchSize) {
    const profile = start === 0 ? notes.profile : null;
    await send({ importId, format: opened.format, lists: notes.lists, profile, entries: entries.slice(start, start + batchSize) });
  }
  return { format: opened.format, report: sum(reports), notes };
}
