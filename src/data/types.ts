/**
 * The shape of the data files. Every number the engine uses is a dated entry
 * with a source and a status, in the manner of OpenFisca parameters:
 * an entry holds from its `valid_from` until the next entry of its series.
 */
/** "override": a value the user entered in the workbook (task pane), never in the shipped data files. */
export type Status = "confirmed" | "derived" | "unconfirmed" | "override";
export const STATUSES: readonly Status[] = ["confirmed", "derived", "unconfirmed", "override"];

export interface Source {
  titel: string;
  herausgeber?: string;
  /** A web address (http or https), never a file of this project. */
  url?: string;
  beschluss?: string;
  /** Where it appeared when no web address is known: journal and issue, or the form of publication. */
  erschienen?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD: the date of the publication or decision. */
  datum: string;
}

export interface RawEntry {
  valid_from: string;
  /** Decimal as text, never a float; null records that no sourced value exists (the note says why). */
  value: string | null;
  status: Status;
  /** Id in sources.json. */
  source: string;
  fundstelle?: string;
  note?: string;
}

export interface RawSeries {
  unit: string;
  values: RawEntry[];
}

export interface RawFact<T> {
  value: T;
  status: Status;
  source: string;
  fundstelle?: string;
  note?: string;
}

export interface RawGop {
  gop: string;
  titel: string;
  kapitel: string;
  punkte: RawSeries;
  pruefzeit: RawSeries;
  /**
   * Whether the service is paid outside the morbidity-based total budget
   * (morbiditätsbedingte Gesamtvergütung) at fixed prices: "1" extrabudgetär,
   * "0" budgetiert, null where no source says it (the note tells why).
   */
  extrabudgetaer: RawSeries;
}

export interface RawEbm {
  orientierungswert: RawSeries;
  gops: RawGop[];
}

export interface RawBereich {
  id: string;
  bezeichnung: string;
  abschnitte: string[];
  /** Single numbers that belong to this band although their section does not (Nr. 437: labour band). */
  ziffern: string[];
  abdingung_zulaessig: RawFact<boolean>;
  mindestsatz: RawSeries;
  schwellenwert: RawSeries;
  hoechstsatz: RawSeries;
  standardtarif: RawSeries;
  basistarif: RawSeries;
}

export interface RawZiffer {
  nr: string;
  abschnitt: string;
  titel: string;
  punkte: RawSeries;
}

export interface RawAnalog {
  bezeichnung: string;
  analog_zu: string;
  valid_from: string;
  status: Status;
  source: string;
  hinweis?: string;
}

export interface RawGoae {
  punktwert: RawSeries;
  bereiche: RawBereich[];
  ziffern: RawZiffer[];
  analog: RawAnalog[];
}

export interface RawSources {
  ausgabe: string;
  quellen: Record<string, Source>;
  /**
   * Set in the add-in while the tables' texts (titles, citations, notes) are
   * still to come: its bundle carries the numbers first (scripts/pack-tables.js).
   */
  texte?: "folgen";
}

export interface RawKv {
  id: string;
  name: string;
  aliases: string[];
  /** Share of the full fee paid between 100 % and the upper bound of the limit. */
  quote: RawSeries;
}

/** One assumption of a model preset: a value as text (a number as decimal text, or a word), with its citation. */
export interface RawAnnahme {
  value: string;
  status: Status;
  source: string;
  fundstelle?: string;
  note?: string;
}

/** A named set of assumptions for the trainee-deficit model (WB_DEFIZIT), optionally on top of another preset. */
export interface RawPreset {
  titel: string;
  source: string;
  basis?: string;
  annahmen: Record<string, RawAnnahme>;
}

export interface RawPraxis {
  kvs: RawKv[];
  regeln: Record<string, RawSeries>;
  weiterbildung: Record<string, RawPreset>;
}

export interface RawTables {
  sources: RawSources;
  ebm: RawEbm;
  goae: RawGoae;
  praxis: RawPraxis;
}
