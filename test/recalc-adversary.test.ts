import { spawnSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import JSZip from "jszip";
import path from "path";
import { BIN, cellOf, editPart, handMade, honorar, JsonCell, JsonResult, MAIN_NS, partOf, Run, tmp } from "./workbooks";

/*
 * honorar recalc against adversarial workbooks: input Excel would refuse is
 * refused (exit 2, German message, no stack trace), input Excel reads is read
 * as Excel reads it, and a cell that cannot be recomputed is never called
 * "gleich". Each test pins one finding; expected values are Excel's, worked
 * out by hand, not taken from the product's output.
 */

jest.setTimeout(120000);

/** A stack trace line ("    at foo (file.js:1:2)") anywhere in the output. */
const STACK = /^\s+at /m;

/** The JSON report with the fields added after test/workbooks.ts was written. */
interface Report extends JsonResult {
  summary: JsonResult["summary"] & { unchecked: number };
  provenance: { stichtag: { datum: string; herkunft: string } };
}

/** recalc --json; a run without a JSON report fails with its exit status and message rather than a JSON parse error. */
function report(file: string, ...args: string[]): { result: Report; status: number | null } {
  const r = honorar(["recalc", file, "--json", ...args]);
  if (!r.stdout.trim()) throw new Error(`no JSON report (exit ${r.status}): ${r.stderr.trim().split("\n")[0]}`);
  return { result: JSON.parse(r.stdout) as Report, status: r.status };
}

/** A workbook with one sheet "Tabelle1". */
function book(file: string, rows: string, settings?: Record<string, string>): Promise<string> {
  return handMade(file, { Tabelle1: rows }, settings);
}

/** Expects exit 2 with a message and no stack trace or internal error; returns stderr. */
function refused(r: Run): string {
  expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 2, stderr: expect.stringMatching(/\S/) });
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/Interner Fehler|FATAL ERROR/);
  return r.stderr;
}

/** Replaces a part of a workbook on disk with raw bytes (editPart writes text as UTF-8). */
async function putBytes(file: string, part: string, bytes: Buffer): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  zip.file(part, bytes, { binary: true });
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
}

/** The raw XML of one cell (<c r="…" …>…</c>) in a sheet part. */
function cellXml(xml: string, address: string): string {
  const m = new RegExp(`<c\\b[^>]*\\br=["']${address.replace(/\$/g, "\\$")}["'][^>]*?(?:/>|>[\\s\\S]*?</c>)`).exec(xml);
  if (!m) throw new Error(`cell ${address} not in the sheet XML`);
  return m[0];
}

/* ================================================================== */

// Pins finding 1: two <c r="A1"> in one sheet made the second silently win; Excel refuses such a file.
test("1. a duplicate cell address: exit 2, the message names A1 as doppelt", async () => {
  const file = await book("doppelt.xlsx", `<row r="1"><c r="A1"><f>1+1</f><v>5</v></c><c r="A1"><f>5</f><v>5</v></c></row>`);
  const stderr = refused(honorar(["recalc", file]));
  expect(stderr).toMatch(/A1/);
  expect(stderr).toMatch(/doppelt/);
});

// Pins finding 2: a <z:c> in a foreign namespace was read as a SpreadsheetML cell and overwrote the real A1.
test("2. an element in a foreign namespace is ignored: the real A1 (1+1, saved 5) is reported once, a mismatch", async () => {
  const file = await book("fremder-namensraum.xlsx", `<row r="1"><c r="A1"><v>0</v></c></row>`);
  await editPart(
    file,
    "xl/worksheets/sheet1.xml",
    () =>
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN_NS}" xmlns:z="urn:evil"><sheetData><row r="1"><c r="A1"><f>1+1</f><v>5</v></c><z:c r="A1"><z:f>5</z:f><z:v>5</z:v></z:c></row></sheetData></worksheet>`,
  );
  expect(await partOf(file, "xl/worksheets/sheet1.xml")).toContain("<z:c ");
  const { result, status } = report(file);
  expect(result.cells.filter((c) => c.address === "A1")).toHaveLength(1);
  expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ formula: "1+1", saved: 5, recomputed: 2, status: "mismatch" });
  expect(status).toBe(1);
});

// Pins finding 3: two sheets of the same name (Excel compares names case-insensitively) were merged or one was dropped.
test.each([
  ["the same name", "Quartal"],
  ["names differing only in case", "quartal"],
])("3. two sheets with %s: exit 2, the message names the sheet", async (_what, second) => {
  const file = await handMade(`blattname-${second}.xlsx`, {
    Quartal: `<row r="1"><c r="A1"><v>1</v></c></row>`,
    Zweites: `<row r="1"><c r="A1"><f>Quartal!A1*2</f><v>2</v></c></row>`,
  });
  await editPart(file, "xl/workbook.xml", (xml) => xml.replace('name="Zweites"', `name="${second}"`));
  const workbook = await partOf(file, "xl/workbook.xml");
  expect(workbook).toContain('name="Quartal"');
  expect(workbook).toContain(`name="${second}"`);
  expect(workbook).not.toContain("Zweites");
  const stderr = refused(honorar(["recalc", file]));
  expect(stderr).toMatch(/Quartal/i);
});

// Pins finding 4: the text of a t="e" cell was taken as is ("=2+3", "hello") instead of being refused; #N/A still works.
describe("4. error cells", () => {
  test.each([["=2+3"], ["hello"]])("t=\"e\" with %j (no Excel error code): exit 2", async (text) => {
    const file = await book(`fehlertext-${text === "hello" ? "hello" : "formel"}.xlsx`, `<row r="1"><c r="A1" t="e"><v>${text}</v></c><c r="B1"><f>A1</f><v>5</v></c></row>`);
    refused(honorar(["recalc", file]));
  });

  test("a real #N/A constant propagates: B1 = A1 is #N/A, a match", async () => {
    const file = await book("fehler-na.xlsx", `<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="e"><f>A1</f><v>#N/A</v></c></row>`);
    const { result, status } = report(file);
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ saved: { error: "#N/A" }, recomputed: { error: "#N/A" }, status: "match" });
    expect(status).toBe(0);
  });
});

// Pins finding 5: an array formula over the whole sheet (17 billion cells) exhausted memory ("FATAL ERROR") instead of being refused.
test("5. an array formula with ref A1:XFD1048576: exit 2 within 20 s, message about the limit", async () => {
  const file = await book("array-riesig.xlsx", `<row r="1"><c r="A1"><f t="array" ref="A1:XFD1048576">1</f><v>1</v></c></row>`);
  // The 20 s are a kill switch so the suite stays fast, not a measurement: a killed run has no exit status.
  const r = spawnSync(process.execPath, [BIN, "recalc", file], { encoding: "utf8", timeout: 20000, maxBuffer: 64 * 1024 * 1024 });
  expect(r.stderr).not.toMatch(/FATAL ERROR/);
  const stderr = refused({ stdout: r.stdout, stderr: r.stderr, status: r.status });
  expect(stderr).toMatch(/höchstens|Grenze|zu groß|zu viele|mehr als/i);
});

// Pins finding 6: the XML encoding declaration was ignored (every part decoded as UTF-8), and invalid UTF-8 was silently replaced.
describe("6. encoding", () => {
  test("a part declared ISO-8859-1 is read as latin-1: Ö (byte 0xD6) equals Ö", async () => {
    const file = await book("latin1.xlsx", `<row r="1"><c r="A1"><v>0</v></c></row>`);
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ö</t></is></c><c r="B1"><f>IF(A1="Ö",1,2)</f><v>1</v></c><c r="C1"><f>IF(A1=CHAR(214),1,2)</f><v>1</v></c><c r="D1" t="str"><f>A1&amp;"x"</f><v>Öx</v></c></row></sheetData></worksheet>`;
    const bytes = Buffer.from(xml, "latin1");
    expect(bytes.includes(0xd6)).toBe(true);
    expect(bytes.includes(0xc3)).toBe(false); // no UTF-8 sequence for Ö
    await putBytes(file, "xl/worksheets/sheet1.xml", bytes);
    const { result, status } = report(file);
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ recomputed: 1, status: "match" });
    // Discriminating: a reader that turns 0xD6 into U+FFFD on both sides would still "match" B1, not these.
    expect(cellOf(result, "Tabelle1", "C1")).toMatchObject({ recomputed: 1, status: "match" });
    expect(cellOf(result, "Tabelle1", "D1")).toMatchObject({ saved: "Öx", recomputed: "Öx", status: "match" });
    expect(status).toBe(0);
  });

  test.each([
    ["no XML declaration", ""],
    ["a declaration without encoding", `<?xml version="1.0" standalone="yes"?>`],
  ])("invalid UTF-8 (byte 0xFF) in a part with %s: exit 2", async (what, declaration) => {
    const file = await book(`utf8-kaputt-${what.length}.xlsx`, `<row r="1"><c r="A1"><v>0</v></c></row>`);
    const bytes = Buffer.concat([
      Buffer.from(`${declaration}<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a`, "utf8"),
      Buffer.from([0xff]),
      Buffer.from(`b</t></is></c><c r="B1"><f>LEN(A1)</f><v>3</v></c></row></sheetData></worksheet>`, "utf8"),
    ]);
    await putBytes(file, "xl/worksheets/sheet1.xml", bytes);
    refused(honorar(["recalc", file]));
  });
});

// Pins finding 7: specific messages (unknown cell type, bad address) were replaced by the generic "kein wohlgeformtes XML".
describe("7. specific messages survive", () => {
  test("a cell with t=\"x\": exit 2, the message speaks of the Zelltyp", async () => {
    const file = await book("zelltyp-x.xlsx", `<row r="1"><c r="A1" t="x"><v>1</v></c><c r="B1"><f>A1</f><v>1</v></c></row>`);
    expect(refused(honorar(["recalc", file]))).toMatch(/Zelltyp/);
  });

  test("a cell r=\"A0\": exit 2, the message names A0", async () => {
    const file = await book("adresse-a0.xlsx", `<row r="1"><c r="A0"><f>1+1</f><v>2</v></c></row>`);
    expect(refused(honorar(["recalc", file]))).toMatch(/A0/);
  });
});

// Pins finding 8: cells that could not be recomputed (and cells depending on them) were reported "gleich".
describe("8. what cannot be recomputed is unchecked, and so are its dependents", () => {
  function statuses(result: Report, addresses: string[]): [string, string][] {
    return addresses.map((a) => [a, cellOf(result, "Tabelle1", a).status]);
  }

  test("(a) a shared-formula child without its master, saved #VALUE!: unchecked", async () => {
    const file = await book("shared-ohne-master.xlsx", `<row r="1"><c r="B1" t="e"><f t="shared" si="7"/><v>#VALUE!</v></c></row>`);
    const { result, status } = report(file);
    expect(statuses(result, ["B1"])).toEqual([["B1", "unchecked"]]);
    expect(result.summary).toMatchObject({ unchecked: 1, matches: 0 });
    expect(status).toBe(0);
  });

  test.each([
    ["(b) a data table cell and IFERROR on it", "datentabelle.xlsx", `<c r="A1"><f t="dataTable" ref="A1" dt2D="0" dtr="0" r1="C1"/><v>10</v></c><c r="B1"><f>IFERROR(A1,-1)</f><v>10</v></c>`],
    ["(c) another add-in's function and =A1*2 on it", "fremdes-addin.xlsx", `<c r="A1"><f>_xldudf_OTHER_FN(1)</f><v>3</v></c><c r="B1"><f>A1*2</f><v>6</v></c>`],
  ])("%s: both unchecked", async (_label, name, cellsXml) => {
    const { result, status } = report(await book(name, `<row r="1">${cellsXml}</row>`));
    expect(statuses(result, ["A1", "B1"])).toEqual([
      ["A1", "unchecked"],
      ["B1", "unchecked"],
    ]);
    expect(result.summary).toMatchObject({ unchecked: 2, matches: 0 });
    expect(status).toBe(0);
  });
});

// Pins finding 9: --out wrote an error or a guess into cells it could not recompute, destroying Excel's value.
test("9. --out leaves a data table cell and its dependent untouched (<v>10</v>)", async () => {
  const file = await book("datentabelle-out.xlsx", `<row r="1"><c r="A1"><f t="dataTable" ref="A1" dt2D="0" dtr="0" r1="C1"/><v>10</v></c><c r="B1"><f>IFERROR(A1,-1)</f><v>10</v></c></row>`);
  const out = path.join(tmp, "datentabelle-out-neu.xlsx");
  const r = honorar(["recalc", file, "--out", out]);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.status).toBe(0);
  const xml = await partOf(out, "xl/worksheets/sheet1.xml");
  expect(cellXml(xml, "A1")).toMatch(/<v>10<\/v>/);
  expect(cellXml(xml, "A1")).not.toMatch(/t=["']e["']/);
  expect(cellXml(xml, "B1")).toMatch(/<v>10<\/v>/);
});

// Pins finding 10: a carriage return was written raw, and XML parsers normalize a raw CR to LF, so the copy no longer matched.
test("10. --out writes CHAR(13) as _x000D_; the written copy recomputes as a match", async () => {
  const file = await book("wagenruecklauf.xlsx", `<row r="1"><c r="A1" t="str"><f>"a"&amp;CHAR(13)&amp;"b"</f><v>x</v></c></row>`);
  const out = path.join(tmp, "wagenruecklauf-neu.xlsx");
  expect(honorar(["recalc", file, "--out", out]).status).toBe(1);
  const xml = await partOf(out, "xl/worksheets/sheet1.xml");
  expect(xml).toContain("<v>a_x000D_b</v>");
  expect(xml).not.toContain("\r");
  const again = report(out);
  expect(cellOf(again.result, "Tabelle1", "A1")).toMatchObject({ saved: "a\rb", recomputed: "a\rb", status: "match" });
  expect(again.status).toBe(0);
});

// Pins finding 11: =Z99 (an empty cell) recomputed to an empty value instead of Excel's 0.
test("11. a formula referring to an empty cell is 0", async () => {
  const { result, status } = report(await book("leere-zelle.xlsx", `<row r="1"><c r="A1"><f>Z99</f><v>0</v></c></row>`));
  expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ saved: 0, recomputed: 0, status: "match" });
  expect(status).toBe(0);
});

// Pins finding 12: a CSE array formula whose range exceeds its result: Excel fills the extra cells with #N/A.
test("12. {1;2} entered over A1:A3: 1, 2, #N/A, all matches", async () => {
  const rows = `<row r="1"><c r="A1"><f t="array" ref="A1:A3">{1;2}</f><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3" t="e"><v>#N/A</v></c></row>`;
  const { result, status } = report(await book("cse-zu-gross.xlsx", rows));
  expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ recomputed: 1, status: "match" });
  expect(cellOf(result, "Tabelle1", "A2")).toMatchObject({ recomputed: 2, status: "match" });
  expect(cellOf(result, "Tabelle1", "A3")).toMatchObject({ recomputed: { error: "#N/A" }, status: "match" });
  expect(status).toBe(0);
});

// Pins finding 13: WAHR/FALSCH were taken as booleans in file formulas, which are always in English.
describe("13. German words are not booleans in file formulas", () => {
  test("a defined name Wahr = 10: Wahr*3 is 30", async () => {
    const file = await handMade("name-wahr.xlsx", { Tabelle1: `<row r="1"><c r="A1"><f>Wahr*3</f><v>30</v></c></row>` }, undefined, `<definedNames><definedName name="Wahr">10</definedName></definedNames>`);
    const { result, status } = report(file);
    expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ recomputed: 30, status: "match" });
    expect(status).toBe(0);
  });

  test("a sheet named Falsch: Falsch!A1*2 is 42", async () => {
    const file = await handMade("blatt-falsch.xlsx", {
      Falsch: `<row r="1"><c r="A1"><v>21</v></c></row>`,
      Tabelle1: `<row r="1"><c r="A1"><f>Falsch!A1*2</f><v>42</v></c></row>`,
    });
    const { result, status } = report(file);
    expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ recomputed: 42, status: "match" });
    expect(status).toBe(0);
  });
});

// Pins finding 14: names Excel would not know in a file (an add-in function without its _xldudf_ prefix, a Google Sheets function) computed a number.
describe("14. unknown names are #NAME?, never a number", () => {
  // Whether Excel binds a PRAXIS name written as typed (not as _xldudf_PRAXIS_…) cannot be known here: not recomputed, never a number.
  test("EBM_HONORAR(35401,2023) without the _xldudf_PRAXIS_ prefix, saved 108.14: not recomputed, not a match", async () => {
    const { result } = report(await book("ohne-praefix.xlsx", `<row r="1"><c r="A1"><f>EBM_HONORAR(35401,2023)</f><v>108.14</v></c></row>`));
    const a1 = cellOf(result, "Tabelle1", "A1");
    expect(a1.status).toBe("unchecked");
    expect((a1.recomputed as { message: string }).message).toMatch(/nicht in der Form, in der Excel PRAXIS-Funktionen speichert/);
  });

  test("ARRAY_CONSTRAIN({1},1,1), saved 1: not a match", async () => {
    const { result } = report(await book("array-constrain.xlsx", `<row r="1"><c r="A1"><f>ARRAY_CONSTRAIN({1},1,1)</f><v>1</v></c></row>`));
    const a1: JsonCell = cellOf(result, "Tabelle1", "A1");
    expect(a1.status).not.toBe("match");
    expect(a1.recomputed).not.toBe(1);
  });
});

// Pins finding 15: any xl/webextensions/webextension*.xml was read for settings, even one the package does not link.
describe("15. settings only from linked web-extension parts", () => {
  const ROWS = `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_EBM_PUNKTWERT()</f><v>10.8226</v></c></row>`;

  test("control: handMade's linked settings part sets the Stichtag (Arbeitsmappe)", async () => {
    const file = await book("stichtag-verlinkt.xlsx", ROWS, { "honorar.stichtag": '"2019-01-01"' });
    expect(await partOf(file, "xl/webextensions/_rels/taskpanes.xml.rels")).toContain('Target="webextension1.xml"');
    const { result } = report(file);
    expect(result.provenance.stichtag).toEqual({ datum: "2019-01-01", herkunft: "Arbeitsmappe" });
  });

  test("an orphan webextension77.xml with honorar.stichtag is ignored (heute)", async () => {
    const file = await book("stichtag-verwaist.xlsx", ROWS);
    const zip = await JSZip.loadAsync(readFileSync(file));
    zip.file(
      "xl/webextensions/webextension77.xml",
      `<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{77}"><we:properties><we:property name="honorar.stichtag" value="&quot;2019-01-01&quot;"/></we:properties></we:webextension>`,
    );
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const { result } = report(file);
    expect(result.provenance.stichtag.herkunft).toBe("heute");
    expect(result.settings.stichtag).toBeUndefined();
  });
});

// Pins finding 16: ROUND, ROUNDUP, ROUNDDOWN, INT and PI differed from Excel (binary rounding, truncation toward zero, 15 digits).
describe("16. Excel's ROUND, INT and PI", () => {
  const CASES: [string, number, string][] = [
    ["ROUND(1.005,2)", 1.01, "1.01"],
    ["ROUND(0.285,2)", 0.29, "0.29"],
    ["ROUND(-1.005,2)", -1.01, "-1.01"],
    ["ROUND(2.5,0)", 3, "3"],
    ["ROUNDUP(1.001,2)", 1.01, "1.01"],
    ["ROUNDDOWN(1.009,2)", 1, "1"],
    ["INT(-0.5)", -1, "-1"],
    ["INT(-8.9)", -9, "-9"],
    ["PI()", 3.141592653589793, "3.141592653589793"],
  ];

  test("honorar eval prints Excel's results", () => {
    expect(Math.PI).toBe(3.141592653589793);
    const r = honorar(["eval", ...CASES.map(([f]) => `=${f}`)]);
    expect(r.stdout.split("\n").slice(0, -1)).toEqual(CASES.map(([, , text]) => text));
    expect(r.status).toBe(0);
  });

  test("a workbook with Excel's saved results: every cell a match", async () => {
    const cells = CASES.map(([f, v], i) => `<c r="${String.fromCharCode(65 + i)}1"><f>${f}</f><v>${v}</v></c>`).join("");
    const { result, status } = report(await book("runden.xlsx", `<row r="1">${cells}</row>`));
    expect(CASES.map(([f], i) => [f, cellOf(result, "Tabelle1", `${String.fromCharCode(65 + i)}1`).recomputed])).toEqual(CASES.map(([f, v]) => [f, v]));
    expect(result.cells.map((c) => [c.address, c.status])).toEqual(CASES.map((_, i) => [`${String.fromCharCode(65 + i)}1`, "match"]));
    expect(status).toBe(0);
  });
});

// Pins finding 17: lenient parsing of addresses and values (hex row numbers, lower case, $, mixed content, impossible dates, overflowing numbers).
test.each([
  ["row r=\"0x2\"", `<row r="0x2"><c r="A2"><v>1</v></c><c r="B2"><f>A2</f><v>1</v></c></row>`],
  ["cell r=\"a1\"", `<row r="1"><c r="a1"><f>1+1</f><v>2</v></c></row>`],
  ["cell r=\"$B$1\"", `<row r="1"><c r="$B$1"><f>1+1</f><v>2</v></c></row>`],
  ["<v>1<y/>1</v>", `<row r="1"><c r="A1"><v>1<y/>1</v></c><c r="B1"><f>A1</f><v>11</v></c></row>`],
  ["t=\"d\" 2024-02-30", `<row r="1"><c r="A1" t="d"><v>2024-02-30</v></c><c r="B1"><f>A1</f><v>45352</v></c></row>`],
  ["saved number 1E400", `<row r="1"><c r="A1"><v>1E400</v></c><c r="B1"><f>A1</f><v>1</v></c></row>`],
])("17. strict reading: %s → exit 2", async (what, rows) => {
  const file = await book(`streng-${what.replace(/[^A-Za-z0-9]+/g, "-")}.xlsx`, rows);
  refused(honorar(["recalc", file]));
});

// Pins finding 18: an empty --out was taken as a path (crash with ENOENT, or the current directory).
test("18. --out \"\": exit 2, German message", async () => {
  const file = await book("out-leer.xlsx", `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>`);
  const stderr = refused(honorar(["recalc", file, "--out", ""]));
  expect(stderr).not.toMatch(/ENOENT|EISDIR|Error:|undefined/);
});

// Pins finding 19: two ZIP entries whose names differ only in case (OPC part names are case-insensitive): one silently shadowed the other.
test("19. part names differing only in case (sheet1.xml and Sheet1.xml): exit 2", async () => {
  const file = await book("gross-klein.xlsx", `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>`);
  const zip = await JSZip.loadAsync(readFileSync(file));
  zip.file("xl/worksheets/Sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1"><f>1+1</f><v>3</v></c></row></sheetData></worksheet>`);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
  const names = Object.keys((await JSZip.loadAsync(readFileSync(file))).files);
  expect(names).toEqual(expect.arrayContaining(["xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml"]));
  refused(honorar(["recalc", file]));
});

/*
 * The second review: an error that IFERROR swallows hid a function HyperFormula
 * lacks; range dependents were not followed; an array formula's other cells
 * were compared although its first cell was not recomputed; empty text was
 * written as no value; TRUNC moved large numbers.
 */
describe("second review: nothing that was not recomputed is ever 'match'", () => {
  const unchecked = async (name: string, rows: string, definedNames = "") => {
    const file = await handMade(name, { Tabelle1: rows }, undefined, definedNames);
    const { result, status } = report(file);
    expect(status).toBe(0);
    return result.cells.filter((c) => c.status !== "unchecked").map((c) => `${c.address} ${c.status}`);
  };

  test("IFERROR around another add-in's function or LET: unchecked, not the fallback value", async () => {
    const rows = `<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>IFERROR(_xldudf_OTHER_BONUS(A1),0)</f><v>0</v></c><c r="E1"><f>IFERROR(_xlfn.LET(_xlpm.x,A1,_xlpm.x*2),0)</f><v>0</v></c></row>`;
    expect(await unchecked("iferror-versteckt.xlsx", rows)).toEqual([]);
  });

  test("a name using another add-in's function, and a reference to another file, behind IFERROR: unchecked", async () => {
    const names = `<definedNames><definedName name="Rate">_xldudf_FOO(1)</definedName></definedNames>`;
    const rows = `<row r="1"><c r="A1"><f>IFERROR(Rate,0)</f><v>0</v></c><c r="B1"><f>IFERROR([1]Tab!$A$1*2,0)</f><v>8</v></c></row>`;
    expect(await unchecked("namen-extern.xlsx", rows, names)).toEqual([]);
  });

  test("dependents through a range (COUNTIF(A1:A3), SUM(A:A)) and through them: unchecked", async () => {
    const rows =
      `<row r="1"><c r="A1"><f>_xldudf_OTHER_RATE(1)</f><v>3</v></c><c r="B1"><f>COUNTIF(A1:A3,"&gt;5")</f><v>0</v></c><c r="C1"><f>B1*100</f><v>0</v></c></row>` +
      `<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f>IFERROR(SUM(A:A),0)</f><v>5</v></c></row>`;
    expect(await unchecked("bereiche.xlsx", rows)).toEqual([]);
  });

  test("an array formula whose first cell cannot be recomputed: every cell of it unchecked, and what reads them", async () => {
    const rows =
      `<row r="1"><c r="A1"><f t="array" ref="A1:A3">_xldudf_FOO(1)</f><v>1</v></c><c r="C1"><f>A2*2</f><v>0</v></c></row>` +
      `<row r="2"><c r="A2" t="e"><v>#N/A</v></c></row><row r="3"><c r="A3"><v>7</v></c></row>`;
    expect(await unchecked("matrix-ungeprueft.xlsx", rows)).toEqual([]);
  });

  test("--out writes empty text as a value, so a second run reads it the same", async () => {
    const file = await handMade("leerer-text.xlsx", { Tabelle1: `<row r="1"><c r="A1" t="str"><f>IF(1,"",0)</f><v></v></c></row>` });
    const out = path.join(tmp, "leerer-text-neu.xlsx");
    expect(honorar(["recalc", file, "--out", out]).status).toBe(0);
    expect(await partOf(out, "xl/worksheets/sheet1.xml")).toContain(`<c r="A1" t="str"><f>IF(1,"",0)</f><v></v></c>`);
    expect(cellOf(report(out).result, "Tabelle1", "A1").status).toBe("match");
  });

  test("TRUNC and INT leave large whole numbers alone and agree on positive numbers", () => {
    const r = honorar(["eval", "=TRUNC(2^60)-2^60", "=INT(2^60)-2^60", "=ROUND(1/3,20)=1/3", "=INT((0.1+0.7)*10)=TRUNC((0.1+0.7)*10)"]);
    expect(r.stdout.trim().split("\n")).toEqual(["0", "0", "TRUE", "TRUE"]);
  });

  test("HyperFormula's own functions (HF.ADD, ISBINARY, STDEVS) are #NAME?, as in Excel", async () => {
    const file = await handMade("hf-eigen.xlsx", { Tabelle1: `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>HF.ADD(A1,2)</f><v>3</v></c><c r="C1"><f>ISBINARY("101")</f><v>1</v></c></row>` });
    const { result } = report(file);
    for (const a of ["B1", "C1"]) expect(cellOf(result, "Tabelle1", a).recomputed).toMatchObject({ error: "#NAME?" });
  });
});

describe("second review: array formulas as Excel fills them", () => {
  // Excel repeats a single value down a legacy array's range, and a single row down its rows ("Guidelines and examples of array formulas").
  test("a legacy array repeats a single value and a single row over its range", async () => {
    const rows =
      `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="array" ref="B1:B3">SUM(A1:A2)</f><v>3</v></c><c r="C1"><f t="array" ref="C1:D2">{1,2}</f><v>1</v></c><c r="D1"><v>2</v></c></row>` +
      `<row r="2"><c r="A2"><v>2</v></c><c r="B2"><v>3</v></c><c r="C2"><v>1</v></c><c r="D2"><v>2</v></c></row><row r="3"><c r="B3"><v>3</v></c></row>`;
    const { result, status } = report(await handMade("matrix-wiederholt.xlsx", { Tabelle1: rows }));
    expect(result.cells.map((c) => `${c.address} ${c.status}`)).toEqual(["B1 match", "C1 match", "D1 match", "B2 match", "C2 match", "D2 match", "B3 match"]);
    expect(status).toBe(0);
  });

  // A FILTER saved over C1:C2 whose inputs now give three rows: the saved range is not the result, and SUM/COUNT over the column see the third value.
  test("a dynamic array whose result outgrew its saved range is a mismatch with a finding; its readers see the new size", async () => {
    const rows =
      `<row r="1"><c r="A1"><v>1</v></c><c r="C1" cm="1"><f t="array" ref="C1:C2">_xlfn._xlws.FILTER(A1:A5,A1:A5&gt;2)</f><v>3</v></c><c r="D1"><f>SUM(C1:C5)</f><v>7</v></c><c r="E1"><f>COUNT(C:C)</f><v>2</v></c></row>` +
      `<row r="2"><c r="A2"><v>2</v></c><c r="C2"><v>4</v></c></row><row r="3"><c r="A3"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>`;
    const { result, status } = report(await handMade("ueberlauf-gewachsen.xlsx", { Tabelle1: rows }));
    expect(status).toBe(1);
    expect(cellOf(result, "Tabelle1", "C1").status).toBe("mismatch");
    expect(cellOf(result, "Tabelle1", "D1").recomputed).toBe(12);
    expect(cellOf(result, "Tabelle1", "E1").recomputed).toBe(3);
    expect((result as unknown as { befunde: { art: string; zelle: string }[] }).befunde).toContainEqual(expect.objectContaining({ art: "ueberlauf-groesse", zelle: "C1" }));
  });

  test("two array formulas over one cell: the file is refused", async () => {
    const rows = `<row r="1"><c r="B1"><f t="array" ref="B1:C2">{1,2;3,4}</f><v>1</v></c></row><row r="2"><c r="A2"><f t="array" ref="A2:B3">{1,2;3,4}</f><v>1</v></c></row>`;
    const r = honorar(["recalc", await handMade("matrix-ueberlappend.xlsx", { Tabelle1: rows })]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/B2 liegt in zwei Matrixformeln/);
  });
});
