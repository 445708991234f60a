import { readdirSync, readFileSync } from "fs";
import path from "path";
import { handMade, honorar, tmp } from "./workbooks";

/*
 * Findings beyond recomputation, and --streng. An auditor's pipeline must not
 * read "0 Abweichungen" as a pass when nothing was compared (a workbook saved
 * by openpyxl keeps formulas but no results and drops the add-in's settings),
 * and a formula overtyped with a number must be named with its cell.
 */
interface Befund {
  art: string;
  blatt?: string;
  zelle?: string;
  grund: string;
}

function befundeOf(file: string, ...args: string[]): { befunde: Befund[]; status: number | null } {
  const r = honorar(["recalc", file, "--json", ...args]);
  return { befunde: (JSON.parse(r.stdout) as { befunde: Befund[] }).befunde, status: r.status };
}

const SETTINGS = { "honorar.stichtag": JSON.stringify("2023-01-01") };

/** EBM 35401 in 2023: 941 points × 11,4915 ct = 108,14 € (seed 003). */
const fee = (r: number, saved: string | undefined) => `<c r="B${r}"><f>_xldudf_PRAXIS_EBM_HONORAR(A${r},2023)</f>${saved === undefined ? "" : `<v>${saved}</v>`}</c>`;

test("a workbook as openpyxl saves it (formulas without results, no add-in settings) passes plain recalc but trips --streng", async () => {
  const file = await handMade("wie-openpyxl.xlsx", {
    Tabelle1: [1, 2, 3].map((r) => `<row r="${r}"><c r="A${r}"><v>35401</v></c>${fee(r, undefined)}</row>`).join(""),
  });
  const plain = befundeOf(file);
  expect(plain.status).toBe(0);
  expect(plain.befunde.map((b) => b.art).sort()).toEqual(["nichts-verglichen", "ohne-einstellungen", "ohne-gespeicherten-wert"]);
  expect(plain.befunde.find((b) => b.art === "ohne-gespeicherten-wert")!.grund).toMatch(/^3 Formelzellen ohne gespeicherten Wert \(z\. B\. Tabelle1!B1, Tabelle1!B2, Tabelle1!B3\)/);
  const strict = honorar(["recalc", file, "--streng"]);
  expect(strict.status).toBe(4);
  expect(strict.stdout).toContain("Befunde:");
  expect(strict.stdout).toContain("keine Einstellungen des Add-ins");
});

test("a number standing between two cells of the same formula is reported with its cell; --streng fails on it", async () => {
  // B1:B4 hold the fee formula filled down; B3 was overtyped with the value 108.14, which matches nothing to recompute.
  const rows = [1, 2, 3, 4].map((r) => `<row r="${r}"><c r="A${r}"><v>35401</v></c>${r === 3 ? `<c r="B3"><v>108.14</v></c>` : fee(r, "108.14")}</row>`).join("");
  const file = await handMade("ueberschrieben.xlsx", { Tabelle1: rows }, SETTINGS);
  const { befunde, status } = befundeOf(file);
  expect(status).toBe(0);
  expect(befunde).toEqual([
    {
      art: "konstante-statt-formel",
      blatt: "Tabelle1",
      zelle: "B3",
      grund: "Zahl 108.14 steht zwischen zwei Zellen mit derselben Formel (=_xldudf_PRAXIS_EBM_HONORAR(A2,2023) in B2, darüber und darunter): überschriebene Formel?",
    },
  ]);
  expect(honorar(["recalc", file, "--streng"]).status).toBe(4);
});

test("neighbours with different formulas, or a formula with absolute references filled down, are judged in R1C1 form", async () => {
  // B2 sits between =A1*2 and =A3*2: the same formula relative to each cell (R[0]C[-1]*2), so B2 is reported.
  // D2 sits between =$A$1 and =$A$3: different absolute references, so D2 is not.
  const file = await handMade(
    "r1c1.xlsx",
    {
      Tabelle1:
        `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c><c r="D1"><f>$A$1</f><v>1</v></c></row>` +
        `<row r="2"><c r="A2"><v>2</v></c><c r="B2"><v>4</v></c><c r="D2"><v>2</v></c></row>` +
        `<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f>A3*2</f><v>6</v></c><c r="D3"><f>$A$3</f><v>3</v></c></row>`,
    },
    SETTINGS,
  );
  expect(befundeOf(file).befunde.map((b) => b.zelle)).toEqual(["B2"]);
});

test("a sound workbook has no findings, and --streng then exits 0", async () => {
  const file = await handMade("gesund.xlsx", { Tabelle1: [1, 2].map((r) => `<row r="${r}"><c r="A${r}"><v>35401</v></c>${fee(r, "108.14")}</row>`).join("") }, SETTINGS);
  expect(befundeOf(file)).toEqual({ befunde: [], status: 0 });
  expect(honorar(["recalc", file, "--streng"]).status).toBe(0);
});

test("--streng fails on a cell in error even when its saved error matches", async () => {
  // EBM 99999 does not exist: #N/A, saved as #N/A, so the values agree; strict checking still fails on it.
  const file = await handMade("fehlerzelle.xlsx", { Tabelle1: `<row r="1"><c r="A1" t="e"><f>_xldudf_PRAXIS_EBM_PUNKTE(99999,2023)</f><v>#N/A</v></c></row>` }, SETTINGS);
  expect(honorar(["recalc", file]).status).toBe(0);
  expect(honorar(["recalc", file, "--streng"]).status).toBe(4);
});

/*
 * --csv: one row per formula cell for German Excel (semicolon, decimal comma,
 * UTF-8 with byte order mark), with the difference and the verdict; text that a
 * spreadsheet would run as a formula is defused with an apostrophe.
 */
test("--csv lists every formula cell with saved and recomputed value, difference and verdict", async () => {
  // B1: EBM 35401 in 2023 = 108,14 €, saved one cent low; C1: text that starts like a formula.
  const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "108.13")}<c r="C1" t="str"><f>"=1+1"</f><v>=1+1</v></c></row>`;
  const file = await handMade("csv.xlsx", { Tabelle1: rows }, SETTINGS);
  const csv = path.join(tmp, "csv-bericht.csv");
  const r = honorar(["recalc", file, "--csv", csv]);
  expect(r.status).toBe(1);
  const text = readFileSync(csv, "utf8");
  expect(text.startsWith("\uFEFFBlatt;Zelle;Formel;gespeichert;neu berechnet;Differenz;relative Differenz;Urteil;Meldung\r\n")).toBe(true);
  const lines = text.slice(1).trimEnd().split("\r\n");
  expect(lines).toHaveLength(3);
  const [, b1, c1] = lines;
  // 108.14 − 108.13 in doubles, and relative to the saved 108,13.
  expect(b1).toBe(`Tabelle1;B1;'=_xldudf_PRAXIS_EBM_HONORAR(A1,2023);108,13;108,14;${String(108.14 - 108.13).replace(".", ",")};${String((108.14 - 108.13) / 108.13).replace(".", ",")};abweichend;`);
  expect(c1).toBe(`Tabelle1;C1;"'=""=1+1""";'=1+1;'=1+1;;;gleich;`);
  expect(readdirSync(tmp).filter((f) => f.startsWith(".csv-bericht"))).toEqual([]);
  expect(honorar(["recalc", file, "--csv", file]).status).toBe(2);
});

// Excel doubles a quote inside text; HyperFormula knows no such escape and reads \" as one: recalc builds such text from CHAR(34) and CHAR(92).
test("text with a doubled quote or a trailing backslash recomputes as Excel reads it", async () => {
  const rows = `<row r="1"><c r="A1"><f>LEN("a""b")</f><v>3</v></c><c r="B1" t="str"><f>"C:\\"&amp;"x"</f><v>C:\\x</v></c><c r="C1" t="str"><f>"""zitiert"""</f><v>"zitiert"</v></c></row>`;
  const file = await handMade("anfuehrung.xlsx", { Tabelle1: rows }, SETTINGS);
  const r = honorar(["recalc", file, "--json"]);
  const cells = (JSON.parse(r.stdout) as { cells: { address: string; status: string; recomputed: unknown }[] }).cells;
  expect(cells.map((c) => [c.address, c.status, c.recomputed])).toEqual([
    ["A1", "match", 3],
    ["B1", "match", "C:\\x"],
    ["C1", "match", '"zitiert"'],
  ]);
});

/*
 * --bericht: one self-contained HTML file an auditor can attach: provenance,
 * summary, the mismatch with saved and recomputed value, difference and full
 * formula; everything from the workbook escaped; no script, no external asset.
 */
test("--bericht writes the audit report as one HTML file, workbook text escaped", async () => {
  const rows = `<row r="1"><c r="A1"><v>35401</v></c>${fee(1, "108.13")}<c r="C1" t="str"><f>"&lt;script&gt;alert(1)&lt;/script&gt;"</f><v>&lt;script&gt;alert(1)&lt;/script&gt;</v></c></row>`;
  // handMade writes the sheet name into XML as given: escaped here, it reads as <b>Blatt</b>.
  const file = await handMade("bericht.xlsx", { "&lt;b&gt;Blatt&lt;/b&gt;": rows }, SETTINGS);
  const html = path.join(tmp, "bericht.html");
  const r = honorar(["recalc", file, "--bericht", html]);
  expect(r.status).toBe(1);
  const text = readFileSync(html, "utf8");
  expect(text).toContain("Herkunft des Laufs");
  expect(text).toMatch(/SHA-256 [0-9a-f]{64}/);
  expect(text).toContain("2 Formelzellen: 1 gleich, 1 abweichend");
  // The mismatch: saved 108,13, recomputed 108,14, the difference of the doubles to Excel's 15 digits, the whole formula.
  expect(text).toContain(`<td>&lt;b&gt;Blatt&lt;/b&gt;!B1</td><td>=_xldudf_PRAXIS_EBM_HONORAR(A1,2023)</td><td>108,13</td><td>108,14</td><td>0,0100000000000051</td>`);
  // Its explanation: 941 points × 11,4915 ct, each with its table entry.
  expect(text).toContain("<h3>&lt;b&gt;Blatt&lt;/b&gt;!B1: EBM_HONORAR</h3>");
  expect(text).toMatch(/<td>Punktzahl GOP 35401<\/td><td>941<\/td><td>Punkte<\/td><td>ebm.punkte.35401 ab 01.07.2022<\/td>/);
  expect(text).toMatch(/<td>Orientierungswert<\/td><td>11,4915<\/td><td>ct\/Punkt<\/td><td>ebm.orientierungswert ab 01.01.2023<\/td>/);
  expect(text).not.toMatch(/<script|<b>Blatt/);
  expect(text).not.toMatch(/(src|href)=|@import|url\(/);
  expect(honorar(["recalc", file, "--bericht", file]).status).toBe(2);
});
