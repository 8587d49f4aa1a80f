// The command that prints the next page of a paged list (docs/api.md, "Paging"), said on stderr so
// that stdout stays one document: the command line as typed, its --cursor replaced by the next one.
import { notice } from "./output/io.cjs";

const PLAIN_WORD = /^[\w@%+=:,./-]+$/;
/** A word as a POSIX shell reads it back: single-quoted unless it is plain. */
const shellWord = (word: string) => (PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

export function sayNextPage(next: string | null, argv = process.argv.slice(2)): void {
  if (!next) return;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--cursor") i++;
    else if (!argv[i].startsWith("--cursor=")) words.push(argv[i]);
  }
  notice(`more: watchlist ${[...words, "--cursor", next].map(shellWord).join(" ")}`);
}
