import { Decimal, ONE } from "./decimal";
import { IsoDate } from "./dates";
import { ebmHonorar } from "./ebm";
import { EngineError, noValue } from "./errors";
import { regel } from "./regeln";
import { Trace } from "./trace";

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
