import { Series, tables } from "../data/tables";
import { Decimal } from "./decimal";
import { IsoDate } from "./dates";
import { valueAt } from "./lookup";
import { Trace } from "./trace";

/** The series of a practice rule (praxis.json › regeln); a missing one is a defect of the data files. */
export function regelSeries(key: string): Series {
  const series = tables().regeln.get(key);
  if (!series) throw new Error(`Regel ${key} fehlt in praxis.json`);
  return series;
}

/** A practice rule (praxis.json › regeln) in force on `date`. */
export function regel(key: string, date: IsoDate, trace: Trace): Decimal {
  return valueAt(regelSeries(key), date, trace).value;
}
