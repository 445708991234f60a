import { Entry, Series, tables } from "../data/tables";
import { Status, STATUSES } from "../data/types";
import { dayBefore, formatDe, IsoDate, quarterEnd, quarterOf, quarterStart } from "./dates";
import { badInput } from "./errors";
import { datenstand } from "./quelle";

/**
 * What a maintainer needs to see before a data edition goes out: every series
 * with its last entry and how long its last sourced value holds, the status
 * counts, and what a Stichtag in the next four quarters would lack.
 */

/**
 * Series that are set anew for every calendar year, with the rule that sets
 * them. For these a year without an entry is a silent error: the year before
 * would carry on as if it were still in force. Each year from the first entry
 * to the last year looked at must therefore have an entry of its own, with a
 * value or with a note why there is none (yet).
 */
export const JAEHRLICH: Record<string, string> = {
  "ebm.orientierungswert": "§ 87 Abs. 2e SGB V: der Bewertungsausschuss legt den Orientierungswert jährlich für das Folgejahr fest",
  "praxis.sv_ag_kv_zusatz": "§ 242a SGB V: das BMG legt den durchschnittlichen Zusatzbeitragssatz jährlich bis zum 1. November für das Folgejahr fest",
};

export interface ReihenStatus {
  key: string;
  label: string;
  unit: string;
  eintraege: number;
  status: Record<Status, number>;
  letzter: { valid_from: IsoDate; value: string | null; status: Status };
  /** The last day the last sourced value holds; "offen" while it holds until further notice; null if the series has no sourced value. */
  gueltigBis: IsoDate | "offen" | null;
  jaehrlich?: string;
  /** The points of the GOÄ's numbers, one series each, by section of the schedule ("GOÄ-Abschnitt B"): a report lists them together. */
  gruppe?: string;
}

/**
 * "ausgelaufen": the series' sourced values end and an entry records that the
 * next one is not in this edition (the Orientierungswert of next year);
 * "nicht belegt": a period no source gives a value for;
 * "ohne Wert laut Quelle": the cited source itself says there is no value (a
 * GOÄ number repealed, a surcharge without points of its own): confirmed, so
 * no gap for a maintainer to fill;
 * "ohne Eintrag": a yearly series lacks the entry for a year, so last year's
 * value would be used silently — a fault of the edition that a test catches.
 */
export type LueckenArt = "ausgelaufen" | "nicht belegt" | "ohne Wert laut Quelle" | "ohne Eintrag";

export interface Luecke {
  key: string;
  label: string;
  art: LueckenArt;
  /** The first day in the window without a value. */
  ab: IsoDate;
  /** The last day of the gap in the window; undefined when it runs past the window. */
  bis: IsoDate | undefined;
  /** The quarters of the window ("1/2027") a Stichtag in which would lack the value. */
  quartale: string[];
  grund: string;
}

export interface Datenstatus {
  datenstand: string;
  /** The first day looked at (today, or the date asked for). */
  heute: IsoDate;
  /** The last day of the fourth quarter after the one `heute` lies in. */
  bis: IsoDate;
  quartale: string[];
  reihen: ReihenStatus[];
  summe: { reihen: number; eintraege: number; status: Record<Status, number> };
  luecken: Luecke[];
}

function zaehler(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

/** The quarters from the one `heute` lies in to the fourth after it, as [label, first day, last day]. */
function fenster(heute: IsoDate): [string, IsoDate, IsoDate][] {
  let { quarter: q, year } = quarterOf(heute);
  const out: [string, IsoDate, IsoDate][] = [];
  for (let k = 0; k < 5; k++) {
    out.push([`${q}/${year}`, k === 0 ? heute : quarterStart(q, year), quarterEnd(q, year)]);
    if (++q > 4) [q, year] = [1, year + 1];
  }
  return out;
}

/** The last day the series' last sourced value holds: the day before the next entry, "offen" without one, null without any. */
export function gueltigBis(s: Series): IsoDate | "offen" | null {
  const list = s.entries;
  let last = -1;
  list.forEach((e, i) => {
    if (e.value !== null) last = i;
  });
  if (last < 0) return null;
  const next = list[last + 1];
  return next ? dayBefore(next.valid_from) : "offen";
}

/** The yearly series' missing years between its first entry and the window's end: each is a gap no entry explains. */
export function fehlendeJahre(s: Series, bisJahr: number): number[] {
  const years = new Set(s.entries.map((e) => Number(e.valid_from.slice(0, 4))));
  const first = Number(s.firstDate.slice(0, 4));
  const out: number[] = [];
  for (let y = first; y <= bisJahr; y++) if (!years.has(y)) out.push(y);
  return out;
}

function quartaleIn(quartale: [string, IsoDate, IsoDate][], ab: IsoDate, bis: IsoDate | undefined): string[] {
  return quartale.filter(([, von, ende]) => von <= (bis ?? "9999-12-31") && ende >= ab).map(([label]) => label);
}

export function datenstatus(heute: IsoDate): Datenstatus {
  // Four quarters on must still be a date the tables can name.
  if (quarterOf(heute).year > 9998) throw badInput(`${formatDe(heute)}: die vier folgenden Quartale liegen nach dem Jahr 9999.`);
  const t = tables();
  const quartale = fenster(heute);
  const ende = quartale[quartale.length - 1][2];
  const reihen: ReihenStatus[] = [];
  const luecken: Luecke[] = [];
  const summe = { reihen: 0, eintraege: 0, status: zaehler() };
  const abschnitt = new Map(t.ziffern.values().map((z) => [z.punkte.key, z.abschnitt]));
  for (const s of t.series.values()) {
    const status = zaehler();
    for (const e of s.entries) {
      status[e.status]++;
      summe.status[e.status]++;
    }
    summe.reihen++;
    summe.eintraege += s.entries.length;
    const last = s.entries[s.entries.length - 1];
    reihen.push({
      key: s.key,
      label: s.label,
      unit: s.unit,
      eintraege: s.entries.length,
      status,
      letzter: { valid_from: last.valid_from, value: last.value === null ? null : last.value.toString(), status: last.status },
      gueltigBis: gueltigBis(s),
      ...(JAEHRLICH[s.key] ? { jaehrlich: JAEHRLICH[s.key] } : {}),
      ...(abschnitt.has(s.key) ? { gruppe: `GOÄ-Abschnitt ${abschnitt.get(s.key)}` } : {}),
    });
    luecken.push(...imFenster(s, heute, ende, quartale));
    if (JAEHRLICH[s.key]) {
      for (const y of fehlendeJahre(s, Number(ende.slice(0, 4)))) {
        const ab = `${String(y).padStart(4, "0")}-01-01`;
        if (`${y}-12-31` < heute) continue; // past years are the history's business (validated by the test), not this window's
        const von = ab < heute ? heute : ab;
        const bis = `${y}-12-31` > ende ? undefined : `${y}-12-31`;
        luecken.push({ key: s.key, label: s.label, art: "ohne Eintrag", ab: von, bis, quartale: quartaleIn(quartale, von, bis), grund: `Kein Eintrag für ${y}: ${JAEHRLICH[s.key]}; der Wert des Vorjahres gälte stillschweigend weiter.` });
      }
    }
  }
  return { datenstand: datenstand(), heute, bis: ende, quartale: quartale.map(([q]) => q), reihen, summe, luecken };
}

/** Entries without a value that are in force on some day of the window, or a series that starts after the window opens. */
function imFenster(s: Series, heute: IsoDate, ende: IsoDate, quartale: [string, IsoDate, IsoDate][]): Luecke[] {
  const out: Luecke[] = [];
  if (s.firstDate > heute && s.firstDate <= ende) {
    const bis = dayBefore(s.firstDate);
    out.push({ key: s.key, label: s.label, art: "nicht belegt", ab: heute, bis, quartale: quartaleIn(quartale, heute, bis), grund: `Die Reihe beginnt erst am ${formatDe(s.firstDate)}.` });
  }
  s.entries.forEach((e: Entry, i) => {
    if (e.value !== null) return;
    const bisExkl = e.valid_to;
    if (e.valid_from > ende || (bisExkl !== undefined && bisExkl <= heute)) return;
    const ab = e.valid_from < heute ? heute : e.valid_from;
    const bisIncl = bisExkl === undefined || dayBefore(bisExkl) > ende ? undefined : dayBefore(bisExkl);
    // A series that had values and whose last entry says the next one is not in this edition has run out: an update is due.
    // Tariffs, rates and the Orientierungswert are published within a year of taking effect; a gap older than the
    // year before is one that no source has filled, not one the next edition will.
    const jung = Number(e.valid_from.slice(0, 4)) >= Number(heute.slice(0, 4)) - 1;
    const ausgelaufen = jung && i === s.entries.length - 1 && i > 0 && s.entries[i - 1].value !== null;
    // An update due wins: a confirmed entry without value at the end of a young series still needs a look.
    const art: LueckenArt = ausgelaufen ? "ausgelaufen" : e.status === "confirmed" ? "ohne Wert laut Quelle" : "nicht belegt";
    out.push({ key: s.key, label: s.label, art, ab, bis: bisIncl, quartale: quartaleIn(quartale, ab, bisIncl), grund: e.note ?? "" });
  });
  return out;
}
