// Reading a large JSON body without freezing the API: the size and the nesting depth are checked while
// the bytes arrive (O(bytes), a deeply nested body is refused at its first kilobytes), and a large body
// is parsed on a worker thread so that other requests keep being answered meanwhile.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { ApiError } from "./errors.js";
import { describeIssues, MALFORMED_TEXT, malformedTextAt } from "./validation.js";

export const MAX_JSON_DEPTH = 32;
/** Bodies larger than this are parsed on the worker; smaller ones parse faster than a round trip. */
const WORKER_THRESHOLD_BYTES = 256 * 1024;
const YIELD_EVERY_BYTES = 1024 * 1024;

/** Tracks nesting across chunks: brackets outside strings, with escapes inside them. */
class DepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** The deepest level reached in this chunk is over `max`. */
  exceeds(text: string, max: number): boolean {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === 0x5c) this.escaped = true;
        else if (code === 0x22) this.inString = false;
      } else if (code === 0x22) this.inString = true;
      else if (code === 0x7b || code === 0x5b) {
        if (++this.depth > max) return true;
      } else if (code === 0x7d || code === 0x5d) this.depth--;
    }
    return false;
  }
}

// One worker for the process, started on first use; it does JSON.parse and nothing else. Plain
// JavaScript evaluated as is: it needs no module of ours, so it runs the same from src and dist.
const PARSER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, text }) => {
  try { parentPort.postMessage({ id, value: JSON.parse(text) }); }
  catch (error) { parentPort.postMessage({ id, error: String(error && error.message) }); }
});`;
let parser: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function parseOnWorker(text: string): Promise<unknown> {
  if (!parser) {
    parser = new Worker(PARSER_SOURCE, { eval: true });
    parser.unref();
    parser.on("message", ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const pending = waiting.get(id);
      waiting.delete(id);
      if (error === undefined) pending?.resolve(value);
      else pending?.reject(new SyntaxError(error));
    });
    parser.on("error", (error) => {
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
      parser = undefined;
    });
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    parser!.postMessage({ id, text });
  });
}

/** The body as JSON: 413 beyond `maxBytes`, 400 for JSON that is malformed or nested deeper than `maxDepth`. */
export async function readJsonBody(request: Request, { maxBytes, maxDepth = MAX_JSON_DEPTH }: { maxBytes: number; maxDepth?: number }) {
  const notJson = (why: string) => new ApiError(400, "bad_request", `the body is not JSON (${why})`);
  if (!request.body) throw notJson("empty");
  const reader = request.body.getReader();
  const decoder = new TextDecoder("utf-8");
  const scanner = new DepthScanner();
  const parts: string[] = [];
  let bytes = 0;
  let sinceYield = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) throw new ApiError(413, "payload_too_large", `request body is larger than ${maxBytes} bytes`);
      const text = decoder.decode(value, { stream: true });
      if (scanner.exceeds(text, maxDepth)) throw notJson(`nested deeper than ${maxDepth} levels`);
      parts.push(text);
      sinceYield += value.byteLength;
      // Chunks already buffered resolve without a turn of the event loop: give other requests one.
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  } catch (error) {
    // Stop reading what is refused: the rest of the body is never held.
    await reader.cancel().catch(() => {});
    throw error;
  }
  parts.push(decoder.decode());
  const text = parts.join("");
  let value: unknown;
  try {
    value = bytes > WORKER_THRESHOLD_BYTES ? await parseOnWorker(text) : JSON.parse(text);
  } catch (error) {
    throw notJson(error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "malformed");
  }
  // What validate() checks for the bodies it reads (src/api/validation.ts).
  const malformed = malformedTextAt(value);
  if (malformed) throw new ApiError(422, "invalid", describeIssues({ issues: [{ path: malformed, message: MALFORMED_TEXT }] }));
  return value;
}
