// The fake TMDB for tests: server, catalogue, and a client configuration pointing at it.
import type { TmdbConfig } from "../../src/config.js";
import { FAKE_TMDB_KEY, type FakeTmdb } from "./server.js";

export * from "./catalogue.js";
export * from "./imdb.js";
export * from "./server.js";
export * from "./watch.js";

/** A TmdbConfig for the fake: the v3 key, a short timeout and few retries so failures stay fast. */
export function fakeTmdbConfig(fake: Pick<FakeTmdb, "url">, overrides: Partial<TmdbConfig> = {}): TmdbConfig {
  return { baseUrl: fake.url, apiKey: FAKE_TMDB_KEY, timeoutMs: 2000, retries: 2, ...overrides };
}
