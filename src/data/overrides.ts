import { RawSeries, RawTables } from "./types";
import { isUserSource, OVERRIDE_SOURCE_PREFIX, SCENARIO_SOURCE_PREFIX, validateTables } from "./validate";

/**
 * A value the user adds to or overrides in a table series, kept in the workbook:
 * for a KV quota the tables lack, or a new Orientierungswert before an update ships.
 * `series` is a key as in tables().series (ebm.orientierungswert, kv.NO.quote,
 * ebm.punkte.35401, goae.punktwert …); `value` is decimal text like the data files.
 */
export interface Override {
  series: string;
  valid_from: string;
  value: string;
  /** The user's own citation (a circular, a letter of the KV, a web page). */
  quelle: string;
}

const BANDS = ["mindestsatz", "schwellenwert", "hoechstsatz", "standardtarif", "basistarif"] as const;

/** The raw series a key names, or undefined. Mirrors the keys buildTables gives its series. */
export function rawSeries(raw: RawTables, key: string): RawSeries | undefined {
  const parts = key.split(".");
  const [area, a, b] = parts;
  if (key === "ebm.orientierungswert") return raw.ebm.orientierungswert;
  if (key === "goae.punktwert") return raw.goae.punktwert;
  if (area === "praxis") return Object.prototype.hasOwnProperty.call(raw.praxis.regeln, parts.slice(1).join(".")) ? raw.praxis.regeln[parts.slice(1).join(".")] : undefined;
  if (parts.length !== 3) return undefined;
  if (area === "ebm" && (a === "punkte" || a === "pruefzeit" || a === "extrabudgetaer")) return raw.ebm.gops.find((g) => g.gop === b)?.[a];
  if (area === "goae" && a === "punkte") return raw.goae.ziffern.find((z) => z.nr === b)?.punkte;
  if (area === "goae" && (BANDS as readonly string[]).includes(b)) return raw.goae.bereiche.find((x) => x.id === a)?.[b as (typeof BANDS)[number]];
  if (area === "kv" && b === "quote") return raw.praxis.kvs.find((k) => k.id === a)?.quote;
  return undefined;
}

/** Reads what the workbook stored; anything that is not a list of well-formed overrides is an error, never skipped. */
export function parseOverrides(stored: unknown): Override[] {
  if (!Array.isArray(stored)) throw new Error("keine Liste");
  return stored.map((o, i) => {
    const ok =
      o !== null &&
      typeof o === "object" &&
      ["series", "valid_from", "value", "quelle"].every((k) => typeof (o as Record<string, unknown>)[k] === "string");
    if (!ok) throw new Error(`Eintrag ${i + 1} ist unvollständig`);
    const { series, valid_from, value, quelle } = o as Override;
    return { series, valid_from, value, quelle };
  });
}

/**
 * Where own values come from: the workbook (task pane, saved with it) or one
 * command-line run (honorar … --wert, a scenario that no workbook stores).
 * Each names itself in the citation, so an explanation never passes a
 * scenario off as the workbook's value, nor the reverse.
 */
export type Herkunft = "arbeitsmappe" | "befehlszeile";

const ORIGIN: Record<Herkunft, { prefix: string; label: string; herausgeber: string; beschluss: string; note: string }> = {
  arbeitsmappe: {
    prefix: OVERRIDE_SOURCE_PREFIX,
    label: "Eigener Wert",
    herausgeber: "Eigener Wert der Arbeitsmappe",
    beschluss: "Eingabe im Aufgabenbereich",
    note: "Eigener Wert der Arbeitsmappe, nicht aus den ausgelieferten Tabellen.",
  },
  befehlszeile: {
    prefix: SCENARIO_SOURCE_PREFIX,
    label: "Szenariowert",
    herausgeber: "Szenario der Befehlszeile",
    beschluss: "Angabe honorar --wert, in keiner Arbeitsmappe gespeichert",
    note: "Szenariowert der Befehlszeile, weder aus den ausgelieferten Tabellen noch aus der Arbeitsmappe.",
  },
};

/**
 * The raw tables with the overrides applied: each becomes a dated entry of its
 * series with status "override" and a source made from the user's text. An
 * override on a date the series already has replaces that entry (and the
 * citation of a replaced own value goes with it). The result is checked by
 * validateTables like the shipped data; any problem throws with every
 * message, naming the override.
 */
export function applyOverrides(base: RawTables, overrides: readonly Override[], herkunft: Herkunft = "arbeitsmappe"): RawTables {
  if (overrides.length === 0) return base;
  const origin = ORIGIN[herkunft];
  const raw: RawTables = JSON.parse(JSON.stringify(base));
  const problems: string[] = [];
  for (const [i, o] of overrides.entries()) {
    const at = `${origin.label} ${i + 1} (${o.series})`;
    const series = rawSeries(raw, o.series);
    if (!series) {
      problems.push(`${at}: Reihe unbekannt`);
      continue;
    }
    if (!o.quelle.trim()) problems.push(`${at}: Quelle fehlt`);
    // Named by what it sets, not by its place in the list: the same values in another order are the same tables (and DATENSTAND).
    const sourceId = `${origin.prefix}${o.series}@${o.valid_from}`;
    raw.sources.quellen[sourceId] = { titel: o.quelle.trim(), herausgeber: origin.herausgeber, beschluss: origin.beschluss, datum: "o. J." };
    const entry = { valid_from: o.valid_from, value: o.value, status: "override" as const, source: sourceId, note: origin.note };
    const same = series.values.findIndex((e) => e.valid_from === o.valid_from);
    if (same >= 0) {
      const replaced = series.values[same].source;
      // A workbook's own value that a scenario replaces is no longer in force: DATENSTAND must not count it.
      if (replaced !== sourceId && isUserSource(replaced)) delete raw.sources.quellen[replaced];
      series.values[same] = entry;
    } else {
      series.values.push(entry);
      series.values.sort((x, y) => (x.valid_from < y.valid_from ? -1 : x.valid_from > y.valid_from ? 1 : 0));
    }
  }
  problems.push(...validateTables(raw));
  if (problems.length > 0) throw new Error(problems.join("; "));
  return raw;
}
