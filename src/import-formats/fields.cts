// Cell values shared by the readers: years, dates, titles. Their bounds are the API's for a batch
// entry, so that one odd cell is a row error here rather than a refused batch there.
import { RowError } from "./entries.cjs";

const FIRST_YEAR = 1870;
const LAST_YEAR = 2200;
const EARLIEST = Date.UTC(1900, 0, 1);
const MAX_TITLE = 1000;

export function yearField(text: string | undefined): number | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < FIRST_YEAR || year > LAST_YEAR) throw new RowError(`year '${value}' is not a film's year`);
  return year;
}

/** A date of the source: from 1900 to a day from now (later or earlier is a damaged cell). */
function checkedTime(time: number, value: string, what: string): number {
  if (time < EARLIEST || time > Date.now() + 86_400_000) throw new RowError(`${what} '${value}' is not between 1900 and today`);
  return time;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2019-05-02" as given, or null when empty; anything else is a damaged row. */
export function dayField(text: string | undefined, what: string): string | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  const match = DAY.exec(value);
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!match || Number.isNaN(time)) throw new RowError(`${what} '${value}' is not a date (YYYY-MM-DD)`);
  checkedTime(time, value, what);
  return value;
}

/**
 * A timestamp: a day is its midnight UTC; older IMDb lists write "Wed Jan 16 00:00:00 2013", which
 * Date.parse reads; null when empty.
 */
export function timestampField(text: string | undefined, what: string): string | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  if (DAY.test(value)) return `${dayField(value, what)}T00:00:00.000Z`;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RowError(`${what} '${value}' is not a date`);
  return new Date(checkedTime(time, value, what)).toISOString();
}

export function titleField(text: string | undefined, column: string): string {
  const value = (text ?? "").trim();
  if (!value) throw new RowError(`no ${column}`);
  if (value.length > MAX_TITLE) throw new RowError(`${column} longer than ${MAX_TITLE} characters`);
  return value.normalize("NFC");
}
