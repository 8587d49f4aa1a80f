// Provider names as people type them (`--on netflix`, `--on "amazon prime video"`, `--on 8`),
// resolved against TMDB's provider list. Also used by `profile set --services`.
import { distance } from "fastest-levenshtein";
import { foldTitle } from "../shared/titles.cjs";
import type { WatchProviderListEntry } from "../tmdb/types.js";
import { InvalidRequestError } from "./errors.js";
import type { MovieDeps } from "./movies.js";
import { watchProviderList } from "./tmdb-lists.js";

export interface Provider {
  id: number;
  name: string;
}

/** A name no provider has: 422, naming the closest ones. */
export class UnknownProviderError extends InvalidRequestError {
  constructor(
    readonly given: string,
    readonly closest: string[],
  ) {
    super(
      `unknown streaming service "${given}"${closest.length ? `; did you mean ${closest.map((name) => `"${name}"`).join(", ")}?` : ""} (names or TMDB provider ids)`,
    );
  }
}

const CLOSEST = 5;

/** Names that start with, contain or nearly spell what was typed, best first. */
export function closestNames(given: string, providers: WatchProviderListEntry[]): string[] {
  const typed = foldTitle(given);
  const scored = providers.map((provider) => {
    const name = foldTitle(provider.name);
    const score = name.startsWith(typed) ? 0 : name.includes(typed) ? 1 : 2 + distance(typed, name) / Math.max(typed.length, 1);
    return { name: provider.name, score };
  });
  return [
    ...new Set(
      scored
        .filter((entry) => entry.score < 2.5)
        .sort((a, b) => a.score - b.score)
        .map((entry) => entry.name),
    ),
  ].slice(0, CLOSEST);
}

/** One provider per name: a TMDB id, or a name compared regardless of case, accents and punctuation. */
export function resolveProviderNames(given: string[], providers: WatchProviderListEntry[]): Provider[] {
  const byId = new Map(providers.map((provider) => [provider.id, provider]));
  const byName = new Map(providers.map((provider) => [foldTitle(provider.name), provider]));
  const resolved = new Map<number, Provider>();
  for (const name of given) {
    const found = /^\d+$/.test(name.trim()) ? byId.get(Number(name.trim())) : byName.get(foldTitle(name));
    if (!found) throw new UnknownProviderError(name, closestNames(name, providers));
    resolved.set(found.id, { id: found.id, name: found.name });
  }
  return [...resolved.values()];
}

/** Resolves these names with TMDB's provider list (cached a week: at most one TMDB call). */
export async function resolveProviders(deps: Pick<MovieDeps, "db" | "tmdb">, given: string[]): Promise<Provider[]> {
  return resolveProviderNames(given, await watchProviderList(deps));
}
