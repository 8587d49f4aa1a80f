// Text that reaches a terminal: titles, usernames and messages come from import files and servers, and
// a hostile one must not be able to set the window title, clear the screen, move the cursor or reorder
// what is shown (issue 14). Every human print goes through `terminalText` (print, notice, errors,
// prompts, spinners); `--json` does not: JSON escapes control characters itself and must stay exact.

/** ESC and C1 sequences: CSI (ESC [ or U+009B … final byte), OSC/DCS/SOS/PM/APC strings up to BEL or ST, two-byte ESC x. */
const SEQUENCES =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]P_^X]|[\u0090\u0098\u009d-\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[ -/]*[0-~]?/g;
/** C0 except tab and newline, DEL, C1, and the bidi embeddings, overrides and isolates. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every terminal control sequence and control character removed (tab and newline stay). */
export function stripControls(text: string): string {
  return text.replace(SEQUENCES, "").replace(CONTROLS, "");
}

/** The colour codes our own `paint` (chalk, level 1) writes: bold, dim, the colours used and their resets. */
const OWN_COLOUR = /\u001b\[(?:1|2|22|3[1236]|39)m/g;
const MARK = "\u{F8FF}";

/**
 * `stripControls` for a whole printed text. With colour on, the text holds our own colour codes
 * beside the data: those exact codes survive (a hostile one among them can only colour text).
 */
export function terminalText(text: string, colour: boolean): string {
  if (!colour || !text.includes("\u001b")) return stripControls(text);
  const marked = text.replaceAll(MARK, "").replace(OWN_COLOUR, (code) => MARK + code.slice(1));
  return stripControls(marked).replaceAll(MARK, "\u001b");
}

/** What JSON.stringify leaves raw but a terminal acts on: DEL, C1 controls, bidi controls. */
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text for a terminal: those characters as \u escapes. They occur only inside strings (JSON's
 * syntax is ASCII), so the document parses to the same value.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
