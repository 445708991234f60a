import { createHash } from "crypto";
import { PRAXIS, Scalar } from "../src/api/praxis";
import { evaluateFormula } from "../src/cli/formula";
import { canonicalJson, sha256Hex, tablesHash } from "../src/data/datenstand";
import { RAW } from "../src/data/tables";
import { RawTables } from "../src/data/types";
import { engineError } from "./helpers";
import { resetSettings, setSettings } from "../src/settings/settings";

/*
 * ERKLAERUNG, QUELLE and DATENSTAND: how a figure was made, where a table value
 * comes from, and which data a workbook computed with.
 */
type Table = Scalar[][];
const explain = (...args: (string | number | boolean | null)[]): Table => PRAXIS.ERKLAERUNG.run(args) as Table;
const COLS = ["Schritt", "Wert", "Einheit", "Tabellenwert", "Quelle", "Status"];


afterEach(() => resetSettings());

describe("ERKLAERUNG", () => {
  test("EBM_HONORAR(35401; 2023; 2): points of seed 003 and the KVDT Orientierungswert, rounded per service", () => {
    const t = explain("EBM_HONORAR", 35401, 2023, 2);
    expect(t[0]).toEqual(COLS);
    expect(t[1]).toEqual(["Aufruf", "EBM_HONORAR(35401; 2023; 2)", "", "", "", ""]);
    // 941 points (seed 003) × 11,4915 ct (KVDT table 10, 2023) = 108,135015 € → 108,14 € per service.
    expect(t[2].slice(1, 4)).toEqual([941, "Punkte", "ebm.punkte.35401 ab 01.07.2022"]);
    expect(String(t[2][4])).toMatch(/Stellungnahme zum Ausgleichsbedarf/);
    expect(t[3].slice(1, 4)).toEqual([11.4915, "ct/Punkt", "ebm.orientierungswert ab 01.01.2023"]);
    expect(String(t[3][4])).toMatch(/Anforderungskatalog KVDT/);
    expect(t[3][5]).toBe("bestätigt");
    expect(t[4][1]).toBe(108.14);
    expect(t[5][1]).toBe(216.28);
    expect(t.at(-1)).toEqual(["Ergebnis", 216.28, "", "", "", ""]);
  });

  test("a name with the PRAXIS. prefix and in lower case is the same function", () => {
    expect(explain("praxis.ebm_honorar", 35401, 2023)).toEqual(explain("EBM_HONORAR", 35401, 2023));
  });

  test("without a stichtag argument the explanation names the date the tables were read on", () => {
    setSettings({ stichtag: "2024-07-01" });
    const t = explain("EBM_HONORAR", 35401);
    expect(t[2]).toEqual(["Stichtag der Arbeitsmappe", "01.07.2024", "Datum", "", "", ""]);
    expect(t.at(-1)![1]).toBe(PRAXIS.EBM_HONORAR.run([35401, "3/2024"]));
  });

  // One call per function; the explanation ends in the function's own result.
  const CALLS: Record<string, (string | number | boolean | null)[]> = {
    EBM_HONORAR: [35401, 2025],
    EBM_PUNKTE: [35150, 2023],
    EBM_PUNKTWERT: [2016],
    EBM_PRUEFZEIT: [35421, 2023],
    EBM_VERLAUF: [35401, "1/2025", "4/2026"],
    STICHTAG_VERGLEICH: ["EBM_HONORAR", 2023, 2024, 35401],
    GOAE_BETRAG: ["812a", "Basistarif"],
    GOAE_PUNKTE: [870],
    GOAE_BEGRUENDUNG: [870, 2.5],
    ABSTAFFELUNG: [4725, 3150, "KVNO", 2011],
    KAPAZITAETSGRENZE: [0.5, 4000],
    KAPAZITAET_SITZUNGEN: [27090],
    KAPAZITAET_MINUTEN: [18],
    HONORAR_WOCHE: [24, 21 / 24, 81, 57],
    HONORAR_JAHR: [2240],
    HONORAR_ZEITRAUM: [30, "15.02.2026", "2/2026"],
    PKV_ERSTATTUNG: [870, 2.3, 30, "Basistarif"],
    PKV_EIGENANTEIL: [870, 2.8, 20, 3.5, 1, 300],
    SOZIOTHERAPIE_HONORAR: [130],
    STRUKTURZUSCHLAG: [42, 2023],
    WB_DEFIZIT: ["DPtV-2023-gedruckt"],
    FALLMANAGEMENT_HONORAR: [1000, 60, true],
    STRUKTURZUSCHLAG_ZEITRAUM: [30, "15.02.2026", "2/2026"],
    PREISBEREINIGT: [100, 2013],
    KOSTENTRAEGER_VERGLEICH: [35421, 870, 25, "01.05.2026"],
    QUELLE: ["ebm.orientierungswert", 2025],
    DATENSTAND: [],
    EBM_EXTRABUDGETAER: [35150, 2012],
  };

  test("covers every PRAXIS function but itself", () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(PRAXIS).filter((n) => n !== "ERKLAERUNG").sort());
  });

  test.each(Object.entries(CALLS))("%s: the last row is the result, every table value is cited and can be looked up with QUELLE", (name, args) => {
    const t = explain(name, ...args);
    // A table result (EBM_VERLAUF) is named by its size; the table itself is the function's own answer.
    const out = PRAXIS[name].run(args);
    expect(t.at(-1)).toEqual(["Ergebnis", Array.isArray(out) ? `Tabelle mit ${out.length} Zeilen` : out, "", "", "", ""]);
    for (const row of t) expect(row).toHaveLength(COLS.length);
    for (const [, wert] of t) expect(typeof wert === "number" ? Number.isFinite(wert) : true).toBe(true);
    const cited = t.filter((row) => row[3] !== "" && row[0] !== "Schritt");
    for (const row of cited) {
      expect(row[4]).not.toBe("");
      expect(["bestätigt", "abgeleitet", "unbestätigt"]).toContain(row[5]);
      const key = String(row[3]).split(" ab ")[0];
      const date = /ab (\d\d)\.(\d\d)\.(\d{4})$/.exec(String(row[3]));
      const citation = PRAXIS.QUELLE.run([key, date ? `${date[3]}-${date[2]}-${date[1]}` : null]) as string;
      expect(citation).toContain(`Status: ${row[5]}.`);
    }
    // Functions that read tables name at least one entry; pure arithmetic on the user's numbers need not.
    if (!["HONORAR_WOCHE", "QUELLE", "DATENSTAND"].includes(name)) expect(cited.length).toBeGreaterThan(0);
  });

  test("WB_DEFIZIT: every line of the printed model appears with its value, and the deficit is the paper's 34.988 €", () => {
    const t = explain("WB_DEFIZIT", "DPtV-2023-gedruckt");
    expect(t.at(-1)![1]).toBe(34988);
    const aufstellung = PRAXIS.WB_DEFIZIT.run(["DPtV-2023-gedruckt", "Aufstellung"]) as Table;
    for (const [, label, wert] of aufstellung.slice(1)) {
      expect(t.find((row) => String(row[0]).startsWith(String(label)) && String(row[1]) === String(wert))).toBeDefined();
    }
    // A preset's assumption is cited by the paper (seed 003), not by a table entry.
    const umfang = t.find((row) => String(row[0]).startsWith("Beschäftigungsumfang"))!;
    expect(umfang[4]).toMatch(/Stellungnahme zum Ausgleichsbedarf/);
  });

  test("GOÄ analog numbers cite the recommendation of 01.07.2024 with its status", () => {
    const analog = explain("GOAE_BETRAG", "812a").find((row) => String(row[0]).startsWith("Analog nach § 6 Abs. 2 GOÄ"))!;
    expect(analog[4]).toMatch(/Gemeinsame Abrechnungsempfehlungen/);
    expect(analog[5]).not.toBe("");
  });

  test("an error of the explained function is the last row, with its German message and code", () => {
    const t = explain("EBM_HONORAR", 35572, 2023);
    expect(t.at(-1)![0]).toMatch(/^Fehler: Punktzahl GOP 35572: für den 01\.01\.2023 kein belegter Wert/);
    expect(t.at(-1)![1]).toBe("#NV");
    expect(explain("GOAE_BETRAG", 870, 3.8).at(-1)![1]).toBe("#ZAHL!");
    expect(explain("EBM_HONORAR", "abc").at(-1)![1]).toBe("#WERT!");
  });

  test("bad input: unknown function, itself, too many arguments, no name", () => {
    expect(engineError(() => explain("FOO")).message).toMatch(/"FOO" ist keine erklärbare PRAXIS-Funktion\. Möglich: EBM_HONORAR/);
    expect(engineError(() => explain("ERKLAERUNG", "EBM_HONORAR")).kind).toBe("wert");
    expect(engineError(() => explain("EBM_PUNKTWERT", 2023, 1)).message).toBe("EBM_PUNKTWERT hat höchstens 1 Argumente (stichtag), hier sind es 2.");
    expect(engineError(() => explain(null)).message).toMatch(/funktion fehlt: der Name einer PRAXIS-Funktion/);
    expect(engineError(() => explain(35401)).kind).toBe("wert");
  });

  test("in the CLI: constant arguments give exactly the table; a reference gives the same table without padding", () => {
    const r = evaluateFormula('=ERKLAERUNG("EBM_HONORAR"; 35401; 2023)');
    expect(r.table).toHaveLength(explain("EBM_HONORAR", 35401, 2023).length);
    expect(r.table!.at(-1)!.slice(0, 2)).toEqual(["Ergebnis", "108.14"]);
    const viaRef = evaluateFormula('=ERKLAERUNG("EBM_HONORAR"; WENN(1=1; 35401; 0); 2023)');
    expect(viaRef.table).toEqual(r.table!.map((row, i) => (i === 1 ? ["Aufruf", "EBM_HONORAR(35401; 2023)", "", "", "", ""] : row)));
  });
});

describe("QUELLE", () => {
  test("the Orientierungswert 2025 with its validity, source and status", () => {
    expect(PRAXIS.QUELLE.run(["ebm.orientierungswert", 2025])).toBe(
      'Orientierungswert: 12,3934 ct/Punkt, gültig ab 01.01.2025 bis 01.01.2026 (ausschließlich). Quelle: Kassenärztliche Bundesvereinigung: Anforderungskatalog KVDT (KBV_ITA_VGEX_Anforderungskatalog_KVDT), Version 6.06, Tabelle 10 "Orientierungswerte" (Regel P2-830), 2026-03-09, https://update.kbv.de/ita-update/Abrechnung/. Status: bestätigt. Anmerkung: KBV 13.02.2025: +3,85 %.',
    );
  });

  test("the KV Nordrhein quota of seed 001, key in any case", () => {
    const q = PRAXIS.QUELLE.run(["kv.no.quote", 2011]) as string;
    expect(q).toMatch(/^Abstaffelungsquote KV Nordrhein: 0,844 Anteil, gültig ab 01\.01\.2009/);
    expect(q).toMatch(/Maurer, Burgdorf/);
  });

  test("a period recorded without a sourced value says so instead of a number", () => {
    expect(PRAXIS.QUELLE.run(["ebm.punkte.35572", 2023])).toMatch(/^Punktzahl GOP 35572: kein belegter Wert \(Ab Q3\/2022/);
  });

  test("an undated fact (Abdingung allowed) is cited too", () => {
    expect(PRAXIS.QUELLE.run(["goae.persoenlich.abdingung_zulaessig"])).toMatch(/^goae\.persoenlich\.abdingung_zulaessig: WAHR\. Quelle: .*§ 2 Abs\. 3 GOÄ/);
  });

  test("a workbook's own value is cited as such, with the user's source", () => {
    setSettings({ overrides: [{ series: "kv.WL.quote", valid_from: "2024-01-01", value: "0.9", quelle: "Rundschreiben KVWL 1/2024" }] });
    expect(PRAXIS.QUELLE.run(["kv.WL.quote", 2024])).toMatch(/0,9 Anteil, gültig ab 01\.01\.2024\. Quelle: Eigener Wert der Arbeitsmappe: Rundschreiben KVWL 1\/2024.*Status: eigener Wert\./);
  });

  test("bad input: unknown key (#NV with the keys of that area), no key, not text, before the series starts", () => {
    const unknown = engineError(() => PRAXIS.QUELLE.run(["ebm.punkte.99999"]));
    expect([unknown.kind, unknown.message]).toEqual(["nv", expect.stringMatching(/Kein Tabellenwert mit dem Schlüssel "ebm\.punkte\.99999"\. Schlüssel dieses Bereichs sind z\. B\. ebm\./)]);
    expect(engineError(() => PRAXIS.QUELLE.run(["  "])).kind).toBe("wert");
    expect(engineError(() => PRAXIS.QUELLE.run([35401])).kind).toBe("wert");
    expect(engineError(() => PRAXIS.QUELLE.run(["ebm.orientierungswert", 2005])).message).toMatch(/kein Tabellenwert vor dem 01\.01\.2009/);
  });
});

describe("DATENSTAND", () => {
  test("SHA-256 as Node's crypto computes it, for texts around the padding boundaries and with umlauts", () => {
    for (const text of ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(64), "Prüfzeit € ".repeat(300), "ß߿ࠀ￿😀\u{10FFFF}"]) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  test("edition and the hash of the shipped tables", () => {
    const expected = createHash("sha256").update(canonicalJson(RAW), "utf8").digest("hex");
    expect(PRAXIS.DATENSTAND.run([])).toBe(`Ausgabe ${RAW.sources.ausgabe.split("-").reverse().join(".")}, SHA-256 ${expected}`);
  });

  test("the hash depends on the data, not on the order of keys in the files", () => {
    const reorder = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reorder) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
    const shuffled = reorder(RAW) as RawTables;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(RAW));
    expect(tablesHash(shuffled)).toBe(tablesHash(RAW));
  });

  test("a workbook's own value changes the hash and is counted; removing it restores the shipped hash", () => {
    const shipped = PRAXIS.DATENSTAND.run([]) as string;
    setSettings({ overrides: [{ series: "ebm.orientierungswert", valid_from: "2027-01-01", value: "13", quelle: "EBA-Beschluss (Entwurf)" }] });
    const own = PRAXIS.DATENSTAND.run([]) as string;
    expect(own).toMatch(/, mit 1 eigenen Wert der Arbeitsmappe, SHA-256 [0-9a-f]{64}$/);
    expect(own.slice(-64)).not.toBe(shipped.slice(-64));
    setSettings({ overrides: [] });
    expect(PRAXIS.DATENSTAND.run([])).toBe(shipped);
  });
});

test("QUELLE of a derived value adds how it was derived (TV-L E14 Stufe 2 from 01.04.2026)", () => {
  expect(PRAXIS.QUELLE.run(["praxis.tvl_e14_stufe2", "2026-04-01"])).toMatch(
    /^TV-L Entgeltgruppe E14 Stufe 2: 5515,9 €\/Monat, gültig ab 01\.04\.2026 bis 01\.03\.2027 \(ausschließlich\)\. Quelle: btb .*Status: abgeleitet\. Anmerkung: Tabelle ab 01\.02\.2025 × 1,028 \(mindestens \+ 100 €\)/,
  );
});
