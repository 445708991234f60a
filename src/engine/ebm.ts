import { Gop, tables } from "../data/tables";
import { Decimal, HUNDRED, roundCent } from "./decimal";
import { IsoDate } from "./dates";
import { badInput, noValue } from "./errors";
import { valueAt } from "./lookup";
import { Trace } from "./trace";

export function findGop(gop: string): Gop {
  if (!/^\d{5}$/.test(gop)) throw badInput(`"${gop}" ist keine EBM-Gebührenordnungsposition (fünfstellige Zahl erwartet).`);
  const found = tables().gops.get(gop);
  if (!found) throw noValue(`GOP ${gop} ist in den Tabellen nicht enthalten.`);
  return found;
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
  const punkte = ebmPunkte(gop, date, trace);
  const ow = ebmPunktwert(date, trace);
  const perService = roundCent(punkte.times(ow).dividedBy(HUNDRED));
  if (trace) {
    trace.push({ schritt: "Punktzahl × Orientierungswert / 100, auf den Cent gerundet", wert: perService.toFixed(2), einheit: "€" });
  }
  const total = perService.times(anzahl);
  trace?.push({ schritt: `× Anzahl ${anzahl}`, wert: total.toFixed(2), einheit: "€" });
  return total;
}
