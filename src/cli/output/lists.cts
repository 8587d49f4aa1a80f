// Human renderings of lists (loaded by the lists commands, colour ready).
import type { ListDetails, ListSummary } from "../list-types.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const day = (iso: string) => iso.slice(0, 10);
const sharedWith = (list: ListSummary) =>
  list.collaborators.map((c) => (c.can === "edit" ? `${c.username} (edit)` : c.username)).join(", ");

export function renderLists(lists: ListSummary[], of?: string): string {
  return renderTable(
    [
      { header: "name", flexible: true },
      { header: "owner" },
      { header: "films", align: "right" },
      { header: "ranked" },
      { header: "visibility" },
      { header: "shared with" },
      { header: "updated" },
    ],
    lists.map((list) => [
      list.name,
      list.owner,
      String(list.films),
      list.ranked ? "yes" : "no",
      list.visibility,
      sharedWith(list),
      day(list.updatedAt),
    ]),
    {
      empty: of
        ? `${of} has no list you can see.`
        : 'No lists yet: make one with `watchlist list create "Halloween night"`, then `watchlist list add "Halloween night" <movie>`.',
    },
  );
}

export function renderList(list: ListDetails): string {
  const about = [
    paint.bold(`${list.owner}/${list.name}`),
    `${list.ranked ? "ranked" : "unranked"}, visible to ${list.visibility}${list.collaborators.length ? `, shared with ${sharedWith(list)}` : ""}`,
    ...(list.description ? [list.description] : []),
  ];
  const table = renderTable(
    [
      { header: "#", align: "right" },
      { header: "id", align: "right" },
      { header: "title" },
      { header: "year" },
      { header: "note", flexible: true },
      { header: "added by" },
      { header: "added" },
    ],
    list.entries.map((entry) => [
      entry.position === null ? "" : String(entry.position),
      paint.dim(String(entry.movie.tmdbId)),
      entry.movie.title,
      String(entry.movie.year ?? ""),
      entry.note ?? "",
      entry.addedBy ?? "",
      day(entry.addedAt),
    ]),
    { empty: `No films yet: \`watchlist list add "${list.name}" <movie>\`.` },
  );
  // Piped: the header line and rows only, so that `cut` and `awk` read it as every listing.
  return process.stdout.isTTY ? `${about.join("\n")}\n\n${table}` : table;
}
