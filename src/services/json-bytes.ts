// JSON answers assembled from pieces already encoded (movie-json-bytes.ts): the text between them is
// encoded as it is written, into one buffer, so a large answer is never a string to encode again.

/** `parts` written one after the other into one buffer, strings as UTF-8. */
export function concatJson(parts: (string | Buffer)[]): Buffer<ArrayBuffer> {
  // A UTF-16 unit takes at most 3 bytes in UTF-8: room enough without counting first.
  const room = parts.reduce((sum, part) => sum + (typeof part === "string" ? part.length * 3 : part.length), 0);
  const bytes = Buffer.allocUnsafe(room);
  let end = 0;
  for (const part of parts) end += typeof part === "string" ? bytes.write(part, end) : part.copy(bytes, end);
  return bytes.subarray(0, end);
}

/** `fields` as a JSON object with `encoded`'s members after them, each already a JSON value's bytes. */
export function objectJson(fields: object, encoded: Record<string, Buffer>): Buffer<ArrayBuffer> {
  const head = JSON.stringify(fields).slice(0, -1);
  const parts: (string | Buffer)[] = [head];
  let comma = head === "{" ? "" : ",";
  for (const [key, json] of Object.entries(encoded)) {
    parts.push(`${comma}${JSON.stringify(key)}:`, json);
    comma = ",";
  }
  parts.push("}");
  return concatJson(parts);
}
