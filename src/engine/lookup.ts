import { Entry, Series } from "../data/tables";
import { Decimal } from "./decimal";
import { formatDe, IsoDate } from "./dates";
import { noValue } from "./errors";
import { Trace } from "./trace";

/** The entry in force on a date, which may record that no value is sourced; #N/A before the series starts. */
export function entryAt(series: Series, date: IsoDate): Entry {
  const entry = series.at(date);
  if (!entry) throw noValue(`${series.label}: kein Tabellenwert vor dem ${formatDe(series.firstDate)} (Stichtag ${formatDe(date)}).`);
  return entry;
}

/**
 * The value of a series on a date, or #N/A with a message that says why there is
 * none: before the series starts, or a period recorded as unsourced.
 */
export function valueAt(series: Series, date: IsoDate, trace: Trace, schritt?: string): { entry: Entry; value: Decimal } {
  const entry = entryAt(series, date);
  if (entry.value === null) {
    throw noValue(`${series.label}: für den ${formatDe(date)} kein belegter Wert. ${entry.note ?? ""}`.trim());
  }
  trace?.push({ schritt: schritt ?? series.label, wert: entry.value.toString(), einheit: entry.unit, eintrag: entry });
  return { entry, value: entry.value };
}
