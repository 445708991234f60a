import { Entry, Fact } from "../data/tables";
import { Source, Status } from "../data/types";

/**
 * One step of a computation, as ERKLAERUNG shows it: what was done, the value,
 * its unit, and where the value came from: a table entry (with source and
 * status), or, for values that are not dated series (a preset's assumption, an
 * analog recommendation), the citation itself.
 */
export interface Step {
  schritt: string;
  wert: string;
  einheit: string;
  eintrag?: Entry | Fact<unknown>;
  quelle?: Source;
  status?: Status;
  fundstelle?: string;
}

/** Engine functions take an optional trace; when it is absent they do no bookkeeping (hot path). */
export type Trace = Step[] | undefined;
