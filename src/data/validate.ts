import { RawEntry, RawFact, RawSeries, RawSources, RawTables, RawZiffer, STATUSES } from "./types";

/**
 * The schema of the data files, checked at build (scripts/check-data.js) and
 * again when the tables load, so a malformed edit can never reach a formula.
 * Returns every problem found, not just the first.
 */
const ISO = /^\d{4}-\d{2}-\d{2}$/;
// "o. J." (ohne Jahr) is the bibliographic mark for an undated source.
const PARTIAL_DATE = /^(\d{4}(-\d{2}(-\d{2})?)?|o\. J\.)$/;
/** Source ids of values the user entered in the workbook (src/data/overrides.ts). */
export const OVERRIDE_SOURCE_PREFIX = "arbeitsmappe.";
/** Source ids of values given for one command-line run (honorar … --wert), never stored in a workbook. */
export const SCENARIO_SOURCE_PREFIX = "szenario.";

/** Whether a source id names a value the user gave (workbook or command line), not shipped data. */
export function isUserSource(id: unknown): boolean {
  return typeof id === "string" && (id.startsWith(OVERRIDE_SOURCE_PREFIX) || id.startsWith(SCENARIO_SOURCE_PREFIX));
}
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** The unit of shares (quotas, contribution rates): at most the whole. */
const ANTEIL = "Anteil";

// The tables hold thousands of dates but few different ones; the add-in's first answer waits for this check.
const realDates = new Map<string, boolean>();

function isRealDate(s: string): boolean {
  let real = realDates.get(s);
  if (real === undefined) {
    const iso = ISO.test(s);
    const [y, m, d] = iso ? s.split("-").map(Number) : [NaN, NaN, NaN];
    const t = new Date(Date.UTC(y, m - 1, d));
    real = t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
    // Only dates of ten characters, and bounded: a hostile workbook's own values must not make it grow without end.
    if (iso && realDates.size < 4096) realDates.set(s, real);
  }
  return real;
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly sources: RawSources) {}

  fail(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }

  citation(where: string, item: { status: unknown; source: unknown }): void {
    if (!STATUSES.includes(item.status as never)) this.fail(where, `Status "${String(item.status)}" unbekannt`);
    if (typeof item.source !== "string" || !(item.source in this.sources.quellen)) {
      this.fail(where, `Quelle "${String(item.source)}" fehlt in sources.json`);
    }
    // Shipped data must never pose as a user's override, nor an override hide as shipped data.
    if ((item.status === "override") !== isUserSource(item.source)) {
      this.fail(where, `Status "override" nur mit einer Quelle "${OVERRIDE_SOURCE_PREFIX}…" der Arbeitsmappe oder "${SCENARIO_SOURCE_PREFIX}…" der Befehlszeile`);
    }
  }

  series(where: string, s: RawSeries | undefined): void {
    if (!s || typeof s !== "object") return this.fail(where, "Reihe fehlt");
    if (typeof s.unit !== "string" || !s.unit) this.fail(where, "Einheit fehlt");
    if (!Array.isArray(s.values) || s.values.length === 0) return this.fail(where, "keine Werte");
    let previous = "";
    s.values.forEach((e: RawEntry, i) => {
      const at = `${where}[${i}]`;
      if (!isRealDate(e.valid_from)) this.fail(at, `valid_from "${e.valid_from}" ist kein Datum`);
      else if (e.valid_from <= previous) this.fail(at, `valid_from ${e.valid_from} nicht nach ${previous} (Lücke oder Überschneidung)`);
      previous = e.valid_from;
      if (e.value === null) {
        if (!e.note) this.fail(at, "ein Eintrag ohne Wert braucht eine Notiz, warum");
      } else if (typeof e.value !== "string" || !DECIMAL.test(e.value)) {
        this.fail(at, `Wert ${JSON.stringify(e.value)} ist keine Dezimalzahl als Text`);
      } else if (e.value.startsWith("-") && /[1-9]/.test(e.value)) {
        // No series holds a negative value; an own value with a minus is a slip, and would turn a fee negative.
        this.fail(at, `Wert ${e.value} ist negativ; Tabellenwerte (Punkte, Orientierungswert, Quoten, Sätze, Gehälter) sind es nie`);
      } else if (s.unit === ANTEIL && Number(e.value) > 1) {
        this.fail(at, `Anteil ${e.value} liegt über 1 (100 %)`);
      }
      this.citation(at, e);
    });
  }

  fact(where: string, f: RawFact<unknown> | undefined): void {
    if (!f || typeof f !== "object" || !("value" in f)) return this.fail(where, "Angabe fehlt");
    this.citation(where, f);
  }

  unique(where: string, keys: string[]): void {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) this.fail(where, `doppelt: ${k}`);
      seen.add(k);
    }
  }
}

/**
 * The schema of one GOÄ number: its form, a fee band for its section, its
 * points. validateTables checks every number this way; the tables in force
 * check each on its first lookup (src/data/tables.ts, Ziffern).
 */
export function zifferPruefer(raw: RawTables): (z: RawZiffer) => string[] {
  const sections = new Set(raw.goae.bereiche.flatMap((b) => b.abschnitte));
  return (z) => {
    const c = new Checker(raw.sources);
    zifferPruefen(c, z, sections);
    return c.problems;
  };
}

function zifferPruefen(c: Checker, z: RawZiffer, sections: Set<string>): void {
  if (!/^(\d{1,4}[a-z]?|\d{4}\.H|[A-HJ]|K[12])$/.test(z.nr)) {
    c.fail(`goae.ziffer ${z.nr}`, 'Ziffer muss eine Zahl sein, ggf. mit Kleinbuchstaben (827a), ein Höchstwert (3541.H) oder ein Zuschlag (A bis J, K1, K2)');
  }
  if (!sections.has(z.abschnitt)) c.fail(`goae.ziffer ${z.nr}`, `Abschnitt ${z.abschnitt} keinem Gebührenrahmen zugeordnet`);
  c.series(`goae.punkte.${z.nr}`, z.punkte);
}

/**
 * Every problem of the tables. With `ziffernEinzeln: false` each GOÄ number's
 * own checks are left to its first lookup (zifferPruefer); what ties the
 * numbers together (unique, named by the bands and analog positions) is checked still.
 */
export function validateTables(raw: RawTables, optionen: { ziffernEinzeln: boolean } = { ziffernEinzeln: true }): string[] {
  const { sources, ebm, goae, praxis } = raw;
  const c = new Checker(sources);
  // Before its texts arrive the add-in's data has no titles; the build checked them in the files.
  const texte = sources.texte === undefined;
  if (!isRealDate(sources.ausgabe)) c.fail("sources.ausgabe", "kein Datum");
  for (const [id, q] of Object.entries(sources.quellen)) {
    if (texte && !q.titel) c.fail(`quelle ${id}`, "Titel fehlt");
    if (texte && !q.url && !q.beschluss && !q.erschienen) c.fail(`quelle ${id}`, "URL, Beschluss oder Erscheinungsort fehlt");
    // A citation names a publication; a path into this project (or any other file) is none.
    if (texte && q.url !== undefined && !/^https?:\/\/[^\s/]+/.test(q.url)) c.fail(`quelle ${id}`, `URL "${q.url}" ist keine Webadresse`);
    if (typeof q.datum !== "string" || !PARTIAL_DATE.test(q.datum)) c.fail(`quelle ${id}`, `Datum "${q.datum}" fehlt oder ist ungültig`);
  }

  c.series("ebm.orientierungswert", ebm.orientierungswert);
  c.unique("ebm.gops", ebm.gops.map((g) => g.gop));
  for (const g of ebm.gops) {
    if (!/^\d{5}$/.test(g.gop)) c.fail(`ebm.gop ${g.gop}`, "GOP muss fünfstellig sein");
    if (texte && !g.titel) c.fail(`ebm.gop ${g.gop}`, "Titel fehlt");
    c.series(`ebm.punkte.${g.gop}`, g.punkte);
    c.series(`ebm.pruefzeit.${g.gop}`, g.pruefzeit);
    c.series(`ebm.extrabudgetaer.${g.gop}`, g.extrabudgetaer);
    // A budget status is yes or no; any other number would read as one of them somewhere.
    g.extrabudgetaer?.values?.forEach((e, i) => {
      if (e.value !== null && e.value !== "0" && e.value !== "1") c.fail(`ebm.extrabudgetaer.${g.gop}[${i}]`, `Wert "${e.value}" ist weder "1" (extrabudgetär) noch "0" (budgetiert)`);
    });
  }

  c.series("goae.punktwert", goae.punktwert);
  c.unique("goae.bereiche", goae.bereiche.map((b) => b.id));
  for (const b of goae.bereiche) {
    for (const band of ["mindestsatz", "schwellenwert", "hoechstsatz", "standardtarif", "basistarif"] as const) {
      c.series(`goae.${b.id}.${band}`, b[band]);
    }
    c.fact(`goae.bereich.${b.id}.abdingung_zulaessig`, b.abdingung_zulaessig);
  }
  const sections = new Set(goae.bereiche.flatMap((b) => b.abschnitte));
  c.unique("goae.ziffern", goae.ziffern.map((z) => z.nr));
  if (optionen.ziffernEinzeln) for (const z of goae.ziffern) zifferPruefen(c, z, sections);
  const numbers = new Set(goae.ziffern.map((z) => z.nr));
  // A number in a band's own list takes that band instead of its section's: it must exist, and only one band may claim it.
  c.unique("goae.bereiche.ziffern", goae.bereiche.flatMap((b) => b.ziffern));
  for (const b of goae.bereiche) for (const nr of b.ziffern) if (!numbers.has(nr)) c.fail(`goae.bereich.${b.id}`, `Ziffer ${nr} fehlt in den Ziffern`);
  goae.analog.forEach((a, i) => {
    const at = `goae.analog[${i}]`;
    if (!numbers.has(a.analog_zu)) c.fail(at, `Analogziffer ${a.analog_zu} fehlt in den Ziffern`);
    if (!isRealDate(a.valid_from)) c.fail(at, `valid_from "${a.valid_from}" ist kein Datum`);
    c.citation(at, a);
  });

  c.unique("praxis.kvs", praxis.kvs.map((k) => k.id));
  // A spelling may repeat within one KV ("KVBW", "KV BW") but must never name two KVs.
  c.unique("praxis.kv-namen", praxis.kvs.flatMap((k) => [...new Set([k.id, k.name, ...k.aliases].map(normalizeKvName))]));
  for (const k of praxis.kvs) {
    if (!k.name || k.aliases.length === 0) c.fail(`praxis.kv ${k.id}`, "Name oder Kurzformen fehlen");
    c.series(`kv.${k.id}.quote`, k.quote);
  }
  for (const [key, series] of Object.entries(praxis.regeln)) c.series(`praxis.${key}`, series);
  for (const [name, preset] of Object.entries(praxis.weiterbildung)) {
    const at = `praxis.weiterbildung.${name}`;
    if (texte && !preset.titel) c.fail(at, "Titel fehlt");
    if (!(preset.source in sources.quellen)) c.fail(at, `Quelle "${preset.source}" fehlt in sources.json`);
    if (preset.basis !== undefined && !(preset.basis in praxis.weiterbildung)) c.fail(at, `Basis "${preset.basis}" ist kein Preset`);
    for (const [key, annahme] of Object.entries(preset.annahmen)) {
      if (typeof annahme.value !== "string" || annahme.value === "") c.fail(`${at}.${key}`, "Wert fehlt (als Text)");
      c.citation(`${at}.${key}`, annahme);
    }
  }
  return c.problems;
}

/** KV names compare without case, umlauts, spaces and dashes; "Kassenärztliche Vereinigung" counts as "KV" (findKv also tries the name without that prefix). */
export function normalizeKvName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/kassenaerztliche\s+vereinigung/g, "kv")
    .replace(/[\s\-_.]/g, "");
}
