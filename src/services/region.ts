// The caller's region (ISO 3166-1 alpha-2): which certification a film's JSON shows and where
// `where` and `--on` look for providers. Resolved once per request (an explicit `region`, else the
// profile's, else the CLI's `Watchlist-Region` header: WATCHLIST_REGION or the locale's country, else
// US) and held for the request's duration, so every movie JSON of an answer agrees without each
// service passing it along.
import { AsyncLocalStorage } from "node:async_hooks";
import { countries } from "countries-list";

export const DEFAULT_REGION = "US";
/** The request header the CLI sends its region in (WATCHLIST_REGION, else its locale's country). */
export const REGION_HEADER = "watchlist-region";

const requestRegion = new AsyncLocalStorage<string>();

/** The region of the request being answered (US outside one). */
export function currentRegion(): string {
  return requestRegion.getStore() ?? DEFAULT_REGION;
}

export function withRegion<T>(region: string, run: () => T): T {
  return requestRegion.run(region, run);
}

/** An assigned ISO 3166-1 alpha-2 code, in upper case ("UK" is not one: the United Kingdom is GB). */
export function isRegion(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && Object.hasOwn(countries, code);
}
