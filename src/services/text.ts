// The rules of member-written text live in src/shared/member-text.cts: the import reader (bundled into
// the CLI) checks a Letterboxd export's reviews, tags and bio by the same rules the API does. Here, the
// zod schemas of those rules, for the routes (src/api/validation.ts) and the import's wire format.
import { z } from "zod";
import { normalizeNewlines, TAG_TEXT, type TextRule, textProblem } from "../shared/member-text.cjs";

export * from "../shared/member-text.cjs";

/** Member-written text under one of the rules of src/services/text.ts (newlines normalized first). */
export const memberText = (rule: TextRule) =>
  z
    .string()
    .transform(normalizeNewlines)
    .superRefine((text, context) => {
      const problem = textProblem(text, rule);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    // The document's safe part of the rule: not blank, one line, no control or format characters.
    .meta({ type: "string", maxLength: rule.max, pattern: "^[^\\p{C}\\u2028\\u2029]*[^\\s\\p{C}][^\\p{C}\\u2028\\u2029]*$" });

/** A tag on a viewing: one line, at most 50 characters, no comma (Letterboxd's CSV separates tags with commas). */
export const tagValue = memberText(TAG_TEXT)
  .transform((tag) => tag.trim())
  .refine((tag) => !tag.includes(","), "a tag cannot contain a comma")
  .meta({ type: "string", maxLength: TAG_TEXT.max, pattern: "^[^,\\p{C}\\u2028\\u2029]*[^,\\s\\p{C}][^,\\p{C}\\u2028\\u2029]*$" });

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** An avatar: one emoji, as one grapheme (a family, a flag, a keycap are one). */
export const avatarValue = z
  .string()
  .refine((text) => [...graphemes.segment(text)].length === 1 && EMOJI.test(text), "avatar must be one emoji")
  // The document's part: one pictographic code point (flags, keycaps, families are accepted too).
  .meta({ pattern: "^\\p{Extended_Pictographic}$" });

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
// Codes ICU names that are not ISO 3166-1 countries: private use, the EU, the UN, UK (reserved for GB).
const NOT_A_COUNTRY = /^(Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN|UK)$/;

const isCountryCode = (code: string) => /^[A-Z]{2}$/.test(code) && !NOT_A_COUNTRY.test(code) && regionNames.of(code) !== code;
/** The codes the check accepts, for the document: every pair of capital letters it takes. */
const COUNTRY_CODES = Array.from({ length: 26 * 26 }, (_, index) =>
  String.fromCharCode(65 + Math.floor(index / 26), 65 + (index % 26)),
).filter(isCountryCode);

/** An ISO 3166-1 alpha-2 country code, any case in, upper case out. */
export const regionValue = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, "region must be an ISO 3166-1 country code like GB")
  .meta({ enum: [...COUNTRY_CODES, ...COUNTRY_CODES.map((code) => code.toLowerCase())] });
