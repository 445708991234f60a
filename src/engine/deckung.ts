import { Entry, Series, tables } from "../data/tables";
import { dayBefore, IsoDate } from "./dates";

/** The last entry of a series that carries a value, and the last day it is known to hold. */
export interface Belegt {
  entry: Entry;
  bis: IsoDate;
}

/**
 * How far the Orientierungswert in force is sourced: its last entry with a
 * value (a shipped one or the workbook's own) up to the day before the next
 * entry, which by then can only record that no value is known. Without such a
 * next entry it holds to the end of its calendar year: the Bewertungsausschuss
 * sets it each year for the following year (§ 87 Abs. 2e SGB V), so a later
 * date needs a decision the tables do not have yet.
 */
export function orientierungswertBelegt(): Belegt | undefined {
  return belegtBis(tables().orientierungswert);
}

function belegtBis(series: Series): Belegt | undefined {
  const valued = series.entries.filter((e) => e.value !== null);
  const entry = valued[valued.length - 1];
  if (!entry) return undefined;
  return { entry, bis: entry.valid_to ? dayBefore(entry.valid_to) : `${entry.valid_from.slice(0, 4)}-12-31` };
}

/** The Orientierungswert's sourced range when `date` lies after it, else undefined. */
export function nachLetztemOrientierungswert(date: IsoDate): Belegt | undefined {
  const belegt = orientierungswertBelegt();
  return belegt && date > belegt.bis ? belegt : undefined;
}
