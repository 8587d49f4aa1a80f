// `watchlist where`: a film's providers by kind in one region. On a terminal: a line per kind that
// has any, the JustWatch link and the attribution TMDB's terms ask for; piped: one row per offer.
import { movieLabel } from "../movie-argument.cjs";
import type { WhereAnswer } from "../types.cjs";
import { notice } from "./io.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const KINDS = [
  ["flatrate", "stream"],
  ["free", "free"],
  ["ads", "free with ads"],
  ["rent", "rent"],
  ["buy", "buy"],
] as const;

const ATTRIBUTION = "data from JustWatch";

export function renderWhere(answer: WhereAnswer, piped = !process.stdout.isTTY): string {
  const offers = KINDS.flatMap(([kind, label]) => answer[kind].map((provider) => ({ label, provider })));
  const streams = answer.flatrate.length + answer.free.length + answer.ads.length > 0;
  if (piped) {
    // stdout stays data: the attribution and the verdict go to stderr.
    notice(
      streams
        ? `${movieLabel(answer.movie)} in ${answer.region}: ${ATTRIBUTION}`
        : `not available to stream in ${answer.region} (${ATTRIBUTION})`,
    );
    return renderTable(
      [{ header: "kind" }, { header: "provider_id" }, { header: "provider" }],
      offers.map(({ label, provider }) => [label, String(provider.id), provider.name]),
      { piped: true },
    );
  }
  const lines = [`${paint.bold(movieLabel(answer.movie))} in ${answer.region}`];
  if (!streams) lines.push(`not available to stream in ${answer.region}`);
  for (const [kind, label] of KINDS) {
    if (answer[kind].length > 0) lines.push(`  ${label.padEnd(14)}${answer[kind].map((provider) => provider.name).join(", ")}`);
  }
  if (answer.link) lines.push(paint.dim(answer.link));
  const asOf = answer.asOf ? `, as of ${answer.asOf.slice(0, 10)}` : "";
  lines.push(paint.dim(`${ATTRIBUTION}${asOf}`));
  return lines.join("\n");
}
