// Where posters (and, when one is shown, providers' logos) come from: TMDB's image server, or the
// one TMDB_IMAGE_BASE_URL names (a mirror, a caching proxy). Set once at start (server.ts).
import { DEFAULT_TMDB_IMAGE_BASE_URL } from "../config.js";

/** TMDB's poster width most clients show (its sizes: w92, w154, w185, w342, w500, w780, original). */
export const POSTER_SIZE = "w500";

let imageBaseUrl = DEFAULT_TMDB_IMAGE_BASE_URL;

/** The base every image URL starts with from now on (config.ts has checked it is an http(s) URL). */
export function useImageBaseUrl(url: string): void {
  imageBaseUrl = url.endsWith("/") ? url : `${url}/`;
}

/** What every image URL starts with now. */
export const currentImageBaseUrl = () => imageBaseUrl;

/** The URL of a TMDB image path ("/abc.jpg") at this size; null without a path. */
export function imageUrl(path: string | null, size: string): string | null {
  return path ? `${imageBaseUrl}${size}${path}` : null;
}
