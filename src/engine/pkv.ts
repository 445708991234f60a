import { de, Decimal, roundCent, ZERO } from "./decimal";
import { IsoDate } from "./dates";
import { FaktorArg, findZiffer, goaeBetrag, resolveFaktor } from "./goae";
import { Trace } from "./trace";

export interface InvoiceLine {
  ziffer: string;
  faktor: FaktorArg;
  anzahl: number;
}

export interface PkvResult {
  rechnung: Decimal;
  erstattungsfaehig: Decimal;
  erstattung: Decimal;
  eigenanteil: Decimal;
}

/**
 * A private invoice and what the insurer (or Beihilfe, which is a quote too)
 * refunds: each line at its factor is the invoice; the refundable fee is each
 * line at min(factor, tariff's maximum factor); the refund is that sum times the
 * quote, rounded to the cent, less the deductible and never below zero; the
 * patient pays the rest. A factor above the GOÄ maximum needs an Abdingung under
 * § 2, as in GOAE_BETRAG (invalid for sections A, E, M, O, which still error):
 * the same invoice line is never valid in one function and refused in the other.
 */
export function pkvAbrechnung(
  lines: InvoiceLine[],
  maxFaktor: FaktorArg,
  quote: Decimal,
  selbstbehalt: Decimal,
  abdingung: boolean,
  date: IsoDate,
  trace?: Trace,
): PkvResult {
  let rechnung = ZERO;
  let erstattungsfaehig = ZERO;
  for (const line of lines) {
    const billed = goaeBetrag(line.ziffer, line.faktor, line.anzahl, abdingung, date, trace);
    rechnung = rechnung.plus(billed);
    let capped = billed;
    if (maxFaktor !== null) {
      const ziffer = findZiffer(line.ziffer).ziffer;
      const f = resolveFaktor(ziffer, line.faktor, abdingung, date, undefined);
      // A tariff cap given as a number applies to every line; above a section's GOÄ maximum (2,5 for 855–857) it simply does not bind there.
      const cap = typeof maxFaktor === "string" ? resolveFaktor(ziffer, maxFaktor, true, date, undefined) : maxFaktor;
      if (cap.lessThan(f)) {
        trace?.push({ schritt: `Tarif erstattet höchstens den ${de(cap)}-fachen Satz`, wert: cap.toString(), einheit: "Faktor" });
        capped = goaeBetrag(line.ziffer, maxFaktor, line.anzahl, true, date, trace);
      }
    }
    erstattungsfaehig = erstattungsfaehig.plus(capped);
  }
  const anteil = roundCent(erstattungsfaehig.times(quote));
  const erstattung = Decimal.max(0, anteil.minus(selbstbehalt));
  const eigenanteil = rechnung.minus(erstattung);
  if (trace) {
    trace.push({ schritt: "Rechnungsbetrag", wert: rechnung.toFixed(2), einheit: "€" });
    trace.push({ schritt: "erstattungsfähiger Betrag (bis zum Höchstfaktor des Tarifs)", wert: erstattungsfaehig.toFixed(2), einheit: "€" });
    trace.push({ schritt: `× Erstattungsquote ${de(quote)}, auf den Cent gerundet`, wert: anteil.toFixed(2), einheit: "€" });
    trace.push({ schritt: `− Selbstbehalt ${de(selbstbehalt)} (nicht unter 0)`, wert: erstattung.toFixed(2), einheit: "€" });
    trace.push({ schritt: "Eigenanteil = Rechnung − Erstattung", wert: eigenanteil.toFixed(2), einheit: "€" });
  }
  return { rechnung, erstattungsfaehig, erstattung, eigenanteil };
}
