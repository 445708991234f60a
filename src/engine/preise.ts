import { de, Decimal } from "./decimal";
import { formatDe } from "./dates";
import { badInput, noValue } from "./errors";
import { entryAt, valueAt } from "./lookup";
import { regelSeries } from "./regeln";
import { Trace } from "./trace";

const vpiSeries = () => regelSeries("vpi_jahresdurchschnitt");

/**
 * The consumer price index's yearly average of `year`. A series entry holds
 * from its date until the next, but a yearly average belongs to its own year
 * only: a year without an entry of its own has none, even where an earlier
 * year's value would be "in force".
 */
function vpiJahr(year: number, trace: Trace): Decimal {
  const series = vpiSeries();
  const date = `${year}-01-01`;
  const entry = entryAt(series, date);
  if (entry.valid_from !== date && entry.value !== null) {
    throw noValue(
      `${series.label}: für ${year} kein Jahresdurchschnitt in den Tabellen (der letzte Eintrag gilt ab ${formatDe(entry.valid_from)}). Ein Jahresdurchschnitt gehört zu seinem Jahr: als eigenen Wert praxis.vpi_jahresdurchschnitt ab 01.01.${year} setzen.`,
    );
  }
  const value = valueAt(series, date, trace, `${series.label} ${year}`).value;
  // An own value of 0 or below would divide by zero or turn the sign; a price index is positive.
  if (!value.greaterThan(0)) throw badInput(`${series.label} ${year}: ${de(value)} ist kein Indexstand (größer als 0).`);
  return value;
}

/** The last year whose yearly average the tables hold. */
export function letztesVpiJahr(): number {
  const withValue = vpiSeries().entries.filter((e) => e.value !== null);
  return Number(withValue[withValue.length - 1].valid_from.slice(0, 4));
}

/**
 * An amount of one year in the prices of another: amount × index(bis) /
 * index(von), by the yearly averages of the Statistisches Bundesamt's consumer
 * price index. Not rounded: a paper rounds where it prints.
 */
export function preisbereinigt(betrag: Decimal, vonJahr: number, bisJahr: number | null, trace?: Trace): Decimal {
  const bis = bisJahr ?? letztesVpiJahr();
  if (bisJahr === null) trace?.push({ schritt: "bis_jahr leer: letztes Jahr mit Jahresdurchschnitt in den Tabellen", wert: String(bis), einheit: "Jahr" });
  const alt = vpiJahr(vonJahr, trace);
  const neu = vpiJahr(bis, trace);
  const result = betrag.times(neu).dividedBy(alt);
  trace?.push({ schritt: `${betrag} × Index ${bis} / Index ${vonJahr}`, wert: result.toString(), einheit: "€" });
  return result;
}
