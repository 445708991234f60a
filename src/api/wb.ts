import { maxZeilen, presetSetzungen, Setzung, STANDARD_PRESET, wbRechnung, Zeile } from "../engine/weiterbildung";
import { badInput } from "../engine/errors";
import { de } from "../engine/decimal";
import { Trace } from "../engine/trace";
import { currentStichtag } from "../settings/settings";
import { Arg, isEmpty, Raw, scalar, toExcelNumber } from "./args";
import type { Out, Scalar } from "./praxis";

/*
 * WB_DEFIZIT's face: the assumptions as a workbook writes them, and the model's
 * answer as a number or a line-item table. A module of its own because the
 * add-in loads it (and the model's engine, the largest one) only when the
 * function first runs, with the tables' texts (src/api/wb.nachgeladen.ts).
 */

/**
 * The assumptions of WB_DEFIZIT: a preset name, or a two-column range of
 * name/value rows on top of a preset (a row "preset" chooses it; default "Standard").
 * An empty value leaves the preset's; the value "berechnet" removes it.
 * Returns the settings and the preset's own, which wbRechnung compares.
 */
function wbSetzungen(arg: Arg): { setzungen: Map<string, Setzung>; preset: Map<string, Setzung> } {
  // Excel hands a matrix parameter over as a table even for one cell.
  const annahmen = Array.isArray(arg) && arg.length === 1 && arg[0].length === 1 ? arg[0][0] : arg;
  if (!Array.isArray(annahmen)) {
    if (!isEmpty(annahmen) && typeof annahmen !== "string") throw badInput("annahmen: ein Preset-Name (z. B. \"DPtV-2023\") oder ein Bereich mit zwei Spalten Name | Wert.");
    const name = isEmpty(annahmen) ? STANDARD_PRESET : (annahmen as string);
    return { setzungen: presetSetzungen(name), preset: presetSetzungen(name) };
  }
  if (annahmen.some((row) => row.length !== 2)) throw badInput("annahmen: der Bereich braucht genau zwei Spalten, Name | Wert.");
  const rows = annahmen.filter(([name, value]) => !isEmpty(name) && !isEmpty(value));
  for (const [name, value] of rows) {
    if (typeof name !== "string") throw badInput(`annahmen: Name ${typeof name === "number" ? de(name) : String(name)} ist kein Text.`);
    if (typeof value === "boolean") throw badInput(`Annahme ${name}: WAHR/FALSCH ist kein zulässiger Wert.`);
  }
  const presetRow = rows.find(([name]) => (name as string).trim().toLowerCase() === "preset");
  const presetName = presetRow ? String(presetRow[1]) : STANDARD_PRESET;
  const setzungen = presetSetzungen(presetName);
  for (const [name, value] of rows) {
    if (row(name) === "preset") continue;
    // "berechnet" takes back what the preset set, so the line follows its derivation again.
    if (typeof value === "string" && value.trim().toLowerCase() === "berechnet") setzungen.delete(row(name));
    else setzungen.set(row(name), { value: value as string | number, von: "Arbeitsmappe" });
  }
  return { setzungen, preset: presetSetzungen(presetName) };
}

function row(name: Raw): string {
  return (name as string).trim().toLowerCase();
}

const WB_HEADER = ["Position", "Bezeichnung", "Wert", "Einheit", "Herleitung", "Herkunft"];

function herkunft(z: Zeile): string {
  const status = z.status ? ` · Status: ${z.status}` : "";
  const quelle = z.quelle ? `${z.quelle.herausgeber ? `${z.quelle.herausgeber}: ` : ""}${z.quelle.titel}${z.fundstelle ? `, ${z.fundstelle}` : ""}` : "";
  const f = z.freigabe;
  if (f?.behalten) return `WIDERSPRUCH zur Herleitung (geändert: ${f.geaendert.join(", ")}), gedruckter Wert behalten · Annahme (${z.gesetztVon})${quelle ? `: ${quelle}` : ""}${status}`;
  if (z.herkunft === "Annahme") return `Annahme (${z.gesetztVon})${quelle ? `: ${quelle}` : ""}${status}`;
  const frei = f ? ` · gedruckter Wert von ${f.von} freigegeben (geändert: ${f.geaendert.join(", ")})` : "";
  if (z.herkunft === "Tabelle") return `Tabelle ${z.eintrag!.key} ab ${z.eintrag!.valid_from}: ${quelle}${status}${frei}`;
  return `berechnet${frei}`;
}

function aufstellung(zeilen: Zeile[]): Scalar[][] {
  return [WB_HEADER, ...zeilen.map((z) => [z.name, z.label, typeof z.wert === "string" ? z.wert : toExcelNumber(z.wert), z.einheit, z.herleitung, herkunft(z)])];
}

const WB_ERGEBNIS: Record<string, string> = { jahr: "defizit", monat: "defizit_monat" };

/** The line-item table has one row per assumption and line; its length is that of the model. */
export function wbSpill(constants: (Raw | undefined)[]): { rows: number; cols: number } {
  return typeof constants[1] === "string" && constants[1].trim().toLowerCase() === "aufstellung" ? { rows: maxZeilen() + 1, cols: WB_HEADER.length } : { rows: 1, cols: 1 };
}

export function wbDefizit(args: Arg[], trace?: Trace): Out {
  const ergebnisRaw = scalar(args[1], "ergebnis");
  const ergebnis = isEmpty(ergebnisRaw) ? "jahr" : String(ergebnisRaw).trim().toLowerCase();
  const { setzungen, preset } = wbSetzungen(args[0]);
  const modell = wbRechnung(setzungen, preset, currentStichtag(), trace);
  if (ergebnis === "aufstellung") return aufstellung(modell.zeilen);
  // Own keys only: "constructor" must name no line, not Object's constructor.
  return toExcelNumber(modell.get(Object.prototype.hasOwnProperty.call(WB_ERGEBNIS, ergebnis) ? WB_ERGEBNIS[ergebnis] : ergebnis));
}
