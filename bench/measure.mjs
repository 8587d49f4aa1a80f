// What the benches measure with: PostgreSQL round trips and the median and p95 of samples.
import pg from "pg";

/** Counts every round trip to PostgreSQL from now on (Prisma's adapter runs on node-postgres; BEGIN and COMMIT count). */
export function countQueries() {
  const counter = { count: 0 };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...queryArgs) {
    counter.count++;
    return query.apply(this, queryArgs);
  };
  return counter;
}

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};
