import { expect } from "vitest";
import { TmdbError } from "../../src/tmdb/types.js";

/** The TmdbError a promise rejects with (the test fails if it resolves or rejects otherwise). */
export async function tmdbFailure(promise: Promise<unknown>): Promise<TmdbError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(TmdbError);
  return error as TmdbError;
}
