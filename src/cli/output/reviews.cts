// Human renderings of reviews, tags and profiles. Piped, reviews are a table like every listing (a
// review's newlines become "; "); on a terminal, each review is a block with its comments under it.
// Commands require this module after loadPaint(), only when they print for a person.
import { movieLabel } from "../movie-argument.cjs";
import type { OwnProfile, Profile, Review, Tag } from "../types.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const FOLDED = "(contains spoilers: --spoilers shows it)";

const shownText = (review: Review, spoilers: boolean) => (review.spoilers && !spoilers ? FOLDED : review.text);

export function renderReviews(reviews: Review[], options: { spoilers: boolean; empty: string }): string {
  if (!process.stdout.isTTY) {
    return renderTable(
      [
        { header: "watched" },
        { header: "author" },
        { header: "id" },
        { header: "title" },
        { header: "year" },
        { header: "tags" },
        { header: "review" },
      ],
      reviews.map((review) => [
        review.watchedOn ?? "",
        review.author,
        String(review.movie.tmdbId),
        review.movie.title,
        String(review.movie.year ?? ""),
        review.tags.join(", "),
        shownText(review, options.spoilers),
      ]),
    );
  }
  if (!reviews.length) return paint.dim(options.empty);
  return reviews.map((review) => reviewBlock(review, options.spoilers)).join("\n\n");
}

/** One review for a person: who, which film and viewing, the text (or the spoiler fold), its comments. */
export function reviewBlock(review: Review, spoilers: boolean): string {
  const heading = [
    paint.bold(movieLabel(review.movie)),
    paint.dim(`by ${review.author}, viewing of ${review.watchedOn ?? "an unknown date"}`),
    review.tags.length ? paint.dim(`[${review.tags.join(", ")}]`) : "",
  ]
    .filter(Boolean)
    .join("  ");
  const text = review.spoilers && !spoilers ? paint.dim(FOLDED) : review.text;
  const comments = review.comments.map((comment) => `  ${paint.dim("↳")} ${paint.bold(comment.author)}: ${comment.text}`);
  return [heading, text, ...comments].join("\n");
}

/** One of your viewings under `show`: "2023-06-01  rewatch  [IMAX, with sam]  reviewed". */
export function viewingLine(viewing: { watchedOn: string | null; rewatch: boolean; tags: string[]; review: string | null }): string {
  return [
    `  ${viewing.watchedOn ?? "date unknown"}`,
    viewing.rewatch ? "rewatch" : "",
    viewing.tags.length ? paint.dim(`[${viewing.tags.join(", ")}]`) : "",
    viewing.review !== null ? paint.dim("reviewed") : "",
  ]
    .filter(Boolean)
    .join("  ");
}

export function renderTags(tags: Tag[]): string {
  return renderTable(
    [
      { header: "tag", flexible: true },
      { header: "viewings", align: "right" },
    ],
    tags.map((tag) => [tag.tag, String(tag.viewings)]),
    { empty: "No tags yet: add some with `watchlist watched <movie> --tag imax`." },
  );
}

export function renderProfile(profile: Profile | OwnProfile): string {
  const line = (label: string, value: string | null | undefined) => (value ? `${paint.dim(label.padEnd(13))}${value}` : undefined);
  const { counts } = profile;
  const lines = [
    `${profile.avatar ? `${profile.avatar} ` : ""}${paint.bold(profile.username)}  ${paint.dim(`member since ${profile.memberSince.slice(0, 10)}`)}`,
    profile.bio ? `\n${profile.bio}\n` : undefined,
    line("favourites", profile.favourites.map((movie) => movieLabel(movie)).join(" · ")),
    line(
      "counts",
      `${counts.ratings} ratings, ${counts.viewings} viewings, ${counts.reviews} reviews, ${counts.queue} queued, ${counts.lists} lists`,
    ),
    line("visibility", profile.visibility),
  ];
  if ("region" in profile) {
    lines.push(
      line("region", profile.region ?? "not set"),
      line("services", profile.services.map((service) => service.name ?? `provider ${service.id}`).join(", ") || "none"),
      line("share taste", profile.shareTaste ? "on" : "off"),
    );
  }
  if (profile.recent.viewings.length) {
    lines.push(
      `\n${paint.bold("Recently watched")}`,
      ...profile.recent.viewings.map((entry) => `  ${entry.watchedOn ?? "date unknown"}  ${movieLabel(entry.movie)}`),
    );
  }
  if (profile.recent.reviews.length) {
    lines.push(`\n${paint.bold("Recent reviews")}`, ...profile.recent.reviews.map((review) => reviewBlock(review, false)));
  }
  return lines.filter((text) => text !== undefined).join("\n");
}
