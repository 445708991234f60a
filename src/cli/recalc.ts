import path from "path";
import { DenseSparseChooseBasedOnThreshold, DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import { DateSystem, parseStichtag, useDateSystem } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { findKv } from "../engine/hvm";
import { getSettings, restoreSettings, setSettings, SETTINGS_KEYS } from "../settings/settings";
import { sameFile, WriteError, writeAtomic } from "./atomic";
import { errorOf, HF_CONFIG, MAX_FORMULA_CHARS, OTHER_ADDIN, normalize, registerPraxis } from "./formula";
import { decodeAddress, encodeAddress, mapPieces, slide } from "./tokens";
import { readSheet, readWorkbook, Workbook } from "./workbook";
import { encodeXstring, escapeXml, LIMITS, local, openPackage, Package, parse, readPart, UnusableInput, Value } from "./xlsx";
import { writeZip } from "./zip";

export { UnusableInput } from "./xlsx";
export type { Value } from "./xlsx";

/**
 * `honorar recalc`: recomputes every formula of a workbook with HyperFormula
 * and the PRAXIS plugin, and compares with the values Excel saved. Only file
 * handling and cell mapping live here; every rule is in the engine.
 */

/**
 * match: the saved and the recomputed value are the same (numbers: the same
 * IEEE double, as Excel stores it). noise: two numbers that differ only in the
 * last bits of the double, far below anything Excel shows (15 digits). mismatch:
 * any other difference. missing: the file holds no saved value.
 */
export type Status = "match" | "noise" | "mismatch" | "missing";

export interface CellResult {
  sheet: string;
  address: string;
  /** The formula as the file stores it (for cells of an array formula: the formula of its first cell). */
  formula: string;
  /** The range of the array formula this cell belongs to. */
  array?: string;
  /** undefined: the file holds no saved value. */
  saved?: Value;
  recomputed: Value;
  status: Status;
}

export interface RecalcResult {
  file: string;
  settings: { stichtag?: string; kv?: string; overrides: number; from: Record<string, "Arbeitsmappe" | "Befehlszeile"> };
  cells: CellResult[];
  summary: { cells: number; matches: number; noise: number; mismatches: number; missing: number; errors: number };
  /** With --out: the file written, cells written, and cells of the results the file has no element for. */
  out?: { file: string; written: number; notInFile: number };
}

export interface RecalcOptions {
  out?: string;
  stichtag?: string;
  kv?: string;
}

/**
 * Two doubles this many units in the last place apart or closer are "noise":
 * the same value computed in another order of operations. 4 ULP is a relative
 * 9e-16; a cent on any amount below 10^13 € is thousands of times more.
 */
const NOISE_ULPS = 4n;

/** A residue of cancellation, which Excel may have saved as 0: a billionth of a cent. */
const NEAR_ZERO = 1e-11;

/** The distance of two finite doubles in units in the last place. */
function ulps(a: number, b: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  const ordered = (x: number): bigint => {
    view.setFloat64(0, x === 0 ? 0 : x);
    const bits = view.getBigInt64(0);
    // Doubles ordered as integers: negative ones mirrored below zero.
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(a) - ordered(b);
  return d < 0n ? -d : d;
}

export function compare(saved: Value, recomputed: Value): "match" | "noise" | "mismatch" {
  if (typeof saved === "number" && typeof recomputed === "number") {
    // -0 and 0 are one value to Excel.
    if (saved === recomputed) return "match";
    if (!Number.isFinite(saved) || !Number.isFinite(recomputed)) return "mismatch";
    // Excel sets a sum or difference "at or very close to zero" to 0 (Microsoft Support, "Floating-point
    // arithmetic may give inaccurate results in Excel"); how close is not documented, HyperFormula does not.
    if ((saved === 0 || recomputed === 0) && Math.abs(saved - recomputed) < NEAR_ZERO) return "noise";
    return ulps(saved, recomputed) <= NOISE_ULPS ? "noise" : "mismatch";
  }
  if (isError(saved) || isError(recomputed)) return isError(saved) && isError(recomputed) && saved.error === recomputed.error ? "match" : "mismatch";
  // An empty result and empty text are the same cell to Excel.
  return (saved ?? "") === (recomputed ?? "") ? "match" : "mismatch";
}

export function isError(v: Value | undefined): v is { error: string; message?: string } {
  return v !== null && typeof v === "object";
}

/* ---------- formulas ---------- */

/**
 * A formula as the file stores it, in the form HyperFormula reads: custom
 * functions as Excel writes them (_xldudf_PRAXIS_NAME) become PRAXIS.NAME, the
 * prefixes of newer built-ins (_xlfn., _xlws.) go; text in quotes is untouched.
 */
export function toHfFormula(formula: string): string {
  const code = mapPieces(formula, (p, k, all) => {
    if (p.kind !== "name") return p.text;
    const call = all[k + 1]?.text === "(";
    const praxis = /^_xldudf_PRAXIS_([A-Z0-9_]+)$/i.exec(p.text);
    if (praxis && call) return `PRAXIS.${praxis[1].toUpperCase()}`;
    // Another add-in's function: the cell reports #NAME? (Excel without that add-in does the same).
    const other = /^_xldudf_(.+)$/i.exec(p.text);
    if (other && call) return `${OTHER_ADDIN}${other[1]}`;
    return p.text.replace(/^(?:_xlfn\.|_xlws\.)+/i, "");
  });
  return normalize(code, "en");
}

interface FormulaCell {
  sheet: number;
  row: number;
  col: number;
  formula: string;
  array?: string;
  saved?: Value;
  /** Why the cell cannot be recomputed; it is reported with #VALUE! and this message. */
  unsupported?: string;
}

/* ---------- reading ---------- */

interface Sheets {
  /** Sheet contents as HyperFormula input, by sheet name (a map: "__proto__" is a legal sheet name). */
  grids: Map<string, RawCellContent[][]>;
  cells: FormulaCell[];
}

function readCells(pkg: Package, wb: Workbook): Sheets {
  const grids = new Map<string, RawCellContent[][]>();
  const cells: FormulaCell[] = [];
  let total = 0;
  wb.sheets.forEach((sheet, index) => {
    const grid: RawCellContent[][] = [];
    const put = (row: number, col: number, content: RawCellContent) => {
      (grid[row] ??= [])[col] = content;
    };
    const masters = new Map<string, { row: number; col: number; text: string }>();
    const children: FormulaCell[] = [];
    const arrays: { from: { row: number; col: number }; to: { row: number; col: number }; ref: string; formula: string }[] = [];
    const values = new Map<number, Value | undefined>();
    const xml = readPart(pkg, sheet.path);
    if (xml === undefined) throw new UnusableInput(`Blatt ${sheet.name}: Teil ${sheet.path} fehlt in der Datei.`);
    readSheet(xml, sheet.path, sheet.name, wb.strings, wb.system, (c) => {
      if (++total > LIMITS.cells) throw new UnusableInput(`Mehr als ${LIMITS.cells.toLocaleString("de-DE")} gefüllte Zellen; so große Arbeitsmappen rechnet honorar recalc nicht nach.`);
      if (!c.formula) {
        values.set(c.row * 16384 + c.col, c.value);
        put(c.row, c.col, toInput(c.value));
        return;
      }
      const f = c.formula;
      const fc: FormulaCell = { sheet: index, row: c.row, col: c.col, formula: f.text ?? "", saved: c.value };
      if (f.type === "shared" && f.si !== undefined) {
        if (f.text !== undefined) masters.set(f.si, { row: c.row, col: c.col, text: f.text });
        else {
          children.push(Object.assign(fc, { formula: f.si }));
          return;
        }
      }
      if (f.type === "dataTable") fc.unsupported = "Datentabelle (Was-wäre-wenn-Analyse) wird nicht nachgerechnet";
      if (f.type === "array") {
        const [a, b = a] = (f.ref ?? encodeAddress(c.row, c.col)).split(":").map(decodeAddress);
        if (!a || !b) fc.unsupported = `Bereich "${f.ref}" der Matrixformel ist ungültig`;
        else {
          fc.array = f.ref ?? encodeAddress(c.row, c.col);
          arrays.push({ from: a, to: b, ref: fc.array, formula: fc.formula });
        }
      }
      cells.push(fc);
    });
    for (const child of children) {
      const master = masters.get(child.formula);
      if (!master) {
        cells.push({ ...child, formula: "", unsupported: `geteilte Formel Nr. ${child.formula} ohne Ausgangszelle` });
        continue;
      }
      child.formula = slide(master.text, child.row - master.row, child.col - master.col);
      cells.push(child);
    }
    // The cells of an array formula's range hold its results, saved as values; HyperFormula must see them empty.
    for (const a of arrays) {
      for (let r = a.from.row; r <= a.to.row; r++) {
        for (let c = a.from.col; c <= a.to.col; c++) {
          if (r === a.from.row && c === a.from.col) continue;
          const key = r * 16384 + c;
          if (grid[r]) grid[r][c] = null;
          cells.push({ sheet: index, row: r, col: c, formula: a.formula, array: a.ref, saved: values.get(key) });
        }
      }
    }
    for (const fc of cells) {
      if (fc.sheet !== index || (fc.array && !(fc.row === decodeAddress(fc.array.split(":")[0])?.row && fc.col === decodeAddress(fc.array.split(":")[0])?.col))) continue;
      put(fc.row, fc.col, hfInput(fc));
    }
    // HyperFormula takes rows of any length but no holes; Array.from fills them (map would keep them).
    grids.set(sheet.name, Array.from({ length: grid.length }, (_, r) => Array.from(grid[r] ?? [], (v) => v ?? null)));
  });
  const formulas = cells.filter((c) => !c.array || c.formula).length;
  if (formulas > LIMITS.formulaCells) throw new UnusableInput(`Mehr als ${LIMITS.formulaCells.toLocaleString("de-DE")} Formelzellen; so große Arbeitsmappen rechnet honorar recalc nicht nach.`);
  cells.sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.col - b.col);
  return { grids, cells };
}

/** What HyperFormula gets for a formula cell: the formula, or an error for what cannot be recomputed. */
function hfInput(fc: FormulaCell): RawCellContent {
  if (fc.formula.length > MAX_FORMULA_CHARS) fc.unsupported = `Formel mit ${fc.formula.length.toLocaleString("de-DE")} Zeichen; Excel erlaubt höchstens ${MAX_FORMULA_CHARS.toLocaleString("de-DE")}`;
  // Dependents of a cell that cannot be recomputed get its error, never a number computed from nothing.
  if (fc.unsupported) return "#VALUE!";
  const formula = toHfFormula(fc.formula);
  if (!fc.array) return formula;
  const [from, to = from] = fc.array.split(":").map((a) => decodeAddress(a)!);
  // Cut to the saved range: HyperFormula sizes a PRAXIS table for its longest form, Excel spills the actual one.
  return `=ARRAY_CONSTRAIN(ARRAYFORMULA(${formula.slice(1)}),${to.row - from.row + 1},${to.col - from.col + 1})`;
}

/** A constant as HyperFormula input: text keeps its apostrophe so that "123" or "=x" stay text. */
function toInput(v: Value | undefined): RawCellContent {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return `'${v}`;
  if (isError(v)) return v.error;
  return v;
}

function fromHf(v: unknown): Value {
  if (v instanceof DetailedCellError) {
    const { code, message } = errorOf(v);
    return { error: code, message };
  }
  if (v === undefined) return null;
  return v as Value;
}

/* ---------- defined names ---------- */

/** The names HyperFormula accepts; a formula using another one shows #NAME? in its cell instead of failing the workbook. */
function usableNames(wb: Workbook, config: object): { name: string; expression: string; scope?: number }[] {
  const names = wb.names.filter((n) => n.name && !n.name.startsWith("_xlnm."));
  if (names.length === 0) return [];
  const probe = HyperFormula.buildEmpty(config);
  const ids = new Map<string, number>();
  for (const s of wb.sheets) ids.set(s.name, probe.getSheetId(probe.addSheet(s.name))!);
  const usable = names
    .map((n) => ({ name: n.name, expression: toHfFormula(n.expression), ...(n.sheet !== undefined ? { scope: ids.get(n.sheet) ?? -1 } : {}) }))
    .filter((n) => n.scope !== -1 && n.expression.length <= MAX_FORMULA_CHARS && probe.isItPossibleToAddNamedExpression(n.name, n.expression, n.scope));
  probe.destroy();
  return usable;
}

/* ---------- settings ---------- */

function applySettings(stored: Map<string, unknown>, options: RecalcOptions, system: DateSystem): RecalcResult["settings"] {
  const from: RecalcResult["settings"]["from"] = {};
  // A stored value that does not read gives #VALUE! with the reason in the formulas that need it, as in Excel.
  restoreSettings({ get: (name) => stored.get(name), set: () => undefined, remove: () => undefined, saveAsync: () => undefined });
  // Dates reach the functions as serial numbers of the workbook's system, as the add-in reads them in Excel.
  useDateSystem(system);
  for (const [key, name] of Object.entries(SETTINGS_KEYS)) if (stored.has(name)) from[key] = "Arbeitsmappe";
  if (options.stichtag !== undefined) {
    try {
      setSettings({ stichtag: parseStichtag(/^\d+$/.test(options.stichtag) ? Number(options.stichtag) : options.stichtag) });
    } catch (e) {
      throw new UnusableInput(`--stichtag: ${e instanceof EngineError ? e.message : "unlesbar"}`);
    }
    from.stichtag = "Befehlszeile";
  }
  if (options.kv !== undefined) {
    try {
      setSettings({ kv: findKv(options.kv).id });
    } catch (e) {
      throw new UnusableInput(`--kv: ${e instanceof EngineError ? e.message : "unbekannt"}`);
    }
    from.kv = "Befehlszeile";
  }
  const s = getSettings();
  return { stichtag: s.stichtag, kv: s.kv, overrides: s.overrides?.length ?? 0, from };
}

/* ---------- recompute ---------- */

/** A sheet filled below this share of its bounding rectangle is stored sparsely; dense storage pays off for nearly full sheets only. */
const SPARSE_BELOW_FILL = 0.8;

/** The workbook types by the content type of their main part, and the file ending Excel requires for each. */
const EXTENSION: Record<string, string> = {
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx",
  "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
  "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
};

/** Refuses an output that would overwrite the input or that Excel would not open under its name. */
function checkOut(file: string, out: string, pkg: Package): void {
  if (sameFile(file, out)) throw new UnusableInput(`--out: ${out} ist die Eingabedatei; honorar recalc verändert die geprüfte Mappe nie. Einen anderen Namen wählen.`);
  const wanted = EXTENSION[pkg.contentType];
  const given = path.extname(out).toLowerCase();
  // Excel refuses a file whose ending does not match its type ("file format or extension is not valid").
  if (wanted && given !== wanted) {
    const macros = wanted === ".xlsm" || wanted === ".xltm" ? " mit Makros" : "";
    throw new UnusableInput(`--out: die Eingabe ist eine Arbeitsmappe${macros} (${wanted}); die Kopie muss ebenfalls auf ${wanted} enden, sonst öffnet Excel sie nicht.`);
  }
}

export async function recalc(file: string, options: RecalcOptions = {}): Promise<RecalcResult> {
  const pkg = openPackage(file);
  if (options.out) checkOut(file, options.out, pkg);
  const wb = readWorkbook(pkg);
  if (wb.sheets.length === 0) throw new UnusableInput(`${file} enthält kein Tabellenblatt.`);
  const settings = applySettings(wb.settings, options, wb.system);
  const { grids, cells } = readCells(pkg, wb);
  registerPraxis();
  const config = {
    ...HF_CONFIG,
    // Excel's sheet size; HyperFormula's default stops at 40,000 rows.
    maxRows: 1048576,
    maxColumns: 16384,
    // The default dense mapping allocates width × height: one cell at XFD1048576 would take gigabytes.
    chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(SPARSE_BELOW_FILL),
    ...(wb.system === 1904 ? { nullDate: { year: 1904, month: 1, day: 1 } } : {}),
  };
  let hf: HyperFormula;
  try {
    hf = HyperFormula.buildEmpty(config);
    // Sheets one by one, by name: no object keyed by sheet names, where "__proto__" would not be a key.
    hf.batch(() => {
      for (const [name, grid] of grids) hf.setSheetContent(hf.getSheetId(hf.addSheet(name))!, grid);
    });
    hf.batch(() => {
      for (const n of usableNames(wb, config)) hf.addNamedExpression(n.name, n.expression, n.scope);
    });
  } catch (e) {
    throw new UnusableInput(`${file}: die Arbeitsmappe lässt sich nicht aufbauen (${e instanceof RangeError ? "Formeln zu tief verschachtelt" : errorOf({ type: "ERROR", message: e instanceof Error ? e.message : String(e) }).message}).`);
  }
  const sheetIds = wb.sheets.map((s) => hf.getSheetId(s.name)!);
  const implicit = implicitIntersections(hf, cells, sheetIds);
  const results: CellResult[] = cells.map((fc) => {
    const address: SimpleCellAddress = { sheet: sheetIds[fc.sheet], row: fc.row, col: fc.col };
    const why = fc.unsupported ?? implicit.get(fc);
    const recomputed: Value = why ? { error: "#VALUE!", message: `nicht nachgerechnet: ${why}` } : fromHf(hf.getCellValue(address));
    const status: Status = fc.saved === undefined ? "missing" : compare(fc.saved, recomputed);
    return { sheet: wb.sheets[fc.sheet].name, address: encodeAddress(fc.row, fc.col), formula: fc.formula, ...(fc.array ? { array: fc.array } : {}), saved: fc.saved, recomputed, status };
  });
  hf.destroy();
  const out = options.out ? writeValues(pkg, wb, results, options.out) : undefined;
  const count = (s: Status) => results.filter((c) => c.status === s).length;
  return {
    file,
    settings,
    cells: results,
    summary: {
      cells: results.length,
      matches: count("match"),
      noise: count("noise"),
      mismatches: count("mismatch"),
      missing: count("missing"),
      errors: results.filter((c) => isError(c.recomputed)).length,
    },
    ...(out ? { out } : {}),
  };
}

/**
 * A formula that Excel stores as an ordinary (not array) formula but whose
 * result here is a table: Excel reduces a range there to one value by implicit
 * intersection ("Implicit intersection operator: @", Microsoft Support), which
 * HyperFormula does not implement. The cell and every formula that reads the
 * cells the table spilled into are reported as not recomputed.
 */
function implicitIntersections(hf: HyperFormula, cells: FormulaCell[], sheetIds: number[]): Map<FormulaCell, string> {
  const out = new Map<FormulaCell, string>();
  const at = new Map<string, FormulaCell>();
  for (const fc of cells) at.set(`${fc.sheet}:${fc.row}:${fc.col}`, fc);
  const queue: SimpleCellAddress[] = [];
  for (const fc of cells) {
    if (fc.array || fc.unsupported) continue;
    const address = { sheet: sheetIds[fc.sheet], row: fc.row, col: fc.col };
    if (!hf.isCellPartOfArray(address)) continue;
    out.set(fc, "Bereich in einer gewöhnlichen Formel (Excel nimmt daraus einen Wert per impliziter Schnittmenge @)");
    for (let r = fc.row; hf.isCellPartOfArray({ ...address, row: r }); r++) {
      for (let c = fc.col; hf.isCellPartOfArray({ ...address, row: r, col: c }); c++) queue.push({ ...address, row: r, col: c });
    }
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const a = queue.pop()!;
    for (const d of hf.getCellDependents(a)) {
      if (!("row" in d)) continue;
      const key = `${sheetIds.indexOf(d.sheet)}:${d.row}:${d.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fc = at.get(key);
      if (fc && !out.has(fc)) out.set(fc, "hängt von einer Formel ab, die Excel per impliziter Schnittmenge rechnet");
      queue.push(d);
    }
  }
  return out;
}

/* ---------- writing the recomputed values ---------- */

/** Error values Excel reads from a file (ECMA-376 Part 1, 18.18.11 and Excel's #SPILL!, #CALC!); others are written as no value. */
const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"]);

/** The cached value of a cell as SpreadsheetML: the t attribute and the <v> element. */
function cachedXml(v: Value, prefix: string): { t?: string; v?: string } {
  if (v === null || v === "") return {};
  if (typeof v === "number") return { v: `<${prefix}v>${String(v)}</${prefix}v>` };
  if (typeof v === "boolean") return { t: "b", v: `<${prefix}v>${v ? 1 : 0}</${prefix}v>` };
  if (typeof v === "string") return { t: "str", v: `<${prefix}v>${escapeXml(encodeXstring(v))}</${prefix}v>` };
  return EXCEL_ERRORS.has(v.error) ? { t: "e", v: `<${prefix}v>${v.error}</${prefix}v>` } : {};
}

/**
 * Writes the recomputed values as cached results into a copy of the package.
 * Each sheet part is read again with the XML parser, and only the formula
 * cells are replaced in its text; every other part keeps its bytes, among them
 * the add-in's task pane and settings.
 */
function writeValues(pkg: Package, wb: Workbook, results: CellResult[], out: string): RecalcResult["out"] {
  let written = 0;
  const replace = new Map<string, Buffer>();
  for (const sheet of wb.sheets) {
    const mine = new Map(results.filter((r) => r.sheet === sheet.name).map((r) => [r.address, r.recomputed]));
    if (mine.size === 0) continue;
    const xml = readPart(pkg, sheet.path)!;
    const pieces: string[] = [];
    let copied = 0;
    let cell: { address: string; start: number; name: string; attributes: Record<string, string>; formula: string } | undefined;
    let formulaStart = -1;
    let row = -1;
    let col = -1;
    parse(xml, sheet.path, {
      open: (t, start) => {
        const n = local(t.name);
        if (n === "row") {
          row = t.attributes.r !== undefined ? Number(t.attributes.r) - 1 : row + 1;
          col = -1;
        } else if (n === "c") {
          const a = t.attributes.r !== undefined ? decodeAddress(t.attributes.r) : { row, col: col + 1 };
          if (a) ({ row, col } = a);
          const address = encodeAddress(row, col);
          if (mine.has(address)) cell = { address, start, name: t.name, attributes: t.attributes, formula: "" };
        } else if (cell && n === "f") formulaStart = start;
      },
      close: (t, end) => {
        const n = local(t.name);
        if (cell && n === "f" && formulaStart >= 0) {
          cell.formula = xml.slice(formulaStart, end);
          formulaStart = -1;
        } else if (cell && n === "c") {
          const prefix = cell.name.slice(0, cell.name.length - 1);
          const { t: type, v } = cachedXml(mine.get(cell.address)!, prefix);
          const attributes = Object.entries(cell.attributes)
            .filter(([k]) => k !== "t")
            .map(([k, value]) => ` ${k}="${escapeXml(value)}"`)
            .join("");
          const body = `${cell.formula}${v ?? ""}`;
          pieces.push(xml.slice(copied, cell.start), `<${cell.name}${attributes}${type ? ` t="${type}"` : ""}${body ? `>${body}</${cell.name}>` : "/>"}`);
          copied = end;
          written++;
          cell = undefined;
        }
      },
    });
    pieces.push(xml.slice(copied));
    replace.set(sheet.path, Buffer.from(pieces.join(""), "utf8"));
  }
  try {
    writeAtomic(out, writeZip(pkg.zip, replace));
  } catch (e) {
    if (e instanceof WriteError) throw new UnusableInput(`--out: ${e.message}`);
    throw e;
  }
  // Excel writes every cell of a spilled range; a tool that leaves them out gets only the first cell's value.
  return { file: out, written, notInFile: results.length - written };
}

/* ---------- output ---------- */

/**
 * Text for a terminal: control characters and the bidirectional overrides
 * that can reorder what a reader sees (CVE-2021-42574, "Trojan Source") are
 * shown as \u{…} instead of being sent raw.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

function show(v: Value | undefined): string {
  if (v === undefined) return "(kein Wert)";
  if (v === null) return "(leer)";
  if (isError(v)) return v.error;
  if (typeof v === "boolean") return v ? "WAHR" : "FALSCH";
  return printable(String(v));
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The human report: mismatches as a table, error messages, the settings used and a summary line. */
export function report(r: RecalcResult): string[] {
  const lines: string[] = [];
  const table = (title: string, rows: CellResult[]) => {
    if (rows.length === 0) return;
    const all = [["Blatt", "Zelle", "Formel", "gespeichert", "neu berechnet"], ...rows.map((c) => [printable(c.sheet), c.address, cut(printable(`=${c.formula}`), 60), show(c.saved), show(c.recomputed)])];
    const widths = all[0].map((_, i) => Math.max(...all.map((row) => row[i].length)));
    lines.push(title);
    for (const row of all) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()}`);
  };
  table("Abweichungen:", r.cells.filter((c) => c.status === "mismatch"));
  table("Nur Rundungsrauschen (höchstens 4 Einheiten der letzten Binärstelle, unsichtbar in Excels 15 Stellen):", r.cells.filter((c) => c.status === "noise"));
  const errors = r.cells.filter((c) => isError(c.recomputed));
  if (errors.length > 0) {
    lines.push("Fehler:");
    for (const c of errors) {
      const e = c.recomputed as { error: string; message?: string };
      lines.push(`  ${printable(c.sheet)}!${c.address}: ${e.error}${e.message ? `: ${printable(e.message)}` : ""}`);
    }
  }
  const s = r.settings;
  const origin = (key: string) => (s.from[key] ? ` (${s.from[key]})` : "");
  lines.push(
    `Einstellungen: Stichtag ${s.stichtag ?? "heute"}${origin("stichtag")}, KV ${s.kv ? findKv(s.kv).name : "keine"}${origin("kv")}, eigene Werte ${s.overrides}${origin("overrides")}`,
  );
  const m = r.summary;
  const noise = m.noise > 0 ? `, ${m.noise} nur im Rundungsrauschen` : "";
  lines.push(`${m.cells} Formelzellen: ${m.matches} gleich, ${m.mismatches} abweichend${noise}, ${m.missing} ohne gespeicherten Wert; ${m.errors} mit Fehler.`);
  if (r.out) {
    const absent = r.out.notInFile > 0 ? `; ${r.out.notInFile} Zellen fehlen in der Datei und bleiben ohne Wert` : "";
    lines.push(`Neu berechnete Werte geschrieben: ${printable(r.out.file)} (${r.out.written} Zellen${absent}).`);
  }
  return lines;
}

export function exitStatus(r: RecalcResult): number {
  return r.summary.mismatches > 0 ? 1 : 0;
}
