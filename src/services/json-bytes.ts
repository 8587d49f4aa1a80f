// JSON answers assembled from pieces already encoded (movie-json-bytes.ts): the text between them is
// encoded as it is written, into one buffer, so a large answer is never a string to encode again.

/** JSON text in pieces: strings, and values already encoded. */
export type JsonPieces = (string | Buffer)[];

/** `parts` written one after the other into one buffer, strings as UTF-8. */
export function concatJson(parts: JsonPieces): Buffer<ArrayBuffer> {
  // A UTF-16 unit takes at most 3 bytes in UTF-8: room enough without counting first.
  const room = parts.reduce((sum, part) => sum + (typeof part === "string" ? part.length * 3 : part.length), 0);
  const bytes = Buffer.allocUnsafe(room);
  let end = 0;
  for (const part of parts) end += typeof part === "string" ? bytes.write(part, end) : part.copy(bytes, end);
  return bytes.subarray(0, end);
}

/** `fields` as a JSON object with `pieces`' members after them, each a JSON value in pieces. */
export function objectJson(fields: object, pieces: Record<string, JsonPieces>): Buffer<ArrayBuffer> {
  const head = JSON.stringify(fields).slice(0, -1);
  let parts: JsonPieces = [head];
  let comma = head === "{" ? "" : ",";
  for (const [key, value] of Object.entries(pieces)) {
    parts = parts.concat(`${comma}${JSON.stringify(key)}:`, value);
    comma = ",";
  }
  parts.push("}");
  return concatJson(parts);
}
