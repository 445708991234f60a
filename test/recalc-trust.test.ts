import { XMLParser, XMLValidator } from "fast-xml-parser";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import * as realFs from "fs";
import JSZip from "jszip";
import path from "path";
import { once } from "events";
import { createDeflateRaw, deflateRawSync } from "zlib";
import { WriteError, WriteFs, writeAtomic } from "../src/cli/atomic";
import { assemble, RawPart } from "../src/cli/zip";
import { cellOf, editPart, handMade, honorar, MAIN_NS, partOf, recalcJson, REL_NS, Run, tmp } from "./workbooks";

/*
 * honorar recalc is an audit tool: it must never give a wrong verdict and
 * never lose a workbook. Each test pins one defect an earlier version had.
 * Expected values are computed here with BigInt (exact decimal arithmetic)
 * from cited table figures, never taken from the product's own output:
 *   EBM 35401 in 2023: 941 points × 11,4915 ct = 108,135015 € → 108,14 €
 *   EBM 35150 in 2023: 709 points × 11,4915 ct = 81,474735 € → 81,47 € (seed 003)
 *   GOÄ 870: 750 points × 5,82873 ct × 2,3 = 100,5455925 € → 100,55 € (§ 5 GOÄ,
 *   rounded once, half up; src/data/goae.json; seed 002). An invoice line of n
 *   services is that rounded fee × n (src/engine/goae.ts).
 */

jest.setTimeout(180000);

/* ---------- exact decimal arithmetic for the expected values ---------- */

/** Rounds num/den half up to an integer (num, den > 0). */
function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/** Cents as the decimal text of euros ("12413580133.95"). */
function euros(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** How the CLI prints a number: the shortest text of the nearest double (String(x)). */
function printed(decimal: string): string {
  return String(Number(decimal));
}

/** The same for a formula in German syntax: a point between thousands, a decimal comma (12.413.580.133,95). */
function printedDe(decimal: string): string {
  const [int, frac] = printed(decimal).split(".");
  const groups: string[] = [];
  for (let end = int.length; end > 0; end -= 3) groups.unshift(int.slice(Math.max(0, end - 3), end));
  return `${groups.join(".")}${frac !== undefined ? `,${frac}` : ""}`;
}

/** 35401 in 2023: 941 × 11.4915 ct = 941 × 114915 / 10^4 ct; in cents, rounded half up. */
const EBM_35401_2023 = roundHalfUp(941n * 114915n, 10n ** 4n);
/** 35150 in 2023: 709 × 11.4915 ct. */
const EBM_35150_2023 = roundHalfUp(709n * 114915n, 10n ** 4n);
/** GOÄ 870 at 2.3: 750 × 5.82873 ct × 2.3 = 750 × 582873 × 23 / 10^6 ct. */
const GOAE_870_23 = roundHalfUp(750n * 582873n * 23n, 10n ** 6n);

test("the cited figures themselves", () => {
  expect(euros(EBM_35401_2023)).toBe("108.14");
  expect(euros(EBM_35150_2023)).toBe("81.47");
  expect(euros(GOAE_870_23)).toBe("100.55");
});

/** A stack trace line ("    at foo (file.js:1:2)") anywhere in the output. */
const STACK = /^\s+at /m;
/** C0 controls (other than tab and newline), DEL and C1 controls: raw in a terminal they can rewrite what is shown. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function eval1(formula: string, ...options: string[]): Run {
  return honorar(["eval", ...options, formula]);
}

/** A workbook with one sheet "Tabelle1". */
function book(file: string, rows: string, settings?: Record<string, string>): Promise<string> {
  return handMade(file, { Tabelle1: rows }, settings);
}

/* ================================================================== */
/* 1. Exact numbers                                                   */
/* ================================================================== */

describe("1. exact numbers", () => {
  // Pinned: amounts beyond 15 significant digits were rounded (12413580134 instead of 12413580133.95).
  test("GOAE_BETRAG(870; 2,3; 123456789) is 100,55 € × 123456789 to the cent", () => {
    const expected = euros(GOAE_870_23 * 123456789n);
    expect(expected).toBe("12413580133.95");
    const r = eval1("=PRAXIS.GOAE_BETRAG(870,2.3,123456789)");
    expect(r).toMatchObject({ stdout: `${printed(expected)}\n`, status: 0 });
  });

  // Pinned: a product with a large factor lost the cents.
  test("EBM_HONORAR(35401; 2023) × 1000000001 keeps the cents", () => {
    const expected = euros(EBM_35401_2023 * 1000000001n);
    expect(expected).toBe("108140000108.14");
    expect(printedDe(expected)).toBe("108.140.000.108,14");
    expect(eval1("=PRAXIS.EBM_HONORAR(35401;2023)*1000000001")).toMatchObject({ stdout: `${printedDe(expected)}\n`, status: 0 });
    expect(eval1("=PRAXIS.EBM_HONORAR(35401,2023)*1000000001")).toMatchObject({ stdout: `${printed(expected)}\n`, status: 0 });
  });

  // Pinned: the comparison rounded both sides to 15 digits (or a tolerance), calling a wrong saved value "gleich".
  test("a saved 12413580133.95 is a match, a saved 12413580134 a mismatch", async () => {
    const formula = "_xldudf_PRAXIS_GOAE_BETRAG(870,2.3,123456789)";
    const exact = euros(GOAE_870_23 * 123456789n);
    const right = await book("gross-richtig.xlsx", `<row r="1"><c r="A1"><f>${formula}</f><v>${exact}</v></c></row>`);
    const good = recalcJson(right);
    expect(cellOf(good.result, "Tabelle1", "A1")).toMatchObject({ saved: Number(exact), recomputed: Number(exact), status: "match" });
    expect(good.status).toBe(0);

    const rounded = await book("gross-gerundet.xlsx", `<row r="1"><c r="A1"><f>${formula}</f><v>12413580134</v></c></row>`);
    const bad = recalcJson(rounded);
    expect(cellOf(bad.result, "Tabelle1", "A1")).toMatchObject({ saved: 12413580134, status: "mismatch" });
    expect(bad.status).toBe(1);
  });

  // Pinned: array arithmetic ({1,2}*2) took only the first element.
  test("array constants compute element-wise: SUM({1,2}*2) = 6, SUMPRODUCT({1,2}*{3,4}) = 11", () => {
    expect(1 * 2 + 2 * 2).toBe(6);
    expect(1 * 3 + 2 * 4).toBe(11);
    expect(honorar(["eval", "=SUM({1,2}*2)", "=SUMPRODUCT({1,2}*{3,4})"])).toMatchObject({ stdout: "6\n11\n", status: 0 });
  });

  // Pinned: SUMPRODUCT((A1:A3>0)*B1:B3) in a workbook computed with the first row only.
  test("a workbook with SUMPRODUCT((A1:A3>0)*B1:B3) recomputes to the sum of B where A > 0", async () => {
    const a = [5, -2, 3];
    const b = [10, 20, 30];
    const expected = a.reduce((sum, x, i) => sum + (x > 0 ? b[i] : 0), 0);
    expect(expected).toBe(40);
    const rows = a.map((x, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${x}</v></c><c r="B${i + 1}"><v>${b[i]}</v></c>${i === 0 ? `<c r="C1"><f>SUMPRODUCT((A1:A3&gt;0)*B1:B3)</f><v>${expected}</v></c>` : ""}</row>`);
    const { result, status } = recalcJson(await book("sumproduct.xlsx", rows.join("")));
    expect(cellOf(result, "Tabelle1", "C1")).toMatchObject({ recomputed: expected, status: "match" });
    expect(status).toBe(0);
  });

  // Pinned: an exponent with a capital E (as Excel writes numbers) was read as a name or cut off.
  test("1E+300 and 1E-5 with a capital E are numbers", () => {
    expect(eval1("=1E+300")).toMatchObject({ stdout: "1e+300\n", status: 0 });
    expect(eval1("=1E-5")).toMatchObject({ stdout: "0.00001\n", status: 0 });
  });
});

/* ================================================================== */
/* 2. The input is never lost                                         */
/* ================================================================== */

describe("2. the input is never lost", () => {
  const ROWS = `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2023)</f><v>1</v></c></row>`;

  // Pinned: --out equal to the input overwrote the workbook under audit.
  test("--out naming the input itself, through a symlink or a hard link: exit 2, file byte-identical", async () => {
    const dir = path.join(tmp, "selbst");
    mkdirSync(dir);
    const file = await book("selbst/mappe.xlsx", ROWS);
    const before = readFileSync(file);
    const symlink = path.join(dir, "verweis.xlsx");
    symlinkSync(file, symlink);
    const hardlink = path.join(dir, "zweitname.xlsx");
    linkSync(file, hardlink);
    for (const out of [file, path.join(dir, "..", "selbst", "mappe.xlsx"), symlink, hardlink]) {
      const r = honorar(["recalc", file, "--out", out]);
      expect([out, r.status]).toEqual([out, 2]);
      expect(r.stderr).toMatch(/Eingabedatei/);
      expect(r.stderr).not.toMatch(STACK);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
    // Also the other way round: the symlink as input, the real file as --out.
    expect(honorar(["recalc", symlink, "--out", file]).status).toBe(2);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["mappe.xlsx", "verweis.xlsx", "zweitname.xlsx"]);
  });

  // Pinned: --out into a directory that does not exist crashed with a stack trace (or created it).
  test("--out into a directory that does not exist: exit 2, nothing created", async () => {
    const file = await book("ziel-fehlt.xlsx", ROWS);
    const missing = path.join(tmp, "gibt-es-nicht");
    const r = honorar(["recalc", file, "--out", path.join(missing, "neu.xlsx")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Verzeichnis existiert nicht/);
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(missing)).toBe(false);
  });

  // Pinned: the temporary file of the atomic write was left behind.
  test("after a successful --out no temporary file remains", async () => {
    const dir = path.join(tmp, "aufgeraeumt");
    mkdirSync(dir);
    const file = await book("aufgeraeumt/alt.xlsx", ROWS);
    const r = honorar(["recalc", file, "--out", path.join(dir, "neu.xlsx")]);
    expect(r.status).toBe(1); // the saved 1 is wrong
    expect(readdirSync(dir).sort()).toEqual(["alt.xlsx", "neu.xlsx"]);
    expect(readdirSync(dir).filter((n) => n.startsWith(".") && n.endsWith(".tmp"))).toEqual([]);
    expect(recalcJson(path.join(dir, "neu.xlsx")).status).toBe(0);
  });

  // Pinned: a write failing half-way (disk full) truncated the existing target and left the temporary file.
  test("writeAtomic: ENOSPC half-way keeps the old target, removes the temporary file, reports in German", () => {
    const dir = path.join(tmp, "voll");
    mkdirSync(dir);
    const target = path.join(dir, "ziel.xlsx");
    const old = Buffer.from("alte Bytes, die bleiben müssen");
    writeFileSync(target, old);
    const data = Buffer.alloc(100000, 0x41);
    const opened: string[] = [];
    let written = 0;
    const failing: WriteFs = {
      openSync: (f, flags, mode) => {
        opened.push(f);
        return realFs.openSync(f, flags, mode);
      },
      writeSync: (fd, buf, offset, length) => {
        if (written >= data.length / 2) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });
        const n = realFs.writeSync(fd, buf, offset, Math.min(length, data.length / 2 - written));
        written += n;
        return n;
      },
      fsyncSync: (fd) => realFs.fsyncSync(fd),
      closeSync: (fd) => realFs.closeSync(fd),
      renameSync: (a, b) => realFs.renameSync(a, b),
      unlinkSync: (f) => realFs.unlinkSync(f),
    };
    let error: unknown;
    try {
      writeAtomic(target, data, failing);
    } catch (e) {
      error = e;
    }
    expect(written).toBe(data.length / 2); // it did fail half-way, not before writing
    expect(error).toBeInstanceOf(WriteError);
    const message = (error as Error).message;
    expect(message).toMatch(/kein Platz mehr auf dem Datenträger/);
    expect(message).toMatch(/unverändert/);
    expect(message).not.toMatch(/no space|ENOSPC/);
    expect(readFileSync(target).equals(old)).toBe(true);
    expect(opened).toHaveLength(1);
    expect(path.dirname(opened[0])).toBe(dir);
    expect(existsSync(opened[0])).toBe(false);
    expect(readdirSync(dir)).toEqual(["ziel.xlsx"]);
  });
});

/* ================================================================== */
/* 3. A corrupt stored list of own values                             */
/* ================================================================== */

describe("3. a corrupt stored honorar.overrides", () => {
  // Saved values as a workbook without own values has them: with a corrupt list they must not be confirmed.
  const ROWS = `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2023)</f><v>${euros(EBM_35401_2023)}</v></c><c r="B1"><f>_xldudf_PRAXIS_GOAE_BETRAG(870,2.3)</f><v>${euros(GOAE_870_23)}</v></c><c r="C1"><f>_xldudf_PRAXIS_EBM_PUNKTE(35401,2023)</f><v>941</v></c><c r="D1"><f>_xldudf_PRAXIS_EBM_HONORAR(35150,2023)</f><v>${euros(EBM_35150_2023)}</v></c><c r="E1"><f>1+1</f><v>2</v></c></row>`;

  // Pinned: a list that did not read was silently taken as "no own values", and every cell was reported "gleich".
  test.each([
    ["JSON that does not parse", "kaputt-json", '[{"pfad": "ebm.orientierungswert", '],
    ["a JSON string (as the task pane stores it) whose content does not parse", "kaputt-text", JSON.stringify("[{kaputt")],
    ["JSON that parses but is an object, not a list", "objekt", '{"ebm.orientierungswert": 12}'],
    ["a list of entries that are no own values", "falsche-liste", '[{"foo": 1}, 2]'],
    // Pinned: a negative own value gave GOÄ 870 at 2,3 a fee of −2,68 €, a share above 1 an Abstaffelung larger than asked.
    ["an own value below zero", "negativ", '[{"series":"goae.punkte.870","valid_from":"2020-01-01","value":"-5","quelle":"Brief"}]'],
    ["an own share above 1", "anteil", '[{"series":"kv.NO.quote","valid_from":"2011-01-01","value":"1.5","quelle":"Brief"}]'],
  ])("%s: every PRAXIS cell is #VALUE! (ungültig), exit 1", async (_what, name, stored) => {
    const file = await book(`overrides-${name}.xlsx`, ROWS, { "honorar.overrides": stored });
    const { result, status } = recalcJson(file);
    expect(status).toBe(1);
    for (const address of ["A1", "B1", "C1", "D1"]) {
      const c = cellOf(result, "Tabelle1", address);
      expect([address, c.status]).toEqual([address, "mismatch"]);
      expect(c.recomputed).toMatchObject({ error: "#VALUE!", message: expect.stringMatching(/ungültig/) });
    }
    // Excel's own functions do not depend on the list.
    expect(cellOf(result, "Tabelle1", "E1").status).toBe("match");
    expect(result.summary).toMatchObject({ matches: 1, mismatches: 4 });
    const text = honorar(["recalc", file]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/Tabelle1!A1: #VALUE!: .*ungültig/);
    expect(text.stdout).not.toMatch(/5 gleich/);
  });
});

/* ================================================================== */
/* 4. Real XML                                                        */
/* ================================================================== */

describe("4. sheet parts read as XML, not as text", () => {
  // Pinned: a regular-expression reader took the cell inside a comment for the real one.
  test("a commented-out <c r=\"B1\"> is ignored: the real B1 saves 999 and is a mismatch", async () => {
    const fake = `<!-- <c r="B1"><v>${euros(EBM_35401_2023)}</v></c> -->`;
    const rows = `${fake}<row r="1">${fake}<c r="A1"><v>1</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2023)</f><v>999</v></c>${fake}</row>${fake}`;
    const { result, status } = recalcJson(await book("kommentar.xlsx", rows));
    expect(result.cells).toHaveLength(1);
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ saved: 999, recomputed: Number(euros(EBM_35401_2023)), status: "mismatch" });
    expect(status).toBe(1);
  });

  // Pinned: a t="d" cell (ISO 8601 date) was read as text or NaN instead of the date's serial number.
  test("a t=\"d\" date cell 2023-07-01T00:00:00 as Stichtag gives 81,47 € for 35150", async () => {
    // 01.07.2023 is serial 45108 (days since 30.12.1899, 1900 date system).
    const serial = (Date.UTC(2023, 6, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    expect(serial).toBe(45108);
    const rows = `<row r="1"><c r="A1" t="d"><v>2023-07-01T00:00:00</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(35150,A1)</f><v>${euros(EBM_35150_2023)}</v></c><c r="C1"><f>A1</f><v>${serial}</v></c><c r="D1"><f>YEAR(A1)*10000+MONTH(A1)*100+DAY(A1)</f><v>20230701</v></c></row>`;
    const { result, status } = recalcJson(await book("datum-d.xlsx", rows));
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ recomputed: 81.47, status: "match" });
    expect(cellOf(result, "Tabelle1", "C1")).toMatchObject({ recomputed: serial, status: "match" });
    expect(cellOf(result, "Tabelle1", "D1")).toMatchObject({ recomputed: 20230701, status: "match" });
    expect(status).toBe(0);
  });

  // Pinned: character references were not decoded ("3540&#49;" read as 3540 or as no number).
  test("a character reference in a number cell and in a formula: 3540&#49; is 35401", async () => {
    const fee = euros(EBM_35401_2023);
    const rows = `<row r="1"><c r="A1"><v>3540&#49;</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(A1,2023)</f><v>${fee}</v></c><c r="C1"><f>_xldudf_PRAXIS_EBM_HONORAR(3540&#x31;,2023)</f><v>${fee}</v></c></row>`;
    const { result, status } = recalcJson(await book("zeichenreferenz.xlsx", rows));
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ recomputed: 108.14, status: "match" });
    expect(cellOf(result, "Tabelle1", "C1")).toMatchObject({ formula: "_xldudf_PRAXIS_EBM_HONORAR(35401,2023)", recomputed: 108.14, status: "match" });
    expect(status).toBe(0);
  });

  // Pinned: attributes in single quotes were not seen, so the cell had no address (read and written into the wrong place, or not at all).
  test("single-quoted attributes are read, and --out writes the new value into that cell", async () => {
    const rows = `<row r='1'><c r='A1'><v>1</v></c></row><row r='2'><c r='A2'><v>35401</v></c><c r='B2' s='0'><f>_xldudf_PRAXIS_EBM_HONORAR(A2,2023)</f><v>1</v></c><c r='C2' t='inlineStr'><is><t>Notiz</t></is></c></row>`;
    const file = await book("apostroph.xlsx", rows);
    const { result, status } = recalcJson(file);
    expect(result.cells.map((c) => c.address)).toEqual(["B2"]);
    expect(cellOf(result, "Tabelle1", "B2")).toMatchObject({ saved: 1, recomputed: 108.14, status: "mismatch" });
    expect(status).toBe(1);

    const out = path.join(tmp, "apostroph-neu.xlsx");
    expect(honorar(["recalc", file, "--out", out]).status).toBe(1);
    const xml = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "row" || name === "c" }).parse(xml);
    const cells = (parsed.worksheet.sheetData.row as { c: Record<string, unknown>[] }[]).flatMap((r) => r.c);
    expect(cells.map((c) => c["@r"])).toEqual(["A1", "A2", "B2", "C2"]);
    const b2 = cells.find((c) => c["@r"] === "B2")!;
    expect(b2).toMatchObject({ f: "_xldudf_PRAXIS_EBM_HONORAR(A2,2023)", v: 108.14, "@s": "0" });
    const again = recalcJson(out);
    expect(cellOf(again.result, "Tabelle1", "B2")).toMatchObject({ saved: 108.14, status: "match" });
    expect(again.status).toBe(0);
  });

  // Pinned: CDATA in an inline string was dropped (the cell read as empty).
  test("CDATA in an inline string is its text, & and < included", async () => {
    const text = "Müller & <Söhne>";
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[${text}]]></t></is></c><c r="B1"><f>LEN(A1)</f><v>${[...text].length}</v></c><c r="C1" t="str"><f>A1&amp;"!"</f><v>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}!</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[35401]]></t></is></c><c r="B2"><f>_xldudf_PRAXIS_EBM_HONORAR(A2,2023)</f><v>${euros(EBM_35401_2023)}</v></c></row>`;
    const { result, status } = recalcJson(await book("cdata.xlsx", rows));
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ recomputed: 16, status: "match" });
    expect(cellOf(result, "Tabelle1", "C1")).toMatchObject({ recomputed: `${text}!`, status: "match" });
    expect(cellOf(result, "Tabelle1", "B2")).toMatchObject({ recomputed: 108.14, status: "match" });
    expect(status).toBe(0);
  });
});

/* ================================================================== */
/* 5. No crashes                                                      */
/* ================================================================== */

describe("5. hostile or unusual input ends with a message, never a crash", () => {
  // Pinned: a character reference beyond Unicode (U+110000) in the settings part threw a RangeError with a stack trace.
  test("&#x110000; in the task-pane settings part: exit 2, German message, no stack trace", async () => {
    const file = await book("zeichen-110000.xlsx", `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>`, { "honorar.kv": '"NO"' });
    await editPart(file, "xl/webextensions/webextension1.xml", (xml) => xml.replace('value="&quot;NO&quot;"', 'value="&#x110000;"'));
    expect(await partOf(file, "xl/webextensions/webextension1.xml")).toContain("&#x110000;");
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/webextension1\.xml.*kein wohlgeformtes XML/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/Interner Fehler|RangeError/);
  });

  // Pinned: a formula of megabytes made the parser run out of stack or time.
  test("a 10 MB string-literal formula: reported against Excel's 8.192-character limit, no crash", async () => {
    const formula = `"${"a".repeat(10_000_000)}"`;
    // The cell cannot be recomputed ("nicht nachgerechnet"), so the exit status is 0, not 1 (no verdict) or 3 (crash).
    const rows = `<row r="1"><c r="A1"><f>${formula}</f></c><c r="B1"><f>1+1</f><v>2</v></c></row>`;
    const r = honorar(["recalc", await book("riesenformel.xlsx", rows)]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Tabelle1!A1: #VALUE!: .*Formel mit 10\.000\.002 Zeichen; Excel erlaubt höchstens 8\.192/);
    expect(r.stdout).toMatch(/2 Formelzellen: 1 gleich, 0 abweichend, 0 ohne gespeicherten Wert, 1 nicht nachgerechnet; 0 mit Fehler\./);
    // The same formula through honorar eval (standard input: too long for a command line).
    const e = honorar(["eval"], `=${formula}\n`);
    expect(e.stderr).not.toMatch(STACK);
    expect(e.status).toBe(1);
    expect(e.stdout).toMatch(/^#VALUE!: Formel mit 10\.000\.003 Zeichen; Excel erlaubt höchstens 8\.192/);
  });

  // Pinned: a long but legal formula (6.092 characters, within Excel's limit) overflowed the stack of the recursive parser.
  test("=A1+A2+…+A1200 (6.092 characters) recomputes to the right sum", async () => {
    const terms = Array.from({ length: 1200 }, (_, i) => `A${i + 1}`);
    const formula = terms.join("+");
    expect(formula.length).toBe(6092);
    const value = (i: number) => 3 * (i + 1) + 7; // integers: the sum is exact in any order
    let sum = 0n;
    for (let i = 0; i < 1200; i++) sum += BigInt(value(i));
    const rows = terms.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${value(i)}</v></c>${i === 0 ? `<c r="B1"><f>${formula}</f><v>${sum}</v></c>` : ""}</row>`);
    const { result, status } = recalcJson(await book("lange-summe.xlsx", rows.join("")));
    expect(cellOf(result, "Tabelle1", "B1")).toMatchObject({ recomputed: Number(sum), status: "match" });
    expect(status).toBe(0);
  });

  // Pinned: deep nesting overflowed the main thread's stack.
  test("eval of 200 nested parentheses prints 1", () => {
    const r = eval1(`=${"(".repeat(200)}1${")".repeat(200)}`);
    expect(r).toMatchObject({ stdout: "1\n", status: 0 });
    expect(r.stderr).toBe("");
  });

  // Pinned: sheets were kept in a plain object, where "__proto__" is no key: the sheet vanished or the run crashed.
  test("a sheet named __proto__ is read and referenced like any other", async () => {
    const fee = euros(EBM_35401_2023);
    const file = await handMade("proto.xlsx", {
      ["__proto__"]: `<row r="1"><c r="A1"><v>35401</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_HONORAR(A1,2023)</f><v>${fee}</v></c></row>`,
      Tabelle1: `<row r="1"><c r="A1"><f>__proto__!B1*2</f><v>${euros(EBM_35401_2023 * 2n)}</v></c><c r="B1"><f>'__proto__'!A1</f><v>35401</v></c></row>`,
    });
    // Only a computed key ["__proto__"] makes an own property (a plain __proto__: sets the prototype): check the file.
    expect(await partOf(file, "xl/workbook.xml")).toContain('name="__proto__"');
    const { result, status } = recalcJson(file);
    expect(result.cells.map((c) => [c.sheet, c.address, c.status])).toEqual([
      ["__proto__", "B1", "match"],
      ["Tabelle1", "A1", "match"],
      ["Tabelle1", "B1", "match"],
    ]);
    expect(status).toBe(0);
  });

  // Pinned: a control character in a recomputed string was written raw into the sheet XML (not well-formed, Excel reports the file as damaged) and printed raw to the terminal.
  test("control characters in recomputed strings: --out encodes them as _xHHHH_, the report shows none raw", async () => {
    const rows = `<row r="1"><c r="A1" t="str"><f>CHAR(1)&amp;"x"</f><v>alt</v></c><c r="B1" t="str"><f>_xlfn.UNICHAR(7)&amp;"y"</f><v>alt</v></c><c r="C1" t="str"><f>"_x0041_"</f><v>alt</v></c></row>`;
    const file = await book("steuerzeichen.xlsx", rows);
    const out = path.join(tmp, "steuerzeichen-neu.xlsx");
    const r = honorar(["recalc", file, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toMatch(/\\u\{1\}x/);
    expect(r.stdout).toMatch(/\\u\{7\}y/);
    const xml = await partOf(out, "xl/worksheets/sheet1.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(RAW_CONTROL);
    expect(xml).toContain("<v>_x0001_x</v>");
    expect(xml).toContain("<v>_x0007_y</v>");
    // A literal "_x0041_" must be escaped, or it would read back as "A".
    expect(xml).toContain("<v>_x005F_x0041_</v>");
    const again = recalcJson(out);
    expect(again.result.cells.map((c) => [c.address, c.saved, c.status])).toEqual([
      ["A1", "\u0001x", "match"],
      ["B1", "\u0007y", "match"],
      ["C1", "_x0041_", "match"],
    ]);
    expect(again.status).toBe(0);
  });

  // Pinned: an .xlsm was written as .xlsx (Excel refuses to open it), losing the macros' workbook.
  test("an .xlsm input: --out x.xlsx exits 2, --out x.xlsm exits 0", async () => {
    const file = await book("makros.xlsm", `<row r="1"><c r="A1"><f>_xldudf_PRAXIS_EBM_HONORAR(35401,2023)</f><v>${euros(EBM_35401_2023)}</v></c></row>`);
    await editPart(file, "[Content_Types].xml", (xml) => xml.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"));
    const asXlsx = path.join(tmp, "makros-kopie.xlsx");
    const refused = honorar(["recalc", file, "--out", asXlsx]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/\.xlsm/);
    expect(refused.stderr).not.toMatch(STACK);
    expect(existsSync(asXlsx)).toBe(false);
    const asXlsm = path.join(tmp, "makros-kopie.xlsm");
    expect(honorar(["recalc", file, "--out", asXlsm]).status).toBe(0);
    expect(await partOf(asXlsm, "[Content_Types].xml")).toContain("application/vnd.ms-excel.sheet.macroEnabled.main+xml");
  });

  // Pinned: HyperFormula's English messages reached the user ("Wrong number of arguments").
  test("engine errors are German: =ABS() has no English message", async () => {
    const r = eval1("=ABS()");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^#N\/A: \S/);
    expect(r.stdout).not.toMatch(/Wrong|argument|number of/i);
    const { result } = recalcJson(await book("abs.xlsx", `<row r="1"><c r="A1" t="e"><f>ABS()</f><v>#N/A</v></c></row>`));
    const message = (cellOf(result, "Tabelle1", "A1").recomputed as { message: string }).message;
    expect(message).toBe(r.stdout.replace(/^#N\/A: /, "").trimEnd());
    expect(message).not.toMatch(/Wrong/);
  });
});

/* ================================================================== */
/* 6. Limits                                                          */
/* ================================================================== */

/** CRC-32 (ISO 3309, as ZIP uses it), incremental, so that a part of hundreds of MiB is never held whole; independent of src/cli/zip.ts, whose reader checks it. */
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crcUpdate(crc: number, data: Buffer): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function small(name: string, text: string): RawPart {
  const bytes = Buffer.from(text, "utf8");
  return { name, data: deflateRawSync(bytes), method: 8, crc: crcUpdate(0, bytes), size: bytes.length };
}

/** A part of `chunks` × `chunk` between head and tail, deflated as a stream: the test never holds it unpacked. */
async function deflatedStream(name: string, head: string, chunk: Buffer, chunks: number, tail: string): Promise<RawPart> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (b: Buffer) => out.push(b));
  const done = once(z, "end");
  let crc = 0;
  let size = 0;
  const put = async (b: Buffer) => {
    crc = crcUpdate(crc, b);
    size += b.length;
    if (!z.write(b)) await once(z, "drain");
  };
  await put(Buffer.from(head));
  for (let i = 0; i < chunks; i++) await put(chunk);
  await put(Buffer.from(tail));
  z.end();
  await done;
  return { name, data: Buffer.concat(out), method: 8, crc, size };
}

describe("6. limits", () => {
  // Pinned: reading /dev/zero never ended (or ran out of memory).
  test("/dev/zero: exit 2 with a German message", () => {
    const r = honorar(["recalc", "/dev/zero"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/keine gewöhnliche Datei/);
    expect(r.stderr).not.toMatch(STACK);
  });

  // Pinned: a small file whose sheet part inflates beyond memory exhausted the machine instead of being refused.
  test("a zip bomb (a sheet part of > 400 MiB in a file of < 1 MiB): exit 2, message about the size", async () => {
    const row = Buffer.from("<row/>");
    const chunk = Buffer.alloc(row.length * 174763);
    for (let i = 0; i < chunk.length; i += row.length) row.copy(chunk, i);
    const sheet = await deflatedStream("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>`, chunk, 401, "</sheetData></worksheet>");
    expect(sheet.size).toBeGreaterThan(400 * 1024 * 1024);
    const file = path.join(tmp, "bombe.xlsx");
    writeFileSync(
      file,
      assemble([
        small("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`),
        small("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
        small("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
        small("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
        sheet,
      ]),
    );
    expect(readFileSync(file).length).toBeLessThan(1024 * 1024);
    // The archive is valid: another reader lists the part with its true size.
    const listed = await JSZip.loadAsync(readFileSync(file));
    expect(Object.keys(listed.files)).toContain("xl/worksheets/sheet1.xml");
    const r = honorar(["recalc", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/zu groß/);
    expect(r.stderr).toMatch(/400 MiB/);
    expect(r.stderr).not.toMatch(/Arbeitsspeicher|Interner Fehler/);
    expect(r.stderr).not.toMatch(STACK);
  });

  // Pinned: a directory as input crashed with EISDIR.
  test("a directory as input: exit 2", () => {
    const r = honorar(["recalc", tmp]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ist ein Verzeichnis/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

/* ================================================================== */
/* 7. Excel semantics                                                 */
/* ================================================================== */

describe("7. Excel semantics", () => {
  const INNER = "EBM_HONORAR(35401;2030)"; // no Orientierungswert for 2030 in the tables: #N/A

  // Pinned: an error argument was coerced (to 0 or #VALUE!) instead of passing through as Excel does for a custom function.
  test("HONORAR_JAHR(EBM_HONORAR(35401;2030)) is the inner #N/A", async () => {
    const inner = eval1(`=${INNER}`);
    // German syntax, so the German code (#NV for #N/A).
    expect(inner.stdout).toMatch(/^#NV: /);
    const r = eval1(`=HONORAR_JAHR(${INNER})`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(inner.stdout);

    const rows = `<row r="1"><c r="A1" t="e"><f>_xldudf_PRAXIS_HONORAR_JAHR(_xldudf_PRAXIS_EBM_HONORAR(35401,2030))</f><v>#N/A</v></c></row>`;
    const { result, status } = recalcJson(await book("fehler-durch.xlsx", rows));
    expect(cellOf(result, "Tabelle1", "A1")).toMatchObject({ saved: { error: "#N/A" }, recomputed: { error: "#N/A" }, status: "match" });
    expect(status).toBe(0);
  });

  // Pinned: an array argument gave one value (the first) silently instead of a spilled column.
  test("HONORAR_WOCHE({20;21;22}) spills a column of three values", () => {
    // Per session 0,9 × 108,14 € + 0,1 × 81,47 € (cited rule anteil_genehmigungspflichtig 0.9, seed 001), in tenths of a cent.
    const mix = 9n * EBM_35401_2023 + 1n * EBM_35150_2023;
    const expected = [20n, 21n, 22n].map((s) => {
      const milli = s * mix; // tenths of a cent
      return printed(`${milli / 1000n}.${(milli % 1000n).toString().padStart(3, "0")}`);
    });
    expect(expected).toEqual(["2109.46", "2214.933", "2320.406"]);
    expect(eval1("=HONORAR_WOCHE({20;21;22})", "--stichtag", "2023-07-01")).toMatchObject({ stdout: `${expected.join("\n")}\n`, status: 0 });
    expect(eval1("=HONORAR_WOCHE({20;21;22},0.9,108.14,81.47)")).toMatchObject({ stdout: `${expected.join("\n")}\n`, status: 0 });
  });
});

/* ================================================================== */
/* 8. eval at scale                                                   */
/* ================================================================== */

describe("8. eval at scale", () => {
  // Pinned: many formulas on standard input stopped early or ran out of resources.
  test("2.000 formulas on standard input: 2.000 lines, each exact", () => {
    const n = 2000;
    const formulas = Array.from({ length: n }, (_, i) => `=GOAE_BETRAG(870;2,3;${i + 1})`);
    const r = honorar(["eval"], `${formulas.join("\n")}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(n);
    expect(lines).toEqual(Array.from({ length: n }, (_, i) => printedDe(euros(GOAE_870_23 * BigInt(i + 1)))));
  });
});
