import { Entry, tables } from "../data/tables";
import { zahlAusText } from "./zahltext";
import { RawAnnahme, Source, Status } from "../data/types";
import { de, Decimal, ONE, roundCent, ZERO } from "./decimal";
import { IsoDate, parseStichtag } from "./dates";
import { ebmHonorar } from "./ebm";
import { badInput, EngineError, noValue, outOfRange } from "./errors";
import { valueAt } from "./lookup";
import { pruefeSitzungenProWoche, strukturzuschlagWoche, szBetraege, SzRegel, toSzRegel } from "./strukturzuschlag";
import { Trace } from "./trace";

/**
 * The trainee-post deficit (Weiterbildungsteilnehmende, "PtW") of a practice:
 * the model of the DPtV position paper of 11.09.2023 (seed 003), with every
 * assumption named, dated and cited, and every line traceable.
 *
 * Each quantity of the model has a name. A preset (praxis.json › weiterbildung)
 * or the workbook sets assumptions by name; any computed line can be set too
 * (that is how the printed figures of the paper are reproduced where they do
 * not follow from their derivation). Lines are rounded as `rundung` says (the
 * paper rounds every line to whole euros) and later lines use the rounded values,
 * as a reader of the printed table would.
 */

export type Kind = "zahl" | "anteil" | "ganzzahl" | "text" | "stichtag" | "geld";

export interface Annahme {
  name: string;
  label: string;
  einheit: string;
  kind: Kind;
  /** Zero is not allowed. */
  positiv?: boolean;
  choices?: readonly string[];
  /**
   * Has a derivation of its own (a table value or a computation), so a preset
   * may fix it at a printed value that only fits the preset's other assumptions.
   */
  herleitbar?: true;
}

const RUNDUNGEN = ["Cent", "Euro"] as const;
/** What happens to a preset's printed values when changed assumptions change their derivation. */
export const GEDRUCKTE_WERTE = ["freigeben", "behalten"] as const;
const TVL_GRUPPEN = ["E13", "E14", "E15"] as const;

/** The assumptions a user may set (besides any line of the result). */
export const ANNAHMEN: Annahme[] = [
  { name: "stichtag", label: "Stichtag der Tabellen", einheit: "Datum", kind: "stichtag" },
  { name: "umfang", label: "Beschäftigungsumfang der PtW (1 = Vollzeit, 0,5 = Halbzeit)", einheit: "Anteil", kind: "anteil", positiv: true },
  { name: "versorgungsauftrag", label: "Versorgungsauftrag der Praxisinhaber:in", einheit: "Anteil", kind: "anteil", positiv: true },
  { name: "praxis_sitzungen", label: "Genehmigungspflichtige Sitzungen der Inhaber:in je Woche", einheit: "Sitzungen/Woche", kind: "zahl" },
  { name: "sitzungen_vollzeit", label: "Sitzungen der PtW je Woche bei Vollzeit", einheit: "Sitzungen/Woche", kind: "zahl" },
  { name: "probatorik_anteil", label: "Anteil probatorischer Sitzungen", einheit: "Anteil", kind: "anteil" },
  { name: "wochen", label: "Arbeitswochen je Jahr", einheit: "Wochen", kind: "zahl", positiv: true, herleitbar: true },
  { name: "gop_sitzung", label: "GOP der genehmigungspflichtigen Sitzung", einheit: "GOP", kind: "text" },
  { name: "gop_probatorik", label: "GOP der probatorischen Sitzung", einheit: "GOP", kind: "text" },
  { name: "strukturzuschlag_regel", label: "Lesart der Strukturzuschlag-Regel", einheit: "Regel", kind: "text", choices: ["EBM", "DPtV-2023", "DPtV-2023-54"] },
  { name: "tvl_gruppe", label: "TV-L-Entgeltgruppe der PtW", einheit: "Gruppe", kind: "text", choices: TVL_GRUPPEN },
  { name: "tvl_stufe", label: "TV-L-Stufe der PtW", einheit: "Stufe", kind: "ganzzahl", positiv: true },
  { name: "gehalt_monat", label: "Monatsgehalt der PtW (Vollzeit)", einheit: "€/Monat", kind: "geld", herleitbar: true },
  { name: "monatsgehaelter", label: "Monatsgehälter je Jahr", einheit: "Monate", kind: "zahl" },
  { name: "ag_sv_satz", label: "Arbeitgeberanteile zur Sozialversicherung", einheit: "Anteil", kind: "anteil", herleitbar: true },
  { name: "zuschlag", label: "Unternehmerzuschlag", einheit: "Anteil", kind: "anteil" },
  { name: "sachkosten_umsatz", label: "Bezugsumsatz der Sachkosten", einheit: "€", kind: "geld", herleitbar: true },
  { name: "anteil_energie", label: "Heizung, Strom, Gas, Wasser (Anteil am Umsatz)", einheit: "Anteil", kind: "anteil" },
  { name: "anteil_versicherungen", label: "Versicherungen, Beiträge, Gebühren (Anteil am Umsatz)", einheit: "Anteil", kind: "anteil" },
  { name: "anteil_gwg", label: "Geringwertige Wirtschaftsgüter (Anteil am Umsatz)", einheit: "Anteil", kind: "anteil" },
  { name: "anteil_material", label: "Material, Wirtschafts- und Verwaltungsbedarf (Anteil am Umsatz)", einheit: "Anteil", kind: "anteil" },
  { name: "anteil_miete", label: "Miete (Anteil am Umsatz)", einheit: "Anteil", kind: "anteil" },
  { name: "lohnbuchhaltung", label: "Lohnbuchhaltung je Jahr", einheit: "€", kind: "geld" },
  { name: "verwaltung_gehalt_monat", label: "Monatsgehalt der Verwaltungskraft (Vollzeit)", einheit: "€/Monat", kind: "geld", herleitbar: true },
  { name: "verwaltung_sonderzahlung", label: "Sonderzahlung der Verwaltungskraft", einheit: "Monatsgehälter", kind: "zahl", herleitbar: true },
  { name: "verwaltung_lohnnebenkosten", label: "Lohnnebenkosten der Verwaltungskraft", einheit: "Anteil", kind: "anteil", herleitbar: true },
  { name: "verwaltung_stellenanteil", label: "Zusätzliche Verwaltungsstelle", einheit: "Vollzeitstellen", kind: "zahl", herleitbar: true },
  { name: "zuschlag_verwaltung_stellenanteil", label: "Verwaltungsstelle, auf die der Zuschlag gerechnet wird", einheit: "Vollzeitstellen", kind: "zahl", herleitbar: true },
  { name: "stundensatz", label: "Stundensatz Supervision (Sitzung + halber Strukturzuschlag)", einheit: "€/h", kind: "geld", herleitbar: true },
  { name: "supervision_schluessel", label: "Supervisionsschlüssel (Sitzungen je Supervisionsstunde, 4 bis 8)", einheit: "Sitzungen/h", kind: "zahl", positiv: true },
  { name: "supervision_stunden", label: "Supervisionsstunden je Woche", einheit: "h/Woche", kind: "zahl", herleitbar: true },
  { name: "selbsterfahrung_stunden", label: "Selbsterfahrung in der Weiterbildung", einheit: "h", kind: "zahl" },
  { name: "selbsterfahrung_stundensatz", label: "Stundensatz Selbsterfahrung", einheit: "€/h", kind: "geld", herleitbar: true },
  { name: "theorie_stunden", label: "Theorie in der Weiterbildung", einheit: "h", kind: "zahl" },
  { name: "theorie_stundensatz", label: "Stundensatz Theorie", einheit: "€/h", kind: "geld" },
  { name: "weiterbildung_jahre", label: "Dauer der Weiterbildung (Vollzeit)", einheit: "Jahre", kind: "zahl", positiv: true },
  { name: "anleitung_stunden", label: "Anleitung, Teambesprechung, Qualitätssicherung je Woche", einheit: "h/Woche", kind: "zahl" },
  { name: "kalkulationszeit", label: "Kalkulationszeit einer Sitzung", einheit: "min", kind: "zahl", positiv: true },
  { name: "produktivitaet", label: "Produktivitätsfaktor", einheit: "Anteil", kind: "anteil", positiv: true },
  { name: "rundung", label: "Rundung jeder Position", einheit: "Cent oder Euro", kind: "text", choices: RUNDUNGEN },
  { name: "gedruckte_werte", label: "Gedruckte Werte des Presets bei geänderten Annahmen", einheit: "Regel", kind: "text", choices: GEDRUCKTE_WERTE },
];

export type Herkunft = "Annahme" | "Tabelle" | "berechnet";

export interface Zeile {
  name: string;
  label: string;
  wert: Decimal | string;
  einheit: string;
  herleitung: string;
  herkunft: Herkunft;
  /** For assumptions: which preset or "Arbeitsmappe" set it, and its citation. */
  gesetztVon?: string;
  status?: Status;
  quelle?: Source;
  fundstelle?: string;
  eintrag?: Entry;
  /** Part of the printed cost or revenue table (shown in Aufstellung), or an intermediate. */
  position: boolean;
  /** A preset's printed value that changed assumptions no longer fit: released, or kept on request. */
  freigabe?: Freigabe;
}

/**
 * A value a preset fixes at its printed figure (a line, or an assumption with a
 * derivation of its own) whose derivation changes with the assumptions changed
 * on top of the preset: the printed figure then belongs to other assumptions.
 */
export interface Freigabe {
  gedruckt: Decimal | string;
  /** The preset that fixed it. */
  von: string;
  /** What its derivation gives with the preset's own assumptions (undefined: not computable). */
  beimPreset: Decimal | string | undefined;
  /** The assumptions of this calculation that differ from the preset's. */
  geaendert: string[];
  /** Kept at the printed value because the user asked for it (gedruckte_werte = behalten). */
  behalten: boolean;
}

export interface Setzung {
  value: string | number;
  von: string;
  annahme?: RawAnnahme;
}

/** Names a user may set: the assumptions and every line. */
export function settableNames(): string[] {
  return [...ANNAHMEN.map((a) => a.name), ...LINES.map((l) => l[0])];
}

/** The lines of the model: name, label, unit, is it a line of the printed tables. */
const LINES: [string, string, string, boolean][] = [
  ["sitzungen", "Sitzungen der PtW je Woche", "Sitzungen/Woche", false],
  ["sitzungen_probatorik", "davon probatorisch", "Sitzungen/Woche", false],
  ["sitzungen_gp", "davon genehmigungspflichtig", "Sitzungen/Woche", false],
  ["honorar_sitzung", "Honorar je genehmigungspflichtiger Sitzung", "€", false],
  ["honorar_probatorik", "Honorar je probatorischer Sitzung", "€", false],
  ["honorar_durchschnitt", "Durchschnittliches Honorar je Sitzung", "€", false],
  ["umsatz_sitzungen", "Mehrumsatz aus Sitzungen", "€/Jahr", true],
  ["umsatz_strukturzuschlag", "Mehrumsatz aus Strukturzuschlägen", "€/Jahr", true],
  ["umsatz", "Mehrumsatz gesamt", "€/Jahr", true],
  ["gehalt_jahr", "Grundgehalt PtW je Jahr", "€/Jahr", false],
  ["personalkosten", "Bruttogehalt PtW zzgl. AG-Anteil Sozialversicherung", "€/Jahr", true],
  ["zuschlag_personal", "Zuschlag Unternehmerrisiko auf Personalkosten PtW", "€/Jahr", true],
  ["energie", "Heizung, Strom, Gas, Wasser", "€/Jahr", false],
  ["versicherungen", "Versicherungen, Beiträge, Gebühren", "€/Jahr", false],
  ["gwg", "Praxiseinrichtung, GWG", "€/Jahr", false],
  ["material", "Material", "€/Jahr", false],
  ["miete", "Mietaufwand", "€/Jahr", false],
  ["sachkosten", "Zusätzliche Raumkosten, Abschreibungen, Sachkosten", "€/Jahr", true],
  ["zuschlag_sachkosten", "Zuschlag Unternehmerrisiko auf Sachkosten", "€/Jahr", true],
  ["verwaltung_jahreswert", "Jahreswert einer Vollzeit-Verwaltungskraft", "€/Jahr", false],
  ["verwaltung", "Zusätzliche Verwaltungsstelle nach MFA-Tarif", "€/Jahr", true],
  ["zuschlag_verwaltung", "Zuschlag Unternehmerrisiko auf Verwaltungsstelle", "€/Jahr", true],
  ["supervision", "Supervisionsaufwand", "€/Jahr", true],
  ["selbsterfahrung", "Zukauf Selbsterfahrung", "€/Jahr", true],
  ["theorie", "Zukauf Theorievermittlung", "€/Jahr", true],
  ["minuten_je_sitzung", "Zeitaufwand je Sitzung (Kalkulationszeit / Produktivität)", "min", false],
  ["anleitung_woche", "Anleitung und Qualitätssicherung je Woche", "€/Woche", false],
  ["anleitung", "Kompensation Anleitungs- und Qualitätssicherungsaufwand", "€/Jahr", true],
  ["kosten", "Aufwand gesamt", "€/Jahr", true],
  ["defizit", "Defizit (Ausgleichsbedarf) je Jahr", "€/Jahr", true],
  ["defizit_monat", "Defizit (Ausgleichsbedarf) je Monat", "€/Monat", true],
];

const LINE_BY_NAME = new Map(LINES.map((l) => [l[0], l]));
const ANNAHME_BY_NAME = new Map(ANNAHMEN.map((a) => [a.name, a]));

/** Months in a year and minutes in an hour: calendar facts, not domain data. */
const MONATE = new Decimal(12);
const MINUTEN_PRO_STUNDE = new Decimal(60);

export interface Modell {
  zeilen: Zeile[];
  get(name: string): Decimal;
  /** For each value that is set and has a derivation: what the derivation gives (undefined: not computable). */
  herleitungen: Map<string, Decimal | string | undefined>;
}

/** A value of an assumption as text or number, checked against its kind. */
function parseAnnahme(a: Annahme, s: Setzung): Decimal | string {
  const { value } = s;
  const where = `Annahme ${a.name} (${s.von})`;
  if (a.kind === "text") {
    const t = String(value).trim();
    if (a.choices && !a.choices.some((c) => c.toLowerCase() === t.toLowerCase())) {
      throw badInput(`${where}: "${t}" ist nicht zulässig; möglich: ${a.choices.join(", ")}.`);
    }
    return a.choices?.find((c) => c.toLowerCase() === t.toLowerCase()) ?? t;
  }
  if (a.kind === "stichtag") return value === "Arbeitsmappe" ? value : parseStichtag(value);
  const d = toDecimal(value, where);
  if (d.isNegative()) throw outOfRange(`${where} darf nicht negativ sein (${de(d)}).`);
  if (a.positiv && d.isZero()) throw outOfRange(`${where} muss größer als 0 sein.`);
  if (a.kind === "anteil" && d.greaterThan(ONE)) throw outOfRange(`${where} muss zwischen 0 und 1 liegen (${de(d)}).`);
  if (a.kind === "ganzzahl" && !d.isInteger()) throw badInput(`${where} muss eine ganze Zahl sein (${de(d)}).`);
  return d;
}

function toDecimal(value: string | number, where: string): Decimal {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw outOfRange(`${where} ist keine endliche Zahl.`);
    return new Decimal(value);
  }
  const t = zahlAusText(String(value), `${where}: `);
  if (t === undefined) throw badInput(`${where}: "${value}" ist keine Zahl.`);
  const d = new Decimal(t);
  if (!d.isFinite()) throw outOfRange(`${where} ist keine endliche Zahl.`);
  return d;
}

/**
 * Computes the model for a complete set of settings (name → value and who set it).
 * `arbeitsmappenStichtag` is used where the stichtag is "Arbeitsmappe".
 */
export function wbModell(setzungen: Map<string, Setzung>, arbeitsmappenStichtag: IsoDate, trace?: Trace, freigaben?: Map<string, Freigabe>): Modell {
  for (const name of setzungen.keys()) {
    if (!ANNAHME_BY_NAME.has(name) && !LINE_BY_NAME.has(name)) {
      throw badInput(`Annahme "${name}" unbekannt. Möglich: ${settableNames().join(", ")}.`);
    }
  }
  // Every value that is set is checked before anything is computed, so a wrong input is reported as such, not as a later consequence.
  for (const [name, setzung] of setzungen) {
    const a = ANNAHME_BY_NAME.get(name);
    if (a) parseAnnahme(a, setzung);
    else toDecimal(setzung.value, `Position ${name} (${setzung.von})`);
  }
  const zeilen: Zeile[] = [];
  const values = new Map<string, Decimal | string>();
  const herleitungen = new Map<string, Decimal | string | undefined>();
  // While a set value's derivation is computed only for comparison, nothing is recorded or traced.
  let still = 0;
  const tr = (): Trace => (still > 0 ? undefined : trace);

  const cited = (name: string): Partial<Zeile> => {
    const s = setzungen.get(name)!;
    const a = s.annahme;
    return { herkunft: "Annahme", gesetztVon: s.von, status: a?.status, quelle: a ? tables().quellen[a.source] : undefined, fundstelle: a?.fundstelle };
  };
  /** A set value's derivation, computed without recording; undefined if it cannot be computed. */
  const quietly = <T>(compute: () => T): T | undefined => {
    still++;
    try {
      return safely(compute);
    } finally {
      still--;
    }
  };
  const record = (z: Zeile): void => {
    if (still > 0) return;
    const freigabe = freigaben?.get(z.name);
    if (freigabe) {
      z.freigabe = freigabe;
      z.herleitung = [z.herleitung, freigabeText(freigabe, z.einheit)].filter(Boolean).join("; ");
    }
    zeilen.push(z);
    values.set(z.name, z.wert);
    trace?.push({
      schritt: `${z.label}${z.herleitung ? `: ${z.herleitung}` : ""}`,
      wert: typeof z.wert === "string" ? z.wert : z.wert.toString(),
      einheit: z.einheit,
      eintrag: z.eintrag,
      // A preset's assumption is cited by the preset, not by a table entry.
      ...(z.eintrag ? {} : { quelle: z.quelle, status: z.status, fundstelle: z.fundstelle }),
    });
  };

  /** An assumption: set, or its default (a table value or a computation). */
  const annahme = (name: string, fallback?: () => { wert: Decimal | string; herleitung: string; eintrag?: Entry }): Decimal | string => {
    const a = ANNAHME_BY_NAME.get(name)!;
    if (setzungen.has(name)) {
      const wert = parseAnnahme(a, setzungen.get(name)!);
      let herleitung = "";
      if (a.herleitbar && fallback) {
        const f = quietly(fallback);
        herleitungen.set(name, f?.wert);
        if (f) herleitung = `gesetzt; aus der Herleitung (${f.herleitung}) folgt ${zeigen(f.wert, a.einheit)}`;
      }
      record({ name, label: a.label, wert, einheit: a.einheit, herleitung, position: false, ...cited(name) } as Zeile);
      return wert;
    }
    if (!fallback) throw badInput(`Annahme ${name} fehlt.`);
    const f = fallback();
    record({ name, label: a.label, wert: f.wert, einheit: a.einheit, herleitung: f.herleitung, position: false, herkunft: f.eintrag ? "Tabelle" : "berechnet", eintrag: f.eintrag, status: f.eintrag?.status, quelle: f.eintrag?.source, fundstelle: f.eintrag?.fundstelle });
    return f.wert;
  };
  const num = (name: string, fallback?: () => { wert: Decimal; herleitung: string; eintrag?: Entry }): Decimal => annahme(name, fallback) as Decimal;
  const table = (key: string, date: IsoDate, herleitung = "") => {
    const { entry, value } = valueAt(tables().regeln.get(key)!, date, undefined);
    return { wert: value, herleitung: herleitung || entry.label, eintrag: entry };
  };

  // Rounding applies to money lines; it is itself an assumption.
  const rundung = annahme("rundung") as string;
  const r = (x: Decimal): Decimal => (rundung === "Euro" ? x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP) : roundCent(x));
  // Applied by wbRechnung, recorded here so the table shows which rule was in force.
  annahme("gedruckte_werte", () => ({ wert: "freigeben", herleitung: "Festwerte eines Presets folgen geänderten Annahmen" }));

  /**
   * A line: set by the user/preset, or computed. "posten" lines (the amounts of
   * the printed tables) are rounded as `rundung` says; "cent" lines are amounts
   * per unit (a fee, a week, a salary) and always to the cent; "zahl" lines are
   * counts and ratios, not rounded.
   */
  const line = (name: string, compute: () => Decimal, herleitung: string, art: "posten" | "cent" | "zahl" = "posten", eintrag?: Entry): Decimal => {
    const round = art === "posten" ? r : art === "cent" ? roundCent : (x: Decimal) => x;
    const [, label, einheit, position] = LINE_BY_NAME.get(name)!;
    if (setzungen.has(name)) {
      const computed = quietly(compute);
      herleitungen.set(name, computed === undefined ? undefined : round(computed));
      const wert = toDecimal(setzungen.get(name)!.value, `Position ${name} (${setzungen.get(name)!.von})`);
      const note = computed === undefined ? "" : `gesetzt; aus der Herleitung (${herleitung}) folgt ${format(round(computed), einheit)}`;
      record({ name, label, wert, einheit, herleitung: note, position, ...cited(name) } as Zeile);
      return wert;
    }
    const wert = round(compute());
    record({ name, label, wert, einheit, herleitung, position, herkunft: eintrag ? "Tabelle" : "berechnet", eintrag, status: eintrag?.status, quelle: eintrag?.source, fundstelle: eintrag?.fundstelle });
    return wert;
  };
  const v = (name: string) => values.get(name) as Decimal;

  const stichtagText = annahme("stichtag", () => ({ wert: "Arbeitsmappe", herleitung: "Stichtag der Arbeitsmappe" })) as string;
  const date: IsoDate = stichtagText === "Arbeitsmappe" ? arbeitsmappenStichtag : stichtagText;
  const umfang = num("umfang");
  const va = num("versorgungsauftrag");
  const praxisSitzungen = num("praxis_sitzungen");
  const vollzeitSitzungen = num("sitzungen_vollzeit");
  const anteilProb = num("probatorik_anteil");
  const wochen = num("wochen", () => table("arbeitswochen_pro_jahr", date));
  const gopSitzung = annahme("gop_sitzung", () => ({ wert: "35401", herleitung: "Einzeltherapie, 50 Minuten" })) as string;
  const gopProb = annahme("gop_probatorik", () => ({ wert: "35150", herleitung: "Probatorische Sitzung" })) as string;
  const szRegel: SzRegel = toSzRegel(annahme("strukturzuschlag_regel") as string);

  // Revenue
  const sitzungen = line("sitzungen", () => vollzeitSitzungen.times(umfang), "Sitzungen bei Vollzeit × Umfang", "zahl");
  pruefeSitzungenProWoche(sitzungen, "Sitzungen der PtW", date);
  pruefeSitzungenProWoche(praxisSitzungen, "Sitzungen der Praxisinhaber:in", date);
  const prob = line("sitzungen_probatorik", () => sitzungen.times(anteilProb), "Sitzungen × Anteil probatorisch", "zahl");
  const gp = line("sitzungen_gp", () => sitzungen.minus(prob), "Sitzungen − probatorische", "zahl");
  const hs = line("honorar_sitzung", () => fee(gopSitzung, date), `GOP ${gopSitzung}: Punkte × Orientierungswert, auf den Cent`, "cent");
  const hp = line("honorar_probatorik", () => fee(gopProb, date), `GOP ${gopProb}: Punkte × Orientierungswert, auf den Cent`, "cent");
  const schnitt = line(
    "honorar_durchschnitt",
    () => (sitzungen.isZero() ? ZERO : gp.times(hs).plus(prob.times(hp)).dividedBy(sitzungen)),
    "(genehmigungspflichtige × Honorar + probatorische × Honorar) / Sitzungen, ungerundet",
    "zahl",
  );
  line("umsatz_sitzungen", () => schnitt.times(sitzungen).times(wochen), "Durchschnittshonorar × Sitzungen × Wochen");
  line(
    "umsatz_strukturzuschlag",
    () => strukturzuschlagWoche(praxisSitzungen.plus(gp), va, szRegel, date).minus(strukturzuschlagWoche(praxisSitzungen, va, szRegel, date)).times(wochen),
    `(Zuschlag der Woche bei ${de(praxisSitzungen)} + ${de(gp)} Sitzungen − bei ${de(praxisSitzungen)}) × Wochen, Regel ${szRegel}`,
  );
  const umsatz = line("umsatz", () => v("umsatz_sitzungen").plus(v("umsatz_strukturzuschlag")), "Sitzungen + Strukturzuschläge");

  // Salary of the trainee
  const gehaltMonat = num("gehalt_monat", () => {
    const gruppe = annahme("tvl_gruppe") as string;
    const stufe = num("tvl_stufe");
    const series = tables().regeln.get(`tvl_${gruppe.toLowerCase()}_stufe${stufe.toString()}`);
    if (!series) throw noValue(`TV-L ${gruppe} Stufe ${stufe} ist nicht in den Tabellen (Stufen 1 bis 6).`);
    const { entry, value } = valueAt(series, date, undefined);
    return { wert: value, herleitung: entry.label, eintrag: entry };
  });
  const monate = num("monatsgehaelter");
  const gehaltJahr = line("gehalt_jahr", () => gehaltMonat.times(monate).times(umfang), "Monatsgehalt × Monatsgehälter × Umfang", "cent");
  const agSv = num("ag_sv_satz", () => {
    const parts = ["sv_ag_kv", "sv_ag_kv_zusatz", "sv_ag_rv", "sv_ag_av", "sv_ag_pv"].map((k) => valueAt(tables().regeln.get(k)!, date, tr()));
    return { wert: parts.reduce((sum, p) => sum.plus(p.value), ZERO), herleitung: "KV + halber Zusatzbeitrag + RV + AV + PV (Arbeitgeberanteile am Stichtag)" };
  });
  const zuschlag = num("zuschlag");
  line("personalkosten", () => gehaltJahr.times(ONE.plus(agSv)), "Grundgehalt × (1 + AG-Anteile)");
  line("zuschlag_personal", () => v("personalkosten").times(zuschlag), "Personalkosten × Zuschlag");

  // Running costs as shares of revenue
  const basis = num("sachkosten_umsatz", () => ({ wert: umsatz, herleitung: "Mehrumsatz dieser Rechnung" }));
  const share = (name: string, anteil: string, label: string) => {
    const a = num(anteil);
    line(name, () => a.times(basis), `${de(a.times(100))} % × Bezugsumsatz (${label})`);
  };
  share("energie", "anteil_energie", "KSE 2019");
  share("versicherungen", "anteil_versicherungen", "KSE 2019");
  share("gwg", "anteil_gwg", "KSE 2019");
  share("material", "anteil_material", "KSE 2019");
  share("miete", "anteil_miete", "KSE 2019");
  const lohnbuchhaltung = num("lohnbuchhaltung");
  line(
    "sachkosten",
    () => ["energie", "versicherungen", "gwg", "material", "miete"].reduce((s, k) => s.plus(v(k)), lohnbuchhaltung),
    "Summe der Anteile + Lohnbuchhaltung",
  );
  line("zuschlag_sachkosten", () => v("sachkosten").times(zuschlag), "Sachkosten × Zuschlag");

  // Additional administration (the BSG model: half a post at full utilisation)
  const mfa = num("verwaltung_gehalt_monat", () => table("mfa_tg2_bj13_16", date));
  const sonder = num("verwaltung_sonderzahlung", () => table("mfa_sonderzahlung_monate", date));
  const lnk = num("verwaltung_lohnnebenkosten", () => table("verwaltung_lohnnebenkosten", date));
  const jahreswert = line("verwaltung_jahreswert", () => mfa.times(MONATE.plus(sonder)).times(ONE.plus(lnk)), "Monatsgehalt × (12 + Sonderzahlung) × (1 + Lohnnebenkosten)");
  const stelle = num("verwaltung_stellenanteil", () => {
    const halbeStelle = valueAt(tables().regeln.get("verwaltung_stellenanteil_vollauslastung")!, date, tr()).value;
    const voll = valueAt(tables().regeln.get("vollauslastung_sitzungen_pro_woche")!, date, tr()).value;
    return { wert: halbeStelle.times(gp).dividedBy(voll), herleitung: `${de(halbeStelle)} Stelle × genehmigungspflichtige Sitzungen / ${de(voll)} (Vollauslastung)` };
  });
  line("verwaltung", () => stelle.times(jahreswert), "Stellenanteil × Jahreswert");
  const zuschlagStelle = num("zuschlag_verwaltung_stellenanteil", () => ({ wert: stelle, herleitung: "wie die zusätzliche Verwaltungsstelle" }));
  line("zuschlag_verwaltung", () => zuschlagStelle.times(jahreswert).times(zuschlag), "Stellenanteil × Jahreswert × Zuschlag");

  // Supervision, self-experience, theory, guidance
  const satz = num("stundensatz", () => {
    const sz = szBetraege(date, undefined);
    return { wert: hs.plus(sz.halb), herleitung: `Honorar je Sitzung ${de(hs)} € + halber Strukturzuschlag ${de(sz.halb)} €` };
  });
  const schluessel = num("supervision_schluessel");
  const supStunden = num("supervision_stunden", () => ({ wert: sitzungen.dividedBy(schluessel), herleitung: `Sitzungen / ${de(schluessel)}, ungerundet` }));
  line("supervision", () => supStunden.times(wochen).times(satz), "Supervisionsstunden × Wochen × Stundensatz");
  const jahre = num("weiterbildung_jahre");
  const seStunden = num("selbsterfahrung_stunden");
  const seSatz = num("selbsterfahrung_stundensatz", () => ({ wert: satz, herleitung: "wie Supervision" }));
  line("selbsterfahrung", () => seStunden.dividedBy(jahre).times(umfang).times(seSatz), "Stunden / Jahre × Umfang × Stundensatz");
  const thStunden = num("theorie_stunden");
  const thSatz = num("theorie_stundensatz");
  line("theorie", () => thStunden.dividedBy(jahre).times(umfang).times(thSatz), "Stunden / Jahre × Umfang × Stundensatz");
  const kalk = num("kalkulationszeit");
  const prod = num("produktivitaet");
  const minuten = line("minuten_je_sitzung", () => kalk.dividedBy(prod), "Kalkulationszeit / Produktivitätsfaktor, ungerundet", "zahl");
  const anleitungStunden = num("anleitung_stunden");
  line(
    "anleitung_woche",
    () => {
      // A set minuten_je_sitzung of 0 would divide by zero and surface as "too large for Excel".
      if (minuten.isZero()) throw outOfRange("Position minuten_je_sitzung muss größer als 0 sein: sie teilt die Anleitungszeit in entgangene Sitzungen.");
      return anleitungStunden.times(umfang).times(MINUTEN_PRO_STUNDE).dividedBy(minuten).times(satz);
    },
    "Stunden × Umfang × 60 / Minuten je Sitzung × Stundensatz (entgangene Sitzungen)",
    "cent",
  );
  line("anleitung", () => v("anleitung_woche").times(wochen), "je Woche × Wochen");

  const kostenZeilen = ["personalkosten", "zuschlag_personal", "sachkosten", "zuschlag_sachkosten", "verwaltung", "zuschlag_verwaltung", "supervision", "selbsterfahrung", "theorie", "anleitung"];
  const kosten = line("kosten", () => kostenZeilen.reduce((s, k) => s.plus(v(k)), ZERO), "Summe der zehn Aufwandspositionen");
  const defizit = line("defizit", () => kosten.minus(umsatz), "Aufwand − Mehrumsatz");
  line("defizit_monat", () => defizit.dividedBy(MONATE), "Defizit / 12");

  return {
    zeilen,
    herleitungen,
    get(name: string): Decimal {
      const value = values.get(name);
      if (value === undefined || typeof value === "string") {
        throw badInput(`Ergebnis "${name}" unbekannt: "Jahr", "Monat", "Aufstellung" oder eine Position (${LINES.map((l) => l[0]).join(", ")}).`);
      }
      return value;
    },
  };
}

function fee(gop: string, date: IsoDate): Decimal {
  return ebmHonorar(gop, date, 1, undefined);
}

/** The computed value for comparison with a set one; undefined if it cannot be computed. */
function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

function format(x: Decimal, einheit: string): string {
  return `${de(x)} ${einheit}`;
}

/** The settings of a preset, its basis first, each marked with the preset that set it. */
export function presetSetzungen(name: string): Map<string, Setzung> {
  const found = [...tables().presets.keys()].find((k) => k.toLowerCase() === name.trim().toLowerCase());
  if (!found) throw badInput(`Preset "${name}" unbekannt; möglich: ${[...tables().presets.keys()].join(", ")}.`);
  const preset = tables().presets.get(found)!;
  const base = preset.basis ? presetSetzungen(preset.basis) : new Map<string, Setzung>();
  for (const [key, annahme] of Object.entries(preset.annahmen)) base.set(key, { value: annahme.value, von: found, annahme });
  return base;
}

export const STANDARD_PRESET = "Standard";

/** A value as the table shows it in a sentence: German number and unit, or the text. */
function zeigen(x: Decimal | string | undefined, einheit: string): string {
  if (x === undefined) return "nicht berechenbar";
  // Ratios such as 20/6 hours would print forty digits; four decimals tell them apart.
  return typeof x === "string" ? x : format(x.toDecimalPlaces(4, Decimal.ROUND_HALF_UP), einheit);
}

function freigabeText(f: Freigabe, einheit: string): string {
  const warum = `gedruckter Wert ${zeigen(f.gedruckt, einheit)} (${f.von}) gehört zu den Annahmen des Presets (dort ergibt die Herleitung ${zeigen(f.beimPreset, einheit)}), nicht zu den geänderten (${f.geaendert.join(", ")})`;
  return f.behalten ? `WIDERSPRUCH: ${warum}; behalten, weil gedruckte_werte = behalten` : `freigegeben: ${warum}`;
}

function gleich(a: Decimal | string | undefined, b: Decimal | string | undefined): boolean {
  if (a instanceof Decimal && b instanceof Decimal) return a.eq(b);
  return a === b;
}

/** A set value as the model reads it (number, choice, date), for comparison. */
function gelesen(name: string, s: Setzung): Decimal | string {
  const a = ANNAHME_BY_NAME.get(name);
  return a ? parseAnnahme(a, s) : toDecimal(s.value, `Position ${name} (${s.von})`);
}

/**
 * Settings that decide nothing about printed values: the rule itself, and the
 * rounding (every printed figure is rounded as printed; computing the other
 * lines to the cent makes no printed figure belong to other assumptions).
 */
const OHNE_HERLEITUNG = new Set(["gedruckte_werte", "rundung"]);

/** Names set differently from the preset (set anew, changed, or taken back with "berechnet"). */
function geaenderteAnnahmen(setzungen: Map<string, Setzung>, preset: Map<string, Setzung>): string[] {
  const names = [...new Set([...setzungen.keys(), ...preset.keys()])].filter((n) => !OHNE_HERLEITUNG.has(n));
  return names.filter((n) => {
    const a = setzungen.get(n);
    const b = preset.get(n);
    if (!a || !b) return a !== b;
    try {
      return !gleich(gelesen(n, a), gelesen(n, b));
    } catch {
      return true; // unreadable: the model reports it
    }
  });
}

function ohne(setzungen: Map<string, Setzung>, names: Set<string>): Map<string, Setzung> {
  return new Map([...setzungen].filter(([n]) => !names.has(n)));
}

/** The settings with the preset's rounding, so derivations are compared as the preset rounds them. */
function mitRundungDesPresets(setzungen: Map<string, Setzung>, preset: Map<string, Setzung>): Map<string, Setzung> {
  const m = new Map(setzungen);
  const rundung = preset.get("rundung");
  if (rundung) m.set("rundung", rundung);
  else m.delete("rundung");
  return m;
}

/**
 * The model for a preset with changes on top (`preset`: the preset's settings
 * alone). A preset may fix values at printed figures that do not follow from
 * their derivation (DPtV-2023-gedruckt); such a figure belongs to the preset's
 * assumptions. When changed assumptions change what its derivation gives, the
 * printed figure would be mixed with the new assumptions, so it is released and
 * computed (transitively: a released value may change the derivation of another).
 * Derivations are compared with the preset's rounding, so rounding to the cent
 * releases nothing. With gedruckte_werte = "behalten" the figures stay and every
 * row says it contradicts its derivation. Values the workbook sets itself are
 * never released.
 */
export function wbRechnung(setzungen: Map<string, Setzung>, preset: Map<string, Setzung>, arbeitsmappenStichtag: IsoDate, trace?: Trace): Modell {
  const fest = [...setzungen]
    .filter(([n, s]) => s.annahme !== undefined && (LINE_BY_NAME.has(n) || ANNAHME_BY_NAME.get(n)?.herleitbar))
    .map(([n]) => n);
  const geaendert = fest.length > 0 ? geaenderteAnnahmen(setzungen, preset) : [];
  if (geaendert.length === 0) return wbModell(setzungen, arbeitsmappenStichtag, trace);

  let basis: Modell | undefined;
  try {
    basis = wbModell(preset, arbeitsmappenStichtag);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    basis = undefined; // the preset alone cannot be computed: none of its printed figures can be shown to fit
  }
  const frei = new Set<string>();
  for (;;) {
    const m = wbModell(mitRundungDesPresets(ohne(setzungen, frei), preset), arbeitsmappenStichtag);
    const neu = fest.filter((n) => !frei.has(n) && (!basis || !gleich(m.herleitungen.get(n), basis.herleitungen.get(n))));
    if (neu.length === 0) break;
    for (const n of neu) frei.add(n);
  }
  if (frei.size === 0) return wbModell(setzungen, arbeitsmappenStichtag, trace);

  const behalten = setzungen.has("gedruckte_werte") && gelesen("gedruckte_werte", setzungen.get("gedruckte_werte")!) === "behalten";
  const freigaben = new Map<string, Freigabe>(
    [...frei].map((n) => {
      const s = setzungen.get(n)!;
      return [n, { gedruckt: gelesen(n, s), von: s.von, beimPreset: basis?.herleitungen.get(n), geaendert, behalten }];
    }),
  );
  const von = [...new Set([...frei].map((n) => setzungen.get(n)!.von))].join(", ");
  trace?.push({
    schritt: behalten
      ? `WIDERSPRUCH: gedruckte Werte von ${von} passen nicht zu den geänderten Annahmen (${geaendert.join(", ")}), auf Wunsch behalten: ${[...frei].join(", ")}`
      : `Gedruckte Werte von ${von} freigegeben, weil die geänderten Annahmen (${geaendert.join(", ")}) ihre Herleitung ändern: ${[...frei].join(", ")}`,
    wert: String(frei.size),
    einheit: "Positionen",
  });
  return wbModell(behalten ? setzungen : ohne(setzungen, frei), arbeitsmappenStichtag, trace, freigaben);
}

/** The most rows the line-item table can have: every assumption and every line once. */
export function maxZeilen(): number {
  return ANNAHMEN.length + LINES.length;
}
