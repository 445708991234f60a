#!/usr/bin/env node
/*
 * Writes the example workbooks (examples/*.xlsx): the figures of seeds 001–003
 * as live PRAXIS formulas, stored the way Excel stores them (_xldudf_PRAXIS_NAME),
 * with Excel's own formulas around them.
 *
 * The cached values are NOT computed by our engine: they are the seeds' printed
 * figures or independent arithmetic written out below with the cited numbers,
 * so that `honorar recalc` of an example is a real check. Where a seed prints a
 * rounded figure, the cached value is the exact one and the row says so.
 *
 * Usage: node scripts/make-examples.js [directory]   (default: examples/)
 */
const fs = require("fs");
const path = require("path");
const ExcelJS = require("exceljs");
const JSZip = require("jszip");
const Decimal = require("decimal.js");

const D = (x) => new Decimal(x);
/** Rounds half away from zero to cents, as § 5 GOÄ and the EBM do. */
const cents = (x) => D(x).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const num = (x) => D(x).toNumber();
/**
 * What Excel saves for a native subtraction: the difference of the two IEEE
 * doubles, not the decimal one ("Floating-point arithmetic may give inaccurate
 * results in Excel", Microsoft Support). 4479,30 − 4479,00 is saved as
 * 0,3000000000001819, and recalc compares exactly.
 */
const minus = (a, b) => num(a) - num(b);

/** Custom functions as Excel writes them into the file. */
const udf = (name, args) => `_xldudf_PRAXIS_${name}(${args})`;

/** A fixed date, so that regenerated files differ from the committed ones only where the content does. */
const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));

/**
 * A sheet built row by row. Each row: label (A), value or formula (B), the seed's
 * printed figure (C), for formulas the difference B − C (D), note (E).
 */
class Sheet {
  constructor(ws) {
    this.ws = ws;
    this.row = 1;
    this.at = {};
    ws.columns = [{ width: 58 }, { width: 16 }, { width: 16 }, { width: 12 }, { width: 80 }];
  }
  text(...cells) {
    cells.forEach((c, i) => (this.ws.getCell(this.row, i + 1).value = c));
    if (cells.length > 0) this.ws.getCell(this.row, 1).font = { bold: this.row === 1 };
    this.row++;
  }
  header() {
    this.text("", "Formel", "Seed (gedruckt)", "Differenz", "Anmerkung");
    this.ws.getRow(this.row - 1).font = { bold: true };
  }
  /** A value row (an assumption): label, value. */
  value(key, label, value, note = "") {
    this.at[key] = this.row;
    this.text(label, value, "", "", note);
  }
  /** A formula row; `cached` is the value written as Excel's saved result. */
  formula(key, label, formula, cached, printed, note = "") {
    this.at[key] = this.row;
    const r = this.row;
    this.ws.getCell(r, 1).value = label;
    this.ws.getCell(r, 2).value = { formula, result: cached };
    if (printed !== undefined) {
      this.ws.getCell(r, 3).value = printed;
      this.ws.getCell(r, 4).value = { formula: `B${r}-C${r}`, result: minus(cached, printed) };
    }
    this.ws.getCell(r, 5).value = note;
    this.row++;
  }
  ref(key, col = "B") {
    return `${col}${this.at[key]}`;
  }
}

/* ---------- seed 001: Einkommen bei ganzem und hälftigem Versorgungsauftrag ---------- */

function seed001(wb) {
  const s = new Sheet(wb.addWorksheet("Einkommen"));
  s.text("Einkommen psychotherapeutischer Praxen bei ganzem und hälftigem Versorgungsauftrag (seed 001)");
  s.text("Quelle: seed 001, „Zum Einkommen von niedergelassenen PsychotherapeutInnen. Honorarausschöpfung und Arbeitszeiten bei ganzen und hälftigen Versorgungsaufträgen“; Stichtag in jeder Formel: 2011 (KV-Quoten aus diesem Artikel).");
  s.text("Der Artikel rundet Wochenhonorare auf (3.150 statt 3.144 €); gespeichert ist der exakte Wert, Spalte D zeigt den Unterschied.");
  s.text();
  s.text("Annahmen");
  s.value("gp", "Honorar je genehmigungspflichtiger Sitzung (€, gerundet)", 81, "seed 001: „81 €“");
  s.value("ngp", "Honorar je nicht genehmigungspflichtiger Sitzung (€)", 57, "seed 001: Probatorik 61 €, Gespräch 53 €, „durchschnittlich also 57 €“");
  s.value("anteil", "Anteil genehmigungspflichtiger Sitzungen", 0.9, "seed 001: „im Verhältnis 90/10“");
  s.value("ngl", "Minuten nicht genehmigungspflichtiger Leistungen je Quartal", 4000, "seed 001: „ca. 3.000 bis 4.000 Min.“");
  s.value("woche", "Wochenhonorar bei 40 Stunden, wie gedruckt (€)", 3150, "seed 001: „ca. 3.150 €“");
  s.text();
  s.header();
  const stichtag = 2011;

  s.text("Voller Versorgungsauftrag");
  s.formula("grenze", "Kapazitätsgrenze genehmigungspflichtiger Leistungen (min/Quartal)", udf("KAPAZITAETSGRENZE", `1,0,${stichtag}`), 27090, 27090);
  s.formula("grenze_ngl", "mit nicht genehmigungspflichtigen Leistungen (min/Quartal)", udf("KAPAZITAETSGRENZE", `1,${s.ref("ngl")},${stichtag}`), 27090 + 4000, 31000, "seed 001: „ca. 31.000 Min.“ = 27.090 + ca. 4.000");
  s.formula("sitzungen", "Sitzungen je Woche an der Grenze", udf("KAPAZITAET_SITZUNGEN", `${s.ref("grenze")},,${stichtag}`), 36, 36, "27.090 min / 70 min Prüfzeit / (43/4) Wochen je Quartal");
  const woche40 = 36 * 81 + 4 * 57; // 90/10 of 40 sessions
  s.formula("woche40", "Wochenhonorar bei 40 Stunden (€)", udf("HONORAR_WOCHE", `40,${s.ref("anteil")},${s.ref("gp")},${s.ref("ngp")},${stichtag}`), woche40, 3150, "36 × 81 € + 4 × 57 € = 3.144 €; der Artikel rundet auf 3.150 €");
  const nrw60 = num(D(3150).plus(D("0.844").times(1575)));
  s.formula("kvno60", "Nordrhein, 60 Stunden (KVNO, Quote 84,4 %) auf Basis 3.150 € (€)", udf("ABSTAFFELUNG", `1.5*${s.ref("woche")},${s.ref("woche")},"KVNO",${stichtag}`), nrw60, 4479, "3.150 + 0,844 × 1.575 = 4.479,30 €; gedruckt 3.150 + 1.329 = 4.479 €");
  const nrw60exakt = num(D(woche40).plus(D("0.844").times(D(woche40).div(2))));
  s.formula("kvno60exakt", "Nordrhein, 60 Stunden, mit exaktem Wochenhonorar (€)", udf("ABSTAFFELUNG", `${udf("HONORAR_WOCHE", `60,${s.ref("anteil")},${s.ref("gp")},${s.ref("ngp")},${stichtag}`)},${s.ref("woche40")},"KVNO",${stichtag}`), nrw60exakt, undefined, "3.144 + 0,844 × 1.572 = 4.470,768 €");
  const wl60 = num(D(3150).plus(D("0.1").times(1575)));
  s.formula("kvwl60", "Westfalen-Lippe, 60 Stunden (KVWL, Quote ca. 10 %) (€)", udf("ABSTAFFELUNG", `1.5*${s.ref("woche")},${s.ref("woche")},"KVWL",${stichtag}`), wl60, undefined, "3.150 + 0,10 × 1.575 = 3.307,50 €");
  s.formula("kvwl_stunde", "Westfalen-Lippe: Vergütung einer Stunde über der Grenze (€)", `${udf("ABSTAFFELUNG", `${s.ref("woche")}+${s.ref("woche")}/40,${s.ref("woche")},"Westfalen-Lippe",${stichtag}`)}-${s.ref("woche")}`, num(D("0.1").times(D(3150).div(40))), 8, "0,10 × 3.150 / 40 = 7,875 €; gedruckt „lediglich ca. 8,- €“");

  s.text("Hälftiger Versorgungsauftrag");
  s.formula("h_grenze", "Kapazitätsgrenze (min/Quartal)", udf("KAPAZITAETSGRENZE", `0.5,0,${stichtag}`), 27090 / 2, 13545);
  s.formula("h_grenze_ngl", "mit nicht genehmigungspflichtigen Leistungen (min/Quartal)", udf("KAPAZITAETSGRENZE", `0.5,${s.ref("ngl")},${stichtag}`), (27090 + 4000) / 2, 15545);
  s.formula("h_sitzungen", "Sitzungen je Woche an der Grenze", udf("KAPAZITAET_SITZUNGEN", `${s.ref("h_grenze")},,${stichtag}`), 18, 18);
  s.formula("h_minuten", "18 Sitzungen je Woche in Minuten je Quartal", udf("KAPAZITAET_MINUTEN", `18,,${stichtag}`), 18 * 70 * 43 / 4, 13545, "18 × 70 min × 43/4");
  s.formula("h_woche", "Wochenhonorar an der Grenze (€)", `${s.ref("woche")}/2`, 1575, 1575, "3.150 : 2");
  const hNrw = num(D(1575).plus(D("0.844").times(D(1575).div(2))));
  s.formula("h_kvno", "Nordrhein, 50 % über der Grenze (€)", udf("ABSTAFFELUNG", `1.5*${s.ref("h_woche")},${s.ref("h_woche")},"KVNO",${stichtag}`), hNrw, 2240, "1.575 + 0,844 × 787,5 = 2.239,65 €; gedruckt 1.575 + 665 = 2.240 €");
  s.formula("h_jahr", "Jahreshonorar an der Grenze (43 Wochen, €)", udf("HONORAR_JAHR", `${s.ref("h_woche")},,${stichtag}`), 1575 * 43, 67725);
  s.formula("h_jahr_kvno", "Jahreshonorar Nordrhein (€)", udf("HONORAR_JAHR", `${s.ref("h_kvno")},,${stichtag}`), num(D(hNrw).times(43)), 96320, "2.239,65 × 43 = 96.304,95 €; gedruckt 2.240 × 43 = 96.320 €");
  s.formula("schnitt", "Durchschnittspraxis: 24 Sitzungen, davon 21 genehmigungspflichtig (€/Woche)", udf("HONORAR_WOCHE", `24,21/24,${s.ref("gp")},${s.ref("ngp")},${stichtag}`), 21 * 81 + 3 * 57, 1872, "21 × 81 € + 3 × 57 €");

  // A second sheet with references across sheets, as a summary would have them.
  const j = wb.addWorksheet("Jahr");
  j.columns = [{ width: 50 }, { width: 16 }, { width: 60 }];
  j.getCell("A1").value = "Jahreshonorare aus dem Blatt Einkommen (× 43 Arbeitswochen)";
  j.getCell("A1").font = { bold: true };
  const rows = [
    ["Voller Versorgungsauftrag, 40 Stunden", "woche40", woche40 * 43],
    ["Nordrhein, 60 Stunden (Basis 3.150 €)", "kvno60", num(D(nrw60).times(43))],
    ["Westfalen-Lippe, 60 Stunden", "kvwl60", num(D(wl60).times(43))],
  ];
  rows.forEach(([label, key, value], i) => {
    j.getCell(i + 2, 1).value = label;
    j.getCell(i + 2, 2).value = { formula: udf("HONORAR_JAHR", `Einkommen!${s.ref(key)},43,${stichtag}`), result: value };
  });
  j.getCell(5, 1).value = "Unterschied Nordrhein − Westfalen-Lippe je Jahr";
  j.getCell(5, 2).value = { formula: "ROUND(B3-B4,2)", result: num(D(nrw60).minus(wl60).times(43)) };
}

/* ---------- seed 002: Privatrechnung nach GOÄ ---------- */

/** GOÄ § 5: Punktzahl × Punktwert (5,82873 Cent, GOÄ 1996) × Faktor, auf den Cent; je Leistung, dann × Anzahl. */
const GOAE_PUNKTWERT_CENT = "5.82873";
const GOAE_PUNKTE = { 870: 750, "801a": 250, "812a": 500 };
const goae = (ziffer, faktor, anzahl = 1) => cents(D(GOAE_PUNKTE[ziffer]).times(GOAE_PUNKTWERT_CENT).div(100).times(faktor)).times(anzahl);

function seed002(wb) {
  const ws = wb.addWorksheet("Privatrechnung");
  ws.columns = [{ width: 14 }, { width: 10 }, { width: 10 }, { width: 14 }, { width: 16 }, { width: 12 }, { width: 80 }];
  const bold = (r) => (ws.getRow(r).font = { bold: true });
  ws.getCell("A1").value = "Privatrechnung nach GOÄ und Erstattung durch PKV und Beihilfe (seed 002)";
  bold(1);
  ws.getCell("A2").value =
    "Punktwert 5,82873 Cent (GOÄ 1996), Punkte: 870 = 750, 801a (analog 801) = 250, 812a = 500. Die GOÄ-Formeln haben kein Stichtag-Argument: es gilt der Stichtag der Arbeitsmappe (Aufgabenbereich), hier 01.01.2025.";
  const header = (r) => {
    ["Ziffer", "Faktor", "Anzahl", "Betrag (€)", "Seed (gedruckt)", "Differenz", "Anmerkung"].forEach((h, i) => (ws.getCell(r, i + 1).value = h));
    bold(r);
  };
  let r = 4;
  const line = (ziffer, faktor, anzahl, cached, printed, note = "", abdingung = false) => {
    ws.getCell(r, 1).value = ziffer;
    ws.getCell(r, 2).value = faktor;
    ws.getCell(r, 3).value = anzahl;
    ws.getCell(r, 4).value = { formula: udf("GOAE_BETRAG", `A${r},B${r},C${r}${abdingung ? ",TRUE" : ""}`), result: num(cached) };
    if (printed !== undefined) {
      ws.getCell(r, 5).value = printed;
      ws.getCell(r, 6).value = { formula: `D${r}-E${r}`, result: minus(cached, printed) };
    }
    ws.getCell(r, 7).value = note;
    return r++;
  };
  const total = (label, formula, cached, printed, note = "") => {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 4).value = { formula, result: num(cached) };
    if (printed !== undefined) {
      ws.getCell(r, 5).value = printed;
      ws.getCell(r, 6).value = { formula: `D${r}-E${r}`, result: minus(cached, printed) };
    }
    ws.getCell(r, 7).value = note;
    return r++;
  };

  ws.getCell(r++, 1).value = "Beispiel 2: Probatorik und Befund, 90 % Erstattung";
  header(r++);
  const a = line(870, 2.3, 4, goae(870, "2.3", 4), undefined, "4 × 100,55 € (seed: 100,55 € je Sitzung)");
  const b = line("801a", 2.3, 4, goae("801a", "2.3", 4), undefined, "4 × 33,52 € (seed: 33,52 € je Befund)");
  const sum = goae(870, "2.3", 4).plus(goae("801a", "2.3", 4));
  total("Rechnung", `SUM(D${a}:D${b})`, sum, 536.28, "4 × 134,07 €");
  const erstattung = cents(sum.times("0.9"));
  total("Erstattung 90 %", udf("PKV_ERSTATTUNG", `A${a}:A${b},B${a}:B${b},C${a}:C${b},,0.9`), erstattung, undefined, "536,28 × 0,9 = 482,652 → 482,65 €");
  total("Eigenanteil", udf("PKV_EIGENANTEIL", `A${a}:A${b},B${a}:B${b},C${a}:C${b},,0.9`), sum.minus(erstattung), 53.63);
  total("Eine Sitzung: 870 + 801a", `${udf("GOAE_BETRAG", "870,2.3")}+${udf("GOAE_BETRAG", '"801a",2.3')}`, goae(870, "2.3").plus(goae("801a", "2.3")), 134.07);
  r++;

  ws.getCell(r++, 1).value = "Beispiel 1, 3 und C: Einzelsitzungen 870";
  header(r++);
  const e1 = line(870, 2.3, 25, goae(870, "2.3", 25), 2513.75, "25 × 100,55 €");
  total("Beispiel 1: Erstattung 100 % bis 2,3-fach", udf("PKV_ERSTATTUNG", `A${e1},B${e1},C${e1}`), goae(870, "2.3", 25), 2513.75, "kein Eigenanteil");
  const e3 = line(870, 2.3, 40, goae(870, "2.3", 40), 4022, "40 × 100,55 €");
  total("Beispiel 3: Beihilfe 50 %", udf("PKV_ERSTATTUNG", `A${e3},B${e3},C${e3},,0.5`), goae(870, "2.3", 40).div(2), 2011);
  const c = line(870, 2.3, 30, goae(870, "2.3", 30), 3016.5, "30 × 100,55 €");
  const basis = goae(870, "1.2", 30);
  total("Fall C: Erstattung im Basistarif (1,2-fach)", udf("PKV_ERSTATTUNG", `A${c},B${c},C${c},"Basistarif"`), basis, 1573.8, "30 × 52,46 €");
  total("Fall C: Eigenanteil", udf("PKV_EIGENANTEIL", `A${c},B${c},C${c},"Basistarif"`), goae(870, "2.3", 30).minus(basis), 1442.7);
  total("Beispiel 4: Differenz je Sitzung 2,3-fach − Basistarif", `${udf("GOAE_BETRAG", "870,2.3")}-${udf("GOAE_BETRAG", '870,"Basistarif"')}`, minus(goae(870, "2.3"), goae(870, "1.2")), 48.09);
  r++;

  ws.getCell(r++, 1).value = "Fälle A und B, Abdingung";
  header(r++);
  const fa = line(870, 2.8, 20, goae(870, "2.8", 20), 2440, "20 × 122,40 €; gedruckt „à ≈ 122,00 €“ → 2.440 €");
  total("Fall A: Erstattung bis 3,5-fach, 300 € Selbstbehalt", udf("PKV_ERSTATTUNG", `A${fa},B${fa},C${fa},3.5,1,300`), goae(870, "2.8", 20).minus(300), 2140, "2.448 − 300 = 2.148 €; gedruckt mit 122,00 €: 2.140 €");
  total("Fall A: Eigenanteil", udf("PKV_EIGENANTEIL", `A${fa},B${fa},C${fa},3.5,1,300`), D(300), 300);
  line("812a", 2.3, 12, goae("812a", "2.3", 12), 804.36, "Fall B: 12 × 67,03 € (gedruckt „6 × 134,06 €“)");
  const ab = line(870, 3.8, 1, goae(870, "3.8"), 165, "Beispiel 5: gedruckt „≈ 165, + €“; 750 × 5,82873 ct × 3,8 = 166,12 €", true);
  total("Beispiel 5: Eigenanteil bei Erstattung bis 3,5-fach", udf("PKV_EIGENANTEIL", `A${ab},B${ab},C${ab},3.5,,,TRUE`), goae(870, "3.8").minus(goae(870, "3.5")), undefined, "166,12 − 153,00 €");
  ws.getCell(r, 1).value = "Fall A: schriftliche Begründung nötig? (2,8 liegt über dem Schwellenwert 2,3)";
  ws.getCell(r, 4).value = { formula: udf("GOAE_BEGRUENDUNG", `A${fa},B${fa}`), result: true };
  ws.getCell(r, 7).value = "§ 12 Abs. 3 GOÄ; seed 002: „bis 3,5-fach … muss begründet werden“";
}

/* ---------- seed 003: Defizit einer Weiterbildungspraxis ---------- */

/** The paper's table of costs and revenue, position by position (names as in src/engine/weiterbildung.ts). */
const POSITIONEN = [
  ["personalkosten", "Bruttogehalt PtW zzgl. AG-Anteil Sozialversicherung", 70357],
  ["zuschlag_personal", "Zzgl. 10 % Zuschlag Unternehmerrisiko", 7036],
  ["sachkosten", "Zusätzliche Raumkosten, Abschreibungen, Reinigungskosten", 11734],
  ["zuschlag_sachkosten", "Zzgl. 10 % Zuschlag Unternehmerrisiko", 1173],
  ["verwaltung", "0,25 zusätzliche Verwaltungsstellen nach MFA-Tarifvertrag", 10934],
  ["zuschlag_verwaltung", "Zzgl. 10 % Zuschlag Unternehmerrisiko", 1225],
  ["supervision", "Supervisionsaufwand", 17105],
  ["selbsterfahrung", "Zukauf Selbsterfahrung", 2852],
  ["theorie", "Zukauf Theorievermittlung", 2000],
  ["anleitung", "Kompensation Anleitungs- und Qualitätssicherungsaufwand", 6792],
];

/**
 * The consistent reading (preset "DPtV-2023"): the paper's own derivations, each
 * position on the cent, with the cited inputs: EBM 2023 (941, 709 and 186 points
 * at 11,4915 ct), TV-L E14 Stufe 2 (4.885,93 €), employer's social insurance
 * 2023 (KV 7,3 + Zusatzbeitrag 0,8 + RV 9,3 + AV 1,3 + PV 1,525 = 20,225 %),
 * KSE 2019 shares, MFA tariff 2.817,44 € × 12,7 × 1,22225.
 */
function folgerichtig({ zuschlag = "0.1", schluessel = 6 } = {}) {
  const ow = D("11.4915").div(100);
  const sitzung = cents(D(941).times(ow));
  const probatorik = cents(D(709).times(ow));
  const halberZuschlag = cents(D(186).times(ow).div(2));
  const wochen = 43;
  const v = {};
  v.umsatz_sitzungen = cents(sitzung.times(18).plus(probatorik.times(2)).times(wochen));
  // Paper's reading: half the surcharge from the 19th to the 42nd session; the owner's 30 plus the trainee's 18.
  v.umsatz_strukturzuschlag = cents(halberZuschlag.times(42 - 30).times(wochen));
  v.umsatz = v.umsatz_sitzungen.plus(v.umsatz_strukturzuschlag);
  v.personalkosten = cents(D("4885.93").times(12).times(D(1).plus("0.20225")));
  v.zuschlag_personal = cents(v.personalkosten.times(zuschlag));
  const anteile = ["0.008", "0.013", "0.006", "0.014", "0.059"];
  v.sachkosten = anteile.reduce((s, a) => s.plus(cents(v.umsatz.times(a))), D(0)).plus(360);
  v.zuschlag_sachkosten = cents(v.sachkosten.times(zuschlag));
  const jahreswert = cents(D("2817.44").times("12.7").times("1.22225"));
  const stelle = D("0.5").times(18).div(36);
  v.verwaltung = cents(stelle.times(jahreswert));
  v.zuschlag_verwaltung = cents(stelle.times(jahreswert).times(zuschlag));
  const stundensatz = sitzung.plus(halberZuschlag);
  v.supervision = cents(D(20).div(schluessel).times(wochen).times(stundensatz));
  v.selbsterfahrung = cents(D(120).div(5).times(stundensatz));
  v.theorie = cents(D(500).div(5).times(20));
  const minutenJeSitzung = D(60).div("0.675");
  v.anleitung = cents(D(2).times(60).div(minutenJeSitzung).times(stundensatz)).times(wochen);
  v.kosten = POSITIONEN.reduce((s, [k]) => s.plus(v[k]), D(0));
  v.defizit = v.kosten.minus(v.umsatz);
  v.defizit_monat = cents(v.defizit.div(12));
  return v;
}

function seed003(wb) {
  const ws = wb.addWorksheet("Weiterbildung");
  ws.columns = [{ width: 60 }, { width: 24 }, { width: 16 }, { width: 16 }, { width: 14 }, { width: 80 }];
  const bold = (r) => (ws.getRow(r).font = { bold: true });
  ws.getCell("A1").value = "Ausgleichsbedarf einer Praxis mit Weiterbildungsteilnehmenden (DPtV-Stellungnahme vom 11.09.2023, seed 003)";
  bold(1);
  ws.getCell("A2").value =
    "Spalte C: die Zahlen, wie gedruckt (Preset DPtV-2023-gedruckt); Spalte D: dieselben Annahmen folgerichtig gerechnet (DPtV-2023). Beide Presets legen den Stichtag 01.01.2023 fest. Abweichungen: docs/wb-defizit-audit.md.";

  // The assumption ranges the formulas read: Name | Wert.
  ws.getCell("A4").value = "Annahmen (Bereiche Name | Wert)";
  bold(4);
  const ranges = {
    v1: ["A5:B5", [["preset", "DPtV-2023-gedruckt"]], "Variante 1, gedruckt: Strukturzuschlag bis zur 42. Sitzung"],
    v2: ["A7:B8", [["preset", "DPtV-2023-gedruckt"], ["strukturzuschlag_regel", "DPtV-2023-54"]], "Variante 2, gedruckt: Strukturzuschlag bis zur 54. Sitzung"],
    f: ["A10:B10", [["preset", "DPtV-2023"]], "folgerichtig gerechnet"],
  };
  for (const [range, rows, label] of Object.values(ranges)) {
    const first = Number(range.split(":")[0].slice(1));
    rows.forEach(([name, value], i) => {
      ws.getCell(first + i, 1).value = name;
      ws.getCell(first + i, 2).value = value;
    });
    ws.getCell(first, 3).value = label;
  }
  const wb_ = (range, ergebnis) => udf("WB_DEFIZIT", `${range},"${ergebnis}"`);

  let r = 12;
  ["Position", "Name", "gedruckt (Var. 1)", "folgerichtig", "Differenz", "Anmerkung"].forEach((h, i) => (ws.getCell(r, i + 1).value = h));
  bold(r++);
  const f = folgerichtig();
  const row = (label, name, printed, note = "") => {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 2).value = name;
    ws.getCell(r, 3).value = { formula: wb_(ranges.v1[0], name), result: printed };
    ws.getCell(r, 4).value = { formula: wb_(ranges.f[0], name), result: num(f[name]) };
    ws.getCell(r, 5).value = { formula: `D${r}-C${r}`, result: minus(f[name], printed) };
    ws.getCell(r, 6).value = note;
    return r++;
  };
  const notes = {
    personalkosten: "gedruckt 58.631,16 × 1,20; folgerichtig × 1,20225 (AG-Anteile 2023)",
    sachkosten: "gedruckt 11.734 (Einzelposten ergeben 11.743) mit 7,4 % Miete auf 98.978 €; folgerichtig 5,9 % auf den Umsatz der Variante",
    zuschlag_verwaltung: "gedruckt auf 0,28 Stellen, folgerichtig auf 0,25",
    supervision: "gedruckt 17.105 (Text: 17.015 = 3,33 × 43 × 118,83); folgerichtig 20/6 h",
    anleitung: "gedruckt 157,95 €/Woche; folgerichtig 120/88,9 × 118,83 = 160,42 €",
  };
  const first = r;
  for (const [name, label, printed] of POSITIONEN) row(label, name, printed, notes[name] ?? "");
  const last = r - 1;
  const kosten = row("Σ Aufwand", "kosten", 131208);
  ws.getCell(r, 1).value = "Σ Aufwand, in Excel summiert";
  ws.getCell(r, 3).value = { formula: `SUM(C${first}:C${last})`, result: POSITIONEN.reduce((s, p) => s + p[2], 0) };
  // SUM adds the doubles of the positions from the top, as Excel does.
  ws.getCell(r, 4).value = { formula: `SUM(D${first}:D${last})`, result: POSITIONEN.reduce((s, p) => s + num(f[p[0]]), 0) };
  ws.getCell(r, 5).value = { formula: `D${r}-D${kosten}`, result: 0 };
  ws.getCell(r, 6).value = "Kontrolle: die Summe der Positionen ist der Aufwand der Formel";
  r++;
  row("Mehrumsatz aus Sitzungen", "umsatz_sitzungen", 90704, "gedruckt 105,47 € × 860; folgerichtig (18 × 108,14 + 2 × 81,47) × 43");
  row("Mehrumsatz aus Strukturzuschlägen", "umsatz_strukturzuschlag", 5516, "12 × 43 × 10,69 €");
  row("Σ Mehrumsatz", "umsatz", 96220);
  const jahr = r;
  ws.getCell(r, 1).value = "Defizit je Jahr";
  ws.getCell(r, 2).value = "Jahr";
  ws.getCell(r, 3).value = { formula: wb_(ranges.v1[0], "Jahr"), result: 34988 };
  ws.getCell(r, 4).value = { formula: wb_(ranges.f[0], "Jahr"), result: num(f.defizit) };
  ws.getCell(r, 5).value = { formula: `D${r}-C${r}`, result: minus(f.defizit, 34988) };
  r++;
  ws.getCell(r, 1).value = "Defizit je Monat";
  ws.getCell(r, 2).value = "Monat";
  ws.getCell(r, 3).value = { formula: wb_(ranges.v1[0], "Monat"), result: 2916 };
  ws.getCell(r, 4).value = { formula: wb_(ranges.f[0], "Monat"), result: num(f.defizit_monat) };
  ws.getCell(r, 5).value = { formula: `D${r}-C${r}`, result: minus(f.defizit_monat, 2916) };
  ws.getCell(r, 6).value = "gedruckt auf volle Euro: 34.988 / 12 = 2.915,67 → 2.916 €";
  r++;
  ws.getCell(r, 1).value = "Defizit je Jahr, in Excel: Aufwand − Mehrumsatz";
  ws.getCell(r, 3).value = { formula: `C${kosten}-C${jahr - 1}`, result: 34988 };
  ws.getCell(r, 4).value = { formula: `D${kosten}-D${jahr - 1}`, result: minus(f.kosten, f.umsatz) };
  r += 2;

  ws.getCell(r, 1).value = "Variante 2: Strukturzuschlag bis zur 54. Sitzung (gedruckt)";
  bold(r++);
  const v2 = [
    ["Mehrumsatz aus Strukturzuschlägen", "umsatz_strukturzuschlag", 8274, "18 × 43 × 10,69 €"],
    ["Σ Mehrumsatz", "umsatz", 98978, ""],
    ["Defizit je Jahr", "Jahr", 32230, ""],
    ["Defizit je Monat", "Monat", 2686, "gedruckt auf volle Euro: 32.230 / 12 = 2.685,83 → 2.686 €"],
  ];
  for (const [label, name, printed, note] of v2) {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 2).value = name;
    ws.getCell(r, 3).value = { formula: wb_(ranges.v2[0], name), result: printed };
    ws.getCell(r, 6).value = note;
    r++;
  }
  ws.getCell(r, 1).value = "Strukturzuschläge, die bei Kappung nach der 42. Sitzung ausfielen (6 × 10,69 × 43)";
  ws.getCell(r, 3).value = { formula: `C${r - 4}-${udf("WB_DEFIZIT", `${ranges.v1[0]},"umsatz_strukturzuschlag"`)}`, result: 8274 - 5516 };
  ws.getCell(r, 6).value = "gedruckt 2.758 €; 6 × 10,69 × 43 = 2.758,02 €, die gedruckten Summen auf volle Euro";
}

/* ---------- files ---------- */

/* ---------- Positionspapier 2026: the five questions of issue 16 ---------- */

/** EBM fee on the cent: points × Orientierungswert (ct) / 100, half up. */
const ebm = (punkte, ow) => cents(D(punkte).times(ow).div(100));
/** Published values used below: Orientierungswert 2026 12,7404 ct (KBV); 35401 941 → 899 points from 01.04.2026; 35150 709; 35571 182. */
const OW_2026 = "12.7404";
const F941 = ebm(941, OW_2026); // 119,89 €
const F899 = ebm(899, OW_2026); // 114,54 €
const F709 = ebm(709, OW_2026); // 90,33 €
const SZ_VOLL = ebm(182, OW_2026); // 23,19 €
const SZ_HALB = ebm(91, OW_2026); // 182 × 0,5 points: 11,59 €
/** 43 working weeks a year, a quarter of them each quarter (BSG model). */
const QUARTAL = D(43).div(4);

function positionspapier(wb) {
  const s = new Sheet(wb.addWorksheet("Positionspapier"));
  s.text("Positionspapier 2026: fünf Fragen, je eine Formel (honorar, scripts/make-examples.js)");
  s.text("Gespeichert sind unabhängig gerechnete Werte (Orientierungswert 2026 12,7404 ct; 35401/35421: 941 P bis 31.03.2026, 899 P ab 01.04.2026; 35150: 709 P; 35571: 182 P; GOÄ-Punktwert 5,82873 ct), nicht Werte der Engine.");
  s.text("Status der Tabellenwerte: 899 P ab 01.04.2026 abgeleitet, 182 P für 35571 ab 01.01.2026 abgeleitet, ob schon für Q1/2026 nicht belegt (QUELLE(\"ebm.punkte.35571\"; 2026) nennt Quelle und Status).");
  s.text();
  s.text("", "Formel", "Kontrolle", "Differenz", "Rechnung");
  s.ws.getRow(s.row - 1).font = { bold: true };

  s.text("(a) Was kostet die Punktkürzung zum 2. Quartal 2026? (nur genehmigungspflichtige Sitzungen, 35401)");
  const voll1 = D(36).times(F941);
  const voll2 = D(36).times(F899);
  s.formula("voll_alt", "Woche, voller Versorgungsauftrag (36 Sitzungen), Q1/2026 (€)", udf("HONORAR_WOCHE", '36,1,,,"1/2026"'), num(voll1), undefined, "36 × 119,89 € (941 × 12,7404 ct)");
  s.formula("voll_neu", "dieselbe Woche ab Q2/2026 (€)", udf("HONORAR_WOCHE", '36,1,,,"2/2026"'), num(voll2), undefined, "36 × 114,54 € (899 × 12,7404 ct)");
  const vollJahr = (num(voll2) - num(voll1)) * 43;
  s.formula("voll_jahr", "Kürzung je Jahr, voller Versorgungsauftrag (€)", `(${s.ref("voll_neu")}-${s.ref("voll_alt")})*43`, vollJahr, num(D(36).times(F899.minus(F941)).times(43)), "36 × (114,54 − 119,89) × 43 = −8.281,80 €");
  const halb1 = D(18).times(F941);
  const halb2 = D(18).times(F899);
  const halbJahr = (num(halb2) - num(halb1)) * 43;
  s.formula("halb_jahr", "Kürzung je Jahr, hälftiger Versorgungsauftrag (18 Sitzungen, €)", `(${udf("HONORAR_WOCHE", '18,1,,,"2/2026"')}-${udf("HONORAR_WOCHE", '18,1,,,"1/2026"')})*43`, halbJahr, num(D(18).times(F899.minus(F941)).times(43)), "18 × (114,54 − 119,89) × 43 = −4.140,90 €");
  const kalender = voll1.times(QUARTAL).plus(voll2.times(QUARTAL).times(3));
  s.formula("kalender", "Kalenderjahr 2026, voller Versorgungsauftrag (€)", udf("HONORAR_ZEITRAUM", "36,2026,2026,1"), num(kalender), undefined, "4.316,04 × 10,75 + 4.123,44 × 32,25 Wochen = 179.378,37 €");
  s.formula("kalender_kuerzung", "Kürzung im Kalenderjahr 2026 (€)", `${s.ref("kalender")}-43*${s.ref("voll_alt")}`, num(kalender) - 43 * num(voll1), num(voll2.minus(voll1).times(QUARTAL).times(3)), "drei Quartale zu je 10,75 Wochen × −192,60 € = −6.211,35 €");
  s.text();

  s.text("(b) Wie viel hängt an der Lesart der Strukturzuschlag-Regel? Kalenderjahr 2026");
  const szEbm30 = D(12).times(SZ_VOLL).times(43);
  const szDptv30 = D(12).times(SZ_HALB).times(43);
  s.formula("sz_ebm30", "30 Sitzungen, Regel EBM: voll ab der 19. (€)", udf("STRUKTURZUSCHLAG_ZEITRAUM", '30,2026,2026,1,"EBM"'), num(szEbm30), undefined, "12 × 23,19 € × 43 (182 × 12,7404 ct = 23,19 €)");
  s.formula("sz_dptv30", "30 Sitzungen, Lesart DPtV-2023: halb ab der 19. (€)", udf("STRUKTURZUSCHLAG_ZEITRAUM", '30,2026,2026,1,"DPtV-2023"'), num(szDptv30), undefined, "12 × 11,59 € × 43 (91 × 12,7404 ct = 11,59 €)");
  s.formula("sz_diff30", "Unterschied bei 30 Sitzungen (€)", `${s.ref("sz_ebm30")}-${s.ref("sz_dptv30")}`, num(szEbm30) - num(szDptv30), num(szEbm30.minus(szDptv30)));
  const szEbm42 = D(18).times(SZ_VOLL).plus(D(6).times(SZ_HALB)).times(43);
  const szDptv42 = D(24).times(SZ_HALB).times(43);
  s.formula("sz_ebm42", "42 Sitzungen, Regel EBM: 18 voll, 6 halb (€)", udf("STRUKTURZUSCHLAG_ZEITRAUM", '42,2026,2026,1,"EBM"'), num(szEbm42), undefined, "(18 × 23,19 + 6 × 11,59) × 43");
  s.formula("sz_dptv42", "42 Sitzungen, Lesart DPtV-2023: 24 halb (€)", udf("STRUKTURZUSCHLAG_ZEITRAUM", '42,2026,2026,1,"DPtV-2023"'), num(szDptv42), undefined, "24 × 11,59 × 43");
  s.text();

  s.text("(c) Kurzzeittherapie, 25 Sitzungen am 01.05.2026: was zahlt wer? (Verhaltenstherapie: GKV 35421, privat GOÄ 870)");
  const vergleich = udf("KOSTENTRAEGER_VERGLEICH", '35421,870,25,"2026-05-01"');
  const g = (faktor) => goae(870, faktor, 25);
  const beihilfe = cents(g("2.3").times("0.5"));
  const zeilen = [
    ["GKV (EBM 35421)", D(25).times(F899), D(0), "25 × 114,54 €"],
    ["PKV zum 2,3-fachen", g("2.3"), D(0), "25 × 100,55 €"],
    ["Standardtarif (1,8-fach)", g("1.8"), D(0), "25 × 78,69 €"],
    ["Basistarif (1,2-fach)", g("1.2"), D(0), "25 × 52,46 €"],
    ["Beihilfe 50 % + PKV-Restkosten", g("2.3"), beihilfe, "Beihilfe 1.256,875 → 1.256,88 €, der Rest 1.256,87 €"],
  ];
  zeilen.forEach(([label, betrag, bh, note], i) => {
    s.formula(`kt_ab${i}`, `${label}: abgerechnet (€)`, `INDEX(${vergleich},${i + 2},3)`, num(betrag), undefined, note);
    s.formula(`kt_bh${i}`, `${label}: davon Beihilfe (€)`, `INDEX(${vergleich},${i + 2},4)`, num(bh));
    s.formula(`kt_pat${i}`, `${label}: Patient zahlt (€)`, `INDEX(${vergleich},${i + 2},6)`, 0, undefined, "angenommen: der Tarif erstattet die Rechnung voll");
  });
  s.text();

  s.text("(d) Defizit der Weiterbildungspraxis (Preset DPtV-2023) mit zwei geänderten Annahmen");
  const first = s.row;
  [["preset", "DPtV-2023"], ["zuschlag", 0], ["supervision_schluessel", 4]].forEach(([name, value]) => s.text(name, value));
  const range = `A${first}:B${s.row - 1}`;
  const basis = folgerichtig();
  const geaendert = folgerichtig({ zuschlag: "0", schluessel: 4 });
  s.formula("wb_basis", "Defizit je Jahr, Preset wie veröffentlicht (€)", udf("WB_DEFIZIT", '"DPtV-2023","Jahr"'), num(basis.defizit), undefined, "scripts/make-examples.js, folgerichtig()");
  s.formula("wb_neu", "ohne Unternehmerzuschlag, 4 statt 6 Sitzungen je Supervisionsstunde (€)", udf("WB_DEFIZIT", `${range},"Jahr"`), num(geaendert.defizit), undefined, "dieselbe Rechnung mit zuschlag 0 und Supervision 20/4 h je Woche");
  s.formula("wb_sup", "davon Supervision (€)", udf("WB_DEFIZIT", `${range},"supervision"`), num(geaendert.supervision), undefined, "20/4 × 43 × Stundensatz");
  s.text();

  s.text("(e) GKV-Honorarumsatz 2026 bei 20 … 40 Sitzungen je Woche (90 % genehmigungspflichtig, EBM-Honorare zur jeweiligen Zeit; vor Kosten, ohne Strukturzuschlag)");
  const jeSitzung = D("0.9").times(F941).plus(D("0.1").times(F709)).times(QUARTAL).plus(D("0.9").times(F899).plus(D("0.1").times(F709)).times(QUARTAL).times(3));
  s.text("Sitzungen je Woche", "Kalenderjahr 2026 (€)");
  for (const n of [20, 25, 30, 35, 40]) {
    const r = s.row;
    s.ws.getCell(r, 1).value = n;
    s.ws.getCell(r, 2).value = { formula: udf("HONORAR_ZEITRAUM", `A${r},2026,2026`), result: num(jeSitzung.times(n)) };
    s.ws.getCell(r, 5).value = `${n} × (0,9 × 119,89 + 0,1 × 90,33) × 10,75 + ${n} × (0,9 × 114,54 + 0,1 × 90,33) × 32,25`;
    s.row++;
  }
}

/**
 * The add-in's part of the package, as Excel writes it for a workbook that uses
 * the add-in: a task pane reference and the workbook settings (honorar.stichtag).
 * exceljs does not write these parts, so they are added to its output.
 */
const ADDIN_ID = "d065c0b6-2437-4876-a2d8-103115662e04"; // manifest.xml <Id>
async function withAddinSettings(buffer, settings) {
  const zip = await JSZip.loadAsync(buffer);
  const props = Object.entries(settings)
    .map(([name, value]) => `<we:property name="${name}" value="${JSON.stringify(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"/>`)
    .join("");
  zip.file(
    "xl/webextensions/webextension1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{6D1D8A6C-0E4B-4F51-9C7A-2A3B4C5D6E7F}"><we:reference id="${ADDIN_ID}" version="0.1.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties>${props}</we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>`,
  );
  zip.file(
    "xl/webextensions/taskpanes.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
  );
  zip.file(
    "xl/webextensions/_rels/taskpanes.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>`,
  );
  const rels = await zip.file("_rels/.rels").async("string");
  zip.file(
    "_rels/.rels",
    rels.replace("</Relationships>", `<Relationship Id="rIdHonorarTaskpanes" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>`),
  );
  const types = await zip.file("[Content_Types].xml").async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      `<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/><Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/></Types>`,
    ),
  );
  // Every entry gets the fixed date (exceljs stamps the time of the run), so that a regenerated file is byte-identical.
  zip.forEach((_, entry) => (entry.date = FIXED_DATE));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const EXAMPLES = [
  ["seed-001-einkommen.xlsx", seed001, { "honorar.stichtag": "2011-01-01" }],
  ["seed-002-privatrechnung.xlsx", seed002, { "honorar.stichtag": "2025-01-01" }],
  ["seed-003-weiterbildung.xlsx", seed003, { "honorar.stichtag": "2023-01-01" }],
  ["positionspapier-2026.xlsx", positionspapier, { "honorar.stichtag": "2026-05-01" }],
];

async function main(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, build, settings] of EXAMPLES) {
    const wb = new ExcelJS.Workbook();
    wb.creator = "honorar scripts/make-examples.js";
    wb.created = FIXED_DATE;
    wb.modified = FIXED_DATE;
    build(wb);
    const buffer = await withAddinSettings(await wb.xlsx.writeBuffer(), settings);
    fs.writeFileSync(path.join(dir, file), buffer);
    console.log(path.join(dir, file));
  }
}

module.exports = { EXAMPLES: EXAMPLES.map(([file]) => file) };

if (require.main === module) {
  main(process.argv[2] ?? path.join(__dirname, "..", "examples")).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
