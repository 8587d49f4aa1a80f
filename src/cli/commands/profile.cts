// `watchlist profile [USER]` and `watchlist profile set …`.
import { usageError } from "../errors.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { OwnProfile, Profile } from "../types.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
}

/** Your profile, or another member's as their visibility allows (else: no such user, exit 1). */
export async function run(username: string | undefined, options: Options) {
  const api = await connect(options);
  const profile = await withSpinner("Loading the profile", () =>
    username === undefined
      ? api.call<OwnProfile>("GET", "/profile")
      : api.call<Profile>("GET", `/users/${encodeURIComponent(username)}/profile`),
  );
  if (options.json) return printJson(profile);
  await loadPaint();
  const { renderProfile } = require("../output/reviews.cjs") as typeof import("../output/reviews.cjs");
  print(renderProfile(profile));
}

interface SetOptions extends Options {
  bio?: string;
  avatar?: string;
  favourites?: string;
  region?: string;
  services?: string;
  visibility?: string;
  shareTaste?: string;
}

/** Changes what is given; an empty value clears a field (`--bio ""`). */
export async function set(options: SetOptions) {
  const cleared = (value: string) => (value.trim() === "" ? null : value);
  const body: Record<string, unknown> = {};
  if (options.bio !== undefined) body.bio = cleared(options.bio);
  if (options.avatar !== undefined) body.avatar = cleared(options.avatar);
  if (options.region !== undefined) body.region = cleared(options.region);
  if (options.visibility !== undefined) body.visibility = options.visibility;
  if (options.shareTaste !== undefined) body.shareTaste = options.shareTaste === "on";
  if (options.services !== undefined) body.services = serviceNames(options.services);
  if (!Object.keys(body).length && options.favourites === undefined) throw usageError("nothing to change: give at least one option");
  const api = await connect(options);
  if (options.favourites !== undefined) {
    const titles = options.favourites
      .split(";")
      .map((title) => title.trim())
      .filter(Boolean);
    if (titles.length > 4) throw usageError(`--favourites takes at most 4 films, got ${titles.length}`);
    const movies = [];
    for (const title of titles) movies.push(await resolveMovie(api, title, {}));
    body.favourites = movies.map((movie) => movie.tmdbId);
  }
  const profile = await withSpinner("Saving your profile", () => api.call<OwnProfile>("PATCH", "/profile", { body }));
  if (options.json) return printJson(profile);
  notice("Saved your profile.");
}

/** `--services netflix,mubi` or `--services 8,337`: names or TMDB provider ids, which the server resolves; "" clears them. */
const serviceNames = (list: string): string[] =>
  list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
