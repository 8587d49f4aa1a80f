// Code of both sides: the CLI (bundled into it, scripts/bundle-cli.mjs) and the server import it.
// CommonJS, and nothing but the language: the CLI loads nothing of the server.

/** Case, accents, width and punctuation folded away: "Amélie" = "amelie", "ＡＫＩＲＡ" = "akira". */
export function foldTitle(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
