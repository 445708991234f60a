import { Entry, Gop, tables } from "../data/tables";
import { Decimal, HUNDRED, keepNumber, roundCent } from "./decimal";
import { IsoDate, periodQuarters, quarterOf, quarterStart } from "./dates";
import { badInput, noValue } from "./errors";
import { entryAt, valueAt } from "./lookup";
import { PairMemo } from "./memo";
import { Trace } from "./trace";

export function findGop(gop: string): Gop {
  // The table holds only five-digit keys (checked at load), so a hit needs no format check.
  const found = tables().gops.get(gop);
  if (found) return found;
  if (!/^\d{5}$/.test(gop)) throw badInput(`"${gop}" ist keine EBM-Gebührenordnungsposition (fünfstellige Zahl erwartet).`);
  throw noValue(`GOP ${gop} ist in den Tabellen nicht enthalten.`);
}

export function ebmPunkte(gop: string, date: IsoDate, trace?: Trace): Decimal {
  return valueAt(findGop(gop).punkte, date, trace).value;
}

/** Orientierungswert in cent per point. */
export function ebmPunktwert(date: IsoDate, trace?: Trace): Decimal {
  return valueAt(tables().orientierungswert, date, trace).value;
}

export function ebmPruefzeit(gop: string, date: IsoDate, trace?: Trace): Decimal {
  return valueAt(findGop(gop).pruefzeit, date, trace).value;
}

/**
 * Whether a GOP is paid outside the morbidity-based total budget at fixed
 * prices on `date`: true extrabudgetär, false budgetiert. Only budgeted
 * services meet the KV's HVM (Abstaffelung, practice budgets); #N/A where no
 * source says which, and before the table's first entry for the GOP.
 */
export function ebmExtrabudgetaer(gop: string, date: IsoDate, trace?: Trace): boolean {
  const { value } = valueAt(findGop(gop).extrabudgetaer, date, trace, `GOP ${gop}: extrabudgetär (1) oder budgetiert (0)`);
  return value.equals(1);
}

/**
 * Fee for `anzahl` services: points × Orientierungswert, each service rounded
 * to the cent (that is how the KV pays, service by service), then times the count.
 */
export function ebmHonorar(gop: string, date: IsoDate, anzahl: number, trace?: Trace): Decimal {
  const punkte = valueAt(findGop(gop).punkte, date, trace).entry;
  const ow = valueAt(tables().orientierungswert, date, trace).entry;
  const perService = feePerService(punkte, ow);
  if (trace) {
    trace.push({ schritt: "Punktzahl × Orientierungswert / 100, auf den Cent gerundet", wert: perService.toFixed(2), einheit: "€" });
  }
  // Times one is the fee itself; sharing the memoised Decimal is safe, Decimals are immutable.
  const total = anzahl === 1 ? perService : perService.times(anzahl);
  trace?.push({ schritt: `× Anzahl ${anzahl}`, wert: total.toFixed(2), einheit: "€" });
  return total;
}

/**
 * The fee of one service depends on nothing but the points entry and the
 * Orientierungswert entry in force, so it is computed once per pair of entries.
 */
const perServiceFees = new PairMemo<Decimal>();

function feePerService(punkte: Entry, ow: Entry): Decimal {
  return (
    perServiceFees.get(punkte, ow) ??
    perServiceFees.set(punkte, ow, keepNumber(roundCent((punkte.value as Decimal).times(ow.value as Decimal).dividedBy(HUNDRED))))
  );
}

/** One quarter of a GOP's course: the values in force on its first day and the fee of one service; null where the tables record no value then. */
export interface VerlaufZeile {
  /** "2/2026": the quarter as German billing writes it. */
  quartal: string;
  beginn: IsoDate;
  punkte: Decimal | null;
  orientierungswert: Decimal;
  honorar: Decimal | null;
}

/** The first date from which a series holds a recorded value (an entry may record that none is known). */
function firstValued(series: { entries: Entry[] }): IsoDate | undefined {
  return series.entries.find((e) => e.value !== null)?.valid_from;
}

/**
 * A GOP's fee quarter by quarter, from the quarter containing `von` (default:
 * the first quarter for which both its points and the Orientierungswert are
 * recorded) to the one containing `bis`, each at the values in force on the
 * quarter's first day: the KV pays by quarter, and EBM and Orientierungswert
 * change at quarter starts. A quarter for which the tables record no points
 * (an entry without a sourced value) stays in the table without them, so a
 * gap shows as a gap. The trace names the table entries each time they change.
 */
export function ebmVerlauf(gop: string, von: IsoDate | undefined, bis: IsoDate, trace?: Trace): VerlaufZeile[] {
  const punkteSeries = findGop(gop).punkte;
  const owSeries = tables().orientierungswert;
  const [a, b] = [firstValued(punkteSeries), firstValued(owSeries)];
  if (von === undefined && a === undefined) throw noValue(`GOP ${gop}: die Tabellen verzeichnen keine Punktzahl.`);
  const start = von ?? (a! > b! ? a! : b!);
  const count = periodQuarters(start, bis);
  let { quarter: q, year } = quarterOf(start);
  const rows: VerlaufZeile[] = [];
  let previous: { punkte: Entry; ow: Entry } | undefined;
  for (let k = 0; k < count; k++) {
    const beginn = quarterStart(q, year);
    // Entries are looked up silently, and traced only when one of them changes.
    const punkte = entryAt(punkteSeries, beginn);
    const ow = valueAt(owSeries, beginn, undefined).entry;
    const changed = !previous || previous.punkte !== punkte || previous.ow !== ow;
    if (changed && trace) {
      trace.push({ schritt: `ab ${q}/${year}: Punktzahl GOP ${gop}`, wert: punkte.value === null ? `nicht belegt${punkte.note ? `: ${punkte.note}` : ""}` : punkte.value.toString(), einheit: punkte.unit, eintrag: punkte });
      trace.push({ schritt: `ab ${q}/${year}: Orientierungswert`, wert: ow.value!.toString(), einheit: ow.unit, eintrag: ow });
    }
    rows.push({ quartal: `${q}/${year}`, beginn, punkte: punkte.value, orientierungswert: ow.value!, honorar: punkte.value === null ? null : feePerService(punkte, ow) });
    previous = { punkte, ow };
    if (++q > 4) [q, year] = [1, year + 1];
  }
  return rows;
}
