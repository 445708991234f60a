import { Entry, tables } from "../data/tables";
import { IsoDate } from "./dates";
import { gueltigBis, JAEHRLICH } from "./datenstatus";

/** The last entry of a series that carries a value, and the last day it is known to hold. */
export interface Belegt {
  entry: Entry;
  bis: IsoDate;
}

/**
 * How far the Orientierungswert in force is sourced (a shipped value or the
 * workbook's own), as `honorar daten` reads it (gueltigBis): up to the day
 * before the next entry, which can then only record that no value is known.
 * Without such an entry it holds to the end of its calendar year, since it is
 * set anew for every year (JAEHRLICH: § 87 Abs. 2e SGB V).
 */
export function orientierungswertBelegt(): Belegt | undefined {
  const series = tables().orientierungswert;
  const bis = gueltigBis(series);
  const entry = [...series.entries].reverse().find((e) => e.value !== null);
  if (bis === null || !entry) return undefined;
  if (bis !== "offen") return { entry, bis };
  return { entry, bis: JAEHRLICH[series.key] ? `${entry.valid_from.slice(0, 4)}-12-31` : "9999-12-31" };
}

/** The Orientierungswert's sourced range when `date` lies after it, else undefined. */
export function nachLetztemOrientierungswert(date: IsoDate): Belegt | undefined {
  const belegt = orientierungswertBelegt();
  return belegt && date > belegt.bis ? belegt : undefined;
}
