// The detail column of `watchlist activity`: what each change did, from the effect the API read out of
// the rows it wrote, so that a person knows what `undo` will put back. Every value is shown as
// "before → after" ("none" for no value); user-written text (reviews, notes, tags, names) is printed
// through the terminal-safe output layer like all text.
import { movieLabel } from "../movie-argument.cjs";
import type { ActivityEntry } from "../types.cjs";

type Effect = ActivityEntry["effect"];

/** The first films an import names; `activity --json` has ten and the count. */
const FILMS_SHOWN = 3;

const word = (value: string) => value.toLowerCase().replace("_", "-");
const quoted = (text: string) => `“${text}”`;

function change<T>(label: string, value: { before: T | null; after: T | null } | undefined, show: (value: T) => string) {
  if (!value) return [];
  const side = (side: T | null) => (side === null ? "none" : show(side));
  return [`${label}: ${side(value.before)} → ${side(value.after)}`];
}

const FRIENDSHIP = { requested: "request sent", incoming: "request received", friends: "friends" } as const;

/** "rating: like → super-like; queue: high → none", "ratings: 2 new; 3 films: Inception (2010), … and 1 more" */
export function activitySummary(effect: Effect | undefined): string {
  if (!effect) return "";
  const parts = [
    ...change("rating", effect.rating, word),
    ...change("queue", effect.priority, word),
    ...change("viewing", effect.viewing, (viewing) => `${viewing.watchedOn ?? "undated"}${viewing.rewatch ? " (rewatch)" : ""}`),
    ...(effect.tags
      ? [`tags: ${[...effect.tags.added.map((tag) => `+${tag}`), ...effect.tags.removed.map((tag) => `-${tag}`)].join(", ")}`]
      : []),
    ...change("review", effect.review, (review) => `${quoted(review.excerpt)}${review.spoilers ? " (spoilers)" : ""}`),
    ...change("comment", effect.comment, (comment) => quoted(comment.excerpt)),
    ...change("position", effect.position, String),
    ...change("note", effect.note, quoted),
    ...listParts(effect.list),
    ...(effect.collaborator ? change(effect.collaborator.username, effect.collaborator, word) : []),
    ...change("friendship", effect.friendship, (status) => FRIENDSHIP[status]),
    ...(effect.profile ? [`changed ${effect.profile.changed.join(", ")}`] : []),
  ];
  if (effect.films) {
    for (const [kind, counts] of Object.entries(effect.counts)) {
      const said = [`${counts.added} new`, `${counts.changed} changed`, `${counts.removed} removed`].filter(
        (text) => !text.startsWith("0 "),
      );
      if (said.length) parts.push(`${kind}: ${said.join(", ")}`);
    }
    const { count, first } = effect.films;
    const named = first.slice(0, FILMS_SHOWN).map(movieLabel).join(", ");
    parts.push(`${count} film${count === 1 ? "" : "s"}: ${named}${count > FILMS_SHOWN ? ` and ${count - FILMS_SHOWN} more` : ""}`);
  }
  return parts.join("; ");
}

/** A list created or deleted: how it was; edited: each field that changed. */
function listParts(list: Effect["list"]): string[] {
  if (!list) return [];
  const describe = (state: NonNullable<typeof list.before>) => `${state.ranked ? "ranked" : "unranked"}, ${state.visibility}`;
  if (!list.before && list.after) return [`new list: ${describe(list.after)}`];
  if (list.before && !list.after) return [`deleted list: ${describe(list.before)}`];
  if (!list.before || !list.after) return [];
  const { before, after } = list;
  return [
    ...(before.name !== after.name ? [`name: ${quoted(before.name)} → ${quoted(after.name)}`] : []),
    ...(before.description !== after.description
      ? change("description", { before: before.description, after: after.description }, quoted)
      : []),
    ...(before.ranked !== after.ranked ? [`${before.ranked ? "ranked" : "unranked"} → ${after.ranked ? "ranked" : "unranked"}`] : []),
    ...(before.visibility !== after.visibility ? [`visibility: ${before.visibility} → ${after.visibility}`] : []),
  ];
}
