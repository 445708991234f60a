import { Entry, Series, tables } from "../data/tables";
import { Status } from "../data/types";
import { IsoDate } from "../engine/dates";

/**
 * The table values in force for the workbook's choice, as the task pane shows
 * them: each with its entry (value, source, status) or the reason there is none.
 */
export interface ShownValue {
  /** Series key as in tables().series, also the key an override uses. */
  key: string;
  label: string;
  entry?: Entry;
  /** Why no value holds on the date: the note of an entry recorded as unsourced ("" without one). */
  missing?: string;
  /** No value because the date lies before the series starts, on this date. */
  before?: IsoDate;
  /** For a GOP's points: the GOP and what it pays for. */
  gop?: { gop: string; titel: string };
}

/** The GOPs the pane shows: psychotherapy single session, probatory session, consultation. */
export const MAIN_GOPS = ["35401", "35151", "35150"];

function shown(series: Series, date: IsoDate, label = series.label, gop?: ShownValue["gop"]): ShownValue {
  const entry = series.at(date);
  if (!entry) return { key: series.key, label, missing: "", before: series.firstDate, gop };
  if (entry.value === null) return { key: series.key, label, entry, missing: entry.note ?? "", gop };
  return { key: series.key, label, entry, gop };
}

export function valuesInForce(date: IsoDate, kvId: string | undefined): ShownValue[] {
  const t = tables();
  const rows = [shown(t.orientierungswert, date)];
  for (const gop of MAIN_GOPS) {
    const g = t.gops.get(gop);
    if (g) rows.push(shown(g.punkte, date, g.punkte.label, { gop, titel: g.titel }));
  }
  rows.push(shown(t.goaePunktwert, date));
  const kv = kvId ? t.kvs.find((k) => k.id === kvId) : undefined;
  if (kv) rows.push(shown(kv.quote, date));
  return rows;
}

/** Statuses that call for the user's attention in the pane. */
export function needsAttention(status: Status): boolean {
  return status === "unconfirmed" || status === "override";
}
