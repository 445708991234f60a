import { tablesHash } from "../data/datenstand";
import { activeRaw, Entry, Fact, tables } from "../data/tables";
import { Source, Status } from "../data/types";
import { OVERRIDE_SOURCE_PREFIX, SCENARIO_SOURCE_PREFIX } from "../data/validate";
import { formatDe, IsoDate } from "./dates";
import { de } from "./decimal";
import { badInput, noValue } from "./errors";
import { entryAt } from "./lookup";

/** How a status reads in German, in explanations and citations. */
export const STATUS_DE: Record<Status, string> = { confirmed: "bestätigt", derived: "abgeleitet", unconfirmed: "unbestätigt", override: "eigener Wert" };

/** A citation as one line: publisher, title, decision or where it appeared, where in it, date, URL. */
export function zitat(source: Source, fundstelle?: string): string {
  const parts = [`${source.herausgeber ? `${source.herausgeber}: ` : ""}${source.titel}`];
  if (source.beschluss) parts.push(source.beschluss);
  if (source.erschienen) parts.push(source.erschienen);
  if (fundstelle && fundstelle !== source.beschluss) parts.push(fundstelle);
  parts.push(source.datum);
  if (source.url) parts.push(source.url);
  return parts.join(", ");
}

/** The entry or fact as ERKLAERUNG names it: its key and, for dated values, from when it holds. */
export function eintragName(e: Entry | Fact<unknown>): string {
  return "valid_from" in e ? `${e.key} ab ${formatDe(e.valid_from)}` : e.key;
}

function byKey<T extends { key: string }>(map: Map<string, T>, key: string): T | undefined {
  const exact = map.get(key);
  if (exact) return exact;
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * The citation of one table value: what it is, its value and unit, from when it
 * holds, the source and the status. `schluessel` is a key as ERKLAERUNG and the
 * task pane show it (ebm.orientierungswert, ebm.punkte.35401, kv.NO.quote,
 * goae.persoenlich.abdingung_zulaessig …); case does not matter.
 */
export function quelle(schluessel: string, date: IsoDate): string {
  const key = schluessel.trim();
  if (key === "") throw badInput("Schlüssel fehlt, z. B. \"ebm.orientierungswert\" oder \"ebm.punkte.35401\".");
  const t = tables();
  const series = byKey(t.series, key);
  if (series) {
    const e = entryAt(series, date);
    const wert = e.value === null ? `kein belegter Wert${e.note ? ` (${e.note})` : ""}` : `${de(e.value)} ${e.unit}`;
    // For a derived or doubtful value the note says how it was obtained: an auditor needs that next to the source.
    const anmerkung = e.value !== null && e.note ? ` Anmerkung: ${e.note}` : "";
    return `${series.label}: ${wert}, gültig ab ${formatDe(e.valid_from)}${e.valid_to ? ` bis ${formatDe(e.valid_to)} (ausschließlich)` : ""}. Quelle: ${zitat(e.source, e.fundstelle)}. Status: ${STATUS_DE[e.status]}.${anmerkung}`;
  }
  const fact = byKey(t.facts, key);
  if (fact) {
    const wert = typeof fact.value === "boolean" ? (fact.value ? "WAHR" : "FALSCH") : String(fact.value);
    return `${fact.key}: ${wert}. Quelle: ${zitat(fact.source, fact.fundstelle)}. Status: ${STATUS_DE[fact.status]}.${fact.note ? ` Anmerkung: ${fact.note}` : ""}`;
  }
  const area = key.split(".")[0].toLowerCase();
  const known = [...t.series.keys(), ...t.facts.keys()].filter((k) => k.toLowerCase().startsWith(`${area}.`));
  const hint = known.length > 0 ? ` Schlüssel dieses Bereichs sind z. B. ${known.slice(0, 5).join(", ")}.` : " Schlüssel beginnen mit ebm., goae., kv. oder praxis.";
  throw noValue(`Kein Tabellenwert mit dem Schlüssel "${key}".${hint}`);
}

/**
 * The data edition and the SHA-256 over all tables in force, the workbook's own
 * values (and a command-line scenario's) included: two results with the same
 * text were computed from the same data.
 */
export function datenstand(): string {
  const raw = activeRaw();
  const ids = Object.keys(raw.sources.quellen);
  const eigene = ids.filter((id) => id.startsWith(OVERRIDE_SOURCE_PREFIX)).length;
  const szenario = ids.filter((id) => id.startsWith(SCENARIO_SOURCE_PREFIX)).length;
  const mit = [
    ...(eigene === 0 ? [] : [`${eigene === 1 ? "1 eigenen Wert" : `${eigene} eigenen Werten`} der Arbeitsmappe`]),
    ...(szenario === 0 ? [] : [`${szenario === 1 ? "1 Szenariowert" : `${szenario} Szenariowerten`} der Befehlszeile`]),
  ];
  return `Ausgabe ${formatDe(raw.sources.ausgabe)}${mit.length > 0 ? `, mit ${mit.join(" und ")}` : ""}, SHA-256 ${tablesHash(raw)}`;
}
