import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.cjs";
import { parsePriority, parseRating, ratingLabel, ratingListOrUsageError, ratingOrUsageError } from "../../src/cli/vocabulary.cjs";

describe("rating words", () => {
  it.each([
    ["dislike", "DISLIKE"],
    ["DISLIKE", "DISLIKE"],
    ["👎", "DISLIKE"],
    ["👎🏽", "DISLIKE"],
    ["-1", "DISLIKE"],
    ["ok", "OK"],
    ["OK", "OK"],
    ["😐", "OK"],
    ["0", "OK"],
    ["like", "LIKE"],
    ["Like", "LIKE"],
    ["👍", "LIKE"],
    ["👍🏻", "LIKE"],
    ["1", "LIKE"],
    ["super-like", "SUPER_LIKE"],
    ["SUPER_LIKE", "SUPER_LIKE"],
    ["super_like", "SUPER_LIKE"],
    ["superlike", "SUPER_LIKE"],
    ["❤️", "SUPER_LIKE"],
    ["❤", "SUPER_LIKE"],
    ["2", "SUPER_LIKE"],
    [" Super-Like ", "SUPER_LIKE"],
  ])("%s → %s", (word, rating) => {
    expect(parseRating(word)).toBe(rating);
  });

  it.each(["", "meh", "3", "-2", "likes", "💔"])("'%s' is not a rating", (word) => {
    expect(parseRating(word)).toBeUndefined();
    expect(() => ratingOrUsageError(word)).toThrow(CliError);
  });

  it("bad words are usage errors (exit 2)", () => {
    try {
      ratingOrUsageError("meh");
      expect.unreachable();
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toContain("super-like");
    }
  });

  it("reads a comma-separated list without duplicates", () => {
    expect(ratingListOrUsageError("like,super-like,LIKE")).toEqual(["LIKE", "SUPER_LIKE"]);
  });

  it("labels each rating with its emoji", () => {
    expect(ratingLabel("SUPER_LIKE")).toBe("❤️ Super like");
    expect(ratingLabel("DISLIKE")).toBe("👎 Dislike");
  });
});

describe("priorities", () => {
  it("accepts low, medium, high in any case", () => {
    expect(parsePriority("low")).toBe("LOW");
    expect(parsePriority("Medium")).toBe("MEDIUM");
    expect(parsePriority("HIGH")).toBe("HIGH");
    expect(parsePriority("urgent")).toBeUndefined();
  });
});
