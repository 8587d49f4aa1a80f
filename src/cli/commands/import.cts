// `watchlist import <file>`: the file is read here (format told from its content, see
// src/import-formats), then sent to the API in batches of one import (one importId); the API matches
// titles against TMDB and answers a report per batch, summed here. A re-run of an interrupted import
// finishes it: the API skips what is already stored.
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiClient } from "../api-client.cjs";
import { ApiRequestError } from "../api-client.cjs";
import { CliError, EXIT, fileErrorReason, usageError } from "../errors.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { ImportAnswer, ImportReport } from "../types.cjs";
import type { Priority } from "../vocabulary.cjs";

type Formats = typeof import("../../import-formats/index.cjs");
type ImportSource = import("../../import-formats/index.cjs").ImportSource;
type ImportEntry = import("../../import-formats/index.cjs").ImportEntry;

export interface ImportOptions extends GlobalOptions {
  dryRun?: boolean;
  json?: boolean;
  priority?: Priority;
  /** An IMDb list onto the queue instead of into a list of its name. */
  queue?: boolean;
}

/** Batches aim at this long a request: a progress bar that moves, few transactions for known films. */
const BATCH_TARGET_MS = 2_000;
const FIRST_BATCH = 50;
const MAX_BATCH = 500;
/** Another import of the account still running (the one just interrupted, finishing its batch): wait for it. */
const BUSY_RETRIES = 30;
const BUSY_WAIT_MS = 1_000;

export async function run(file: string, options: ImportOptions): Promise<void> {
  if (!file.trim()) throw usageError("the file is empty: give the path of the file to import, or - for stdin");
  const formats = require("../../import-formats/index.cjs") as Formats;
  const input = file === "-" ? await spoolStdin(formats.MAX_IMPORT_BYTES) : { path: file, name: file, cleanup: () => {} };
  try {
    const source = await open(formats, input.path, input.name, Boolean(options.queue));
    const api = await connect(options);
    // A re-run of an interrupted import continues it: same importId (one activity), ETA past what was sent.
    const { ResumeRecord } = require("../import-resume.cjs") as typeof import("../import-resume.cjs");
    const resume = options.dryRun ? undefined : await ResumeRecord.open(api.accountKey(), input.path, options.priority ?? "MEDIUM");
    const interrupted = resume?.interrupted();
    if (interrupted) {
      notice(
        `Continuing the import interrupted after ${interrupted.sent} entries (${interrupted.savedAt.slice(0, 16).replace("T", " ")} UTC): the same import, undone as one`,
      );
    }
    const report = await new Importer(formats, api, source, options, unmatchedFileFor(input.name), resume, interrupted).run();
    if (report.unmatched.length) {
      notice(
        `${report.unmatched.length} not matched: written to ${report.unmatchedFile}; fill in tmdbID or imdbID there and import that file`,
      );
    }
    if (report.detailsPending > 0) {
      const films = `${report.detailsPending} film${report.detailsPending === 1 ? "" : "s"}`;
      notice(
        `${films} still being filled in (runtime, credits, where to watch) in the background: stats, recommend and pick use what is there`,
      );
    }
    if (options.json) return printJson(report);
    const { renderImportReport } = require("../output/import-report.cjs") as typeof import("../output/import-report.cjs");
    await (await import("../output/style.cjs")).loadPaint();
    print(renderImportReport(report, source.description));
  } finally {
    input.cleanup();
  }
}

async function open(formats: Formats, path: string, name: string, queue: boolean): Promise<ImportSource> {
  try {
    return await formats.openImport(path, name, { queue });
  } catch (error) {
    if (error instanceof formats.ImportFileError) throw usageError(error.message);
    throw new CliError(`cannot read ${name}: ${fileErrorReason(error)}`);
  }
}

/** stdin copied to a file: a zip is read from its end, and a CSV twice (to count, then to send). */
async function spoolStdin(maxBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), "watchlist-import-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, "stdin");
  const out = createWriteStream(path);
  try {
    let bytes = 0;
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw usageError(`stdin holds more than ${maxBytes / (1024 * 1024)} MB: import reads files up to that`);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.once("error", reject).end(() => resolve()));
  } catch (error) {
    out.destroy();
    cleanup();
    throw error;
  }
  return { path, name: "stdin", cleanup };
}

/** Next to the file: ratings.csv → ratings-unmatched.csv (never the file being imported). */
function unmatchedFileFor(name: string): string {
  if (name === "stdin") return join(process.cwd(), "watchlist-import-unmatched.csv");
  const stem = name.replace(/\.[^./\\]*$/, "");
  return stem.endsWith("-unmatched") ? `${stem}-again.csv` : `${stem}-unmatched.csv`;
}

const zero = () => ({ added: 0, updated: 0, unchanged: 0 });

class Importer {
  private readonly controller = new AbortController();
  private readonly importId: string;
  /** Entries the interrupted run this one continues had sent: the API answers them unchanged, fast. */
  private readonly alreadySent: number;
  private readonly report: ImportReport;
  private progress?: import("../output/progress.cjs").ProgressBar;
  private unmatchedOut?: import("../output/unmatched-file.cjs").UnmatchedFile;
  private sent = 0;
  private total?: number;

  constructor(
    private readonly formats: Formats,
    private readonly api: ApiClient,
    private readonly source: ImportSource,
    private readonly options: ImportOptions,
    private readonly unmatchedPath: string,
    private readonly resume?: import("../import-resume.cjs").ResumeRecord,
    interrupted?: import("../import-resume.cjs").Interrupted,
  ) {
    this.importId = interrupted?.importId ?? randomUUID();
    this.alreadySent = interrupted?.sent ?? 0;
    this.report = {
      format: source.format,
      dryRun: Boolean(options.dryRun),
      ratings: zero(),
      watchlist: zero(),
      history: zero(),
      lists: zero(),
      listEntries: zero(),
      reviews: zero(),
      tags: zero(),
      profile: zero(),
      updated: [],
      skipped: [],
      unmatched: [],
      unreadable: [],
      notImported: [],
      unmatchedFile: null,
      detailsPending: 0,
    };
  }

  async run(): Promise<ImportReport> {
    const interrupt = () => this.controller.abort();
    process.once("SIGINT", interrupt);
    try {
      this.resume?.save(this.importId, this.alreadySent);
      if (this.source.kind === "document") await this.sendDocument(this.source);
      else await this.sendEntries(this.source);
      this.resume?.clear();
    } catch (error) {
      // Found only while reading (a zip that inflates past its bounds): refused like at opening.
      if (error instanceof this.formats.ImportFileError) throw usageError(error.message);
      throw this.explained(error);
    } finally {
      process.removeListener("SIGINT", interrupt);
      this.progress?.stop();
      await this.unmatchedOut?.close();
    }
    return this.report;
  }

  private async sendEntries(source: Extract<ImportSource, { kind: "entries" }>): Promise<void> {
    if (process.stderr.isTTY) await this.startProgress(await this.formats.countEntries(source));
    const notes = this.formats.newNotes();
    let batch: ImportEntry[] = [];
    let size = FIRST_BATCH;
    let sentAny = false;
    for await (const entry of source.read(notes)) {
      batch.push(entry);
      if (batch.length < this.nextBatchSize(size)) continue;
      size = await this.sendBatch(batch, notes);
      sentAny = true;
      batch = [];
    }
    // The last batch; an empty one when only lists or the profile are left (a list all of whose films failed to read).
    if (batch.length || (!sentAny && (notes.lists.length || notes.profile))) await this.sendBatch(batch, notes);
    // Rows the CLI did not send (not a film), rows it could not read and files not imported are part of the report.
    this.report.skipped.push(...notes.skipped);
    this.report.unreadable.push(...notes.unreadable);
    this.report.notImported.push(...notes.notImported);
  }

  /** Sends one batch and returns the size of the next, so that a batch takes about BATCH_TARGET_MS. */
  private async sendBatch(entries: ImportEntry[], notes: import("../../import-formats/index.cjs").ReadNotes): Promise<number> {
    const started = Date.now();
    // The lists read so far go with every batch: the server makes each before putting films in it.
    const lists = notes.lists;
    // The profile once, with the first batch (its favourite films travel as entries with their place).
    const profile = this.sent === 0 ? notes.profile : null;
    const body = {
      importId: this.importId,
      format: this.source.format,
      priority: this.options.priority ?? "MEDIUM",
      lists,
      profile,
      entries,
    };
    const answer = await this.post(body);
    const byRef = new Map(entries.map((entry) => [entry.ref, entry]));
    for (const row of answer.unmatched ?? []) {
      const entry = byRef.get(row.source);
      if (entry) (await this.unmatchedFile()).write(entry, this.source.format);
    }
    this.advance(entries.length);
    if (this.sent === this.alreadySent && this.alreadySent > 0) return FIRST_BATCH;
    const perEntryMs = Math.max(1, Date.now() - started) / Math.max(1, entries.length);
    return Math.max(1, Math.min(MAX_BATCH, Math.round(BATCH_TARGET_MS / perEntryMs)));
  }

  /**
   * What was sent before an interruption goes through fast (unchanged): its batches grow to the
   * largest, and one must not run on into the entries still to match. The batch that reaches the
   * resume point stops there; the next starts small again and finds its pace.
   */
  private nextBatchSize(size: number): number {
    if (this.sent < this.alreadySent) return Math.min(MAX_BATCH, this.alreadySent - this.sent);
    return size;
  }

  private async sendDocument(source: Extract<ImportSource, { kind: "document" }>): Promise<void> {
    this.report.unreadable.push(...(source.unreadable ?? []));
    const items = this.formats.documentItems(source.document);
    if (items.length === 0) {
      await this.post(source.document);
      return;
    }
    if (process.stderr.isTTY) await this.startProgress(items.length);
    let size = FIRST_BATCH;
    for (let start = 0; start < items.length; ) {
      const slice = items.slice(start, start + this.nextBatchSize(size));
      start += slice.length;
      const started = Date.now();
      await this.post(this.formats.documentWith(source.document, slice));
      this.advance(slice.length);
      size =
        this.sent === this.alreadySent && this.alreadySent > 0
          ? FIRST_BATCH
          : Math.max(1, Math.min(MAX_BATCH, Math.round((BATCH_TARGET_MS * slice.length) / Math.max(1, Date.now() - started))));
    }
  }

  private async startProgress(total: number): Promise<void> {
    this.total = total;
    const { ProgressBar } = require("../output/progress.cjs") as typeof import("../output/progress.cjs");
    this.progress = new ProgressBar(this.options.dryRun ? "Checking" : "Matching", total, this.alreadySent);
  }

  private advance(count: number): void {
    this.sent += count;
    // Past what the interrupted run had sent: what a re-run must not count as new any more.
    if (this.sent > this.alreadySent) this.resume?.save(this.importId, this.sent);
    this.progress?.update(this.sent);
  }

  private async unmatchedFile() {
    if (!this.unmatchedOut) {
      const { UnmatchedFile } = require("../output/unmatched-file.cjs") as typeof import("../output/unmatched-file.cjs");
      this.unmatchedOut = new UnmatchedFile(this.unmatchedPath);
      this.report.unmatchedFile = this.unmatchedOut.path;
    }
    return this.unmatchedOut;
  }

  /** One request; waits while another import of the account is still running (409). */
  private async post(body: unknown): Promise<ImportAnswer> {
    for (let attempt = 0; ; attempt++) {
      if (this.controller.signal.aborted) throw this.interrupted();
      try {
        // The importId names the whole import (batches carry it too): it is undone as one change.
        const answer = await this.api.importAccount(body, {
          dryRun: Boolean(this.options.dryRun),
          importId: this.importId,
          signal: this.controller.signal,
        });
        this.add(answer);
        return answer;
      } catch (error) {
        if (this.controller.signal.aborted) throw this.interrupted();
        if (!(error instanceof ApiRequestError && error.status === 409) || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
      }
    }
  }

  private add(answer: ImportAnswer): void {
    for (const list of ["ratings", "watchlist", "history", "lists", "listEntries", "reviews", "tags", "profile"] as const) {
      const counts = answer[list];
      if (!counts) continue;
      this.report[list].added += counts.added;
      this.report[list].updated += counts.updated;
      this.report[list].unchanged += counts.unchanged;
    }
    this.report.updated.push(...(answer.updated ?? []));
    for (const row of answer.skipped ?? []) {
      this.report.skipped.push({ title: row.title ?? `tmdb:${row.tmdbId}`, year: row.year ?? null, reason: row.reason });
    }
    for (const row of answer.unmatched ?? []) this.report.unmatched.push({ title: row.title ?? "", year: row.year, source: row.source });
    this.report.notImported.push(...(answer.notImported ?? []));
    // The account's films still waiting for details as of this batch: the last batch's count is the import's.
    this.report.detailsPending = answer.detailsPending ?? 0;
  }

  private readonly progressNote = () =>
    `${this.sent}${this.total === undefined ? "" : ` of ${this.total}`} entries were ${this.options.dryRun ? "checked" : "imported"}`;

  private interrupted(): CliError {
    return new CliError(`interrupted: ${this.progressNote()}; run the same command again to import the rest`, EXIT.interrupted);
  }

  /** A failure halfway says how far the import got: a re-run finishes it. */
  private explained(error: unknown): unknown {
    if (!(error instanceof CliError) || error.exitCode === EXIT.interrupted || this.sent === 0) return error;
    return new CliError(`${error.message} (${this.progressNote()}; run the same command again to finish)`, error.exitCode);
  }
}
