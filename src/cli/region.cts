// The region the CLI asks the API to answer in, when the profile sets none: WATCHLIST_REGION, else
// the country of the locale (LC_ALL, else LANG: en_GB.UTF-8 → GB). The API checks it is an ISO
// 3166-1 code and falls back to US when none is sent.

/** The region from the environment, in upper case, or undefined (the API then uses the profile's, else US). */
export function environmentRegion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.WATCHLIST_REGION?.trim();
  if (configured) return configured.toUpperCase();
  const locale = env.LC_ALL || env.LANG || "";
  // language_TERRITORY[.codeset][@modifier]; "C" and "POSIX" name no country.
  return /^[a-z]{2,3}_([A-Z]{2})(?:[.@]|$)/.exec(locale)?.[1];
}

/** Two letters: the API checks the code is an assigned ISO 3166-1 one. */
export const isRegionCode = (value: string) => /^[A-Za-z]{2}$/.test(value.trim());
