/* global CustomFunctions */
/* eslint-disable @typescript-eslint/no-explicit-any -- matrix parameters must be typed any[][] for the metadata generator */
import { Out, PRAXIS } from "../api/praxis";
import { Arg } from "../api/args";
import { EngineError } from "../engine/errors";
import { texteBereit } from "./texte";

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

function call(name: string, args: Arg[]): Out {
  try {
    return PRAXIS[name].run(args);
  } catch (e) {
    throw toExcelError(e);
  }
}

/** For the functions that show the tables' texts (PraxisFunction.texte): they wait until the texts are loaded. */
async function callWithTexts(name: string, args: Arg[]): Promise<Out> {
  try {
    await texteBereit();
  } catch (e) {
    throw toExcelError(e);
  }
  return call(name, args);
}

/** For functions declared to return a matrix: Excel wants a table even for a single value. */
function asTable(out: Out): (number | string | boolean)[][] {
  return Array.isArray(out) ? out : [[out]];
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
 * Verlauf einer EBM-Leistung Quartal für Quartal: Punktzahl, Orientierungswert und Honorar je Leistung am ersten Tag jedes Quartals, mit Änderung zum Vorquartal in Euro und Prozent.
 * @customfunction EBM_VERLAUF
 * @param gop Gebührenordnungsposition, z. B. 35401.
 * @param [von] Datum, Jahr oder Quartal des ersten Quartals; leer: das erste mit Punktzahl und Orientierungswert.
 * @param [bis] Datum, Jahr oder Quartal des letzten Quartals; leer: Stichtag der Arbeitsmappe.
 * @returns Tabelle: Quartal, Punkte, Orientierungswert, Honorar, Änderung in Euro und Prozent.
 */
export function ebmVerlauf(gop: number | string, von?: number | string | boolean | null, bis?: number | string | boolean | null): any[][] {
  return asTable(call("EBM_VERLAUF", [gop, von, bis]));
}

/**
 * Vergleicht eine PRAXIS-Funktion mit Stichtag an zwei Stichtagen: alter und neuer Wert, Differenz in Euro (oder der Einheit der Funktion) und in Prozent.
 * @customfunction STICHTAG_VERGLEICH
 * @param funktion Name der PRAXIS-Funktion mit Stichtag, z. B. "EBM_HONORAR".
 * @param stichtag_alt Früherer Stichtag: Datum, Jahr oder Quartal.
 * @param stichtag_neu Späterer Stichtag: Datum, Jahr oder Quartal.
 * @param argumente Die übrigen Argumente der Funktion in ihrer Reihenfolge, ohne den Stichtag.
 * @returns Tabelle: Stichtag alt, Wert alt, Stichtag neu, Wert neu, Differenz, Differenz in Prozent.
 */
export function stichtagVergleich(funktion: string, stichtag_alt: number | string, stichtag_neu: number | string, argumente?: any[][][]): any[][] {
  // Excel hands a repeating parameter over as one array holding every argument (each a range, a single value as [[v]]).
  return asTable(call("STICHTAG_VERGLEICH", [funktion, stichtag_alt, stichtag_neu, ...(argumente ?? [])]));
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

/**
 * Vergütung einer Menge (Euro oder Minuten) nach dem HVM einer KV: voll bis zur Grenze, mit der Quote der KV von 100 % bis 150 %, darüber nichts. Nur budgetierte Leistungen zählen: extrabudgetäre (EBM_EXTRABUDGETAER = WAHR, etwa Richtlinientherapie und Probatorik seit 2013) zahlt die Krankenkasse voll.
 * @customfunction ABSTAFFELUNG
 * @param menge Abgerechnete Menge budgetierter Leistungen in Euro oder Minuten.
 * @param grenze Kapazitätsgrenze in derselben Einheit (100 %).
 * @param [kv] KV-Bezirk, z. B. "Nordrhein" oder "KVNO"; leer: KV der Arbeitsmappe.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @param [quote] Eigene Quote (0 bis 1) statt des Tabellenwerts, z. B. 0,844.
 * @returns Vergütete Menge.
 */
export function abstaffelung(
  menge: number | string,
  grenze: number | string,
  kv?: number | string | boolean | null,
  stichtag?: number | string | boolean | null,
  quote?: number | string | boolean | null,
): number {
  return call("ABSTAFFELUNG", [menge, grenze, kv, stichtag, quote]) as number;
}

/**
 * Zeitbezogene Kapazitätsgrenze in Prüfzeit-Minuten je Quartal: (27.090 + Minuten nicht genehmigungspflichtiger Leistungen) × Versorgungsauftrag.
 * @customfunction KAPAZITAETSGRENZE
 * @param [versorgungsauftrag] Anteil des vollen Versorgungsauftrags: 1 (Standard), 0,75 oder 0,5.
 * @param [ngl_minuten] Minuten nicht genehmigungspflichtiger Leistungen beim vollen Auftrag (laut KV, etwa 3.000 bis 4.000); leer: 0.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Minuten je Quartal.
 */
export function kapazitaetsgrenze(
  versorgungsauftrag?: number | string | boolean | null,
  ngl_minuten?: number | string | boolean | null,
  stichtag?: number | string | boolean | null,
): number {
  return call("KAPAZITAETSGRENZE", [versorgungsauftrag, ngl_minuten, stichtag]) as number;
}

/**
 * Rechnet Prüfzeit-Minuten je Quartal in Sitzungen je Arbeitswoche um (Minuten / Prüfzeit / (43 Wochen / 4)).
 * @customfunction KAPAZITAET_SITZUNGEN
 * @param minuten Prüfzeit-Minuten je Quartal, z. B. 27090.
 * @param [pruefzeit] Minuten je Sitzung; leer: 70.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Sitzungen je Woche.
 */
export function kapazitaetSitzungen(minuten: number | string, pruefzeit?: number | string | boolean | null, stichtag?: number | string | boolean | null): number {
  return call("KAPAZITAET_SITZUNGEN", [minuten, pruefzeit, stichtag]) as number;
}

/**
 * Rechnet Sitzungen je Arbeitswoche in Prüfzeit-Minuten je Quartal um (Sitzungen × Prüfzeit × 43 Wochen / 4).
 * @customfunction KAPAZITAET_MINUTEN
 * @param sitzungen_pro_woche Sitzungen je Arbeitswoche, z. B. 36.
 * @param [pruefzeit] Minuten je Sitzung; leer: 70.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Minuten je Quartal.
 */
export function kapazitaetMinuten(sitzungen_pro_woche: number | string, pruefzeit?: number | string | boolean | null, stichtag?: number | string | boolean | null): number {
  return call("KAPAZITAET_MINUTEN", [sitzungen_pro_woche, pruefzeit, stichtag]) as number;
}

/**
 * Wochenhonorar: Sitzungen × (Anteil × Honorar genehmigungspflichtig + Rest × Honorar nicht genehmigungspflichtig).
 * @customfunction HONORAR_WOCHE
 * @param sitzungen Sitzungen je Woche.
 * @param [anteil_gp] Anteil genehmigungspflichtiger Sitzungen (0 bis 1); leer: 0,9.
 * @param [honorar_gp] Euro je genehmigungspflichtiger Sitzung; leer: EBM-Honorar der GOP 35401 zum Stichtag.
 * @param [honorar_ngp] Euro je nicht genehmigungspflichtiger Sitzung; leer: EBM-Honorar der GOP 35150 zum Stichtag.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Euro je Woche.
 */
export function honorarWoche(
  sitzungen: number | string,
  anteil_gp?: number | string | boolean | null,
  honorar_gp?: number | string | boolean | null,
  honorar_ngp?: number | string | boolean | null,
  stichtag?: number | string | boolean | null,
): number {
  return call("HONORAR_WOCHE", [sitzungen, anteil_gp, honorar_gp, honorar_ngp, stichtag]) as number;
}

/**
 * Jahreswert eines Wochenbetrags: × Arbeitswochen (43 nach der Modellrechnung des BSG).
 * @customfunction HONORAR_JAHR
 * @param wochenhonorar Euro je Woche.
 * @param [arbeitswochen] Arbeitswochen je Jahr; leer: 43.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Euro je Jahr.
 */
export function honorarJahr(wochenhonorar: number | string, arbeitswochen?: number | string | boolean | null, stichtag?: number | string | boolean | null): number {
  return call("HONORAR_JAHR", [wochenhonorar, arbeitswochen, stichtag]) as number;
}

/**
 * Honorarumsatz über einen Zeitraum: jedes Stück zu den Werten, die dann galten (geteilt an Quartalsanfängen und wo sich Tabellenwerte ändern), Arbeitswochen anteilig (43 je Jahr, ein Viertel je Quartal); nicht gerundet.
 * @customfunction HONORAR_ZEITRAUM
 * @param sitzungen_pro_woche Sitzungen je Arbeitswoche.
 * @param von Erster Tag: Datum, Jahr (1. Januar) oder Quartal (sein erster Tag).
 * @param bis Letzter Tag: Datum, Jahr (31. Dezember) oder Quartal (sein letzter Tag).
 * @param [anteil_gp] Anteil genehmigungspflichtiger Sitzungen; leer: 0,9.
 * @param [honorar_gp] Euro je genehmigungspflichtiger Sitzung; leer: EBM 35401 zur jeweiligen Zeit.
 * @param [honorar_ngp] Euro je nicht genehmigungspflichtiger Sitzung; leer: EBM 35150 zur jeweiligen Zeit.
 * @returns Euro im Zeitraum.
 */
export function honorarZeitraum(sitzungen_pro_woche: number | string, von: number | string, bis: number | string, anteil_gp?: number | string | boolean | null, honorar_gp?: number | string | boolean | null, honorar_ngp?: number | string | boolean | null): number {
  return call("HONORAR_ZEITRAUM", [sitzungen_pro_woche, von, bis, anteil_gp, honorar_gp, honorar_ngp]) as number;
}

/**
 * Erstattung der PKV oder Beihilfe für eine GOÄ-Rechnung (eine Zeile oder Bereiche von Zeilen): bis zum Höchstfaktor des Tarifs, mal Quote, abzüglich Selbstbehalt.
 * @customfunction PKV_ERSTATTUNG
 * @param ziffer GOÄ-Nummer oder Spalte von Nummern.
 * @param faktor Faktor je Zeile (oder einer für alle), auch "Basistarif" usw.
 * @param anzahl Anzahl je Zeile (oder eine für alle).
 * @param [max_faktor] Höchster erstatteter Faktor des Tarifs, z. B. 2,3, "Basistarif", "PKV" oder "Beihilfe" (beide: Höchstsatz); leer: ohne Grenze des Tarifs (die Rechnung bis zum Höchstsatz, darüber nur mit Abdingung).
 * @param [quote] Erstattungsquote 0 bis 1, z. B. 0,5 für Beihilfe 50 %; leer: 1.
 * @param [selbstbehalt] Selbstbehalt in Euro; leer: 0.
 * @param [abdingung] WAHR, wenn ein Faktor über dem Höchstsatz nach § 2 GOÄ vereinbart ist; leer: FALSCH (dann wie GOAE_BETRAG #ZAHL!).
 * @returns Erstattung in Euro.
 */
export function pkvErstattung(
  ziffer: any[][],
  faktor: any[][],
  anzahl: any[][],
  max_faktor?: number | string | boolean | null,
  quote?: number | string | boolean | null,
  selbstbehalt?: number | string | boolean | null,
  abdingung?: number | string | boolean | null,
): number {
  return call("PKV_ERSTATTUNG", [ziffer, faktor, anzahl, max_faktor, quote, selbstbehalt, abdingung]) as number;
}

/**
 * Eigenanteil der Patientin oder des Patienten an einer GOÄ-Rechnung: Rechnungsbetrag minus Erstattung.
 * @customfunction PKV_EIGENANTEIL
 * @param ziffer GOÄ-Nummer oder Spalte von Nummern.
 * @param faktor Faktor je Zeile (oder einer für alle), auch "Basistarif" usw.
 * @param anzahl Anzahl je Zeile (oder eine für alle).
 * @param [max_faktor] Höchster erstatteter Faktor des Tarifs, z. B. 2,3, "Basistarif", "PKV" oder "Beihilfe" (beide: Höchstsatz); leer: ohne Grenze des Tarifs (die Rechnung bis zum Höchstsatz, darüber nur mit Abdingung).
 * @param [quote] Erstattungsquote 0 bis 1; leer: 1.
 * @param [selbstbehalt] Selbstbehalt in Euro; leer: 0.
 * @param [abdingung] WAHR, wenn ein Faktor über dem Höchstsatz nach § 2 GOÄ vereinbart ist; leer: FALSCH (dann wie GOAE_BETRAG #ZAHL!).
 * @returns Eigenanteil in Euro.
 */
export function pkvEigenanteil(
  ziffer: any[][],
  faktor: any[][],
  anzahl: any[][],
  max_faktor?: number | string | boolean | null,
  quote?: number | string | boolean | null,
  selbstbehalt?: number | string | boolean | null,
  abdingung?: number | string | boolean | null,
): number {
  return call("PKV_EIGENANTEIL", [ziffer, faktor, anzahl, max_faktor, quote, selbstbehalt, abdingung]) as number;
}

/**
 * Strukturzuschlag (EBM 35.2, GOP 35571) einer Woche für die genehmigungspflichtigen Sitzungen einer Praxis.
 * @customfunction STRUKTURZUSCHLAG
 * @param sitzungen_pro_woche Genehmigungspflichtige 50-Minuten-Sitzungen je Woche (Durchschnitt).
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @param [versorgungsauftrag] 1 = voll, 0,5 = hälftig; leer: 1.
 * @param [regel] "EBM" (voll ab der 19. bis zur 36. Sitzung, halb bis zur 42.), "DPtV-2023" (halb ab der 19. bis zur 42.) oder "DPtV-2023-54"; leer: "EBM".
 * @returns Euro je Woche.
 */
export function strukturzuschlag(
  sitzungen_pro_woche: number | string,
  stichtag?: number | string | boolean | null,
  versorgungsauftrag?: number | string | boolean | null,
  regel?: number | string | boolean | null,
): number {
  return call("STRUKTURZUSCHLAG", [sitzungen_pro_woche, stichtag, versorgungsauftrag, regel]) as number;
}

/**
 * Defizit einer Praxis durch die Anstellung von Weiterbildungsteilnehmenden (Modell des DPtV-Papiers 2023) mit benannten, belegten Annahmen.
 * @customfunction WB_DEFIZIT
 * @param [annahmen] Preset ("DPtV-2023", "DPtV-2023-gedruckt", "Standard") oder Bereich mit zwei Spalten Name | Wert; eine Zeile "preset" wählt die Grundlage. Gedruckte Werte eines Presets, deren Herleitung sich durch geänderte Annahmen ändert, werden freigegeben und neu berechnet (Aufstellung: "freigegeben"); eine Zeile gedruckte_werte | behalten behält sie, als WIDERSPRUCH markiert.
 * @param [ergebnis] "Jahr" (Standard), "Monat", "Aufstellung" (Tabelle aller Positionen mit Herkunft) oder der Name einer Position.
 * @returns Euro je Jahr oder Monat, eine Position oder die Aufstellung.
 */
export async function wbDefizit(annahmen?: any[][], ergebnis?: number | string | boolean | null): Promise<any[][]> {
  return asTable(await callWithTexts("WB_DEFIZIT", [annahmen, ergebnis]));
}

/**
 * Honorar für Soziotherapie: Stunden, die über 120 Stunden in drei Jahren hinausgehen, werden nicht vergütet (§ 37a SGB V).
 * @customfunction SOZIOTHERAPIE_HONORAR
 * @param stunden Erbrachte Stunden.
 * @param [stundensatz] Euro je Stunde; leer: etwa 40 € (seed 000, Richtwert).
 * @param [bereits_erbracht] Im Dreijahreszeitraum bereits erbrachte Stunden; leer: 0.
 * @returns Honorar in Euro.
 */
export function soziotherapieHonorar(stunden: number | string, stundensatz?: number | string | boolean | null, bereits_erbracht?: number | string | boolean | null): number {
  return call("SOZIOTHERAPIE_HONORAR", [stunden, stundensatz, bereits_erbracht]) as number;
}

/**
 * Honorar für das Fallmanagement der DRV nach psychosomatischer Rehabilitation: minutengenau, höchstens 15 Stunden, mit Verlängerung 30.
 * @customfunction FALLMANAGEMENT_HONORAR
 * @param minuten Kontaktminuten (ganze Zahl).
 * @param stundensatz Euro je Stunde laut Vereinbarung.
 * @param [verlaengert] WAHR, wenn die Verlängerung um bis zu 15 Stunden bewilligt ist.
 * @returns Honorar in Euro.
 */
export function fallmanagementHonorar(minuten: number | string, stundensatz: number | string, verlaengert?: number | string | boolean | null): number {
  return call("FALLMANAGEMENT_HONORAR", [minuten, stundensatz, verlaengert]) as number;
}

/**
 * Strukturzuschlag (GOP 35571) über einen Zeitraum: jede Woche zu den Werten, die dann galten (geteilt an Quartalsanfängen und wo sich Punktzahl, Orientierungswert oder Regeln ändern), Arbeitswochen anteilig (43 je Jahr); nicht gerundet.
 * @customfunction STRUKTURZUSCHLAG_ZEITRAUM
 * @param sitzungen_pro_woche Genehmigungspflichtige 50-Minuten-Sitzungen je Woche (Durchschnitt).
 * @param von Erster Tag: Datum, Jahr (1. Januar) oder Quartal (sein erster Tag).
 * @param bis Letzter Tag: Datum, Jahr (31. Dezember) oder Quartal (sein letzter Tag).
 * @param [versorgungsauftrag] 1 = voll, 0,5 = hälftig; leer: 1.
 * @param [regel] "EBM", "DPtV-2023" oder "DPtV-2023-54" wie bei STRUKTURZUSCHLAG; leer: "EBM".
 * @returns Euro im Zeitraum.
 */
export function strukturzuschlagZeitraum(
  sitzungen_pro_woche: number | string,
  von: number | string,
  bis: number | string,
  versorgungsauftrag?: number | string | boolean | null,
  regel?: number | string | boolean | null,
): number {
  return call("STRUKTURZUSCHLAG_ZEITRAUM", [sitzungen_pro_woche, von, bis, versorgungsauftrag, regel]) as number;
}

/**
 * Ein Betrag eines Jahres in Preisen eines anderen: × Verbraucherpreisindex (Statistisches Bundesamt, Jahresdurchschnitt, 2020 = 100) des Zieljahres / Index des Ausgangsjahres; nicht gerundet.
 * @customfunction PREISBEREINIGT
 * @param betrag Euro in Preisen von von_jahr (auch negativ, etwa ein Defizit).
 * @param von_jahr Jahr des Betrags, z. B. 2013.
 * @param [bis_jahr] Jahr, in dessen Preisen das Ergebnis steht; leer: letztes Jahr mit Jahresdurchschnitt in den Tabellen.
 * @returns Euro in Preisen von bis_jahr.
 */
export function preisbereinigt(betrag: number | string, von_jahr: number | string, bis_jahr?: number | string | boolean | null): number {
  return call("PREISBEREINIGT", [betrag, von_jahr, bis_jahr]) as number;
}

/**
 * Eine Behandlung bei jedem Kostenträger: GKV (EBM-Honorar der GOP), PKV (GOÄ-Nummer zum Faktor), Standardtarif, Basistarif und Beihilfe mit privatem Restkostentarif; je Zeile abgerechnet, davon Beihilfe, davon Versicherung, Patient zahlt. Angenommen: jeder Tarif erstattet die Rechnung voll (ohne Selbstbehalt); einen bestimmten Tarif rechnet PKV_ERSTATTUNG.
 * @customfunction KOSTENTRAEGER_VERGLEICH
 * @param gop EBM-Gebührenordnungsposition der GKV, z. B. 35421 (Verhaltenstherapie, Kurzzeittherapie).
 * @param goae_ziffer GOÄ-Nummer derselben Leistung, z. B. 870 (Verhaltenstherapie; tiefenpsychologisch 35401 ↔ 861).
 * @param anzahl Anzahl der Sitzungen (ganze Zahl).
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @param [faktor] GOÄ-Faktor der Privatrechnung, bis zum Höchstsatz; leer: Schwellenwert (2,3).
 * @param [beihilfe_quote] Bemessungssatz der Beihilfe 0 bis 1; leer: 0,5 (§ 46 Abs. 2 Nr. 1 BBhV).
 * @returns Tabelle: Kostenträger, Faktor, Abgerechnet, davon Beihilfe, davon Versicherung, Patient zahlt.
 */
export function kostentraegerVergleich(
  gop: number | string,
  goae_ziffer: number | string,
  anzahl: number | string,
  stichtag?: number | string | boolean | null,
  faktor?: number | string | boolean | null,
  beihilfe_quote?: number | string | boolean | null,
): any[][] {
  return asTable(call("KOSTENTRAEGER_VERGLEICH", [gop, goae_ziffer, anzahl, stichtag, faktor, beihilfe_quote]));
}

/**
 * Erklärt eine PRAXIS-Berechnung Schritt für Schritt: jeder Rechenschritt mit Wert, Einheit, benutztem Tabellenwert, Quelle und Status; die letzte Zeile ist das Ergebnis oder der Fehler mit Grund.
 * @customfunction ERKLAERUNG
 * @param funktion Name der PRAXIS-Funktion, z. B. "EBM_HONORAR".
 * @param argumente Die Argumente dieser Funktion in ihrer Reihenfolge (Werte oder Bereiche).
 * @returns Tabelle: Schritt, Wert, Einheit, Tabellenwert, Quelle, Status.
 */
export async function erklaerung(funktion: string, argumente?: any[][][]): Promise<any[][]> {
  // Excel hands a repeating parameter over as one array holding every argument (each a range, a single value as [[v]]).
  return asTable(await callWithTexts("ERKLAERUNG", [funktion, ...(argumente ?? [])]));
}

/**
 * Quellenangabe eines Tabellenwerts: Wert, Einheit, Gültigkeit, Quelle und Status, etwa für "ebm.orientierungswert" oder "kv.NO.quote".
 * @customfunction QUELLE
 * @param schluessel Schlüssel des Tabellenwerts wie in ERKLAERUNG und im Aufgabenbereich, z. B. "ebm.punkte.35401".
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns Quellenangabe als Text.
 */
export async function quelle(schluessel: string, stichtag?: number | string | boolean | null): Promise<string> {
  return (await callWithTexts("QUELLE", [schluessel, stichtag])) as string;
}

/**
 * Datenstand: Ausgabe der Tabellen und SHA-256 über alle benutzten Tabellen samt eigener Werte der Arbeitsmappe; gleicher Text heißt gleiche Daten.
 * @customfunction DATENSTAND
 * @returns Ausgabe und Prüfsumme als Text.
 */
export async function datenstand(): Promise<string> {
  return (await callWithTexts("DATENSTAND", [])) as string;
}

/**
 * Ob eine EBM-Leistung zum Stichtag extrabudgetär, also außerhalb der morbiditätsbedingten Gesamtvergütung zu festen Preisen, bezahlt wird (WAHR) oder budgetiert ist (FALSCH); nur budgetierte Leistungen trifft die Abstaffelung des HVM.
 * @customfunction EBM_EXTRABUDGETAER
 * @param gop Gebührenordnungsposition, z. B. 35150.
 * @param [stichtag] Datum, Jahr oder Quartal; leer: Stichtag der Arbeitsmappe.
 * @returns WAHR (extrabudgetär) oder FALSCH (budgetiert).
 */
export function ebmExtrabudgetaer(gop: number | string, stichtag?: number | string | boolean | null): boolean {
  return call("EBM_EXTRABUDGETAER", [gop, stichtag]) as boolean;
}
