// Shared by the API (src/services/text.ts re-exports it) and the import reader (src/import-formats).
// What member-written text may hold (reviews, comments, bios, tags): it is printed on other members'
// terminals, so control characters (but a review's or a bio's newlines) and the bidi controls that
// reorder what a terminal shows are refused, never silently stripped (the writer sees why).
export interface TextRule {
  /** What the text is, for the message ("review", "comment"). */
  name: string;
  /** The most characters (code points). */
  max: number;
  /** Newlines allowed (a review, a bio) or one line (a comment, a tag). */
  multiline: boolean;
}

// C0 and C1 controls and DEL; the newline is allowed separately.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u;
// Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

/** CRLF and CR as LF: what a Windows editor or a browser form sends. */
export const normalizeNewlines = (text: string) => text.replace(/\r\n?/g, "\n");

/** Why `text` is refused, or null when it is fine (after normalizeNewlines). */
export function textProblem(text: string, rule: TextRule): string | null {
  if (text.trim() === "") return `${rule.name} is empty`;
  const length = [...text].length;
  if (length > rule.max) return `${rule.name} is ${length} characters long: at most ${rule.max}`;
  if (!rule.multiline && text.includes("\n")) return `${rule.name} must be one line`;
  if (CONTROL.test(text)) return `${rule.name} contains a control character`;
  if (BIDI.test(text)) return `${rule.name} contains a bidi control character`;
  return null;
}

export const REVIEW_TEXT: TextRule = { name: "review", max: 20_000, multiline: true };
export const COMMENT_TEXT: TextRule = { name: "comment", max: 1_000, multiline: false };
export const BIO_TEXT: TextRule = { name: "bio", max: 500, multiline: true };
export const TAG_TEXT: TextRule = { name: "tag", max: 50, multiline: false };

/** The form tags are compared in: case and Unicode compatibility forms folded, spaces collapsed. */
export const tagKey = (tag: string) => tag.normalize("NFKC").toLowerCase().trim().replace(/\s+/g, " ");
