import { de, Decimal, HUNDRED, ONE, roundCent, ZERO } from "./decimal";
import { IsoDate } from "./dates";
import { ebmHonorar } from "./ebm";
import { EngineError } from "./errors";
import { FaktorArg, findZiffer, goaeBetrag, resolveFaktor } from "./goae";
import { regel } from "./regeln";
import { Trace } from "./trace";

export interface KostentraegerZeile {
  kostentraeger: string;
  /** The GOÄ factor billed; null for the GKV, which bills by the EBM. */
  faktor: Decimal | null;
  abgerechnet: Decimal;
  beihilfe: Decimal;
  versicherung: Decimal;
  patient: Decimal;
}

/**
 * One course of treatment as each payer sees it: the GKV pays the EBM fee of
 * the GOP; the private invoice is the GOÄ number at the given factor (default:
 * the threshold), in the Standardtarif and the Basistarif at their maximum
 * factors; a Beihilfe patient's invoice is split into the Beihilfe's quota
 * (default: § 46 Abs. 2 Nr. 1 BBhV) and a private top-up tariff for the rest.
 * Assumed, and said in the help: every insurer here reimburses the invoice in
 * full (no tariff cap below the factor, no deductible); a particular tariff is
 * PKV_ERSTATTUNG's job. Each line is rounded to the cent as the rules round;
 * the top-up pays what the Beihilfe leaves, so the parts add up to the invoice.
 */
export function kostentraegerVergleich(
  gop: string,
  ziffer: string,
  anzahl: number,
  date: IsoDate,
  faktor: FaktorArg,
  beihilfeQuote: Decimal | null,
  trace?: Trace,
): KostentraegerZeile[] {
  const ganz = (kostentraeger: string, f: Decimal | null, betrag: Decimal): KostentraegerZeile => ({ kostentraeger, faktor: f, abgerechnet: betrag, beihilfe: ZERO, versicherung: betrag, patient: ZERO });
  const goae = (f: FaktorArg, schritt: string): { f: Decimal; betrag: Decimal } => {
    trace?.push({ schritt: "Kostenträger", wert: schritt, einheit: "" });
    let resolved: Decimal;
    try {
      resolved = resolveFaktor(findZiffer(ziffer).ziffer, f, false, date, undefined);
    } catch (e) {
      if (e instanceof EngineError && /Abdingung/.test(e.message)) throw new EngineError(e.kind, `${e.message} Der Vergleich rechnet ohne Abdingung; eine abgedungene Rechnung mit GOAE_BETRAG oder PKV_ERSTATTUNG und abdingung = WAHR.`);
      throw e;
    }
    return { f: resolved, betrag: goaeBetrag(ziffer, f, anzahl, false, date, trace) };
  };

  trace?.push({ schritt: "Kostenträger", wert: `GKV: EBM-GOP ${gop}`, einheit: "" });
  const gkv = ebmHonorar(gop, date, anzahl, trace);
  const pkv = goae(faktor, "PKV: GOÄ-Rechnung");
  const standard = goae("standardtarif", "Standardtarif: Höchstsatz des Standardtarifs");
  const basis = goae("basistarif", "Basistarif: Höchstsatz des Basistarifs");

  const quote = beihilfeQuote ?? regel("beihilfe_bemessungssatz", date, trace);
  const beihilfe = roundCent(pkv.betrag.times(quote));
  const rest = pkv.betrag.minus(beihilfe);
  trace?.push({ schritt: `Beihilfe: ${de(quote.times(HUNDRED))} % der Rechnung, auf den Cent`, wert: beihilfe.toFixed(2), einheit: "€" });
  trace?.push({ schritt: "Restkostentarif der PKV: der Rest der Rechnung", wert: rest.toFixed(2), einheit: "€" });

  return [
    ganz(`GKV (EBM ${gop})`, null, gkv),
    ganz(`PKV (GOÄ ${ziffer})`, pkv.f, pkv.betrag),
    ganz("Standardtarif", standard.f, standard.betrag),
    ganz("Basistarif", basis.f, basis.betrag),
    {
      kostentraeger: `Beihilfe ${de(quote.times(HUNDRED))} % + PKV-Restkosten ${de(ONE.minus(quote).times(HUNDRED))} %`,
      faktor: pkv.f,
      abgerechnet: pkv.betrag,
      beihilfe,
      versicherung: rest,
      patient: ZERO,
    },
  ];
}
