// Cell values shared by the readers: years, dates, titles.
import { RowError } from "./entries.cjs";

export function yearField(text: string | undefined): number | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  if (!/^\d{4}$/.test(value)) throw new RowError(`year '${value}' is not a year`);
  return Number(value);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2019-05-02" as given, or null when empty; anything else is a damaged row. */
export function dayField(text: string | undefined, what: string): string | null {
  const value = (text ?? "").trim();
  if (!value) return null;
  const match = DAY.exec(value);
  if (!match || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new RowError(`${what} '${value}' is not a date (YYYY-MM-DD)`);
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
  return new Date(time).toISOString();
}

export function titleField(text: string | undefined, column: string): string {
  const value = (text ?? "").trim();
  if (!value) throw new RowError(`no ${column}`);
  return value.normalize("NFC");
}
