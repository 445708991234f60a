import { spawnSync } from "child_process";
import { createHash } from "crypto";
import ExcelJS from "exceljs";
import { readFileSync, writeFileSync } from "fs";
import { XMLValidator } from "fast-xml-parser";
import JSZip from "jszip";
import path from "path";
import { cellOf, EXAMPLES, handMade, honorar, JsonResult, recalcJson, ROOT, tmp } from "./workbooks";

/*
 * honorar recalc as a user runs it (node bin/honorar.js, built into lib/).
 * Cached values in the workbooks come from the seeds or cited figures, never
 * from our own output: a recalc without mismatches is a real check.
 * The CLI helpers and handMade() are in ./workbooks.
 */

/*
 * Cited figures: EBM 2023 (seed 003) 35401 = 108,14 €, 35150 = 81,47 €, 35571 = 21,37 €;
 * GOÄ (seed 002) 870 at 2,3 = 100,55 €, 801a at 2,3 = 33,52 €, together 134,07 €.
 */
const HONORARE = `
<row r="1"><c r="A1" t="inlineStr"><is><t>GOP</t></is></c><c r="B1" t="inlineStr"><is><t>2023</t></is></c></row>
<row r="2"><c r="A2"><v>35401</v></c><c r="B2"><f t="shared" ref="B2:B5" si="0">_xldudf_PRAXIS_EBM_HONORAR(A2,2023)</f><v>108.14</v></c><c r="C2"><f>ROUND(SUM(B2:B5),2)</f><v>319.12</v></c><c r="D2"><f>_xldudf_PRAXIS_GOAE_BETRAG(870,2.3)</f><v>100.55</v></c><c r="E2"><f>ROUND(D2*30,2)</f><v>3016.5</v></c></row>
<row r="3"><c r="A3"><v>35150</v></c><c r="B3"><f t="shared" si="0"/><v>81.47</v></c><c r="C3" t="str"><f>_xlfn.IFS(B2&gt;100,"über 100 €",TRUE,"darunter")</f><v>über 100 €</v></c><c r="D3"><f>_xlfn.XLOOKUP(35150,A2:A5,B2:B5)</f><v>81.47</v></c></row>
<row r="4"><c r="A4"><v>35571</v></c><c r="B4"><f t="shared" si="0"/><v>21.37</v></c><c r="C4"><f>_xlfn.MAXIFS(B2:B5,A2:A5,35401)</f><v>108.14</v></c><c r="D4" t="b"><f>_xldudf_PRAXIS_GOAE_BEGRUENDUNG(870,2.5)</f><v>1</v></c></row>
<row r="5"><c r="A5"><v>35401</v></c><c r="B5"><f t="shared" si="0"/><v>108.14</v></c><c r="C5" t="e"><f>_xldudf_PRAXIS_EBM_PUNKTE(99999,2023)</f><v>#N/A</v></c></row>`;
const PRUEFUNG = `<row r="1"><c r="A1"><f>Honorare!D2+PRAXIS.GOAE_BETRAG("801a",2.3)</f><v>134.07</v></c><c r="B1"><f>'Honorare'!B2+Honorare!B4/2</f><v>118.825</v></c></row>`;

describe("honorar recalc: the examples", () => {
  const files = ["seed-001-einkommen.xlsx", "seed-002-privatrechnung.xlsx", "seed-003-weiterbildung.xlsx"];

  test.each(files)("%s recomputes without a mismatch", (file) => {
    const { result, status } = recalcJson(path.join(EXAMPLES, file));
    expect(status).toBe(0);
    expect(result.summary.mismatches).toBe(0);
    expect(result.summary.missing).toBe(0);
    expect(result.summary.errors).toBe(0);
    expect(result.summary.cells).toBeGreaterThan(30);
    // The PRAXIS formulas are stored as Excel stores them.
    expect(result.cells.filter((c) => c.formula.includes("_xldudf_PRAXIS_")).length).toBeGreaterThan(15);
  });

  test("seed 003: printed and consistent preset side by side", () => {
    const { result } = recalcJson(path.join(EXAMPLES, "seed-003-weiterbildung.xlsx"));
    const byFormula = (f: string) => result.cells.find((c) => c.formula === f)!.recomputed;
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A5:B5,"Jahr")')).toBe(34988);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A5:B5,"Monat")')).toBe(2916);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A5:B5,"kosten")')).toBe(131208);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A5:B5,"umsatz")')).toBe(96220);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A7:B8,"umsatz")')).toBe(98978);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A7:B8,"Jahr")')).toBe(32230);
    expect(byFormula('_xldudf_PRAXIS_WB_DEFIZIT(A7:B8,"Monat")')).toBe(2686);
  });

  test("the settings stored in an example are used and reported", () => {
    const { result } = recalcJson(path.join(EXAMPLES, "seed-002-privatrechnung.xlsx"));
    expect(result.settings.stichtag).toBe("2025-01-01");
    expect(result.settings.from.stichtag).toBe("Arbeitsmappe");
  });

  test.each(files)("%s: every XML part of the package is well-formed", async (file) => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(EXAMPLES, file)));
    const parts = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
    expect(parts).toEqual(expect.arrayContaining(["xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml", "xl/webextensions/_rels/taskpanes.xml.rels"]));
    for (const part of parts) expect([part, XMLValidator.validate(await zip.file(part)!.async("string"))]).toEqual([part, true]);
  });

  test("regenerating gives the committed files (formulas, values, add-in settings)", async () => {
    const dir = path.join(tmp, "examples");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "make-examples.js"), dir], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const content = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(`${ws.name}!${c.address} ${JSON.stringify(c.value)}`))));
      const zip = await JSZip.loadAsync(readFileSync(file));
      const sheetXml = await Promise.all(Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort().map((n) => zip.file(n)!.async("string")));
      return { cells, sheetXml, settings: await zip.file("xl/webextensions/webextension1.xml")!.async("string") };
    };
    for (const file of files) {
      const fresh = await content(path.join(dir, file));
      const committed = await content(path.join(EXAMPLES, file));
      expect(fresh.cells).toEqual(committed.cells);
      expect(fresh.sheetXml).toEqual(committed.sheetXml); // cached values exactly, zeros included
      expect(fresh.settings).toEqual(committed.settings);
    }
  });
});

describe("honorar recalc: a workbook written by another tool", () => {
  test("PRAXIS formulas as _xldudf_, a shared formula, _xlfn. built-ins and references across sheets recompute to the cited figures", async () => {
    const file = await handMade("fremd.xlsx", { Honorare: HONORARE, Prüfung: PRUEFUNG });
    const { result, status } = recalcJson(file);
    expect(status).toBe(0);
    // Prüfung!A1 writes PRAXIS.GOAE_BETRAG as typed, not as Excel stores it: not recomputed.
    expect(result.summary).toEqual({ cells: 14, matches: 13, noise: 0, mismatches: 0, missing: 0, unchecked: 1, errors: 1 });
    // The shared formula's children are expanded for their own row.
    expect(cellOf(result, "Honorare", "B3").formula).toBe("_xldudf_PRAXIS_EBM_HONORAR(A3,2023)");
    expect(cellOf(result, "Honorare", "B3").recomputed).toBe(81.47);
    expect(cellOf(result, "Honorare", "B4").recomputed).toBe(21.37);
    expect(cellOf(result, "Honorare", "C2").recomputed).toBe(319.12);
    expect(cellOf(result, "Honorare", "C3").recomputed).toBe("über 100 €");
    expect(cellOf(result, "Honorare", "D3").recomputed).toBe(81.47);
    expect(cellOf(result, "Honorare", "E2").recomputed).toBe(3016.5);
    expect(cellOf(result, "Honorare", "D4").recomputed).toBe(true);
    expect(cellOf(result, "Honorare", "C5").recomputed).toMatchObject({ error: "#N/A" });
    expect(cellOf(result, "Prüfung", "A1").status).toBe("unchecked");
    expect(cellOf(result, "Prüfung", "B1").recomputed).toBe(118.825);
  });

  test("a shared formula moves its references, not text that looks like one (\"Q4/2023\" stays)", async () => {
    const sheet = `<row r="2"><c r="A2"><v>35401</v></c><c r="B2"><f t="shared" ref="B2:B3" si="0">_xldudf_PRAXIS_EBM_HONORAR(A2,"Q4/2023")</f><v>108.14</v></c></row>
<row r="3"><c r="A3"><v>35150</v></c><c r="B3"><f t="shared" si="0"/><v>81.47</v></c></row>`;
    const { result, status } = recalcJson(await handMade("quartal.xlsx", { Tabelle1: sheet }));
    expect(cellOf(result, "Tabelle1", "B3").formula).toBe('_xldudf_PRAXIS_EBM_HONORAR(A3,"Q4/2023")');
    expect(status).toBe(0);
  });

  test("a workbook in the 1904 date system: a date cell and DATE() reach the functions as the same day as in Excel", async () => {
    // 01.07.2023 is serial 45108 in the 1900 system and 45108 − 1462 = 43646 in the 1904 system; 35150 cost 81,47 € then (seed 003).
    const sheet = `<row r="1"><c r="A1"><v>43646</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(35150,A1)</f><v>81.47</v></c><c r="C1"><f>_xldudf_PRAXIS_EBM_HONORAR(35150,DATE(2023,7,1))</f><v>81.47</v></c><c r="D1"><f>YEAR(A1)</f><v>2023</v></c></row>`;
    const { result, status } = recalcJson(await handMade("mac-1904.xlsx", { Tabelle1: sheet }, undefined, "", '<workbookPr date1904="1"/>'));
    expect(result.cells.map((c) => [c.address, c.recomputed])).toEqual([["B1", 81.47], ["C1", 81.47], ["D1", 2023]]);
    expect(status).toBe(0);
    // The same serial in a 1900 workbook is 30.06.2019: another fee, found as a mismatch.
    const plain = recalcJson(await handMade("win-1900.xlsx", { Tabelle1: sheet }));
    expect(cellOf(plain.result, "Tabelle1", "B1").status).toBe("mismatch");
  });

  test("a deliberate mismatch is found: exit 1 and the cell in a German table", async () => {
    const file = await handMade("falsch.xlsx", { Honorare: HONORARE.replace("<v>81.47</v></c><c r=\"C3\"", "<v>81.74</v></c><c r=\"C3\"") });
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Abweichungen:/);
    expect(r.stdout).toMatch(/Honorare\s+B3\s+=_xldudf_PRAXIS_EBM_HONORAR\(A3,2023\)\s+81\.74\s+81\.47/);
    expect(r.stdout).toMatch(/12 Formelzellen: 11 gleich, 1 abweichend, 0 ohne gespeicherten Wert; 1 mit Fehler\./);
  });

  test("--out writes the recomputed values, keeps formulas and add-in parts, and leaves the input byte-identical", async () => {
    const file = await handMade("alt.xlsx", { Honorare: HONORARE.replace("<v>319.12</v>", "").replace("<v>81.47</v></c><c r=\"C3\"", "<v>80</v></c><c r=\"C3\"") }, { "honorar.stichtag": '"2023-01-01"' });
    const before = createHash("sha256").update(readFileSync(file)).digest("hex");
    const out = path.join(tmp, "neu.xlsx");
    const r = honorar(["recalc", file, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`Neu berechnete Werte geschrieben: ${out} (12 Zellen).`);
    expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(before);
    const again = recalcJson(out);
    expect(again.status).toBe(0);
    expect(again.result.summary).toMatchObject({ mismatches: 0, missing: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet("Honorare")!.getCell("B3").value).toEqual({ sharedFormula: "B2", result: 81.47 });
    expect(wb.getWorksheet("Honorare")!.getCell("C2").value).toEqual({ formula: "ROUND(SUM(B2:B5),2)", result: 319.12 });
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(await zip.file("xl/webextensions/webextension1.xml")!.async("string")).toMatch(/honorar\.stichtag/);
  });

  test("--json is one JSON document with cells and summary", async () => {
    const file = await handMade("json.xlsx", { Honorare: HONORARE });
    const r = honorar(["recalc", file, "--json"]);
    const doc = JSON.parse(r.stdout) as JsonResult;
    expect(doc.summary.cells).toBe(doc.cells.length);
    expect(cellOf(doc, "Honorare", "B2")).toEqual({ sheet: "Honorare", address: "B2", formula: "_xldudf_PRAXIS_EBM_HONORAR(A2,2023)", saved: 108.14, recomputed: 108.14, status: "match" });
  });

  test("an array formula spilling WB_DEFIZIT(…; \"Aufstellung\") without cached values: every cell reported, --out fills them", async () => {
    // As a tool that does not calculate writes it: the array range with empty cells.
    const rows = Array.from({ length: 80 }, (_, i) => {
      const r = i + 1;
      const cells = ["A", "B", "C", "D", "E", "F"].map((c) => (r === 1 && c === "A" ? `<c r="A1"><f t="array" ref="A1:F80">_xldudf_PRAXIS_WB_DEFIZIT("DPtV-2023-gedruckt","Aufstellung")</f></c>` : `<c r="${c}${r}"/>`));
      return `<row r="${r}">${cells.join("")}</row>`;
    });
    const file = await handMade("aufstellung.xlsx", { Modell: rows.join("") });
    const out = path.join(tmp, "aufstellung-neu.xlsx");
    const r = honorar(["recalc", file, "--json", "--out", out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonResult;
    expect(doc.summary.cells).toBe(480);
    expect(doc.summary.missing).toBe(480);
    const rowOf = (name: string) => doc.cells.find((c) => c.address.startsWith("A") && c.recomputed === name)!.address.slice(1);
    // seed 003: 131.208 € cost, 34.988 € a year, 2.916 € a month
    expect(cellOf(doc, "Modell", `C${rowOf("kosten")}`).recomputed).toBe(131208);
    expect(cellOf(doc, "Modell", `C${rowOf("defizit")}`).recomputed).toBe(34988);
    expect(cellOf(doc, "Modell", `C${rowOf("defizit_monat")}`)).toMatchObject({ recomputed: 2916, array: "A1:F80" });
    const again = recalcJson(out);
    expect(again.result.summary).toMatchObject({ cells: 480, mismatches: 0 });
  });
});

describe("honorar recalc: names and spilled tables as Excel saves them", () => {
  test("defined names, global and local to a sheet, reach the formulas", async () => {
    // seed 003, variant 2: 32.230 € a year; seed 002: 870 at 2,3 = 100,55 €.
    const modell = `<row r="1"><c r="A1" t="inlineStr"><is><t>preset</t></is></c><c r="B1" t="inlineStr"><is><t>DPtV-2023-gedruckt</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>strukturzuschlag_regel</t></is></c><c r="B2" t="inlineStr"><is><t>DPtV-2023-54</t></is></c></row>
<row r="3"><c r="A3"><f>_xldudf_PRAXIS_WB_DEFIZIT(Annahmen,"Jahr")</f><v>32230</v></c><c r="B3"><f>_xldudf_PRAXIS_GOAE_BETRAG(870,Satz)</f><v>100.55</v></c><c r="C3" t="e"><f>Fehlt*2</f><v>#NAME?</v></c></row>`;
    const names = `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Modell!$A$1:$C$3</definedName><definedName name="Annahmen">Modell!$A$1:$B$2</definedName><definedName name="Satz" localSheetId="0">2.3</definedName></definedNames>`;
    const { result, status } = recalcJson(await handMade("namen.xlsx", { Modell: modell }, undefined, names));
    expect(status).toBe(0);
    expect(cellOf(result, "Modell", "A3").recomputed).toBe(32230);
    expect(cellOf(result, "Modell", "B3").recomputed).toBe(100.55);
    expect(cellOf(result, "Modell", "C3").recomputed).toMatchObject({ error: "#NAME?", message: "Unbekannter Name Fehlt" });
  });

  test("a spilled table keeps to its saved range: content right below it is no #SPILL!", async () => {
    const header = ["Position", "Bezeichnung", "Wert", "Einheit", "Herleitung", "Herkunft"];
    const row1 = header.map((h, i) => {
      const a = `${"ABCDEF"[i]}1`;
      return i === 0 ? `<c r="A1" t="str"><f t="array" ref="A1:F2">_xldudf_PRAXIS_WB_DEFIZIT("DPtV-2023","Aufstellung")</f><v>${h}</v></c>` : `<c r="${a}" t="str"><v>${h}</v></c>`;
    });
    // B3: the consistent preset, 2.758,75 € a month (independent arithmetic in scripts/make-examples.js).
    const sheet = `<row r="1">${row1.join("")}</row><row r="2">${"ABCDEF".split("").map((c) => `<c r="${c}2"/>`).join("")}</row><row r="3"><c r="A3" t="inlineStr"><is><t>Notiz unter der Tabelle</t></is></c><c r="B3"><f>_xldudf_PRAXIS_WB_DEFIZIT("DPtV-2023","Monat")</f><v>2758.75</v></c></row>`;
    const { result, status } = recalcJson(await handMade("spill.xlsx", { Modell: sheet }));
    expect(status).toBe(0);
    expect(result.summary).toMatchObject({ cells: 13, matches: 7, mismatches: 0, missing: 6, errors: 0 });
  });
});

describe("honorar recalc: Stichtag and KV", () => {
  // 35150 in 2019: 67,21 € (README/cli test); in 2023: 81,47 € (seed 003). ABSTAFFELUNG Nordrhein 2011: 4.479,30 € (seed 001).
  const SHEET = `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_EBM_HONORAR(35150)</f><v>81.47</v></c><c r="B1"><f>_xldudf_PRAXIS_ABSTAFFELUNG(4725,3150,,2011)</f><v>4479.3</v></c></row>`;

  test("the workbook's stored Stichtag and KV apply to formulas without their own", async () => {
    const file = await handMade("mit-einstellungen.xlsx", { Tabelle1: SHEET }, { "honorar.stichtag": '"2023-01-01"', "honorar.kv": '"NO"' });
    const { result, status } = recalcJson(file);
    expect(status).toBe(0);
    expect(result.settings).toMatchObject({ stichtag: "2023-01-01", kv: "NO", from: { stichtag: "Arbeitsmappe", kv: "Arbeitsmappe" } });
  });

  test("--stichtag and --kv override the stored ones", async () => {
    const file = await handMade("ueberschrieben.xlsx", { Tabelle1: SHEET }, { "honorar.stichtag": '"2019-01-01"', "honorar.kv": '"WL"' });
    const stored = recalcJson(file);
    expect(stored.status).toBe(1);
    expect(cellOf(stored.result, "Tabelle1", "A1").recomputed).toBe(67.21);
    const given = recalcJson(file, "--stichtag", "2023", "--kv", "Nordrhein");
    expect(given.status).toBe(0);
    expect(given.result.settings.from).toMatchObject({ stichtag: "Befehlszeile", kv: "Befehlszeile" });
  });

  test("a date in a cell as Stichtag: Excel's serial number 44927 is 01.01.2023", async () => {
    const sheet = `<row r="1"><c r="A1"><v>44927</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,A1)</f><v>108.14</v></c><c r="C1"><f>A1+1</f><v>44928</v></c></row>`;
    const { result, status } = recalcJson(await handMade("datum.xlsx", { Tabelle1: sheet }));
    expect(status).toBe(0);
    expect(result.summary).toMatchObject({ cells: 2, matches: 2 });
  });

  test("a tampered stored Stichtag gives #VALUE! with the reason in the cells that need it", async () => {
    const file = await handMade("manipuliert.xlsx", { Tabelle1: SHEET }, { "honorar.stichtag": '"gestern"', "honorar.kv": '"NO"' });
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Tabelle1!A1: #VALUE!: Gespeicherter Stichtag der Arbeitsmappe ist ungültig/);
  });

  test("an unknown --kv or an unreadable --stichtag is unusable input", async () => {
    const file = await handMade("kv.xlsx", { Tabelle1: SHEET });
    expect(honorar(["recalc", file, "--kv", "Atlantis"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--kv: KV "Atlantis" ist unbekannt/) });
    expect(honorar(["recalc", file, "--stichtag", "gestern"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--stichtag: Stichtag "gestern" ist nicht lesbar/) });
  });
});

describe("honorar recalc: bad input", () => {
  test("file missing", () => {
    const r = honorar(["recalc", path.join(tmp, "gibt-es-nicht.xlsx")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Datei nicht gefunden: /);
  });

  test("not a workbook: a text file", () => {
    const file = path.join(tmp, "notiz.xlsx");
    writeFileSync(file, "Das ist keine Arbeitsmappe.\n");
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ist keine Excel-Arbeitsmappe \(\.xlsx\)/);
  });

  test("password-protected (an OLE compound file, as Excel encrypts)", () => {
    const file = path.join(tmp, "geheim.xlsx");
    writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/passwortgeschützt oder altes \.xls-Format/);
  });

  test("a corrupt zip: a workbook cut in half", () => {
    const whole = readFileSync(path.join(EXAMPLES, "seed-002-privatrechnung.xlsx"));
    const file = path.join(tmp, "halb.xlsx");
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ist beschädigt/);
  });

  test("a zip that is no workbook", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>");
    const file = path.join(tmp, "brief.xlsx");
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/keine Excel-Arbeitsmappe \(\.xlsx\): xl\/workbook\.xml fehlt/);
  });

  // A function of another add-in, or one this version of the add-in lacks, cannot be recomputed: the cell is "nicht nachgerechnet", never "abweichend" or "gleich".
  test("a function the engine does not know: not recomputed, the rest is checked", async () => {
    const file = await handMade("unbekannt.xlsx", {
      Tabelle1: `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_GIBTESNICHT(1)</f><v>5</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2023)</f><v>108.14</v></c><c r="C1" t="e"><f>_xldudf_ANDERES_ADDIN_F(1)</f><v>#NAME?</v></c></row>`,
    });
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Tabelle1!A1: #VALUE!: nicht nachgerechnet: Funktion PRAXIS\.GIBTESNICHT ist hier nicht verfügbar/);
    expect(r.stdout).toMatch(/Tabelle1!C1: #VALUE!: nicht nachgerechnet: Funktion ANDERES_ADDIN_F eines anderen Add-ins ist hier nicht verfügbar/);
    expect(r.stdout).toMatch(/3 Formelzellen: 1 gleich, 0 abweichend, 0 ohne gespeicherten Wert, 2 nicht nachgerechnet; 0 mit Fehler\./);
    expect(honorar(["recalc", file, "--streng"]).status).toBe(4);
  });

  test("a circular reference: an error in its cells, no crash, no hang", async () => {
    // Excel saves 0 for cells on a cycle.
    const file = await handMade("zirkel.xlsx", {
      Tabelle1: `<row r="1"><c r="A1"><f>B1+1</f><v>0</v></c><c r="B1"><f>A1*2</f><v>0</v></c><c r="C1"><f>_xldudf_PRAXIS_GOAE_BETRAG(870,2.3)</f><v>100.55</v></c></row>`,
    });
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Tabelle1!A1: #CYCLE!: Zirkelbezug/);
    expect(r.stdout).toMatch(/Tabelle1!B1: #CYCLE!: Zirkelbezug/);
    expect(r.stdout).toMatch(/3 Formelzellen: 1 gleich, 2 abweichend/);
  });

  test("a cell in the last row and column: recomputed without allocating the whole sheet", async () => {
    const file = await handMade("weit.xlsx", {
      Tabelle1: `<row r="1"><c r="A1"><v>35401</v></c><c r="XFD1"><f>_xldudf_PRAXIS_EBM_HONORAR(A1,2023)</f><v>108.14</v></c></row><row r="1048576"><c r="XFD1048576"><f>ROUND(XFD1/2,2)</f><v>54.07</v></c></row>`,
    });
    const { result, status } = recalcJson(file);
    expect(status).toBe(0);
    expect(result.summary).toMatchObject({ cells: 2, matches: 2 });
  });

  test("usage errors: no file, two files, an unknown option", () => {
    expect(honorar(["recalc"]).status).toBe(2);
    expect(honorar(["recalc", "a.xlsx", "b.xlsx"]).stderr).toMatch(/genau eine Arbeitsmappe/);
    expect(honorar(["recalc", "a.xlsx", "--schnell"]).stderr).toMatch(/Unbekannte Option "--schnell"/);
  });
});
