import { BandName, Bereich, Entry, tables, Ziffer } from "../data/tables";
import { eindeutig } from "./zahltext";
import { de, Decimal, HUNDRED, keepNumber, roundCent } from "./decimal";
import { formatDe, IsoDate } from "./dates";
import { badInput, noValue, outOfRange } from "./errors";
import { valueAt } from "./lookup";
import { PairMemo } from "./memo";
import { Trace } from "./trace";

export interface ZifferRef {
  ziffer: Ziffer;
  /** Billed by analogy (§ 6 Abs. 2 GOÄ), written "812a", "A 812" or "analog 812". */
  analog: boolean;
}

const ANALOG_FORMS: RegExp[] = [/^(\d{1,4})\s*a$/i, /^a\s*(\d{1,4})$/i, /^analog\s*(?:nr\.?|ziffer)?\s*(\d{1,4})$/i, /^(\d{1,4})\s*analog$/i];
/** The surcharges of section B are letters: A to J, and K 1 / K 2 with a digit. */
const ZUSCHLAG = /^([a-hj]|k\s*[12])$/i;
/** "3562.H1": the mark of a Höchstwert group (section M) after the number; "3541.H" is the Höchstwert's own number. */
const HOECHSTWERT_MARKE = /^(\d{4})\s*\.?\s*h([1-4])$/i;
const HOECHSTWERT = /^(\d{4})\s*\.\s*h$/i;

/** The key of the schedule that a written number means, if it is one as written (no analog reading). */
function literalKey(t: string): string | undefined {
  if (ZUSCHLAG.test(t)) return t.replace(/\s+/g, "").toUpperCase();
  let m = HOECHSTWERT.exec(t);
  if (m) return `${m[1]}.H`;
  m = HOECHSTWERT_MARKE.exec(t);
  if (m) return m[1];
  return t.toLowerCase().replace(/^0+(?=\d)/, "");
}

export function findZiffer(text: string): ZifferRef {
  // A number written exactly as the table keys it (870, "827a", "K1") needs no clean-up;
  // keys with a leading zero would be read without it, so they take the long way.
  const exact = tables().ziffern.get(text);
  if (exact && text[0] !== "0") return { ziffer: exact, analog: false };
  const t = text.trim();
  // Some numbers carry a letter in the schedule itself (250a, 827a); only otherwise does "a" mean analog.
  const literal = tables().ziffern.get(literalKey(t) ?? "");
  if (literal) return { ziffer: literal, analog: false };
  const lower = t.toLowerCase().replace(/^0+(?=\d)/, "");
  let nr: string | undefined;
  let analog = false;
  if (/^\d{1,4}$/.test(lower)) nr = lower;
  else {
    for (const form of ANALOG_FORMS) {
      const m = lower.match(form);
      if (m) {
        nr = String(Number(m[1]));
        analog = true;
        break;
      }
    }
  }
  if (!nr) throw badInput(`"${text}" ist keine GOÄ-Nummer (z. B. 870, "250a", "K1" oder "analog 812").`);
  const ziffer = tables().ziffern.get(nr);
  if (!ziffer) throw noValue(`GOÄ-Nr. ${nr} steht nicht im Gebührenverzeichnis der GOÄ.`);
  return { ziffer, analog };
}

/** The factor a caller asked for: a number, a named band, or nothing (the threshold). */
export type FaktorArg = Decimal | BandName | null;

const BAND_NAMES: Record<string, BandName> = {
  schwellenwert: "schwellenwert",
  regelsatz: "schwellenwert",
  "höchstsatz": "hoechstsatz",
  hoechstsatz: "hoechstsatz",
  basistarif: "basistarif",
  standardtarif: "standardtarif",
  mindestsatz: "mindestsatz",
  einfachsatz: "mindestsatz",
};

/**
 * Payers as users name them, as the limit of what a tariff reimburses: a
 * private insurer and the Beihilfe recognise what the GOÄ's own range allows,
 * up to its maximum. Never a factor to bill at.
 */
const TARIF_NAMES: Record<string, BandName> = { pkv: "hoechstsatz", beihilfe: "hoechstsatz" };

const BAND_LABEL: Record<BandName, string> = {
  mindestsatz: "Mindestsatz (Einfachsatz)",
  schwellenwert: "Schwellenwert",
  hoechstsatz: "Höchstsatz",
  standardtarif: "Höchstsatz im Standardtarif",
  basistarif: "Höchstsatz im Basistarif",
};

/**
 * Reads a factor given as text: a band name ("Basistarif", "Höchstsatz", …) or a
 * number ("2,3"); as a tariff's limit (`grenze`) also a payer ("PKV", "Beihilfe").
 */
export function parseFaktorText(text: string, grenze = false): FaktorArg {
  const key = text.trim().toLowerCase();
  if (key === "") return null;
  // Own keys only: "constructor" or "__proto__" must not find what every object inherits.
  if (Object.prototype.hasOwnProperty.call(BAND_NAMES, key)) return BAND_NAMES[key];
  if (Object.prototype.hasOwnProperty.call(TARIF_NAMES, key)) {
    if (grenze) return TARIF_NAMES[key];
    throw badInput(`"${text.trim()}" ist ein Kostenträger, kein Faktor einer Rechnung: als Grenze eines Tarifs (max_faktor) heißt es Höchstsatz; eine Rechnung steht meist zum Schwellenwert ("Schwellenwert" oder 2,3).`);
  }
  if (key === "gkv") throw badInput("Die GKV rechnet nicht nach GOÄ-Faktoren ab, sondern nach dem EBM (EBM_HONORAR; neben den privaten Tarifen in KOSTENTRAEGER_VERGLEICH).");
  eindeutig(text, "Faktor ");
  if (/^\d+([.,]\d+)?$/.test(key)) return new Decimal(key.replace(",", "."));
  throw badInput(
    `Faktor "${text}" ist unbekannt. Erlaubt: eine Zahl oder "Schwellenwert", "Höchstsatz", "Basistarif", "Standardtarif", "Einfachsatz"${grenze ? ', als Grenze eines Tarifs auch "PKV" oder "Beihilfe" (beide: Höchstsatz)' : ""}.`,
  );
}

function band(bereich: Bereich, name: BandName, date: IsoDate, trace: Trace): Decimal {
  // The label is only read by the trace; without one, no text is built.
  return valueAt(bereich.bands[name], date, trace, trace && `${BAND_LABEL[name]} (${bereich.bezeichnung})`).value;
}

/**
 * The factor that applies: named bands come from the table for the number's
 * section; a number must lie within the § 5 range, and above the maximum only
 * with an Abdingung under § 2, which § 2 Abs. 3 rules out for sections A, E, M, O.
 */
export function resolveFaktor(ziffer: Ziffer, faktor: FaktorArg, abdingung: boolean, date: IsoDate, trace: Trace): Decimal {
  const bereich = ziffer.bereich;
  if (faktor === null) return band(bereich, "schwellenwert", date, trace);
  if (typeof faktor === "string") return band(bereich, faktor, date, trace);
  if (!faktor.isFinite() || faktor.isNegative() || faktor.isZero()) throw outOfRange("Der Faktor muss eine positive Zahl sein.");
  const min = band(bereich, "mindestsatz", date, undefined);
  const maxEntry = bereich.bands.hoechstsatz.at(date);
  if (maxEntry && withinRange.get(min, maxEntry)?.has(faktor)) {
    trace?.push({ schritt: "Faktor", wert: faktor.toString(), einheit: "Faktor" });
    return faktor;
  }
  if (faktor.lessThan(min)) {
    throw outOfRange(
      `Faktor ${de(faktor)} liegt unter dem Mindestsatz ${de(min)} (§ 5 Abs. 1 GOÄ). Für den Basistarif den Faktor "Basistarif" angeben.`,
    );
  }
  const max = band(bereich, "hoechstsatz", date, undefined);
  if (faktor.greaterThan(max)) {
    if (!bereich.abdingungZulaessig.value) {
      // The band's own citation: § 2 Abs. 3 for sections A, E, M, O; the schedule's rule for the simple-rate-only numbers.
      throw outOfRange(`Faktor ${de(faktor)} liegt über dem Höchstsatz ${de(max)}; für ${bereich.bezeichnung} ist eine Abdingung unzulässig (${bereich.abdingungZulaessig.fundstelle}).`);
    }
    if (!abdingung) {
      throw outOfRange(`Faktor ${de(faktor)} liegt über dem Höchstsatz ${de(max)} (§ 5 Abs. 1 GOÄ); nur mit Abdingung nach § 2 GOÄ (abdingung = WAHR) zulässig.`);
    }
    trace?.push({ schritt: "Abdingung nach § 2 GOÄ: Faktor über dem Höchstsatz vereinbart", wert: "WAHR", einheit: "", eintrag: bereich.abdingungZulaessig });
  } else if (maxEntry) {
    (withinRange.get(min, maxEntry) ?? withinRange.set(min, maxEntry, new WeakSet())).add(faktor);
  }
  trace?.push({ schritt: "Faktor", wert: faktor.toString(), einheit: "Faktor" });
  return faktor;
}

/**
 * Factors already found within the § 5 range, by the Mindestsatz value and the
 * Höchstsatz entry in force: the same factor cell need not be compared again
 * (keys as in the fee memo: the same number arrives as the same Decimal).
 */
const withinRange = new PairMemo<WeakSet<Decimal>>();

function noteAnalog(ref: ZifferRef, date: IsoDate, trace: Trace): void {
  if (!trace || !ref.analog) return;
  const recs = (tables().analog.get(ref.ziffer.nr) ?? []).filter((a) => a.valid_from <= date);
  const text = recs.length > 0
    ? `Analog nach § 6 Abs. 2 GOÄ, empfohlen ab ${formatDe(recs[0].valid_from)} für: ${recs.map((r) => r.bezeichnung).join("; ")}`
    : "Analog nach § 6 Abs. 2 GOÄ (keine gemeinsame Abrechnungsempfehlung für diese Nummer erfasst)";
  const cited = recs.length > 0 ? { quelle: tables().quellen[recs[0].source], status: recs[0].status } : {};
  trace.push({ schritt: text, wert: ref.ziffer.nr, einheit: "GOÄ-Nr.", ...cited });
}

export function goaePunkte(zifferText: string, date: IsoDate, trace?: Trace): Decimal {
  const ref = findZiffer(zifferText);
  noteAnalog(ref, date, trace);
  return valueAt(ref.ziffer.punkte, date, trace).value;
}

/**
 * § 5 GOÄ: points × Punktwert × factor, rounded once, commercially, to the cent
 * (812 at 2.3 gives 67.03; rounding the single rate first would give 67.02).
 * An invoice line of `anzahl` services is that rounded fee times the count.
 */
export function goaeBetrag(zifferText: string, faktor: FaktorArg, anzahl: number, abdingung: boolean, date: IsoDate, trace?: Trace): Decimal {
  const ref = findZiffer(zifferText);
  noteAnalog(ref, date, trace);
  const punkte = valueAt(ref.ziffer.punkte, date, trace).entry;
  const punktwert = valueAt(tables().goaePunktwert, date, trace).entry;
  const f = resolveFaktor(ref.ziffer, faktor, abdingung, date, trace);
  const fee = goaeFee(punkte, punktwert, f);
  trace?.push({ schritt: "Punktzahl × Punktwert × Faktor / 100, einmal kaufmännisch auf den Cent gerundet (§ 5 Abs. 1 GOÄ)", wert: fee.toFixed(2), einheit: "€" });
  // Times one is the fee itself; sharing the memoised Decimal is safe, Decimals are immutable.
  const total = anzahl === 1 ? fee : fee.times(anzahl);
  trace?.push({ schritt: `× Anzahl ${anzahl}`, wert: total.toFixed(2), einheit: "€" });
  return total;
}

/**
 * The fee depends on nothing but the points entry, the Punktwert entry and the
 * factor, so it is computed once for each. Factors are keyed by their Decimal:
 * the same number from a cell arrives as the same Decimal (args.toFaktor), a
 * named band is its table entry's value; a factor read anew simply misses.
 */
const feesByFaktor = new PairMemo<WeakMap<Decimal, Decimal>>();

function goaeFee(punkte: Entry, punktwert: Entry, f: Decimal): Decimal {
  const byFaktor = feesByFaktor.get(punkte, punktwert) ?? feesByFaktor.set(punkte, punktwert, new WeakMap());
  let fee = byFaktor.get(f);
  if (fee === undefined) {
    fee = keepNumber(roundCent((punkte.value as Decimal).times(punktwert.value as Decimal).times(f).dividedBy(HUNDRED)));
    byFaktor.set(f, fee);
  }
  return fee;
}

/** § 5 Abs. 2 and § 12 Abs. 3 GOÄ: a factor above the threshold needs a written justification. */
export function goaeBegruendung(zifferText: string, faktor: FaktorArg, date: IsoDate, trace?: Trace): boolean {
  const ref = findZiffer(zifferText);
  // A number repealed or not yet in force on the date, or without points of its own, is billed at no factor: #NV as for its fee.
  valueAt(ref.ziffer.punkte, date, trace);
  const f = resolveFaktor(ref.ziffer, faktor, true, date, trace);
  const schwelle = band(ref.ziffer.bereich, "schwellenwert", date, trace);
  const needed = f.greaterThan(schwelle);
  trace?.push({ schritt: "Faktor über dem Schwellenwert: schriftliche Begründung nötig (§ 12 Abs. 3 GOÄ)", wert: needed ? "WAHR" : "FALSCH", einheit: "" });
  return needed;
}
