import { applyOverrides, Override, rawSeries } from "../data/overrides";
import { tabellenwertAusText } from "../engine/tabellenwert";
import { activeRaw, buildTables, tables, useTables } from "../data/tables";
import { formatDe, IsoDate, parseStichtag } from "../engine/dates";
import { STATUS_DE } from "../engine/quelle";
import { EngineError } from "../engine/errors";
import { UnusableInput } from "./xlsx";

/**
 * Own values for one command-line run: `--wert SERIE=WERT@DATUM` with
 * `--quelle "…"`, the same values the task pane sets (src/data/overrides.ts),
 * but cited as a scenario of the command line and stored in no workbook.
 */

/** A scenario value as the run used it, for the provenance and the note on standard error. */
export interface SzenarioWert {
  reihe: string;
  gueltigAb: IsoDate;
  /** Decimal text with a point, as the data files write it. */
  wert: string;
  einheit: string;
  quelle: string;
  /** The next entry of the series in force after it: there the tables (or the workbook) take over again. */
  gueltigBis?: IsoDate;
  /** The entry on the same date it replaces: its value (or "kein belegter Wert") and its status. */
  ersetzt?: string;
}

const FORM = 'SERIE=WERT@DATUM, z. B. --wert ebm.punkte.35401=941@2026-04-01 --quelle "Beschluss …"';

function bad(spec: string, why: string): UnusableInput {
  return new UnusableInput(`--wert "${spec}": ${why}`);
}

/** The value of a --wert: the rule every typed table value follows (src/engine/zahltext.ts), named after the --wert. */
function wertText(spec: string, text: string): string {
  try {
    return tabellenwertAusText(text);
  } catch (e) {
    if (e instanceof EngineError) throw bad(spec, e.message);
    throw e;
  }
}

/** The date of a --wert as --stichtag reads it: a date, a quarter (its first day) or a year (1 January). */
function datum(spec: string, text: string): IsoDate {
  const t = text.trim();
  try {
    return parseStichtag(/^\d+$/.test(t) ? Number(t) : t);
  } catch {
    throw bad(spec, `Datum "${t}" ist nicht lesbar. Erlaubt: 2026-04-01, 01.04.2026, ein Quartal (2/2026 = 01.04.2026) oder ein Jahr (2026 = 01.01.2026).`);
  }
}

/** Refuses a series key the tables do not have, naming the one meant when only the case differs, or keys of its area. */
function checkReihe(spec: string, key: string): void {
  if (rawSeries(activeRaw(), key)) return;
  const keys = [...tables().series.keys()];
  const same = keys.find((k) => k.toLowerCase() === key.toLowerCase());
  if (same) throw bad(spec, `Reihe "${key}" unbekannt; gemeint ist wohl "${same}" (Groß- und Kleinschreibung zählen).`);
  const area = key.split(".")[0].toLowerCase();
  const known = keys.filter((k) => k.startsWith(`${area}.`));
  const hint = known.length > 0 ? `Reihen dieses Bereichs sind z. B. ${known.slice(0, 4).join(", ")}.` : "Reihen heißen z. B. ebm.orientierungswert, ebm.punkte.35401, kv.NO.quote, goae.punktwert, praxis.arbeitswochen_pro_jahr.";
  throw bad(spec, `Reihe "${key}" unbekannt. ${hint} QUELLE und ERKLAERUNG nennen die Schlüssel der Reihen, die eine Formel benutzt.`);
}

/**
 * The --wert options with their --quelle: either one --quelle for all, or one
 * per --wert, paired in the order given. Anything else is refused, never
 * paired by guess.
 */
export function parseWerte(werte: readonly string[], quellen: readonly string[]): Override[] {
  if (werte.length === 0) {
    if (quellen.length > 0) throw new UnusableInput("--quelle gehört zu --wert; ohne --wert gibt es nichts zu belegen.");
    return [];
  }
  if (quellen.length === 0) throw new UnusableInput(`--wert braucht --quelle "…": woher der Wert stammt (ein Beschluss, ein Rundschreiben, "Szenario …"). ${FORM}.`);
  if (quellen.length !== 1 && quellen.length !== werte.length) {
    throw new UnusableInput(`${werte.length}× --wert, aber ${quellen.length}× --quelle: entweder eine --quelle für alle Werte oder je --wert eine, in derselben Reihenfolge.`);
  }
  const seen = new Map<string, string>();
  return werte.map((spec, i) => {
    const quelle = (quellen.length === 1 ? quellen[0] : quellen[i]).trim();
    if (quelle === "") throw bad(spec, "die --quelle ist leer; ein Wert ohne Beleg wird nicht verwendet.");
    // "--quelle" followed by the formula: the source was forgotten, and the formula would silently become it.
    if (quelle.startsWith("=")) throw bad(spec, `die --quelle "${quelle}" sieht aus wie eine Formel; fehlt die Quelle vor der Formel?`);
    const eq = spec.indexOf("=");
    const at = spec.lastIndexOf("@");
    if (eq < 0) throw bad(spec, `"=" fehlt. Form: ${FORM}.`);
    if (at < eq) throw bad(spec, `"@DATUM" fehlt: ab wann gilt der Wert? Form: ${FORM}.`);
    const reihe = spec.slice(0, eq).trim();
    if (reihe === "") throw bad(spec, `die Reihe vor "=" fehlt. Form: ${FORM}.`);
    checkReihe(spec, reihe);
    const value = wertText(spec, spec.slice(eq + 1, at));
    const validFrom = datum(spec, spec.slice(at + 1));
    const key = `${reihe}@${validFrom}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw bad(spec, `für ${reihe} ab ${formatDe(validFrom)} gibt schon "${earlier}" einen Wert; je Reihe und Datum nur einer.`);
    seen.set(key, spec);
    return { series: reihe, valid_from: validFrom, value, quelle };
  });
}

/**
 * Puts the scenario in force over the tables in force now (the shipped ones,
 * or a workbook's with its own values), cited as values of the command line.
 * Returns what each value does: from when to when it holds and what it replaces.
 */
export function useSzenario(list: readonly Override[]): SzenarioWert[] {
  if (list.length === 0) return [];
  const before = activeRaw();
  let raw;
  try {
    raw = applyOverrides(before, list, "befehlszeile");
  } catch (e) {
    throw new UnusableInput(`--wert: ${e instanceof Error ? e.message : String(e)}`);
  }
  const described = list.map((o) => {
    const old = rawSeries(before, o.series)!;
    const now = rawSeries(raw, o.series)!;
    const replaced = old.values.find((e) => e.valid_from === o.valid_from);
    const next = now.values.find((e) => e.valid_from > o.valid_from);
    return {
      reihe: o.series,
      gueltigAb: o.valid_from,
      wert: o.value,
      einheit: now.unit,
      quelle: o.quelle,
      ...(next ? { gueltigBis: next.valid_from } : {}),
      ...(replaced ? { ersetzt: `${replaced.value === null ? "den Eintrag ohne belegten Wert" : replaced.value.replace(".", ",")} (${STATUS_DE[replaced.status]})` } : {}),
    };
  });
  useTables(buildTables(raw), raw);
  return described;
}

/** One line per scenario value: series, value, validity, what it replaces, source. */
export function szenarioText(w: SzenarioWert): string {
  const bis = w.gueltigBis ? ` bis ${formatDe(w.gueltigBis)} (ausschließlich; dann gilt der nächste Eintrag der Reihe)` : "";
  return `${w.reihe} = ${w.wert.replace(".", ",")} ${w.einheit} ab ${formatDe(w.gueltigAb)}${bis}${w.ersetzt ? `, ersetzt ${w.ersetzt}` : ""}; Quelle: ${w.quelle}`;
}
