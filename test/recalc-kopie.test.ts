import { createHash } from "crypto";
import ExcelJS from "exceljs";
import { XMLValidator } from "fast-xml-parser";
import { readFileSync, writeFileSync } from "fs";
import JSZip from "jszip";
import path from "path";
import { cellOf, EXAMPLES, handMade, honorar, partOf, recalcJson, tmp } from "./workbooks";

/*
 * The copy `recalc --out` writes: spilled tables at the size Excel would give
 * them now, and with --markieren the cells an auditor must look at filled and
 * noted. The copy is read back by exceljs (an independent reader of
 * SpreadsheetML) and recomputed again: it must hold what it claims.
 */

const SETTINGS = { "honorar.stichtag": JSON.stringify("2023-01-01") };
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

function noteText(cell: ExcelJS.Cell): string {
  const n = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (n === undefined) return "";
  return typeof n === "string" ? n : (n.texts ?? []).map((t) => t.text).join("");
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const f = cell.fill as { type?: string; fgColor?: { argb?: string } } | undefined;
  return f?.type === "pattern" ? f.fgColor?.argb : undefined;
}

/** Seed 002 with GOÄ 870 four times at 3,5 instead of 2,3 and the saved sum of 870 + 801a tampered (134,07 → 143,07). */
async function tamperedSeed002(): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path.join(EXAMPLES, "seed-002-privatrechnung.xlsx")));
  const part = "xl/worksheets/sheet1.xml";
  const xml = (await zip.file(part)!.async("string")).replace('<c r="B6"><v>2.3</v></c>', '<c r="B6"><v>3.5</v></c>').replace(/(<c r="D11"[^>]*>.*?<v>)134\.07(<\/v>)/, "$1143.07$2");
  zip.file(part, xml);
  const file = path.join(tmp, "seed-002-geaendert.xlsx");
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

describe("--markieren: the cells an auditor must look at, filled and noted in the copy", () => {
  let input: string;
  let out: string;
  let before: string;
  let stdout: string;

  beforeAll(async () => {
    input = await tamperedSeed002();
    before = sha(input);
    out = path.join(tmp, "seed-002-markiert.xlsx");
    const r = honorar(["recalc", input, "--out", out, "--markieren"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    stdout = r.stdout;
  });

  test("the differing cells are filled light red and carry a note with saved value, recomputed value and difference", async () => {
    const ws = (await load(out)).getWorksheet("Privatrechnung")!;
    // 750 points × 5,82873 ct × 3,5 = 153,00 € a session (seed 002 prints 153 € at 3,5), × 4 = 612 €.
    expect(fillOf(ws.getCell("D6"))).toBe("FFFFC7CE");
    expect(noteText(ws.getCell("D6"))).toBe("honorar recalc: abweichend\ngespeichert: 402,2\nneu berechnet: 612\nDifferenz: 209,8");
    // The tampered saved value: 870 + 801a at 2,3 is 134,07 € (seed 002).
    expect(fillOf(ws.getCell("D11"))).toBe("FFFFC7CE");
    expect(noteText(ws.getCell("D11"))).toBe("honorar recalc: abweichend\ngespeichert: 143,07\nneu berechnet: 134,07\nDifferenz: -9");
    expect(ws.getCell("D6").value).toMatchObject({ formula: "_xldudf_PRAXIS_GOAE_BETRAG(A6,B6,C6)", result: 612 });
  });

  test("cells that agree keep their format and get no note; the copy recomputes without a difference", async () => {
    const ws = (await load(out)).getWorksheet("Privatrechnung")!;
    expect(fillOf(ws.getCell("D7"))).toBeUndefined();
    expect(noteText(ws.getCell("D7"))).toBe("");
    // D7's format is the one it had: the number format of the input.
    const original = (await load(input)).getWorksheet("Privatrechnung")!;
    expect(ws.getCell("D7").numFmt).toBe(original.getCell("D7").numFmt);
    expect(ws.getCell("D6").numFmt).toBe(original.getCell("D6").numFmt);
    const again = recalcJson(out);
    expect(again.result.summary).toMatchObject({ mismatches: 0 });
    expect(again.status).toBe(0);
  });

  test("the package is consistent: notes linked from the sheet, typed in [Content_Types].xml, every part well-formed", async () => {
    const zip = await JSZip.loadAsync(readFileSync(out));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(sheet).toMatch(/<legacyDrawing xmlns:r="[^"]+" r:id="rIdHonorarNotiz1"\/><\/worksheet>$|<legacyDrawing [^>]+\/>/);
    const rels = await zip.file("xl/worksheets/_rels/sheet1.xml.rels")!.async("string");
    expect(rels).toContain('Target="../drawings/vmlDrawing1.vml"');
    expect(rels).toContain('Target="../comments1.xml"');
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain('<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>');
    expect(types).toMatch(/<Default Extension="vml" ContentType="application\/vnd.openxmlformats-officedocument.vmlDrawing"\/>/);
    for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels|vml)$/.test(n))) {
      expect([name, XMLValidator.validate(await zip.file(name)!.async("string"))]).toEqual([name, true]);
    }
    // The count attributes still tell the truth.
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const xfs = /<cellXfs count="(\d+)"[^>]*>(.*?)<\/cellXfs>/s.exec(styles)!;
    expect(Number(xfs[1])).toBe((xfs[2].match(/<xf[\s/>]/g) ?? []).length);
    const fills = /<fills count="(\d+)"[^>]*>(.*?)<\/fills>/s.exec(styles)!;
    expect(Number(fills[1])).toBe((fills[2].match(/<fill[\s>]/g) ?? []).length);
  });

  test("the input is untouched, and the report counts the marks", async () => {
    expect(sha(input)).toBe(before);
    // D6, D8, F8, D9, D10, F10, D11 differ (the factor moves D6 and the sums and PKV shares built on it).
    expect(stdout).toContain("Markiert: 7 Zellen, 7 mit Notiz.");
  });

  test("without --out there is no copy to mark: exit 2", async () => {
    const r = honorar(["recalc", input, "--markieren"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--markieren");
  });
});

describe("--markieren on workbooks as other tools write them", () => {
  const fee = (r: number, saved: string) => `<c r="B${r}"><f>_xldudf_PRAXIS_EBM_HONORAR(A${r},2023)</f><v>${saved}</v></c>`;

  test("a workbook without a styles part gets one, and an overtyped formula is filled yellow with the finding as its note", async () => {
    // B1:B3 the fee formula filled down, B2 overtyped with 100; B3 saved with a wrong value.
    const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "108.14")}</row><row r="2"><c r="A2"><v>35401</v></c><c r="B2"><v>100</v></c></row><row r="3"><c r="A3"><v>35401</v></c>${fee(3, "1")}</row>`;
    const file = await handMade("ohne-stile.xlsx", { Tabelle1: rows }, SETTINGS);
    const out = path.join(tmp, "ohne-stile-markiert.xlsx");
    const r = honorar(["recalc", file, "--out", out, "--markieren"]);
    expect(r.status).toBe(1);
    const ws = (await load(out)).getWorksheet("Tabelle1")!;
    expect(fillOf(ws.getCell("B2"))).toBe("FFFFEB9C");
    expect(noteText(ws.getCell("B2"))).toMatch(/^honorar recalc: Zahl 100 steht zwischen zwei Zellen mit derselben Formel/);
    expect(ws.getCell("B2").value).toBe(100);
    expect(fillOf(ws.getCell("B3"))).toBe("FFFFC7CE");
    expect(noteText(ws.getCell("B3"))).toBe("honorar recalc: abweichend\ngespeichert: 1\nneu berechnet: 108,14\nDifferenz: 107,14");
    expect(fillOf(ws.getCell("B1"))).toBeUndefined();
    const types = await partOf(out, "[Content_Types].xml");
    expect(types).toContain('PartName="/xl/styles.xml"');
    expect(await partOf(out, "xl/_rels/workbook.xml.rels")).toMatch(/Type="[^"]+\/styles" Target="styles.xml"/);
  });

  test("an error cell is filled and its note carries the German message", async () => {
    const rows = `<row r="1"><c r="A1"><v>99999</v></c><c r="B1" t="e"><f>_xldudf_PRAXIS_EBM_HONORAR(A1,2023)</f><v>#N/A</v></c></row>`;
    const file = await handMade("fehler.xlsx", { Tabelle1: rows }, SETTINGS);
    const out = path.join(tmp, "fehler-markiert.xlsx");
    honorar(["recalc", file, "--out", out, "--markieren"]);
    const ws = (await load(out)).getWorksheet("Tabelle1")!;
    expect(fillOf(ws.getCell("B1"))).toBe("FFFFC7CE");
    expect(noteText(ws.getCell("B1"))).toMatch(/^honorar recalc: #(N\/A|VALUE!)\n.*99999/);
  });

  test("a sheet that already has a VML drawing keeps it: fills only, and the run says so", async () => {
    const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "1")}</row>`;
    const file = await handMade("mit-notizen.xlsx", { Tabelle1: rows }, SETTINGS);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const sheet = (await zip.file("xl/worksheets/sheet1.xml")!.async("string")).replace("</sheetData>", `</sheetData><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/>`);
    zip.file("xl/worksheets/sheet1.xml", sheet);
    zip.file("xl/worksheets/_rels/sheet1.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>`);
    zip.file("xl/drawings/vmlDrawing1.vml", `<xml xmlns:v="urn:schemas-microsoft-com:vml"></xml>`);
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(tmp, "mit-notizen-markiert.xlsx");
    const r = honorar(["recalc", file, "--out", out, "--markieren"]);
    expect(r.stdout).toContain("Markiert: 1 Zellen, 0 mit Notiz; ohne Notizen auf Tabelle1");
    const copy = await JSZip.loadAsync(readFileSync(out));
    expect((await copy.file("xl/worksheets/sheet1.xml")!.async("string")).match(/<legacyDrawing/g)).toHaveLength(1);
    expect(await copy.file("xl/drawings/vmlDrawing1.vml")!.async("string")).toBe(`<xml xmlns:v="urn:schemas-microsoft-com:vml"></xml>`);
    expect(fillOf((await load(out)).getWorksheet("Tabelle1")!.getCell("B1"))).toBe("FFFFC7CE");
  });
});

describe("--out writes spilled tables the way Excel stores dynamic arrays", () => {
  /** EBM 35401 in 2023 explained: header, call, points, orientation value, fee, × count, result: 7 rows of 6 columns. */
  const ERKLAERUNG_ZEILEN = 7;

  test("a PRAXIS table that now spills further: reported, and the copy holds the whole table with its new range", async () => {
    // Saved as Excel saved it when the table had 3 rows (cm="1": a dynamic array).
    const head = ["Schritt", "Wert", "Einheit", "Tabellenwert", "Quelle", "Status"];
    const row1 = head.map((h, k) => {
      const a = `${"DEFGHI"[k]}1`;
      return k === 0 ? `<c r="D1" cm="1" t="str"><f t="array" ref="D1:I3">_xldudf_PRAXIS_ERKLAERUNG("EBM_HONORAR",A1,2023)</f><v>${h}</v></c>` : `<c r="${a}" t="str"><v>${h}</v></c>`;
    });
    const rows = `<row r="1"><c r="A1"><v>35401</v></c>${row1.join("")}</row>` + [2, 3].map((r) => `<row r="${r}">${"DEFGHI".split("").map((c) => `<c r="${c}${r}"/>`).join("")}</row>`).join("");
    const file = await handMade("erklaerung-waechst.xlsx", { Tabelle1: rows }, SETTINGS);
    const out = path.join(tmp, "erklaerung-waechst-neu.xlsx");
    const r = honorar(["recalc", file, "--json", "--out", out]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { befunde: { art: string; zelle?: string; grund: string }[] };
    expect(doc.befunde.find((b) => b.art === "ueberlauf-groesse")).toMatchObject({ zelle: "D1", grund: expect.stringContaining(`Überlauf neu ${ERKLAERUNG_ZEILEN} × 6 Zellen, gespeichert D1:I3`) });
    const sheet = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(XMLValidator.validate(sheet)).toBe(true);
    expect(sheet).toContain(`<f t="array" ref="D1:I${ERKLAERUNG_ZEILEN}">_xldudf_PRAXIS_ERKLAERUNG(&quot;EBM_HONORAR&quot;,A1,2023)</f>`);
    const ws = (await load(out)).getWorksheet("Tabelle1")!;
    // Row 3: points of GOP 35401, 941 (seed 003); row 4: orientation value 2023, 11,4915 ct; row 7: the result 108,14 €.
    expect([ws.getCell("D3").value, ws.getCell("E3").value]).toEqual(["Punktzahl GOP 35401", 941]);
    expect([ws.getCell("D4").value, ws.getCell("E4").value]).toEqual(["Orientierungswert", 11.4915]);
    expect([ws.getCell(`D${ERKLAERUNG_ZEILEN}`).value, ws.getCell(`E${ERKLAERUNG_ZEILEN}`).value]).toEqual(["Ergebnis", 108.14]);
    // Rows are in order and each cell once: inserted rows 4–7 after the saved ones.
    expect([...sheet.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const again = recalcJson(out);
    expect(again.result.summary).toMatchObject({ cells: ERKLAERUNG_ZEILEN * 6, mismatches: 0, missing: 0 });
    expect(again.status).toBe(0);
  });

  test("a table that now spills shorter: the rows it left are reported as differing and emptied in the copy", async () => {
    const cells = (r: number) => "DEFGHI".split("").map((c, k) => (r === 1 && k === 0 ? `<c r="D1" cm="1" t="str"><f t="array" ref="D1:I9">_xldudf_PRAXIS_ERKLAERUNG("EBM_HONORAR",A1,2023)</f><v>alt</v></c>` : `<c r="${c}${r}" t="str"><v>alt</v></c>`)).join("");
    const rows = Array.from({ length: 9 }, (_, k) => `<row r="${k + 1}">${k === 0 ? `<c r="A1"><v>35401</v></c>` : ""}${cells(k + 1)}</row>`).join("");
    const file = await handMade("erklaerung-schrumpft.xlsx", { Tabelle1: rows }, SETTINGS);
    const out = path.join(tmp, "erklaerung-schrumpft-neu.xlsx");
    const { result } = recalcJson(file);
    // Rows 8 and 9 held "alt"; the table ends at row 7 now, so they are empty in Excel.
    expect(cellOf(result, "Tabelle1", "D8")).toMatchObject({ saved: "alt", recomputed: null, status: "mismatch" });
    honorar(["recalc", file, "--out", out]);
    const sheet = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(sheet).toContain(`ref="D1:I${ERKLAERUNG_ZEILEN}"`);
    expect(sheet).toContain('<c r="D8"/>');
    const again = recalcJson(out);
    expect(again.result.summary).toMatchObject({ mismatches: 0 });
  });

  test("a dynamic array without PRAXIS that grew: the new cells are inserted in column order within their rows", async () => {
    // C1:C2 saved for A1:A3*2; A3 was added later. The copy must hold C3 = 6 between B3 and D3.
    const rows = `<row r="1"><c r="A1"><v>1</v></c><c r="C1" cm="1"><f t="array" ref="C1:C2">A1:A3*2</f><v>2</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="C2"><v>4</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3" t="inlineStr"><is><t>neu</t></is></c><c r="D3" t="inlineStr"><is><t>rechts</t></is></c></row>`;
    const file = await handMade("waechst.xlsx", { Tabelle1: rows });
    const out = path.join(tmp, "waechst-neu.xlsx");
    expect(honorar(["recalc", file, "--out", out]).status).toBe(1);
    const sheet = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(sheet).toMatch(/<c r="B3"[^>]*>.*?<\/c><c r="C3"><v>6<\/v><\/c><c r="D3"/);
    expect(sheet).toContain('<f t="array" ref="C1:C3">A1:A3*2</f>');
    expect(recalcJson(out).result.summary).toMatchObject({ cells: 3, matches: 3 });
  });
});

/*
 * Found by attacking the copy (review of the audit-report issue): each case
 * once gave a wrong number, a wrong verdict, a crash or a broken package.
 */
describe("the copy survives what an adversary tried", () => {
  const fee = (r: number, saved: string) => `<c r="B${r}"><f>_xldudf_PRAXIS_EBM_HONORAR(A${r},2023)</f><v>${saved}</v></c>`;

  test("two dynamic arrays one below the other are two arrays, not one grown table", async () => {
    const rows = `<row r="1"><c r="C1" cm="1"><f t="array" ref="C1:C2">{1;2}*1</f><v>1</v></c></row><row r="2"><c r="C2"><v>2</v></c></row><row r="3"><c r="C3" cm="1"><f t="array" ref="C3:C4">{3;4}*1</f><v>3</v></c></row><row r="4"><c r="C4"><v>4</v></c></row>`;
    const { result, status } = recalcJson(await handMade("nachbarn.xlsx", { Tabelle1: rows }, SETTINGS));
    expect(result.summary).toMatchObject({ cells: 4, matches: 4, mismatches: 0 });
    expect(status).toBe(0);
  });

  test("a table that would spill off the sheet is #SPILL!, and the copy never writes into the next row", async () => {
    // XFC1 holds {1,2,3}: three columns from the second-to-last one. A2 = 7 is an input B2 reads.
    const rows = `<row r="1"><c r="XFC1" cm="1"><f t="array" ref="XFC1:XFD1">{1,2,3}*1</f><v>1</v></c><c r="XFD1"><v>2</v></c></row><row r="2"><c r="A2"><v>7</v></c><c r="B2"><f>A2*1</f><v>7</v></c></row>`;
    const file = await handMade("blattrand.xlsx", { Tabelle1: rows }, SETTINGS);
    const out = path.join(tmp, "blattrand-neu.xlsx");
    const r = honorar(["recalc", file, "--json", "--out", out]);
    const doc = JSON.parse(r.stdout) as { cells: { address: string; recomputed: unknown }[] };
    expect(doc.cells.find((c) => c.address === "XFC1")!.recomputed).toMatchObject({ error: "#SPILL!" });
    const sheet = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(sheet).toContain('<c r="A2"><v>7</v></c>');
    expect(sheet).toContain('<f t="array" ref="XFC1">{1,2,3}*1</f><v>#SPILL!</v>');
    expect(recalcJson(out).status).toBe(0);
  });

  test("end tags with a space before '>' and self-closing <fills/> still give well-formed parts and a visible mark", async () => {
    const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "1")}</row >`;
    const file = await handMade("leerzeichen.xlsx", { Tabelle1: rows }, SETTINGS);
    const zip = await JSZip.loadAsync(readFileSync(file));
    zip.file("xl/worksheets/sheet1.xml", (await zip.file("xl/worksheets/sheet1.xml")!.async("string")).replace("</worksheet>", "</worksheet >").replace("</sheetData>", "</sheetData >"));
    zip.file("xl/styles.xml", `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills/><borders count="1"><border/></borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs ></styleSheet >`);
    zip.file("xl/_rels/workbook.xml.rels", (await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).replace("</Relationships>", `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships >`));
    zip.file("[Content_Types].xml", (await zip.file("[Content_Types].xml")!.async("string")).replace("</Types>", `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types >`));
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(tmp, "leerzeichen-markiert.xlsx");
    expect(honorar(["recalc", file, "--out", out, "--markieren"]).status).toBe(1);
    const copy = await JSZip.loadAsync(readFileSync(out));
    for (const name of Object.keys(copy.files).filter((n) => /\.(xml|rels|vml)$/.test(n))) {
      expect([name, XMLValidator.validate(await copy.file(name)!.async("string"))]).toEqual([name, true]);
    }
    const ws = (await load(out)).getWorksheet("Tabelle1")!;
    expect(fillOf(ws.getCell("B1"))).toBe("FFFFC7CE");
    expect(noteText(ws.getCell("B1"))).toContain("neu berechnet: 108,14");
    // The workbook's own styles relationship is the only one.
    expect((await copy.file("xl/_rels/workbook.xml.rels")!.async("string")).match(/\/styles"/g)).toHaveLength(1);
  });

  test("a prefixed [Content_Types].xml gets prefixed entries, and a sheet with a comments part of its own gets no second one", async () => {
    const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "1")}</row>`;
    const file = await handMade("praefix.xlsx", { Tabelle1: rows, Tabelle2: rows }, SETTINGS);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const types = (await zip.file("[Content_Types].xml")!.async("string")).replace(/<(\/?)(Types|Default|Override)\b/g, "<$1ct:$2").replace('xmlns="http://schemas.openxmlformats.org/package/2006/content-types"', 'xmlns:ct="http://schemas.openxmlformats.org/package/2006/content-types"');
    zip.file("[Content_Types].xml", types);
    zip.file("xl/worksheets/_rels/sheet2.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments9.xml"/></Relationships>`);
    zip.file("xl/comments9.xml", `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>A</author></authors><commentList/></comments>`);
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(tmp, "praefix-markiert.xlsx");
    const r = honorar(["recalc", file, "--out", out, "--markieren"]);
    expect(r.stdout).toContain("Markiert: 2 Zellen, 1 mit Notiz; ohne Notizen auf Tabelle2");
    const copy = await JSZip.loadAsync(readFileSync(out));
    const written = await copy.file("[Content_Types].xml")!.async("string");
    expect(written).toContain('<ct:Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>');
    expect(written).not.toMatch(/<(Default|Override) /);
    expect((await copy.file("xl/worksheets/_rels/sheet2.xml.rels")!.async("string")).match(/\/comments"/g)).toHaveLength(1);
  });

  test("an array formula with an empty <f> ends with a verdict, not an internal error", async () => {
    const rows = `<row r="1"><c r="A1" cm="1"><f t="array" ref="A1:A2"></f><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`;
    const r = honorar(["recalc", await handMade("leere-formel.xlsx", { Tabelle1: rows }, SETTINGS), "--json"]);
    expect([0, 1]).toContain(r.status);
    expect(r.stderr).toBe("");
  });
});
