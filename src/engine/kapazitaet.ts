import { Series, tables } from "../data/tables";
import { de, Decimal, ONE } from "./decimal";
import { dayBefore, daysBetween, formatDe, IsoDate, periodQuarters, quarterEnd, quarterOf, quarterStart } from "./dates";
import { ebmHonorar, findGop } from "./ebm";
import { EngineError, noValue } from "./errors";
import { regel } from "./regeln";
import { Step, Trace } from "./trace";

const FOUR = new Decimal(4);

/** Weeks per quarter in the BSG model: 43 working weeks / 4. */
function wochenProQuartal(date: IsoDate, trace: Trace): Decimal {
  return regel("arbeitswochen_pro_jahr", date, trace).dividedBy(FOUR);
}

/**
 * Zeitbezogene Kapazitätsgrenze in Prüfzeit-Minuten per quarter:
 * (27.090 + the full mandate's non-genehmigungspflichtige minutes) × mandate share.
 */
export function kapazitaetsgrenze(versorgungsauftrag: Decimal, nglMinuten: Decimal, date: IsoDate, trace?: Trace): Decimal {
  const gp = regel("kapazitaet_genehmigungspflichtig_minuten", date, trace);
  const result = gp.plus(nglMinuten).times(versorgungsauftrag);
  trace?.push({ schritt: `(genehmigungspflichtig + nicht genehmigungspflichtig ${nglMinuten}) × Versorgungsauftrag ${versorgungsauftrag}`, wert: result.toString(), einheit: "min/Quartal" });
  return result;
}

/** Prüfzeit minutes per quarter → sessions per working week. */
export function kapazitaetSitzungen(minuten: Decimal, pruefzeit: Decimal | null, date: IsoDate, trace?: Trace): Decimal {
  const pz = pruefzeit ?? regel("pruefzeit_sitzung", date, trace);
  const result = minuten.dividedBy(pz).dividedBy(wochenProQuartal(date, trace));
  trace?.push({ schritt: "Minuten / Prüfzeit / (Arbeitswochen / 4)", wert: result.toString(), einheit: "Sitzungen/Woche" });
  return result;
}

/** Sessions per working week → Prüfzeit minutes per quarter. */
export function kapazitaetMinuten(sitzungen: Decimal, pruefzeit: Decimal | null, date: IsoDate, trace?: Trace): Decimal {
  const pz = pruefzeit ?? regel("pruefzeit_sitzung", date, trace);
  const result = sitzungen.times(pz).times(wochenProQuartal(date, trace));
  trace?.push({ schritt: "Sitzungen × Prüfzeit × Arbeitswochen / 4", wert: result.toString(), einheit: "min/Quartal" });
  return result;
}

function defaultFee(gop: string, role: string, argument: string, date: IsoDate, trace: Trace): Decimal {
  try {
    return ebmHonorar(gop, date, 1, trace);
  } catch (e) {
    if (e instanceof EngineError && e.kind === "nv") {
      throw noValue(`${role} (GOP ${gop}) am Stichtag nicht in den Tabellen: ${e.message} Betrag als Argument ${argument} angeben.`);
    }
    throw e;
  }
}

/**
 * Weekly fee revenue for a number of sessions with a share of genehmigungspflichtige
 * sessions. The fees default to the EBM fees of the Stichtag (35401 and 35150);
 * rounded figures such as seed 001's 81 € and 57 € can be passed instead.
 */
export function honorarWoche(
  sitzungen: Decimal,
  anteil: Decimal | null,
  honorarGp: Decimal | null,
  honorarNgp: Decimal | null,
  date: IsoDate,
  trace?: Trace,
): Decimal {
  const a = anteil ?? regel("anteil_genehmigungspflichtig", date, trace);
  const gp = honorarGp ?? defaultFee("35401", "Honorar einer genehmigungspflichtigen Sitzung", "honorar_gp", date, trace);
  const ngp = honorarNgp ?? defaultFee("35150", "Honorar einer nicht genehmigungspflichtigen Sitzung", "honorar_ngp", date, trace);
  const rest = ONE.minus(a);
  const mix = a.times(gp).plus(rest.times(ngp));
  const result = sitzungen.times(mix);
  if (trace) {
    trace.push({ schritt: `Mischhonorar je Sitzung: ${a} × ${gp} + ${rest} × ${ngp}`, wert: mix.toString(), einheit: "€" });
    trace.push({ schritt: `× ${sitzungen} Sitzungen je Woche`, wert: result.toString(), einheit: "€/Woche" });
  }
  return result;
}

/** A weekly figure times the working weeks of the year (43 in the BSG model). */
export function honorarJahr(wochenhonorar: Decimal, arbeitswochen: Decimal | null, date: IsoDate, trace?: Trace): Decimal {
  const w = arbeitswochen ?? regel("arbeitswochen_pro_jahr", date, trace);
  const result = wochenhonorar.times(w);
  trace?.push({ schritt: `× ${w} Arbeitswochen`, wert: result.toString(), einheit: "€/Jahr" });
  return result;
}

/**
 * Fee revenue over a period: the period is cut at every quarter start and at
 * every date from which one of the values used changes (Orientierungswert,
 * points of 35401 and 35150, the rules for working weeks and the share of
 * genehmigungspflichtige sessions). Not rounded: an estimate of revenue, not a payment.
 */
export function honorarZeitraum(sitzungen: Decimal, von: IsoDate, bis: IsoDate, anteil: Decimal | null, honorarGp: Decimal | null, honorarNgp: Decimal | null, trace?: Trace): Decimal {
  const t = tables();
  const used = [t.orientierungswert, ...(anteil ? [] : [t.regeln.get("anteil_genehmigungspflichtig")]), ...(honorarGp ? [] : [findGop("35401").punkte]), ...(honorarNgp ? [] : [findGop("35150").punkte])];
  return zeitraumSumme(von, bis, used, (start, steps) => honorarWoche(sitzungen, anteil, honorarGp, honorarNgp, start, steps), "Wochenhonorar", trace);
}

/**
 * A weekly amount summed over a period, each part at the values in force then:
 * the period is cut at every quarter start and at every date from which one of
 * the series `used` (and the working weeks) changes. Each piece earns the weekly
 * amount at its first day's values for its share of the quarter's working weeks
 * (43 / 4, by days within the quarter), so a calendar year is exactly its four
 * quarters' weighted sum.
 */
export function zeitraumSumme(
  von: IsoDate,
  bis: IsoDate,
  used: (Series | undefined)[],
  woche: (start: IsoDate, trace: Trace) => Decimal,
  was: string,
  trace?: Trace,
): Decimal {
  periodQuarters(von, bis);
  const cuts = new Set<IsoDate>();
  for (let y = Number(von.slice(0, 4)); y <= Number(bis.slice(0, 4)); y++) for (let q = 1; q <= 4; q++) cuts.add(quarterStart(q, y));
  for (const series of [...used, tables().regeln.get("arbeitswochen_pro_jahr")]) for (const e of series?.entries ?? []) cuts.add(e.valid_from);
  const starts = [von, ...[...cuts].filter((d) => d > von && d <= bis).sort()];
  let total = new Decimal(0);
  let previous: string | undefined;
  starts.forEach((start, k) => {
    const end = k + 1 < starts.length ? dayBefore(starts[k + 1]) : bis;
    const { quarter, year } = quarterOf(start);
    const [days, quarterDays] = [daysBetween(start, end), daysBetween(quarterStart(quarter, year), quarterEnd(quarter, year))];
    // The table entries are named where the weekly amount changes, not for every quarter of a long period.
    const steps: Step[] = [];
    const betrag = woche(start, trace && steps);
    const key = betrag.toString();
    if (trace && key !== previous) trace.push(...steps);
    previous = key;
    const wochen = wochenProQuartal(start, undefined).times(days).dividedBy(quarterDays);
    const teil = betrag.times(wochen);
    total = total.plus(teil);
    trace?.push({ schritt: `${formatDe(start)} bis ${formatDe(end)}: ${was} × ${de(wochen.toSignificantDigits(6))} Arbeitswochen (${days} von ${quarterDays} Tagen des Quartals)`, wert: teil.toString(), einheit: "€" });
  });
  trace?.push({ schritt: "Summe über den Zeitraum", wert: total.toString(), einheit: "€" });
  return total;
}
