import { Entry, Gop, tables } from "../data/tables";
import { Decimal, HUNDRED, keepNumber, roundCent } from "./decimal";
import { IsoDate } from "./dates";
import { badInput, noValue } from "./errors";
import { valueAt } from "./lookup";
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
