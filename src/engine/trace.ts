import { Entry, Fact } from "../data/tables";

/**
 * One step of a computation, as ERKLAERUNG will show it: what was done, the
 * value, its unit, and the table entry (with source and status) it came from.
 */
export interface Step {
  schritt: string;
  wert: string;
  einheit: string;
  eintrag?: Entry | Fact<unknown>;
}

/** Engine functions take an optional trace; when it is absent they do no bookkeeping (hot path). */
export type Trace = Step[] | undefined;
