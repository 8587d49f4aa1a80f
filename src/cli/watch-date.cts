// Viewing dates as the person types them: YYYY-MM-DD, a real day, not after today (their today).
import { usageError } from "./errors.cjs";

const pad = (n: number) => String(n).padStart(2, "0");

/** Today on this machine's clock, in its timezone: what "I watched it today" means to the person. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `--on 2023-06-01`; 2023-02-30, 23-6-1 or a day after today are usage errors. */
export function parseWatchDate(input: string, now = new Date()): string {
  const day = input.trim();
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || !date.toISOString().startsWith(day)) {
    throw usageError(`--on must be a date YYYY-MM-DD, got '${input}'`);
  }
  if (day > localToday(now)) throw usageError(`--on ${day} is in the future`);
  if (day < "1870-01-01") throw usageError(`--on ${day} is before the first films`);
  return day;
}
