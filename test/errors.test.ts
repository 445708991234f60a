import { Arg } from "../src/api/args";
import { PRAXIS } from "../src/api/praxis";
import { ErrorKind } from "../src/engine/errors";
import { praxisError } from "./helpers";

/*
 * Bad input for each function: the error type Excel shows and a German message
 * that names the problem. Never a number, never a JavaScript exception text.
 */
const GERMAN = /[äöüß]|fehlt|ist|keine|nicht|muss|darf|Tabellen|Bereich/;

type Case = [string, Arg[], ErrorKind, RegExp];
const cases: Case[] = [
  // empty required arguments
  ["EBM_HONORAR", [null], "wert", /GOP fehlt/],
  ["EBM_PUNKTE", [""], "wert", /GOP fehlt/],
  ["EBM_PRUEFZEIT", [null], "wert", /GOP fehlt/],
  ["EBM_VERLAUF", [null], "wert", /GOP fehlt/],
  ["STICHTAG_VERGLEICH", ["GOAE_BETRAG", 2025, 2026, 870], "wert", /keine mit Stichtag vergleichbare PRAXIS-Funktion/],
  ["STICHTAG_VERGLEICH", ["EBM_HONORAR", null, 2026, 35401], "wert", /stichtag_alt fehlt/],
  ["STICHTAG_VERGLEICH", ["EBM_HONORAR", 2023, 2024, 99999], "nv", /nicht enthalten/],
  ["EBM_VERLAUF", [35401, 2030, 2020], "wert", /liegt nicht vor dem Ende/],
  ["GOAE_BETRAG", [null], "wert", /GOÄ-Nummer fehlt/],
  ["GOAE_PUNKTE", [""], "wert", /GOÄ-Nummer fehlt/],
  ["GOAE_BEGRUENDUNG", [870, null], "wert", /Faktor fehlt/],
  // text where a number belongs
  ["EBM_HONORAR", ["Einzeltherapie", 2023], "wert", /keine EBM-Gebührenordnungsposition/],
  ["EBM_HONORAR", [35401, 2023, "zwei"], "wert", /Anzahl "zwei" ist keine Zahl/],
  // "1.000" is a thousand to a German reader and one to an English one: refused, never read as 1.
  ["EBM_HONORAR", [35401, 2023, "1.000"], "wert", /Anzahl "1\.000" ist mehrdeutig: 1000 mit Tausendertrennzeichen oder 1,000 mit Dezimalzeichen\? Ohne Tausendertrennzeichen schreiben \(1000\) oder mit einer weiteren Dezimalstelle \(1\.0000\)/],
  ["GOAE_BETRAG", [870, "2,300"], "wert", /Faktor "2,300" ist mehrdeutig: 2300 mit Tausendertrennzeichen/],
  ["EBM_HONORAR", [35401, 2023, "1.000e0"], "wert", /Anzahl "1\.000e0" ist mehrdeutig/],
  // A repealed number needs no justification of a factor: it is billed at none.
  ["GOAE_BEGRUENDUNG", [104, 3], "nv", /GOÄ-Nr\. 104 ist seit dem 01\.01\.2020 aufgehoben/],
  ["PKV_ERSTATTUNG", [870, 2.3, 1, "", 1, "1.500"], "wert", /Selbstbehalt "1\.500" ist mehrdeutig/],
  ["GOAE_BETRAG", [870, "hoch"], "wert", /Faktor "hoch" ist unbekannt/],
  ["GOAE_BETRAG", ["Verhaltenstherapie"], "wert", /keine GOÄ-Nummer/],
  ["GOAE_BETRAG", [870, 2.3, 1, "vielleicht"], "wert", /WAHR oder FALSCH/],
  ["EBM_PUNKTWERT", [true], "wert", /Stichtag/],
  // negative or fractional counts, factors out of range
  ["EBM_HONORAR", [35401, 2023, -1], "zahl", /nicht negativ/],
  ["EBM_HONORAR", [35401, 2023, 2.5], "wert", /ganze Zahl/],
  ["GOAE_BETRAG", [870, 2.3, -3], "zahl", /nicht negativ/],
  ["GOAE_BETRAG", [870, 2.3, 0.5], "wert", /ganze Zahl/],
  ["GOAE_BETRAG", [870, 2.3, 1e300], "zahl", /zu groß/],
  ["GOAE_BETRAG", [870, -2], "zahl", /positive Zahl/],
  ["GOAE_BETRAG", [870, 4], "zahl", /Höchstsatz/],
  ["GOAE_BEGRUENDUNG", [870, 0.5], "zahl", /Mindestsatz/],
  // unknown codes
  ["EBM_HONORAR", [99999, 2023], "nv", /nicht enthalten/],
  ["EBM_PUNKTE", [12345], "nv", /nicht enthalten/],
  ["GOAE_BETRAG", [4999], "nv", /GOÄ-Nr\. 4999 steht nicht im Gebührenverzeichnis/],
  ["GOAE_PUNKTE", ["9999a"], "nv", /GOÄ-Nr\. 9999 steht nicht im Gebührenverzeichnis/],
  ["GOAE_BEGRUENDUNG", [150, 2.3], "nv", /GOÄ-Nr\. 150 steht nicht im Gebührenverzeichnis/],
  // dates before the tables or malformed
  ["EBM_HONORAR", [35401, 2008], "nv", /kein Tabellenwert vor dem/],
  ["EBM_PUNKTWERT", [2008], "nv", /kein Tabellenwert vor dem 01\.01\.2009/],
  ["EBM_PRUEFZEIT", [35401, "1/2009"], "nv", /kein Tabellenwert vor dem/],
  ["EBM_VERLAUF", [35401, 2000, 2001], "nv", /kein Tabellenwert vor dem/],
  ["EBM_HONORAR", [35401, "13/2024"], "wert", /nicht lesbar/],
  ["EBM_PUNKTE", [35401, "30.02.2024"], "wert", /Ungültiges Datum/],
  ["EBM_PUNKTWERT", [500], "wert", /weder eine Jahreszahl noch ein Excel-Datum/],
  // no sourced value for the period
  ["EBM_PUNKTE", [35572, 2023], "nv", /kein belegter Wert/],
  ["EBM_PRUEFZEIT", [35151, 2023], "nv", /kein belegter Wert/],
  // practice economics
  ["ABSTAFFELUNG", [null, 100, "KVNO", 2011], "wert", /Menge fehlt/],
  ["ABSTAFFELUNG", [-5, 100, "KVNO", 2011], "zahl", /Menge darf nicht negativ/],
  ["ABSTAFFELUNG", [150, 0, "KVNO", 2011], "zahl", /Grenze muss größer als 0/],
  ["ABSTAFFELUNG", [150, "viel", "KVNO", 2011], "wert", /Grenze "viel" ist keine Zahl/],
  ["ABSTAFFELUNG", [150, 100, "Atlantis", 2011], "wert", /KV "Atlantis" ist unbekannt/],
  ["ABSTAFFELUNG", [150, 100, "KVNO", 2011, 84.4], "zahl", /zwischen 0 und 1/],
  ["ABSTAFFELUNG", [150, 100, "KVNO", 2011, -0.1], "zahl", /nicht negativ/],
  ["ABSTAFFELUNG", [150, 100, "Hamburg", 2025], "nv", /nicht belegt.*quote/],
  ["ABSTAFFELUNG", [150, 100, "KVNO", "2011Q9"], "wert", /nicht lesbar/],
  ["KAPAZITAETSGRENZE", [0], "zahl", /größer als 0/],
  ["KAPAZITAETSGRENZE", [2], "zahl", /zwischen 0 und 1/],
  ["KAPAZITAETSGRENZE", [1, -100], "zahl", /nicht negativ/],
  ["KAPAZITAET_SITZUNGEN", [null], "wert", /Minuten fehlt/],
  ["KAPAZITAET_SITZUNGEN", [27090, 0], "zahl", /Prüfzeit muss größer als 0/],
  ["KAPAZITAET_MINUTEN", ["sechsunddreißig"], "wert", /keine Zahl/],
  ["HONORAR_WOCHE", [-1], "zahl", /nicht negativ/],
  ["HONORAR_WOCHE", [40, 1.2, 81, 57], "zahl", /zwischen 0 und 1/],
  ["HONORAR_JAHR", [true], "wert", /muss eine Zahl sein/],
  ["HONORAR_ZEITRAUM", [30, null, 2026], "wert", /von fehlt/],
  ["HONORAR_ZEITRAUM", [30, 2027, 2026], "wert", /liegt nicht vor dem Ende/],
  ["HONORAR_ZEITRAUM", [30, 2000, 2001], "nv", /kein Tabellenwert vor dem/],
  ["HONORAR_JAHR", [1000, 0], "zahl", /Arbeitswochen muss größer als 0/],
  ["PKV_ERSTATTUNG", [870, 2.3, 1.5], "wert", /ganze Zahl/],
  ["PKV_ERSTATTUNG", [870, 2.3, -1], "zahl", /nicht negativ/],
  ["PKV_ERSTATTUNG", [870, 2.3, 1, null, 1.5], "zahl", /zwischen 0 und 1/],
  ["PKV_ERSTATTUNG", [870, 2.3, 1, null, 1, -300], "zahl", /Selbstbehalt darf nicht negativ/],
  ["PKV_EIGENANTEIL", [[[870], [801]], [[2.3], [2.3], [1.8]], 1], "wert", /gleich lang/],
  ["PKV_EIGENANTEIL", [[[null], [""]], 2.3, 1], "wert", /Keine Rechnungszeile/],
  ["PKV_EIGENANTEIL", [4999, 2.3, 1], "nv", /GOÄ-Nr\. 4999 steht nicht im Gebührenverzeichnis/],
  ["PKV_EIGENANTEIL", [870, 2.3, 1, [[1], [2]]], "wert", /einzelner Wert/],
  ["SOZIOTHERAPIE_HONORAR", [-3], "zahl", /nicht negativ/],
  ["SOZIOTHERAPIE_HONORAR", [10, null, -5], "zahl", /nicht negativ/],
  ["FALLMANAGEMENT_HONORAR", [90], "wert", /Stundensatz fehlt/],
  ["FALLMANAGEMENT_HONORAR", [null, 60], "wert", /Minuten fehlt/],
  ["FALLMANAGEMENT_HONORAR", [90.5, 60], "wert", /ganze Zahl/],
  ["FALLMANAGEMENT_HONORAR", [90, 0], "zahl", /größer als 0/],
  ["STRUKTURZUSCHLAG", [null], "wert", /Sitzungen je Woche fehlt/],
  ["STRUKTURZUSCHLAG", [150, 2023], "zahl", /passen nicht in eine Woche/],
  ["STRUKTURZUSCHLAG_ZEITRAUM", [30, null, 2026], "wert", /von fehlt/],
  ["STRUKTURZUSCHLAG_ZEITRAUM", [30, 2027, 2026], "wert", /liegt nicht vor dem Ende/],
  ["STRUKTURZUSCHLAG_ZEITRAUM", [30, 2015, 2015], "nv", /kein Tabellenwert vor dem 01\.04\.2016/],
  ["PREISBEREINIGT", [100, "3/2013"], "wert", /keine Jahreszahl/],
  ["KOSTENTRAEGER_VERGLEICH", [35421, 870, null], "wert", /Anzahl fehlt/],
  ["KOSTENTRAEGER_VERGLEICH", [35421, 870, 25, 2026, 3.8], "zahl", /Höchstsatz 3,5.*ohne Abdingung/],
  ["PKV_ERSTATTUNG", [870, 3.8, 1], "zahl", /nur mit Abdingung/],
  ["GOAE_BETRAG", [870, "GKV"], "wert", /nach dem EBM/],
  ["GOAE_BETRAG", [870, "PKV"], "wert", /Kostenträger, kein Faktor einer Rechnung/],
  ["PREISBEREINIGT", [100, 2013, 2026], "nv", /01\.01\.2026 kein belegter Wert/],
  ["WB_DEFIZIT", ["DPtV-2099"], "wert", /Preset "DPtV-2099" unbekannt/],
  ["WB_DEFIZIT", [[["supervision_schluessel", 0]]], "zahl", /supervision_schluessel .* größer als 0/],
  ["ERKLAERUNG", ["EBM_HONORARE", 35401], "wert", /"EBM_HONORARE" ist keine erklärbare PRAXIS-Funktion/],
  ["ERKLAERUNG", [null], "wert", /funktion fehlt: der Name einer PRAXIS-Funktion/],
  ["ERKLAERUNG", ["EBM_PUNKTE", 35401, 2023, 1], "wert", /EBM_PUNKTE hat höchstens 2 Argumente/],
  ["QUELLE", ["ebm.punktwert"], "nv", /Kein Tabellenwert mit dem Schlüssel "ebm\.punktwert"/],
  ["QUELLE", [null], "wert", /Schlüssel/],
  ["QUELLE", ["ebm.orientierungswert", "gestern"], "wert", /Stichtag "gestern"/],
  ["EBM_EXTRABUDGETAER", [null], "wert", /GOP fehlt/],
  ["EBM_EXTRABUDGETAER", [99999, 2026], "nv", /GOP 99999 ist in den Tabellen nicht enthalten/],
  ["EBM_EXTRABUDGETAER", [35163, "3/2021"], "nv", /kein Tabellenwert vor dem 01\.10\.2021/],
  ["EBM_EXTRABUDGETAER", [35571, 2026], "nv", /kein belegter Wert.*Strukturzuschlag/],
];

test.each(cases)("%s(%p) → %s", (name, args, kind, message) => {
  const e = praxisError(name, ...args);
  expect(e.kind).toBe(kind);
  expect(e.message).toMatch(message);
  expect(e.message).toMatch(GERMAN);
});

test("every function has bad-input cases", () => {
  const covered = new Set(cases.map((c) => c[0]));
  // DATENSTAND takes no argument, so no argument can be wrong.
  expect([...covered].sort()).toEqual(Object.keys(PRAXIS).filter((n) => PRAXIS[n].params.length > 0).sort());
});
