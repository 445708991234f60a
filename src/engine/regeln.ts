import { tables } from "../data/tables";
import { Decimal } from "./decimal";
import { IsoDate } from "./dates";
import { valueAt } from "./lookup";
import { Trace } from "./trace";

/** A practice rule (praxis.json › regeln) in force on `date`. */
export function regel(key: string, date: IsoDate, trace: Trace): Decimal {
  const series = tables().regeln.get(key);
  if (!series) throw new Error(`Regel ${key} fehlt in praxis.json`);
  return valueAt(series, date, trace).value;
}
