/* global CustomFunctions */
import { Out, PRAXIS } from "../api/praxis";
import { Raw } from "../api/args";
import { EngineError } from "../engine/errors";

/**
 * The Excel face: one JSDoc-annotated wrapper per function. The JSDoc is the
 * single source of Excel's metadata (custom-functions-metadata-plugin generates
 * functions.json from it and appends the CustomFunctions.associate calls).
 * No rule lives here: each wrapper hands its raw arguments to the engine's API.
 */


function toExcelError(e: unknown): CustomFunctions.Error {
  const code = CustomFunctions.ErrorCode;
  if (e instanceof EngineError) {
    // Excel shows a message only on #VALUE! and #N/A; #NUM! carries none.
    if (e.kind === "nv") return new CustomFunctions.Error(code.notAvailable, e.message);
    if (e.kind === "zahl") return new CustomFunctions.Error(code.invalidNumber);
    return new CustomFunctions.Error(code.invalidValue, e.message);
  }
  return new CustomFunctions.Error(code.invalidValue, `Interner Fehler: ${e instanceof Error ? e.message : String(e)}`);
}

function call(name: string, args: Raw[]): Out {
  try {
    return PRAXIS[name].run(args);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * Honorar in Euro für eine EBM-Leistung: Punktzahl × Orientierungswert, je Leistung auf den Cent gerundet, mal Anzahl.
 * @customfunction EBM_HONORAR
 * @param gop Gebührenordnungsposition, z. B. 35401.
 * @param [stichtag] Datum, Jahr (2025) oder Quartal ("3/2025", "2025Q3"); leer: Stichtag der Arbeitsmappe.
 * @param [anzahl] Anzahl der Leistungen (ganze Zahl, Standard 1).
 * @returns Honorar in Euro.
 */
export function ebmHonorar(gop: number | string, stichtag?: number | string | boolean | null, anzahl?: number | string | boolean | null): number {
  return call("EBM_HONORAR", [gop, stichtag, anzahl]) as number;
}

/**
 * Punktzahl einer EBM-Gebührenordnungsposition zum Stichtag.
 * @customfunction EBM_PUNKTE
 * @param gop Gebührenordnungsposition, z. B. 35401.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Punkte.
 */
export function ebmPunkte(gop: number | string, stichtag?: number | string | boolean | null): number {
  return call("EBM_PUNKTE", [gop, stichtag]) as number;
}

/**
 * Orientierungswert (bundeseinheitlicher Punktwert) in Cent je Punkt zum Stichtag.
 * @customfunction EBM_PUNKTWERT
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Cent je Punkt.
 */
export function ebmPunktwert(stichtag?: number | string | boolean | null): number {
  return call("EBM_PUNKTWERT", [stichtag]) as number;
}

/**
 * Prüfzeit nach Anhang 3 EBM in Minuten zum Stichtag.
 * @customfunction EBM_PRUEFZEIT
 * @param gop Gebührenordnungsposition, z. B. 35401.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Minuten.
 */
export function ebmPruefzeit(gop: number | string, stichtag?: number | string | boolean | null): number {
  return call("EBM_PRUEFZEIT", [gop, stichtag]) as number;
}

/**
 * Gebühr in Euro nach § 5 GOÄ: Punktzahl × Punktwert 5,82873 Cent × Faktor, einmal kaufmännisch gerundet, mal Anzahl.
 * @customfunction GOAE_BETRAG
 * @param ziffer GOÄ-Nummer, z. B. 870, oder analog "812a".
 * @param [faktor] Steigerungsfaktor (Zahl) oder "Schwellenwert", "Höchstsatz", "Basistarif", "Standardtarif"; leer: Schwellenwert des Abschnitts.
 * @param [anzahl] Anzahl der Leistungen (ganze Zahl, Standard 1).
 * @param [abdingung] WAHR, wenn ein Faktor über dem Höchstsatz nach § 2 GOÄ vereinbart ist.
 * @returns Gebühr in Euro.
 */
export function goaeBetrag(ziffer: number | string, faktor?: number | string | boolean | null, anzahl?: number | string | boolean | null, abdingung?: number | string | boolean | null): number {
  return call("GOAE_BETRAG", [ziffer, faktor, anzahl, abdingung]) as number;
}

/**
 * Punktzahl einer GOÄ-Nummer laut Gebührenverzeichnis.
 * @customfunction GOAE_PUNKTE
 * @param ziffer GOÄ-Nummer, z. B. 870, oder analog "812a".
 * @returns Punkte.
 */
export function goaePunkte(ziffer: number | string): number {
  return call("GOAE_PUNKTE", [ziffer]) as number;
}

/**
 * WAHR, wenn der Faktor den Schwellenwert überschreitet und eine schriftliche Begründung nötig ist (§ 5 Abs. 2, § 12 Abs. 3 GOÄ).
 * @customfunction GOAE_BEGRUENDUNG
 * @param ziffer GOÄ-Nummer, z. B. 870.
 * @param faktor Steigerungsfaktor (Zahl) oder "Höchstsatz", "Basistarif", "Standardtarif".
 * @returns WAHR oder FALSCH.
 */
export function goaeBegruendung(ziffer: number | string, faktor: number | string): boolean {
  return call("GOAE_BEGRUENDUNG", [ziffer, faktor]) as boolean;
}
