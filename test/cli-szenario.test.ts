import { copyFileSync, readFileSync } from "fs";
import path from "path";
import { handMade, honorar, recalcJson, tmp } from "./workbooks";

/*
 * Own values for one run of the CLI: --wert SERIE=WERT@DATUM with --quelle "…",
 * as the task pane sets them in a workbook, but cited as a scenario of the
 * command line. Every figure below is computed by hand from the tables'
 * entries, which the first test reads from src/data/ebm.json.
 */

jest.setTimeout(60000);

const EBM = JSON.parse(readFileSync(path.join(__dirname, "..", "src", "data", "ebm.json"), "utf8")) as {
  orientierungswert: { values: { valid_from: string; value: string | null }[] };
  gops: { gop: string; punkte: { values: { valid_from: string; value: string }[] } }[];
};

const lines = (s: string) => s.split("\n").filter((l) => l !== "");

test("the table entries the hand computations below start from", () => {
  const ow = EBM.orientierungswert.values;
  expect(ow.find((e) => e.valid_from === "2026-01-01")?.value).toBe("12.7404");
  expect(ow.find((e) => e.valid_from === "2027-01-01")?.value).toBeNull();
  const punkte = EBM.gops.find((g) => g.gop === "35401")!.punkte.values;
  expect(punkte.map((e) => [e.valid_from, e.value])).toEqual([
    ["2017-07-01", "841"],
    ["2018-07-01", "922"],
    ["2022-07-01", "941"],
    ["2026-04-01", "899"],
  ]);
});

describe("honorar eval --wert", () => {
  test("941 points from 01.04.2026: EBM_HONORAR(35401; 01.05.2026) = 941 × 12,7404 ct = 119,887164 € → 119,89 €", () => {
    const r = honorar(["eval", "--wert", "ebm.punkte.35401=941@2026-04-01", "--quelle", "Szenario", '=EBM_HONORAR(35401;"2026-05-01")', '=EBM_HONORAR(35401,"2026-05-01")']);
    expect(lines(r.stdout)).toEqual(["119,89", "119.89"]);
    expect(r.status).toBe(0);
    // Without the scenario the tables' 899 points: 899 × 12,7404 ct = 114,536196 € → 114,54 €.
    expect(lines(honorar(["eval", '=EBM_HONORAR(35401;"2026-05-01")']).stdout)).toEqual(["114,54"]);
    // Standard error says what the results rest on; standard output stays one line per formula.
    expect(r.stderr).toContain("Szenario (--wert, nur für diesen Aufruf):");
    expect(r.stderr).toContain("ebm.punkte.35401 = 941 Punkte ab 01.04.2026, ersetzt 899 (abgeleitet); Quelle: Szenario");
  });

  test("the date as other date arguments read it: 01.04.2026 and 2/2026 are the same day; a year is 1 January", () => {
    // 950 points × 12,7404 ct = 121,0338 € → 121,03 €; before the date the tables' 941 points: 119,89 €.
    for (const date of ["2026-04-01", "01.04.2026", "2/2026", "2026Q2"]) {
      const r = honorar(["eval", "--wert", `ebm.punkte.35401=950@${date}`, "--quelle", "Szenario", '=EBM_HONORAR(35401;"2026-05-01")', '=EBM_HONORAR(35401;"2026-03-31")']);
      expect(lines(r.stdout)).toEqual(["121,03", "119,89"]);
    }
    // From 01.01.2026 (a year): 950 points already in the first quarter.
    expect(lines(honorar(["eval", "--wert", "ebm.punkte.35401=950@2026", "--quelle", "x", '=EBM_HONORAR(35401;"2026-03-31")']).stdout)).toEqual(["121,03"]);
  });

  test("German and English number syntax alike; the Orientierungswert 2027 the tables lack", () => {
    // 899 points × 13,1 ct = 117,769 € → 117,77 €.
    for (const value of ["13,1", "13.1", "13,10", "13.1000", "+13,1"]) {
      const r = honorar(["eval", "--wert", `ebm.orientierungswert=${value}@2027`, "--quelle", "Annahme für die Planung", "=EBM_HONORAR(35401;2027)"]);
      expect(lines(r.stdout)).toEqual(["117,77"]);
      expect(r.stderr).toContain("ersetzt den Eintrag ohne belegten Wert (unbestätigt)");
    }
    expect(honorar(["eval", "=EBM_HONORAR(35401;2027)"]).stdout).toMatch(/^#NV: /);
  });

  test("one --quelle for all values, or one per --wert in order; both named in QUELLE and counted in DATENSTAND", () => {
    const args = ["--wert", "ebm.orientierungswert=13,1@2027", "--wert", "ebm.punkte.35401=950@2027"];
    // 950 × 13,1 ct = 124,45 €.
    const one = honorar(["eval", ...args, "--quelle", "Planungsannahme", "=EBM_HONORAR(35401;2027)", "=DATENSTAND()"]);
    expect(lines(one.stdout)[0]).toBe("124,45");
    expect(lines(one.stdout)[1]).toMatch(/^Ausgabe \d\d\.\d\d\.\d{4}, mit 2 Szenariowerten der Befehlszeile, SHA-256 [0-9a-f]{64}$/);
    const each = honorar(["eval", ...args, "--quelle", "KBV-Rundschreiben", "--quelle", "BA-Beschluss (Entwurf)", '=QUELLE("ebm.orientierungswert";2027)', '=QUELLE("ebm.punkte.35401";2027)']);
    const [ow, punkte] = lines(each.stdout);
    expect(ow).toMatch(/^Orientierungswert: 13,1 ct\/Punkt, gültig ab 01\.01\.2027\. Quelle: Szenario der Befehlszeile: KBV-Rundschreiben, /);
    expect(punkte).toMatch(/Quelle: Szenario der Befehlszeile: BA-Beschluss \(Entwurf\), /);
    // Never passed off as the workbook's own value.
    expect(each.stdout).not.toMatch(/Arbeitsmappe: |Aufgabenbereich/);
  });

  test("question (a) of the README as a scenario: calendar year 2026 without the cut, against the tables", () => {
    // Without the cut every week at 941 points: 36 × 119,89 € = 4.316,04 € a week, × 43 = 185.589,72 €.
    const ohne = honorar(["eval", "--wert", "ebm.punkte.35401=941@2/2026", "--quelle", "ohne Kürzung", "=HONORAR_ZEITRAUM(36; 2026; 2026; 1)"]);
    expect(lines(ohne.stdout)).toEqual(["185.589,72"]);
    // With it: a quarter of 43/4 = 10,75 weeks at 119,89 €, three at 114,54 €: 10,75 × 4.316,04 + 32,25 × 4.123,44 = 46.397,43 + 132.980,94 = 179.378,37 €;
    // the difference 6.211,35 € is the README's answer to (a).
    expect(lines(honorar(["eval", "=HONORAR_ZEITRAUM(36; 2026; 2026; 1)"]).stdout)).toEqual(["179.378,37"]);
  });

  test("a date before the series starts: the value holds from then until the tables' first entry", () => {
    // 941 points from 2015; the tables' 841 points from 01.07.2017. 2016: 941 × 10,4361 ct = 98,2037… → 98,20 €; 2018: 841 × 10,6543 ct = 89,6026… → 89,60 €.
    const r = honorar(["eval", "--wert", "ebm.punkte.35401=941@2015", "--quelle", "x", "=EBM_HONORAR(35401;2016)", "=EBM_HONORAR(35401;2018)", "=EBM_HONORAR(35401;2014)"]);
    expect(lines(r.stdout).slice(0, 2)).toEqual(["98,2", "89,6"]);
    expect(r.stderr).toContain("ebm.punkte.35401 = 941 Punkte ab 01.01.2015 bis 01.07.2017 (ausschließlich; dann gilt der nächste Eintrag der Reihe)");
    expect(lines(r.stdout)[2]).toMatch(/^#NV: /);
  });

  test.each([
    [["--wert", "ebm.punkte.35401", "--quelle", "x"], /"=" fehlt/],
    [["--wert", "ebm.punkte.35401=941", "--quelle", "x"], /"@DATUM" fehlt/],
    [["--wert", "=941@2026", "--quelle", "x"], /die Reihe vor "=" fehlt/],
    [["--wert", "ebm.punkte.35401=@2026", "--quelle", "x"], /der Wert fehlt/],
    [["--wert", "ebm.punkte.35401=941@2026"], /--wert braucht --quelle/],
    [["--wert", "ebm.punkte.35401=941@2026", "--quelle", "  "], /die --quelle ist leer/],
    [["--wert", "ebm.punkte.35401=941@2026", "--quelle", ""], /die --quelle ist leer/],
    // The formula that follows is no source: the source was forgotten.
    [["--wert", "ebm.punkte.35401=941@2026", "--quelle"], /die --quelle "=EBM_HONORAR\(35401;2027\)" sieht aus wie eine Formel/],
    [["--quelle", "x"], /--quelle gehört zu --wert/],
    [["--wert", "ebm.punkte.35401=941@2026", "--wert", "ebm.orientierungswert=13@2027", "--quelle", "a", "--quelle", "b", "--quelle", "c"], /2× --wert, aber 3× --quelle/],
    [["--wert", "ebm.punkte.99999=941@2026", "--quelle", "x"], /Reihe "ebm\.punkte\.99999" unbekannt\. Reihen dieses Bereichs sind z\. B\. ebm\.punkte\./],
    [["--wert", "ebm.Orientierungswert=13@2027", "--quelle", "x"], /gemeint ist wohl "ebm\.orientierungswert"/],
    [["--wert", "kv.XX.quote=0,9@2027", "--quelle", "x"], /Reihe "kv\.XX\.quote" unbekannt\. Reihen dieses Bereichs sind z\. B\. kv\.BW\.quote/],
    [["--wert", "ebm.orientierungswert=1.234,5@2027", "--quelle", "x"], /enthält Tausendertrennzeichen/],
    [["--wert", "ebm.orientierungswert=1,234.5@2027", "--quelle", "x"], /enthält Tausendertrennzeichen/],
    [["--wert", "ebm.orientierungswert=1.234.567@2027", "--quelle", "x"], /enthält Tausendertrennzeichen/],
    [["--wert", "ebm.orientierungswert=1.234@2027", "--quelle", "x"], /"1\.234" ist mehrdeutig: 1234 mit Tausendertrennzeichen oder 1,234 mit Dezimalzeichen/],
    [["--wert", "ebm.orientierungswert=12,740@2027", "--quelle", "x"], /mehrdeutig/],
    [["--wert", "ebm.orientierungswert=-13,1@2027", "--quelle", "x"], /ist negativ/],
    [["--wert", "ebm.orientierungswert=13 ct@2027", "--quelle", "x"], /"13 ct" ist keine Zahl/],
    [["--wert", "ebm.orientierungswert=1e3@2027", "--quelle", "x"], /ist keine Zahl/],
    [["--wert", "ebm.orientierungswert=13@31.02.2027", "--quelle", "x"], /Datum "31\.02\.2027" ist nicht lesbar\. Erlaubt: 2026-04-01, 01\.04\.2026/],
    [["--wert", "ebm.orientierungswert=13@5/2027", "--quelle", "x"], /Datum "5\/2027" ist nicht lesbar/],
    [["--wert", "ebm.orientierungswert=13@2027", "--wert", "ebm.orientierungswert=14@01.01.2027", "--quelle", "x"], /für ebm\.orientierungswert ab 01\.01\.2027 gibt schon "ebm\.orientierungswert=13@2027" einen Wert/],
  ])("refused with a German message and exit 2, nothing computed: %j", (args, message) => {
    const r = honorar(["eval", ...args, "=EBM_HONORAR(35401;2027)"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  test("--quelle or --wert as the last argument, without its value", () => {
    expect(honorar(["eval", "=1", "--wert", "ebm.punkte.35401=941@2026", "--quelle"])).toMatchObject({ status: 2, stdout: "", stderr: "--quelle: Wert fehlt.\n" });
    expect(honorar(["eval", "=1", "--quelle", "x", "--wert"])).toMatchObject({ status: 2, stdout: "", stderr: "--wert: Wert fehlt.\n" });
  });

  test("a rule of the practice model: 46 working weeks from 2026 instead of the tables' 43", () => {
    const r = honorar(["eval", "--wert", "praxis.arbeitswochen_pro_jahr=46@2026", "--quelle", "Szenario 46 Wochen", "=HONORAR_JAHR(2240;;2026)", "=HONORAR_JAHR(2240;;2025)"]);
    // 2.240 € × 46 weeks = 103.040 €; in 2025 still 43 weeks: 96.320 € (seed 001).
    expect(lines(r.stdout)).toEqual(["103.040", "96.320"]);
  });
});

describe("honorar recalc and diff --wert", () => {
  /** A workbook with its own Orientierungswert 2027 of 12,7 ct, and two cells using it. */
  async function withOwnValue(name: string): Promise<string> {
    const own = [{ series: "ebm.orientierungswert", valid_from: "2027-01-01", value: "12.7", quelle: "Rundschreiben der KBV (Annahme)" }];
    // B1: 12,7; C1: 899 × 12,7 ct = 114,173 € → 114,17 €.
    return handMade(
      name,
      { Tabelle1: `<row r="1"><c r="B1"><f>_xldudf_PRAXIS_EBM_PUNKTWERT(2027)</f><v>12.7</v></c><c r="C1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2027)</f><v>114.17</v></c></row>` },
      { "honorar.overrides": JSON.stringify(JSON.stringify(own)), "honorar.stichtag": JSON.stringify("2027-02-01") },
    );
  }

  test("recalc computes the scenario over the workbook's own values and names it apart from them", async () => {
    const file = await withOwnValue("szenario-eigen.xlsx");
    expect(recalcJson(file).result.summary).toMatchObject({ cells: 2, matches: 2, mismatches: 0 });
    const args = ["--wert", "ebm.orientierungswert=13,1@2027", "--quelle", "Szenario 13,1 ct"];
    const { result, status } = recalcJson(file, ...args);
    expect(status).toBe(1);
    const cell = (a: string) => result.cells.find((c) => c.address === a)!;
    // B1 13,1; C1 899 × 13,1 ct = 117,769 € → 117,77 €; the saved values are the workbook's.
    expect(cell("B1")).toMatchObject({ saved: 12.7, recomputed: 13.1, status: "mismatch" });
    expect(cell("C1")).toMatchObject({ saved: 114.17, recomputed: 117.77, status: "mismatch" });
    const p = (result as unknown as { provenance: { eigeneWerte: unknown[]; szenario: unknown[]; datenstand: string } }).provenance;
    expect(p.eigeneWerte).toEqual([{ reihe: "ebm.orientierungswert", gueltigAb: "2027-01-01", wert: "12.7", einheit: "ct/Punkt", quelle: "Rundschreiben der KBV (Annahme)" }]);
    expect(p.szenario).toEqual([{ reihe: "ebm.orientierungswert", gueltigAb: "2027-01-01", wert: "13.1", einheit: "ct/Punkt", quelle: "Szenario 13,1 ct", ersetzt: "12,7 (eigener Wert)" }]);
    // The workbook's value is replaced in this run: the data counts the scenario value only.
    expect(p.datenstand).toMatch(/^Ausgabe \d\d\.\d\d\.\d{4}, mit 1 Szenariowert der Befehlszeile, SHA-256 [0-9a-f]{64}$/);

    const text = honorar(["recalc", file, ...args]).stdout;
    expect(text).toContain("  Eigene Werte der Arbeitsmappe:\n    ebm.orientierungswert ab 01.01.2027: 12.7 ct/Punkt; Quelle: Rundschreiben der KBV (Annahme)\n");
    expect(text).toContain("  Szenario der Befehlszeile (--wert; nicht in der Arbeitsmappe gespeichert, die neu berechneten Werte beruhen darauf):\n    ebm.orientierungswert = 13,1 ct/Punkt ab 01.01.2027, ersetzt 12,7 (eigener Wert); Quelle: Szenario 13,1 ct\n");
    expect(text).toContain("Gerechnet mit 1 Szenariowert der Befehlszeile (--wert)");

    const csv = path.join(tmp, "szenario.csv");
    expect(honorar(["recalc", file, ...args, "--csv", csv]).status).toBe(1);
    expect(readFileSync(csv, "utf8").split("\r\n")[0]).toBe("\uFEFFBlatt;Zelle;Formel;gespeichert;neu berechnet mit Szenario (--wert);Differenz;relative Differenz;Urteil;Meldung");
  });

  test("recalc refuses a copy with scenario results (--out), which would pass for the workbook's own", async () => {
    const file = await withOwnValue("szenario-kopie.xlsx");
    const r = honorar(["recalc", file, "--wert", "ebm.orientierungswert=13,1@2027", "--quelle", "x", "--out", path.join(tmp, "szenario-kopie-neu.xlsx")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--wert rechnet ein Szenario, das in keiner Arbeitsmappe steht/);
  });

  test("recalc and diff refuse a bad --wert before reading any file", () => {
    const recalc = honorar(["recalc", "gibt-es-nicht.xlsx", "--wert", "ebm.punkte.35401=1.234@2026", "--quelle", "x"]);
    expect(recalc).toMatchObject({ status: 2, stdout: "" });
    expect(recalc.stderr).toMatch(/mehrdeutig/);
    const diff = honorar(["diff", "a.xlsx", "b.xlsx", "--wert", "ebm.punkte.35401=941@2026"]);
    expect(diff.status).toBe(2);
    expect(diff.stderr).toMatch(/--wert braucht --quelle/);
  });

  test("diff applies the scenario to both versions: no change of settings from it, and the report names it", async () => {
    const alt = await withOwnValue("szenario-alt.xlsx");
    const neu = path.join(tmp, "szenario-neu.xlsx");
    copyFileSync(alt, neu);
    const r = honorar(["diff", alt, neu, "--wert", "ebm.orientierungswert=13,1@2027", "--quelle", "Szenario 13,1 ct"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("  Beide Fassungen gerechnet mit dem Szenario der Befehlszeile (--wert; in keiner der Mappen gespeichert):\n    ebm.orientierungswert = 13,1 ct/Punkt ab 01.01.2027, ersetzt 12,7 (eigener Wert); Quelle: Szenario 13,1 ct\n");
    expect(r.stdout).toContain("Einstellungen:\n  keine Änderung");
  });

  test("diff: when only one version stores an own value on the scenario's date, each version's line says what it replaces", async () => {
    const alt = await withOwnValue("szenario-alt-eigen.xlsx");
    const neu = await handMade("szenario-neu-ohne.xlsx", { Tabelle1: `<row r="1"><c r="B1"><f>_xldudf_PRAXIS_EBM_PUNKTWERT(2027)</f><v>13.1</v></c></row>` }, { "honorar.stichtag": JSON.stringify("2027-02-01") });
    const r = honorar(["diff", alt, neu, "--wert", "ebm.orientierungswert=13,1@2027", "--quelle", "S"]);
    expect(r.stdout).toContain("    alt: ebm.orientierungswert = 13,1 ct/Punkt ab 01.01.2027, ersetzt 12,7 (eigener Wert); Quelle: S\n");
    expect(r.stdout).toContain("    neu: ebm.orientierungswert = 13,1 ct/Punkt ab 01.01.2027, ersetzt den Eintrag ohne belegten Wert (unbestätigt); Quelle: S\n");
    // The stored own value went: a change of the file, reported as before.
    expect(r.stdout).toMatch(/Eigener Wert ebm\.orientierungswert ab 01\.01\.2027: 12\.7 ct\/Punkt; Quelle: Rundschreiben der KBV \(Annahme\) → \(keiner\)/);
  });
});
