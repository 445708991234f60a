import { Decimal } from "../engine/decimal";
import { IsoDate } from "../engine/dates";
import ebmJson from "./ebm.json";
import goaeJson from "./goae.json";
import sourcesJson from "./sources.json";
import { RawAnalog, RawEbm, RawFact, RawGoae, RawSeries, RawSources, Source, Status } from "./types";
import { validateTables } from "./validate";

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
  readonly entries: Entry[];
  constructor(readonly key: string, readonly label: string, raw: RawSeries, sources: RawSources) {
    this.entries = raw.values.map((e, i) => ({
      key,
      label,
      unit: raw.unit,
      valid_from: e.valid_from,
      valid_to: raw.values[i + 1]?.valid_from,
      value: e.value === null ? null : new Decimal(e.value),
      status: e.status,
      sourceId: e.source,
      source: sources.quellen[e.source],
      fundstelle: e.fundstelle,
      note: e.note,
    }));
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
  ziffern: Map<string, Ziffer>;
  /** Analog recommendations by the number they point to. */
  analog: Map<string, RawAnalog[]>;
  /** Every series by key, for citations (QUELLE) and explanations. */
  series: Map<string, Series>;
}

const BANDS: BandName[] = ["mindestsatz", "schwellenwert", "hoechstsatz", "standardtarif", "basistarif"];

export function buildTables(sources: RawSources, ebm: RawEbm, goae: RawGoae): Tables {
  const problems = validateTables(sources, ebm, goae);
  if (problems.length > 0) {
    throw new Error(`Datentabellen fehlerhaft:\n  ${problems.join("\n  ")}`);
  }
  const series = new Map<string, Series>();
  const make = (key: string, label: string, raw: RawSeries): Series => {
    const s = new Series(key, label, raw, sources);
    series.set(key, s);
    return s;
  };
  const fact = <T>(key: string, raw: RawFact<T>): Fact<T> => ({
    key,
    value: raw.value,
    status: raw.status,
    sourceId: raw.source,
    source: sources.quellen[raw.source],
    fundstelle: raw.fundstelle,
    note: raw.note,
  });

  const gops = new Map<string, Gop>();
  for (const g of ebm.gops) {
    gops.set(g.gop, {
      gop: g.gop,
      titel: g.titel,
      kapitel: g.kapitel,
      punkte: make(`ebm.punkte.${g.gop}`, `Punktzahl GOP ${g.gop}`, g.punkte),
      pruefzeit: make(`ebm.pruefzeit.${g.gop}`, `Prüfzeit GOP ${g.gop}`, g.pruefzeit),
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

  const ziffern = new Map<string, Ziffer>();
  for (const z of goae.ziffern) {
    ziffern.set(z.nr, {
      nr: z.nr,
      abschnitt: z.abschnitt,
      titel: z.titel,
      punkte: make(`goae.punkte.${z.nr}`, `Punktzahl GOÄ-Nr. ${z.nr}`, z.punkte),
      bereich: bereichOfNumber.get(z.nr) ?? (bereichOfSection.get(z.abschnitt) as Bereich),
    });
  }

  const analog = new Map<string, RawAnalog[]>();
  for (const a of goae.analog) {
    analog.set(a.analog_zu, [...(analog.get(a.analog_zu) ?? []), a]);
  }

  return {
    ausgabe: sources.ausgabe,
    orientierungswert: make("ebm.orientierungswert", "Orientierungswert", ebm.orientierungswert),
    gops,
    goaePunktwert: make("goae.punktwert", "GOÄ-Punktwert", goae.punktwert),
    bereiche,
    ziffern,
    analog,
    series,
  };
}

let active: Tables | undefined;

/** The tables in force: built (and validated) on first use, not at load, so registration stays instant. */
export function tables(): Tables {
  if (!active) active = buildTables(sourcesJson as RawSources, ebmJson as RawEbm, goaeJson as RawGoae);
  return active;
}

/** Replaces the active tables (tests, and later workbook overrides). */
export function useTables(t: Tables | undefined): void {
  active = t;
}

export const RAW = {
  sources: sourcesJson as RawSources,
  ebm: ebmJson as RawEbm,
  goae: goaeJson as RawGoae,
};
