import { Decimal } from "../engine/decimal";
import { IsoDate } from "../engine/dates";
import ebmJson from "./ebm.json";
import goaeJson from "./goae.json";
import praxisJson from "./praxis.json";
import sourcesJson from "./sources.json";
import { RawAnalog, RawZiffer, RawEbm, RawFact, RawGoae, RawPraxis, RawPreset, RawSeries, RawSources, RawTables, Source, Status } from "./types";
import { applyOverrides, Override } from "./overrides";
import { normalizeKvName, validateTables, zifferPruefer } from "./validate";

/** A table value as the engine uses it: the number, when it holds, and where it comes from. */
export interface Entry {
  key: string;
  label: string;
  unit: string;
  valid_from: IsoDate;
  /** Exclusive end: the next entry's valid_from, if any. */
  valid_to?: IsoDate;
  value: Decimal | null;
  status: Status;
  sourceId: string;
  source: Source;
  fundstelle?: string;
  note?: string;
}

export class Series {
  private built?: Entry[];
  constructor(readonly key: string, readonly label: string, private readonly raw: RawSeries, private readonly sources: RawSources) {}

  /** Built on first use: of the whole GOÄ's 2.800 numbers a workbook reads a few, and the add-in's first answer waits for the tables. */
  get entries(): Entry[] {
    this.built ??= this.raw.values.map((e, i) => ({
      key: this.key,
      label: this.label,
      unit: this.raw.unit,
      valid_from: e.valid_from,
      valid_to: this.raw.values[i + 1]?.valid_from,
      value: e.value === null ? null : new Decimal(e.value),
      status: e.status,
      sourceId: e.source,
      source: this.sources.quellen[e.source],
      fundstelle: e.fundstelle,
      note: e.note,
    }));
    return this.built;
  }

  get unit(): string {
    return this.entries[0].unit;
  }

  get firstDate(): IsoDate {
    return this.entries[0].valid_from;
  }

  /** The entry in force on `date`, or undefined before the series starts. */
  at(date: IsoDate): Entry | undefined {
    const list = this.entries;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].valid_from <= date) return list[i];
    }
    return undefined;
  }
}

export interface Fact<T> {
  key: string;
  value: T;
  status: Status;
  sourceId: string;
  source: Source;
  fundstelle?: string;
  note?: string;
}

export interface Gop {
  gop: string;
  titel: string;
  kapitel: string;
  punkte: Series;
  pruefzeit: Series;
  /** 1 = paid outside the total budget at fixed prices, 0 = budgeted. */
  extrabudgetaer: Series;
}

export type BandName = "mindestsatz" | "schwellenwert" | "hoechstsatz" | "standardtarif" | "basistarif";

export interface Bereich {
  id: string;
  bezeichnung: string;
  abdingungZulaessig: Fact<boolean>;
  bands: Record<BandName, Series>;
}

export interface Ziffer {
  nr: string;
  abschnitt: string;
  titel: string;
  punkte: Series;
  bereich: Bereich;
}

export interface Tables {
  ausgabe: IsoDate;
  orientierungswert: Series;
  gops: Map<string, Gop>;
  goaePunktwert: Series;
  bereiche: Bereich[];
  ziffern: Ziffern;
  /** Analog recommendations by the number they point to. */
  analog: Map<string, RawAnalog[]>;
  kvs: Kv[];
  /** KV by every accepted spelling, normalised (normalizeKvName). */
  kvByName: Map<string, Kv>;
  /** Practice rules (capacity, Abstaffelung bound, Soziotherapie, Fallmanagement) by name. */
  regeln: Map<string, Series>;
  /** Every series by key, for citations (QUELLE) and explanations. */
  series: Map<string, Series>;
  /** Every undated fact by key (GOÄ: whether Abdingung is allowed in a band), likewise. */
  facts: Map<string, Fact<unknown>>;
  /** Assumption presets of the trainee-deficit model by name. */
  presets: Map<string, RawPreset>;
  quellen: Record<string, Source>;
}

export interface Kv {
  id: string;
  name: string;
  quote: Series;
}

const REGEL_LABEL: Record<string, string> = {
  abstaffelung_obergrenze: "Obergrenze der abgestaffelten Vergütung (Anteil der Kapazitätsgrenze)",
  kapazitaet_genehmigungspflichtig_minuten: "Kapazitätsgrenze genehmigungspflichtiger Leistungen (voller Versorgungsauftrag)",
  vollauslastung_sitzungen_pro_woche: "Vollauslastung: Sitzungen je Woche",
  arbeitswochen_pro_jahr: "Arbeitswochen je Jahr",
  soziotherapie_hoechststunden: "Soziotherapie: Höchststunden in drei Jahren",
  soziotherapie_stundensatz: "Soziotherapie: Stundensatz",
  fallmanagement_hoechstminuten: "Fallmanagement: Höchstdauer",
  fallmanagement_verlaengerung_minuten: "Fallmanagement: Verlängerung",
  anteil_genehmigungspflichtig: "Anteil genehmigungspflichtiger Sitzungen",
  pruefzeit_sitzung: "Prüfzeit einer 50-minütigen Sitzung",
  sv_ag_kv: "Arbeitgeberanteil Krankenversicherung (allgemeiner Beitragssatz)",
  sv_ag_kv_zusatz: "Arbeitgeberanteil durchschnittlicher Zusatzbeitrag",
  sv_ag_rv: "Arbeitgeberanteil Rentenversicherung",
  sv_ag_av: "Arbeitgeberanteil Arbeitslosenversicherung",
  sv_ag_pv: "Arbeitgeberanteil Pflegeversicherung",
  mfa_tg2_bj13_16: "MFA-Gehalt Tätigkeitsgruppe II, 13.–16. Berufsjahr",
  mfa_sonderzahlung_monate: "MFA-Sonderzahlung in Monatsgehältern",
  verwaltung_lohnnebenkosten: "Lohnnebenkosten der Verwaltungskraft (Bewertungsausschuss)",
  verwaltung_stellenanteil_vollauslastung: "Verwaltungsstelle bei Vollauslastung",
  strukturzuschlag_ab_sitzung: "Strukturzuschlag ab Sitzung je Woche (Mindestpunktzahl)",
  strukturzuschlag_voll_bis_sitzung: "Voller Strukturzuschlag bis Sitzung je Woche",
  strukturzuschlag_halb_bis_sitzung: "Strukturzuschlag mit Faktor bis Sitzung je Woche (Obergrenze)",
  strukturzuschlag_faktor_oberhalb_vollauslastung: "Faktor des Strukturzuschlags oberhalb der Vollauslastung",
  strukturzuschlag_dptv_vorschlag_bis_sitzung: "DPtV-Vorschlag: Strukturzuschlag bis Sitzung je Woche",
  beihilfe_bemessungssatz: "Bemessungssatz der Beihilfe (Bund, beihilfeberechtigte Person)",
  vpi_jahresdurchschnitt: "Verbraucherpreisindex für Deutschland, Jahresdurchschnitt (2020 = 100)",
};

/** TV-L series are named tvl_<gruppe>_stufe<n>; their label is built rather than listed. */
function regelLabel(key: string): string {
  const tvl = /^tvl_(e\d+)_stufe(\d)$/.exec(key);
  if (tvl) return `TV-L Entgeltgruppe ${tvl[1].toUpperCase()} Stufe ${tvl[2]}`;
  return REGEL_LABEL[key] ?? key;
}

const BANDS: BandName[] = ["mindestsatz", "schwellenwert", "hoechstsatz", "standardtarif", "basistarif"];

/**
 * The GOÄ's 2.800 numbers, each checked against the schema and built on first
 * lookup: a workbook reads a few of them, and the add-in's first answer waits
 * for the tables. The build and the tests check every number
 * (validateTables); should a malformed one reach the tables anyway, its lookup
 * fails with the check's message, and so does listing every series (QUELLE,
 * honorar daten), which builds them all; no lookup gives a number from it.
 */
export class Ziffern {
  private readonly roh = new Map<string, RawZiffer>();
  private readonly fertig = new Map<string, Ziffer>();

  constructor(ziffern: RawZiffer[], private readonly bauen: (z: RawZiffer) => Ziffer) {
    for (const z of ziffern) this.roh.set(z.nr, z);
  }

  get(nr: string): Ziffer | undefined {
    let z = this.fertig.get(nr);
    if (z === undefined) {
      const r = this.roh.get(nr);
      if (r === undefined) return undefined;
      z = this.bauen(r);
      this.fertig.set(nr, z);
    }
    return z;
  }

  has(nr: string): boolean {
    return this.roh.has(nr);
  }

  /** Every number in the order of the schedule. */
  values(): Ziffer[] {
    return [...this.roh.keys()].map((nr) => this.get(nr)!);
  }
}

export function buildTables(raw: RawTables): Tables {
  const { sources, ebm, goae, praxis } = raw;
  const problems = validateTables(raw, { ziffernEinzeln: false });
  if (problems.length > 0) {
    throw new Error(`Datentabellen fehlerhaft:\n  ${problems.join("\n  ")}`);
  }
  const series = new Map<string, Series>();
  const make = (key: string, label: string, raw: RawSeries): Series => {
    const s = new Series(key, label, raw, sources);
    series.set(key, s);
    return s;
  };
  const facts = new Map<string, Fact<unknown>>();
  const fact = <T>(key: string, raw: RawFact<T>): Fact<T> => {
    const f: Fact<T> = { key, value: raw.value, status: raw.status, sourceId: raw.source, source: sources.quellen[raw.source], fundstelle: raw.fundstelle, note: raw.note };
    facts.set(key, f);
    return f;
  };

  const gops = new Map<string, Gop>();
  for (const g of ebm.gops) {
    gops.set(g.gop, {
      gop: g.gop,
      titel: g.titel,
      kapitel: g.kapitel,
      punkte: make(`ebm.punkte.${g.gop}`, `Punktzahl GOP ${g.gop}`, g.punkte),
      pruefzeit: make(`ebm.pruefzeit.${g.gop}`, `Prüfzeit GOP ${g.gop}`, g.pruefzeit),
      extrabudgetaer: make(`ebm.extrabudgetaer.${g.gop}`, `Extrabudgetär GOP ${g.gop}`, g.extrabudgetaer),
    });
  }

  const bereiche: Bereich[] = [];
  const bereichOfSection = new Map<string, Bereich>();
  const bereichOfNumber = new Map<string, Bereich>();
  for (const b of goae.bereiche) {
    const bands = {} as Record<BandName, Series>;
    for (const band of BANDS) {
      bands[band] = make(`goae.${b.id}.${band}`, `GOÄ ${b.bezeichnung}: ${band}`, b[band]);
    }
    const bereich: Bereich = {
      id: b.id,
      bezeichnung: b.bezeichnung,
      abdingungZulaessig: fact(`goae.${b.id}.abdingung_zulaessig`, b.abdingung_zulaessig),
      bands,
    };
    bereiche.push(bereich);
    for (const a of b.abschnitte) bereichOfSection.set(a, bereich);
    for (const n of b.ziffern) bereichOfNumber.set(n, bereich);
  }

  const zifferPlatz = series.size;
  const pruefen = zifferPruefer(raw);
  const ziffern = new Ziffern(goae.ziffern, (z) => {
    const fehler = pruefen(z);
    if (fehler.length > 0) throw new Error(`Datentabellen fehlerhaft:\n  ${fehler.join("\n  ")}`);
    const punkte = new Series(`goae.punkte.${z.nr}`, `Punktzahl GOÄ-Nr. ${z.nr}`, z.punkte, sources);
    return { nr: z.nr, abschnitt: z.abschnitt, titel: z.titel, punkte, bereich: bereichOfNumber.get(z.nr) ?? (bereichOfSection.get(z.abschnitt) as Bereich) };
  });

  const analog = new Map<string, RawAnalog[]>();
  for (const a of goae.analog) {
    analog.set(a.analog_zu, [...(analog.get(a.analog_zu) ?? []), a]);
  }

  const kvs: Kv[] = praxis.kvs.map((k) => ({ id: k.id, name: k.name, quote: make(`kv.${k.id}.quote`, `Abstaffelungsquote KV ${k.name}`, k.quote) }));
  const kvByName = new Map<string, Kv>();
  praxis.kvs.forEach((k, i) => [k.id, k.name, ...k.aliases].forEach((n) => kvByName.set(normalizeKvName(n), kvs[i])));
  const regeln = new Map<string, Series>();
  for (const [key, s] of Object.entries(praxis.regeln)) regeln.set(key, make(`praxis.${key}`, regelLabel(key), s));
  const orientierungswert = make("ebm.orientierungswert", "Orientierungswert", ebm.orientierungswert);
  const goaePunktwert = make("goae.punktwert", "GOÄ-Punktwert", goae.punktwert);

  // Listed in one fixed order (the GOÄ's numbers after its bands), whichever numbers were looked up first.
  let alle: Map<string, Series> | undefined;
  const alleReihen = (): Map<string, Series> => {
    if (alle === undefined) {
      const eintraege = [...series];
      const punkte = ziffern.values().map((z): [string, Series] => [z.punkte.key, z.punkte]);
      alle = new Map([...eintraege.slice(0, zifferPlatz), ...punkte, ...eintraege.slice(zifferPlatz)]);
    }
    return alle;
  };

  return {
    ausgabe: sources.ausgabe,
    orientierungswert,
    gops,
    goaePunktwert,
    bereiche,
    ziffern,
    analog,
    kvs,
    kvByName,
    regeln,
    get series() {
      return alleReihen();
    },
    facts,
    presets: new Map(Object.entries(praxis.weiterbildung)),
    quellen: sources.quellen,
  };
}

let active: Tables | undefined;
let activeRawTables: RawTables | undefined;
let activeOverrides: readonly Override[] = [];

/** The tables in force: built (and validated) on first use, not at load, so registration stays instant. */
export function tables(): Tables {
  if (!active) active = buildTables(activeRaw());
  return active;
}

/**
 * The raw data in force: the shipped tables, or the tables with the workbook's
 * overrides applied. The data hash (DATENSTAND) is taken over this.
 */
export function activeRaw(): RawTables {
  return activeRawTables ?? RAW;
}

/**
 * Replaces the data in force (tests). Pass the raw tables the built ones came
 * from, so that the data hash covers them; undefined restores the shipped data.
 */
export function useTables(t: Tables | undefined, raw?: RawTables): void {
  active = t;
  activeRawTables = t === undefined ? undefined : raw;
  activeOverrides = [];
}

/** Puts the workbook's own values in force over the shipped data; throws, changing nothing, if they do not fit. */
export function useOverrides(overrides: readonly Override[]): void {
  if (overrides.length === 0) useTables(undefined);
  else {
    const raw = applyOverrides(RAW, overrides);
    useTables(buildTables(raw), raw);
  }
  activeOverrides = overrides;
}

/** Whether the shipped data still waits for its texts (the add-in loads them after the numbers). */
export function texteAusstehend(): boolean {
  return RAW.sources.texte !== undefined;
}

/**
 * Puts the texts of the shipped tables in place (each part has the structure of
 * its file, holding only the texts) and rebuilds the tables in force from them,
 * own values included.
 */
export function ergaenzeTexte(texte: Record<keyof RawTables, unknown>): void {
  if (!texteAusstehend()) return;
  for (const part of Object.keys(texte) as (keyof RawTables)[]) merge(RAW[part], texte[part]);
  delete RAW.sources.texte;
  useOverrides(activeOverrides);
}

function merge(target: unknown, texts: unknown): void {
  const t = target as Record<string, unknown>;
  for (const [key, text] of Object.entries(texts as Record<string, unknown>)) {
    if (typeof text === "object") merge(t[key], text);
    else t[key] = text;
  }
}

export const RAW: RawTables = {
  sources: sourcesJson as RawSources,
  ebm: ebmJson as RawEbm,
  goae: goaeJson as RawGoae,
  praxis: praxisJson as RawPraxis,
};
