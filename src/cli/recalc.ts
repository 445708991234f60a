import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import path from "path";
import { activeRaw } from "../data/tables";
import { Override, rawSeries } from "../data/overrides";
import { datenstand } from "../engine/quelle";
import { DenseSparseChooseBasedOnThreshold, DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress, SimpleCellRange } from "hyperformula";
import { DateSystem, formatDe, IsoDate, parseStichtag, pinToday, todayIso, useDateSystem } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { findKv } from "../engine/hvm";
import { getSettings, restoreSettings, setSettings, SETTINGS_KEYS } from "../settings/settings";
import { sameFile, writeOutput } from "./atomic";
import { PRAXIS } from "../api/praxis";
import { errorOf, HF_CONFIG, markedFunction, MAX_FORMULA_CHARS, NOT_EXCEL, OTHER_ADDIN, normalize, registerPraxis, UNCERTAIN, withoutPadding } from "./formula";
import { decodeAddress, encodeAddress, mapPieces, MAX_COL, MAX_ROW, pieces, place, praxisCalls, r1c1, slide } from "./tokens";
import { berichtHtml } from "./bericht";
import { EXCEL_ERRORS, readSheet, readWorkbook, Workbook } from "./workbook";
import { SzenarioWert, szenarioText, useSzenario } from "./szenario";
import { LIMITS, openPackage, Package, readPart, UnusableInput, Value } from "./xlsx";
import { CellEdit, CopyResult, MAX_NOTES, SheetEdits, writeCopy } from "./kopie";

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
 * any other difference. missing: the file holds no saved value. unchecked: the
 * cell could not be recomputed (a function or feature HyperFormula lacks, or a
 * cell it depends on is such a cell); never compared, its saved value stays.
 */
export type Status = "match" | "noise" | "mismatch" | "missing" | "unchecked";

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

/** What a run used, so that an auditor can cite it and rerun it. */
export interface Provenance {
  werkzeug: { name: "honorar"; version: string; commit?: string };
  /** The text DATENSTAND() shows in Excel for this workbook: edition and SHA-256 over the tables in force, own values included. */
  datenstand: string;
  datei: { name: string; bytes: number; sha256: string };
  /** datum is absent when the workbook stores a Stichtag that does not read: PRAXIS formulas without their own then give #VALUE!. */
  stichtag: { datum?: string; herkunft: "Befehlszeile" | "Arbeitsmappe" | "heute" };
  kv: { id?: string; name?: string; herkunft: "Befehlszeile" | "Arbeitsmappe" | "keine" };
  datumssystem: DateSystem;
  /** When the run started, as UTC. */
  zeitpunkt: string;
  eigeneWerte: { reihe: string; gueltigAb: string; wert: string; einheit?: string; quelle: string }[];
  /** Values of the command line (--wert) for this run only, over the tables and the workbook's own values; never the workbook's. */
  szenario: SzenarioWert[];
}

/**
 * A finding beyond recomputation: what an auditor must look at even when
 * every recomputed value matches (issue of the audit reports: openpyxl-saved
 * files, overtyped formulas).
 */
export interface Befund {
  art: "konstante-statt-formel" | "ohne-gespeicherten-wert" | "nicht-nachgerechnet" | "ueberlauf-groesse" | "ohne-einstellungen" | "nichts-verglichen";
  blatt?: string;
  zelle?: string;
  grund: string;
}

/** ERKLAERUNG of each PRAXIS call in a cell, as the function shows it in Excel: steps with table entry, source and status. */
export interface Erklaerung {
  blatt: string;
  zelle: string;
  aufrufe: { funktion: string; zeilen: (string | number | boolean)[][] }[];
}

export interface RecalcResult {
  file: string;
  provenance: Provenance;
  befunde: Befund[];
  /** For the PRAXIS cells that differ or err (at most MAX_ERKLAERT of them): how each call was computed. */
  erklaerungen: Erklaerung[];
  /** Cells that would have been explained beyond MAX_ERKLAERT. */
  ohneErklaerung: number;
  settings: { stichtag?: string; kv?: string; overrides: number; from: Record<string, "Arbeitsmappe" | "Befehlszeile">; szenario: SzenarioWert[] };
  /**
   * The formula cells by sheet, row and column (those the filter keeps), each
   * made as it is read: a million cells need no million objects at once.
   */
  cells(keep?: (status: Status, recomputed: Value, sheet: string) => boolean, sheet?: string): Generator<CellResult>;
  summary: { cells: number; matches: number; noise: number; mismatches: number; missing: number; unchecked: number; errors: number };
  /** With --out: the copy written (cells rewritten and added; with --markieren the marks and notes). */
  out?: CopyResult;
  /** With the option abhaengige: for each cell asked about, in its order, the formula cells that depend on it; null beyond DEPENDENTS_BUDGET. */
  abhaengige?: ({ sheet: string; address: string }[] | null)[];
}

export interface RecalcOptions {
  out?: string;
  /** One row per formula cell, for a spreadsheet or an audit file. */
  csv?: string;
  /** The audit report as one HTML file. */
  bericht?: string;
  /** With out: differing and erring cells filled and noted in the copy. */
  markieren?: boolean;
  /** The date that counts as today (honorar diff: the same for both runs); default the run's start. */
  heute?: IsoDate;
  stichtag?: string;
  kv?: string;
  /** Own values of the command line (--wert) for this run, applied over the workbook's own. */
  szenario?: Override[];
  /** Cells whose formula dependents are wanted (honorar diff: the results a changed input moved). */
  abhaengige?: { sheet: string; address: string }[];
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
    // Another add-in's function: not recomputed (Excel without that add-in shows #NAME?).
    const other = /^_xldudf_(.+)$/i.exec(p.text);
    if (other && call) return `${OTHER_ADDIN}${other[1]}`;
    const name = p.text.replace(/^(?:_xlfn\.|_xlws\.)+/i, "");
    if (call && HF_ONLY.has(name.toUpperCase())) return `${NOT_EXCEL}${name}`;
    if (call && PRAXIS_AS_TYPED.has(name.toUpperCase())) return `${UNCERTAIN}${name}`;
    return name;
  });
  return normalize(code, "en", true);
}

/**
 * HyperFormula's own functions, which Excel does not have (HyperFormula docs,
 * "Built-in functions"): Excel shows #NAME? for them, and so does recalc.
 */
const HF_ONLY = new Set([
  ...["ARRAYFORMULA", "ARRAY_CONSTRAIN", "COUNTUNIQUE", "INTERVAL", "MAXPOOL", "MEDIANPOOL", "SPLIT", "VERSION", "ISBINARY"],
  // Google-Sheets and OpenOffice names HyperFormula keeps beside Excel's (VAR.S is Excel's, VARS is not).
  ...["VARS", "STDEVS", "COVARIANCEP", "COVARIANCES", "SKEWP", "TINV2T", "TDISTRT", "TDIST2T", "FINVRT", "FDISTRT", "CHIDISTRT", "CHIINVRT", "LOGNORMINV", "POISSONDIST", "WEIBULLDIST"],
  ...["ADD", "CONCAT", "DIVIDE", "EQ", "GT", "GTE", "LT", "LTE", "MINUS", "MULTIPLY", "NE", "POW", "UMINUS", "UNARY_PERCENT", "UPLUS"].map((n) => `HF.${n}`),
]);

/**
 * PRAXIS functions written as a user types them (EBM_HONORAR, PRAXIS.EBM_HONORAR)
 * rather than in the form Excel stores them (_xldudf_PRAXIS_EBM_HONORAR), as a
 * tool other than Excel may write them. Whether Excel binds such a name to the
 * add-in when it opens the file cannot be established without Excel: the cell
 * is not recomputed, never given a number.
 */
const PRAXIS_AS_TYPED = new Set(Object.keys(PRAXIS).flatMap((n) => [n, `PRAXIS.${n}`]));

/** The master cell of a shared formula; its other cells hold only a reference to it (ECMA-376 Part 1, 18.3.1.40). */
interface Shared {
  text: string;
  row: number;
  col: number;
}

/**
 * The formula cells of a workbook in parallel arrays, by index: a million
 * cells as one object each (with boxed numbers) would take several times the
 * memory, next to a formula engine that needs most of it.
 */
class Cells {
  readonly sheet: number[] = [];
  readonly row: number[] = [];
  readonly col: number[] = [];
  /** The formula text, or the shared formula the cell's formula is moved from: a million filled-down cells share one text. */
  readonly f: (string | Shared)[] = [];
  /** Saved numbers, unboxed; NaN where the saved value is not a number (it is then in savedOther, undefined for none). */
  private readonly savedNum: number[] = [];
  private readonly savedOther = new Map<number, Value | undefined>();
  private readonly recomputedNum: number[] = [];
  private readonly recomputedOther = new Map<number, Value>();
  /** The range of the array formula a cell belongs to. */
  readonly array = new Map<number, string>();
  /** Ranges of legacy (Ctrl+Shift+Enter) array formulas, as opposed to spilled dynamic arrays. */
  readonly legacyArray = new Set<string>();
  /** Why a cell cannot be recomputed; it is reported with #VALUE! and this message. */
  readonly unsupported = new Map<number, string>();

  get length(): number {
    return this.row.length;
  }

  add(sheet: number, row: number, col: number, f: string | Shared, saved: Value | undefined): number {
    const i = this.row.length;
    this.sheet.push(sheet);
    this.row.push(row);
    this.col.push(col);
    this.f.push(f);
    if (typeof saved === "number") this.savedNum.push(saved);
    else {
      this.savedNum.push(NaN);
      this.savedOther.set(i, saved);
    }
    return i;
  }

  saved(i: number): Value | undefined {
    const n = this.savedNum[i];
    return Number.isNaN(n) ? this.savedOther.get(i) : n;
  }

  setRecomputed(i: number, v: Value): void {
    if (typeof v === "number" && !Number.isNaN(v)) this.recomputedNum[i] = v;
    else {
      this.recomputedNum[i] = NaN;
      this.recomputedOther.set(i, v);
    }
  }

  recomputed(i: number): Value {
    const n = this.recomputedNum[i];
    return Number.isNaN(n) ? this.recomputedOther.get(i)! : n;
  }

  /** The cell's formula as the file stores it (a shared formula moved to the cell, as Excel shows it). */
  formula(i: number): string {
    const f = this.f[i];
    return typeof f === "string" ? f : slide(f.text, this.row[i] - f.row, this.col[i] - f.col);
  }

  /** The cell's place in the workbook: by sheet, row and column. */
  placeOf(i: number): number {
    return sheetPlace(this.sheet[i], this.row[i], this.col[i]);
  }

  private sorted?: Uint32Array;
  private places?: Float64Array;

  /**
   * Indices by sheet, row and column (the file's order is usually that
   * already), made once: the report, the explanations and the dependency
   * walks all need it, after the last cell was added.
   */
  order(): ArrayLike<number> {
    if (this.sorted) return this.sorted;
    let inOrder = true;
    for (let i = 1; i < this.length && inOrder; i++) inOrder = this.placeOf(i - 1) < this.placeOf(i);
    const order = Uint32Array.from({ length: this.length }, (_, i) => i);
    return (this.sorted = inOrder ? order : order.sort((a, b) => this.placeOf(a) - this.placeOf(b)));
  }

  /** The formula cell at a sheet's row and column, by halving over the sorted places: a map of a million cells would take several times the memory. */
  indexAt(sheet: number, row: number, col: number): number | undefined {
    const order = this.order();
    const places = (this.places ??= Float64Array.from(order, (i) => this.placeOf(i)));
    const p = sheetPlace(sheet, row, col);
    let [lo, hi] = [0, places.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (places[mid] === p) return order[mid];
      if (places[mid] < p) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** A cell's place in the workbook as one number: sheet, then row, then column. */
function sheetPlace(sheet: number, row: number, col: number): number {
  return sheet * MAX_ROW * MAX_COL + place(row, col);
}

/* ---------- reading ---------- */

interface Sheets {
  /** Sheet contents as HyperFormula input, by sheet name (a map: "__proto__" is a legal sheet name). */
  grids: Map<string, RawCellContent[][]>;
  cells: Cells;
  befunde: Befund[];
}

/**
 * Constants standing where both row neighbours, or both column neighbours,
 * hold the same formula (compared in R1C1 form): a formula overtyped with a
 * number, Excel's "inconsistent formula" idea ("Inconsistent formula" error
 * checking rule, Microsoft Support). Looks only at constants beside formulas.
 */
function overtyped(sheet: string, grid: RawCellContent[][], cells: Cells, from: number, to: number): Befund[] {
  const formulaAt = new Map<number, number>();
  for (let i = from; i < to; i++) formulaAt.set(place(cells.row[i], cells.col[i]), i);
  if (formulaAt.size < 2) return [];
  const same = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && !cells.unsupported.has(a) && r1c1(cells.formula(a), cells.row[a], cells.col[a]) === r1c1(cells.formula(b), cells.row[b], cells.col[b]);
  const out: Befund[] = [];
  grid.forEach((line, r) =>
    line?.forEach((content, c) => {
      if (content === null || content === undefined || typeof content !== "number") return;
      const at = (dr: number, dc: number) => formulaAt.get(place(r + dr, c + dc));
      const row = same(at(0, -1), at(0, 1)) ? at(0, -1) : undefined;
      const column = same(at(-1, 0), at(1, 0)) ? at(-1, 0) : undefined;
      const model = row ?? column;
      if (model === undefined) return;
      out.push({
        art: "konstante-statt-formel",
        blatt: sheet,
        zelle: encodeAddress(r, c),
        grund: `Zahl ${content} steht zwischen zwei Zellen mit derselben Formel (=${cells.formula(model)} in ${encodeAddress(cells.row[model], cells.col[model])}, ${row !== undefined ? "links und rechts" : "darüber und darunter"}): überschriebene Formel?`,
      });
    }),
  );
  return out;
}

/** Holds a formula cell's place in the grid until its HyperFormula input is made. */
const FORMULA_PENDING = "=#VALUE!";

function readCells(pkg: Package, wb: Workbook, names: Names): Sheets {
  const befunde: Befund[] = [];
  const grids = new Map<string, RawCellContent[][]>();
  const cells = new Cells();
  let total = 0;
  let formulas = 0;
  wb.sheets.forEach((sheet, index) => {
    const grid: RawCellContent[][] = [];
    const put = (row: number, col: number, content: RawCellContent) => {
      (grid[row] ??= [])[col] = content;
    };
    // Two cells at one address would let the file say two things at once; Excel refuses such a file.
    const claim = (row: number, col: number, content: RawCellContent) => {
      if (grid[row]?.[col] !== undefined) throw new UnusableInput(`Blatt ${sheet.name}: die Zelle ${encodeAddress(row, col)} steht doppelt in der Datei.`);
      put(row, col, content);
    };
    const first = cells.length;
    // A shared formula's cells may come before its master in the file: each refers to the one object, filled when the master is read.
    const masters = new Map<string, Shared & { found: boolean }>();
    const shared = (si: string) => {
      let m = masters.get(si);
      if (!m) masters.set(si, (m = { text: "", row: 0, col: 0, found: false }));
      return m;
    };
    const arrays: { from: { row: number; col: number }; to: { row: number; col: number }; ref: string; f: string | Shared }[] = [];
    const xml = readPart(pkg, sheet.path);
    if (xml === undefined) throw new UnusableInput(`Blatt ${sheet.name}: Teil ${sheet.path} fehlt in der Datei.`);
    readSheet(xml, sheet.path, sheet.name, wb.strings, wb.system, (c) => {
      if (++total > LIMITS.cells) throw new UnusableInput(`Mehr als ${LIMITS.cells.toLocaleString("de-DE")} gefüllte Zellen; so große Arbeitsmappen rechnet honorar recalc nicht nach.`);
      if (!c.formula) {
        claim(c.row, c.col, toInput(c.value));
        return;
      }
      claim(c.row, c.col, FORMULA_PENDING);
      if (++formulas > LIMITS.formulaCells) throw new UnusableInput(`Mehr als ${LIMITS.formulaCells.toLocaleString("de-DE")} Formelzellen; so große Arbeitsmappen rechnet honorar recalc nicht nach.`);
      const f = c.formula;
      let text: string | Shared = f.text ?? "";
      if (f.type === "shared" && f.si !== undefined) {
        const m = shared(f.si);
        if (f.text !== undefined && !m.found) Object.assign(m, { text: f.text, row: c.row, col: c.col, found: true });
        text = m;
      }
      const i = cells.add(index, c.row, c.col, text, c.value);
      if (f.type === "dataTable") cells.unsupported.set(i, "Datentabelle (Was-wäre-wenn-Analyse) wird nicht nachgerechnet");
      if (f.type === "array") {
        const ref = f.ref ?? encodeAddress(c.row, c.col);
        const [a, b = a] = ref.split(":").map(decodeAddress);
        if (!a || !b || a.row !== c.row || a.col !== c.col || b.row < a.row || b.col < a.col) cells.unsupported.set(i, `Bereich "${ref}" der Matrixformel ist ungültig`);
        else {
          cells.array.set(i, ref);
          if (!f.dynamic) cells.legacyArray.add(ref);
          const area = (b.row - a.row + 1) * (b.col - a.col + 1);
          // The range counts against the limits before a single cell of it is made.
          formulas += area - 1;
          total += area - 1;
          if (formulas > LIMITS.formulaCells || total > LIMITS.cells) throw new UnusableInput(`Matrixformel in ${sheet.name}!${encodeAddress(c.row, c.col)} über ${ref} (${area.toLocaleString("de-DE")} Zellen): mehr als ${LIMITS.formulaCells.toLocaleString("de-DE")} Formelzellen, so große Arbeitsmappen rechnet honorar recalc nicht nach.`);
          arrays.push({ from: a, to: b, ref, f: text });
        }
      }
    });
    for (const [si, m] of masters) {
      if (m.found) continue;
      for (let i = first; i < cells.length; i++) if (cells.f[i] === m) cells.unsupported.set(i, `geteilte Formel Nr. ${si} ohne Ausgangszelle`);
    }
    const anchors = cells.length;
    // The cells of an array formula's range hold its results, saved as values; HyperFormula must see them empty.
    const inArray = new Set<number>();
    for (const a of arrays) {
      for (let r = a.from.row; r <= a.to.row; r++) {
        for (let c = a.from.col; c <= a.to.col; c++) {
          // Two array formulas over one cell: Excel never writes that; which result would the cell hold?
          if (inArray.has(place(r, c))) throw new UnusableInput(`Blatt ${sheet.name}: die Zelle ${encodeAddress(r, c)} liegt in zwei Matrixformeln.`);
          inArray.add(place(r, c));
          if (r === a.from.row && c === a.from.col) continue;
          if (grid[r]?.[c] === FORMULA_PENDING) throw new UnusableInput(`Blatt ${sheet.name}: die Zelle ${encodeAddress(r, c)} hat eine eigene Formel im Bereich ${a.ref} einer Matrixformel.`);
          const saved = fromInput(grid[r]?.[c]);
          if (grid[r]) grid[r][c] = null;
          cells.array.set(cells.add(index, r, c, a.f, saved), a.ref);
        }
      }
    }
    for (let i = first; i < anchors; i++) put(cells.row[i], cells.col[i], hfInput(cells, i, names));
    befunde.push(...overtyped(sheet.name, grid, cells, first, anchors));
    // HyperFormula takes rows of any length but no holes; Array.from fills them (map would keep them).
    grids.set(sheet.name, Array.from({ length: grid.length }, (_, r) => Array.from(grid[r] ?? [], (v) => v ?? null)));
  });
  return { grids, cells, befunde };
}

/** What HyperFormula gets for a formula cell: the formula, or an error for what cannot be recomputed. */
function hfInput(cells: Cells, i: number, names: Names): RawCellContent {
  const text = cells.formula(i);
  if (text.length > MAX_FORMULA_CHARS) cells.unsupported.set(i, `Formel mit ${text.length.toLocaleString("de-DE")} Zeichen; Excel erlaubt höchstens ${MAX_FORMULA_CHARS.toLocaleString("de-DE")}`);
  // Dependents of a cell that cannot be recomputed get its error, never a number computed from nothing.
  if (cells.unsupported.has(i)) return "#VALUE!";
  const formula = toHfFormula(text);
  const lacking = notComputable(formula, names);
  if (lacking) {
    cells.unsupported.set(i, lacking);
    return "#VALUE!";
  }
  const array = cells.array.get(i);
  if (!array) return formula;
  const [from, to = from] = array.split(":").map((a) => decodeAddress(a)!);
  // A dynamic array without PRAXIS spills as large as its result, so that a changed size shows (growth, below).
  if (!cells.legacyArray.has(array) && !/\bPRAXIS\./i.test(formula)) return `=ARRAYFORMULA(${formula.slice(1)})`;
  // Cut to the saved range: HyperFormula sizes a PRAXIS table for its longest form, Excel spills the actual one;
  // a legacy array formula shows only what fits its range.
  return `=ARRAY_CONSTRAIN(ARRAYFORMULA(${formula.slice(1)}),${to.row - from.row + 1},${to.col - from.col + 1})`;
}

/**
 * Dynamic arrays whose recomputed result spills beyond the range Excel saved
 * (inputs changed since, or a file saved without recalculation): the saved
 * values of the range cannot be the result, and cells outside it would hold
 * more. Returns each such range with its new size.
 */
/** The rows and columns an array result covers from its first cell (1 × 1 for one that spills nowhere). */
function spillSize(hf: HyperFormula, anchor: SimpleCellAddress): { height: number; width: number } {
  let height = 1;
  while (hf.isCellPartOfArray({ ...anchor, row: anchor.row + height })) height++;
  let width = 1;
  while (hf.isCellPartOfArray({ ...anchor, col: anchor.col + width })) width++;
  return { height, width };
}

/**
 * A dynamic array's result as Excel would spill it now: its size, and the
 * values of the cells beyond the range the file saved (inputs changed since,
 * or a file saved without recalculation).
 */
export interface Spill {
  height: number;
  width: number;
  /** Values of the result outside the saved range, by row and column relative to the first cell. */
  beyond: Map<string, Value>;
  /** A cell it would spill into holds something: Excel shows #SPILL! (#ÜBERLAUF!) instead of the table. */
  blocked: boolean;
}

/**
 * A formula computed on its own on a sheet, as a table; a PRAXIS table
 * without the padding rows it carries when sized before evaluation.
 */
function computedTable(hf: HyperFormula, formula: string, sheet: number, praxis: boolean): Value[][] {
  const v = hf.calculateFormula(formula, sheet);
  const table = Array.isArray(v) ? v.map((row) => row.map(fromHf)) : [[fromHf(v)]];
  return praxis ? withoutPadding(table) : table;
}

/**
 * The spill of every dynamic array that was recomputed, measured by computing
 * its formula once more on its own: HyperFormula's grid cannot tell where one
 * array ends and an adjacent one begins, and a PRAXIS table is cut to the
 * saved range there (see hfInput) and padded to the size announced before
 * evaluation. A spill is blocked, as Excel shows #SPILL!, when it would run
 * off the sheet or into a filled cell.
 */
function spillsOf(hf: HyperFormula, cells: Cells, sheetIds: number[], why: Map<number, string>): Map<number, Spill> {
  const out = new Map<number, Spill>();
  for (const [i, ref] of cells.array) {
    if (cells.legacyArray.has(ref) || why.has(i)) continue;
    const [from, to = from] = ref.split(":").map((a) => decodeAddress(a)!);
    if (cells.row[i] !== from.row || cells.col[i] !== from.col) continue;
    const sheet = sheetIds[cells.sheet[i]];
    const formula = toHfFormula(cells.formula(i));
    const praxis = /\bPRAXIS\./i.test(formula);
    let table: Value[][];
    try {
      table = computedTable(hf, formula, sheet, praxis);
    } catch {
      // Not a formula HyperFormula takes on its own (an empty <f>): its cells keep what the grid gave them.
      continue;
    }
    const height = table.length;
    const width = Math.max(...table.map((row) => row.length));
    const savedHeight = to.row - from.row + 1;
    const savedWidth = to.col - from.col + 1;
    const anchor = fromHf(hf.getCellValue({ sheet, row: from.row, col: from.col }));
    // HyperFormula finds a filled cell in the way of what it spills itself; a PRAXIS table, cut to the saved range there, is checked here.
    let blocked = from.row + height > MAX_ROW || from.col + width > MAX_COL || (isError(anchor) && anchor.error === "#SPILL!");
    const beyond = new Map<string, Value>();
    for (let r = 0; r < height && !blocked; r++) {
      for (let c = r < savedHeight ? savedWidth : 0; c < width; c++) {
        beyond.set(`${r}:${c}`, table[r][c] ?? null);
        blocked ||= praxis && !hf.isCellEmpty({ sheet, row: from.row + r, col: from.col + c });
      }
    }
    out.set(i, { height, width, beyond: blocked ? new Map() : beyond, blocked });
  }
  return out;
}

/** A constant as HyperFormula input: text keeps its apostrophe so that "123" or "=x" stay text. */
function toInput(v: Value | undefined): RawCellContent {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return `'${v}`;
  if (isError(v)) return v.error;
  return v;
}

/** The saved value back from its HyperFormula input (toInput's inverse); undefined for an empty cell. */
function fromInput(content: RawCellContent | undefined): Value | undefined {
  if (content === undefined || content === null) return undefined;
  if (typeof content === "string") return content.startsWith("'") ? content.slice(1) : { error: content };
  return content as Value;
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

interface Names {
  /** The defined names HyperFormula can hold, for the build. */
  usable: { name: string; expression: string; scope?: number }[];
  /** Names (upper case) whose value cannot be recomputed: refused by HyperFormula or using what it lacks. */
  lacking: Map<string, string>;
}

/** The workbook's defined names, split into those recalc can compute and those it cannot. */
function namesOf(wb: Workbook, config: object): Names {
  const names = wb.names.filter((n) => n.name && !n.name.startsWith("_xlnm."));
  const out: Names = { usable: [], lacking: new Map() };
  if (names.length === 0) return out;
  const probe = HyperFormula.buildEmpty(config);
  const ids = new Map<string, number>();
  for (const s of wb.sheets) ids.set(s.name, probe.getSheetId(probe.addSheet(s.name))!);
  for (const n of names) {
    const expression = toHfFormula(n.expression);
    const scope = n.sheet !== undefined ? ids.get(n.sheet) : undefined;
    const why = notComputable(expression, out) ?? (n.sheet !== undefined && scope === undefined ? "er gehört zu einem Blatt ohne Zellen" : undefined);
    if (why === undefined && expression.length <= MAX_FORMULA_CHARS && probe.isItPossibleToAddNamedExpression(n.name, expression, scope)) {
      out.usable.push({ name: n.name, expression, ...(scope !== undefined ? { scope } : {}) });
    } else out.lacking.set(n.name.toUpperCase(), why ?? "HyperFormula kann ihn nicht auswerten");
  }
  probe.destroy();
  return out;
}

/**
 * Volatile functions whose value changes with every calculation or with the
 * clock ("Excel Recalculation", Microsoft Learn, lists NOW, TODAY, RAND,
 * RANDBETWEEN among the volatile functions; RANDARRAY is Excel's newer one):
 * their saved value is that of the moment Excel saved, never one to compare
 * with. OFFSET, INDIRECT, CELL and INFO are volatile too, but give the same
 * value for the same workbook.
 */
const VOLATILE = new Set(["NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY"]);

/** Every function the formula engine computes as Excel would (HyperFormula's, PRAXIS, the markers for #NAME?). */
let computable: Set<string> | undefined;

/**
 * Why a formula (as HyperFormula reads it) cannot be recomputed, judged from
 * its text, not its result: an error that IFERROR swallows must not hide a
 * function HyperFormula lacks. Undefined when it can.
 */
function notComputable(formula: string, names: Pick<Names, "lacking">): string | undefined {
  computable ??= new Set(HyperFormula.getRegisteredFunctionNames("enGB").map((n) => n.toUpperCase()));
  const all = pieces(formula);
  for (let k = 0; k < all.length; k++) {
    const p = all[k];
    if (p.kind === "text" && p.text.startsWith("[")) return `Bezug auf eine andere Datei oder eine Tabelle (${p.text.slice(0, 40)})`;
    if (p.kind !== "name") continue;
    const call = all[k + 1]?.text === "(";
    const name = p.text.toUpperCase();
    // A function marked as one Excel does not have gives #NAME? as in Excel: a known result, not a gap.
    if (call && !computable.has(name) && !name.startsWith(NOT_EXCEL)) return markedFunction(p.text) ?? `Funktion ${p.text} ist hier nicht verfügbar`;
    if (call && VOLATILE.has(name)) return `flüchtige Funktion ${p.text}: jede Berechnung ergibt einen anderen Wert, der gespeicherte ist der beim Speichern`;
    if (!call && all[k + 1]?.text === ":" && all[k + 2]?.kind === "name" && all[k + 3]?.text === "!") return "3D-Bezug über mehrere Blätter";
    const lacking = !call && all[k + 1]?.text !== "!" ? names.lacking.get(name) : undefined;
    if (lacking !== undefined) return `verwendet den Namen ${p.text} (${lacking})`;
  }
  return undefined;
}

/* ---------- provenance ---------- */

const ROOT = path.join(__dirname, "..", "..");

/** The version in package.json, and the commit when the CLI runs from a git checkout (read from .git, no git needed). */
export function toolVersion(): Provenance["werkzeug"] {
  const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  try {
    const head = readFileSync(path.join(ROOT, ".git", "HEAD"), "utf8").trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    let commit = ref ? undefined : head;
    if (ref) {
      const loose = path.join(ROOT, ".git", ref);
      commit = existsSync(loose)
        ? readFileSync(loose, "utf8").trim()
        : readFileSync(path.join(ROOT, ".git", "packed-refs"), "utf8").split("\n").find((l) => l.endsWith(` ${ref}`))?.split(" ")[0];
    }
    return { name: "honorar", version, ...(commit && /^[0-9a-f]{40}$/.test(commit) ? { commit } : {}) };
  } catch {
    return { name: "honorar", version };
  }
}

function provenance(file: string, pkg: Package, settings: RecalcResult["settings"], system: DateSystem, started: Date, heute: IsoDate): Provenance {
  const raw = activeRaw();
  const own = getSettings().overrides ?? [];
  return {
    werkzeug: toolVersion(),
    datenstand: datenstand(),
    datei: { name: file, bytes: pkg.zip.size, sha256: createHash("sha256").update(pkg.zip.bytes).digest("hex") },
    stichtag: settings.stichtag !== undefined ? { datum: settings.stichtag, herkunft: settings.from.stichtag ?? "heute" } : settings.from.stichtag === "Arbeitsmappe" ? { herkunft: "Arbeitsmappe" } : { datum: heute, herkunft: "heute" },
    kv: settings.kv ? { id: settings.kv, name: findKv(settings.kv).name, herkunft: settings.from.kv ?? "Arbeitsmappe" } : { herkunft: "keine" },
    datumssystem: system,
    zeitpunkt: started.toISOString(),
    eigeneWerte: own.map((o) => {
      const einheit = rawSeries(raw, o.series)?.unit;
      return { reihe: o.series, gueltigAb: o.valid_from, wert: o.value, ...(einheit ? { einheit } : {}), quelle: o.quelle };
    }),
    szenario: settings.szenario,
  };
}

/** The Stichtag of a run as the reports show it. */
export function stichtagText(p: Provenance): string {
  return p.stichtag.datum !== undefined ? `${formatDe(p.stichtag.datum)} (${p.stichtag.herkunft})` : "in der Arbeitsmappe gespeichert, aber unlesbar (PRAXIS-Formeln ohne eigenen Stichtag ergeben #WERT!)";
}

/** The provenance as lines of the text report. */
export function provenanceLines(p: Provenance): string[] {
  const lines = [
    "Herkunft des Laufs:",
    `  Werkzeug: honorar ${p.werkzeug.version}${p.werkzeug.commit ? ` (Commit ${p.werkzeug.commit.slice(0, 12)})` : ""}`,
    `  Datenstand: ${p.datenstand}`,
    `  Datei: ${printable(p.datei.name)}, ${p.datei.bytes.toLocaleString("de-DE")} Byte, SHA-256 ${p.datei.sha256}`,
    `  Stichtag: ${stichtagText(p)}; KV: ${p.kv.name ?? "keine"}${p.kv.name ? ` (${p.kv.herkunft})` : ""}; Datumssystem ${p.datumssystem}`,
    `  Zeitpunkt: ${p.zeitpunkt}`,
  ];
  if (p.eigeneWerte.length === 0) lines.push("  Eigene Werte der Arbeitsmappe: keine");
  else {
    lines.push("  Eigene Werte der Arbeitsmappe:");
    for (const o of p.eigeneWerte) lines.push(`    ${printable(o.reihe)} ab ${formatDe(o.gueltigAb)}: ${printable(o.wert)}${o.einheit ? ` ${printable(o.einheit)}` : ""}; Quelle: ${printable(o.quelle)}`);
  }
  lines.push(...szenarioLines(p));
  return lines;
}

/**
 * The scenario of a run as lines of a report: separate from the workbook's own
 * values, and saying that the results rest on it rather than on the workbook.
 */
export function szenarioLines(p: Provenance): string[] {
  if (p.szenario.length === 0) return [];
  return [
    "  Szenario der Befehlszeile (--wert; nicht in der Arbeitsmappe gespeichert, die neu berechneten Werte beruhen darauf):",
    ...p.szenario.map((w) => `    ${printable(szenarioText(w))}`),
  ];
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
  // Last: over the tables with the workbook's own values, which it may replace for this run.
  const szenario = useSzenario(options.szenario ?? []);
  const s = getSettings();
  return { stichtag: s.stichtag, kv: s.kv, overrides: s.overrides?.length ?? 0, from, szenario };
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

/** Refuses a copy that Excel would not open under its name. */
function checkOut(out: string, pkg: Package): void {
  const wanted = EXTENSION[pkg.contentType];
  const given = path.extname(out).toLowerCase();
  // Excel refuses a file whose ending does not match its type ("file format or extension is not valid").
  if (wanted && given !== wanted) {
    const macros = wanted === ".xlsm" || wanted === ".xltm" ? " mit Makros" : "";
    throw new UnusableInput(`--out: die Eingabe ist eine Arbeitsmappe${macros} (${wanted}); die Kopie muss ebenfalls auf ${wanted} enden, sonst öffnet Excel sie nicht.`);
  }
}

export async function recalc(file: string, options: RecalcOptions = {}): Promise<RecalcResult> {
  const started = new Date();
  // One "today" for the whole run (and for both runs of honorar diff): a run across midnight must not mix two dates.
  const heute = options.heute ?? todayIso(started);
  pinToday(heute);
  try {
    return await recalcOn(file, options, started, heute);
  } finally {
    pinToday(undefined);
  }
}

async function recalcOn(file: string, options: RecalcOptions, started: Date, heute: IsoDate): Promise<RecalcResult> {
  const pkg = openPackage(file);
  // No output may be the input (also through a link) or another output.
  const outputs = (["out", "csv", "bericht"] as const).filter((k) => options[k] !== undefined);
  for (const k of outputs) {
    const target = options[k]!;
    if (target.trim() === "") throw new UnusableInput(`--${k}: kein Dateiname angegeben.`);
    if (sameFile(file, target)) throw new UnusableInput(`--${k}: ${target} ist die Eingabedatei; honorar recalc verändert die geprüfte Mappe nie.`);
    for (const other of outputs) if (other !== k && sameFile(options[other]!, target)) throw new UnusableInput(`--${k} und --${other} nennen dieselbe Datei.`);
  }
  if (options.out !== undefined) checkOut(options.out, pkg);
  const wb = readWorkbook(pkg);
  if (wb.sheets.length === 0) throw new UnusableInput(`${file} enthält kein Tabellenblatt.`);
  const settings = applySettings(wb.settings, options, wb.system);
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
  const names = namesOf(wb, config);
  const { grids, cells, befunde } = readCells(pkg, wb, names);
  let hf: HyperFormula;
  try {
    // One build from all sheets: changes made later are recorded for their caller, a list as long as the workbook.
    // The sheets object has no prototype, so that "__proto__", a legal sheet name, is a key like any other.
    const sheets: Record<string, RawCellContent[][]> = Object.create(null);
    for (const [name, grid] of grids) sheets[name] = grid;
    grids.clear();
    hf = HyperFormula.buildFromSheets(sheets, config, names.usable);
  } catch (e) {
    throw new UnusableInput(`${file}: die Arbeitsmappe lässt sich nicht aufbauen (${e instanceof RangeError ? "Formeln zu tief verschachtelt" : errorOf({ type: "ERROR", message: e instanceof Error ? e.message : String(e) }).message}).`);
  }
  const sheetIds = wb.sheets.map((s) => hf.getSheetId(s.name)!);
  const address = (i: number): SimpleCellAddress => ({ sheet: sheetIds[cells.sheet[i]], row: cells.row[i], col: cells.col[i] });
  const why = new Map<number, string>(cells.unsupported);
  const sizes = new Map<string, { height: number; width: number }>();
  for (let i = 0; i < cells.length; i++) {
    if (why.has(i)) continue;
    const raw = hf.getCellValue(address(i));
    // A function HyperFormula does not have (another add-in's, LET, LAMBDA …): not recomputed, never "wrong".
    if (raw instanceof DetailedCellError && /^Function name .+ not recognized\.$/.test(raw.message) && !raw.message.startsWith(`Function name ${NOT_EXCEL}`)) {
      why.set(i, `Funktion nicht verfügbar (${errorOf(raw).message})`);
    } else if (raw instanceof DetailedCellError && raw.type === "ERROR") {
      // Excel syntax HyperFormula cannot read (intersection by a space, unions, …): not a wrong formula, a formula not recomputed.
      why.set(i, `Formel hier nicht lesbar (${errorOf(raw).message})`);
    }
    else cells.setRecomputed(i, excelResult(hf, sheetIds, cells, i, fromHf(raw), sizes));
  }
  for (const [i, reason] of implicitIntersections(hf, cells, sheetIds)) why.set(i, reason);
  // An array formula is one computation: one of its cells not recomputed means none is, and what reads them neither.
  for (let round = 0; round < 2; round++) {
    markDependents(hf, cells, sheetIds, why);
    markArrays(cells, why);
  }
  const spills = spillsOf(hf, cells, sheetIds, why);
  const grown = new Set<string>();
  const spillOf = new Map<string, Spill>();
  for (const [i, spill] of spills) {
    const ref = cells.array.get(i)!;
    spillOf.set(`${cells.sheet[i]}:${ref}`, spill);
    const [from, to = from] = ref.split(":").map((a) => decodeAddress(a)!);
    if (spill.height <= to.row - from.row + 1 && spill.width <= to.col - from.col + 1) continue;
    // A blocked spill is compared as Excel saves it (#SPILL! in its first cell), not as a table of another size.
    const saved = cells.saved(i);
    if (spill.blocked && isError(saved) && saved.error === "#SPILL!") continue;
    if (!spill.blocked) grown.add(`${cells.sheet[i]}:${ref}`);
    const blocked = spill.blocked ? "; Zellen im Weg sind belegt, Excel zeigt #ÜBERLAUF! (#SPILL!)" : "";
    befunde.push({ art: "ueberlauf-groesse", blatt: wb.sheets[cells.sheet[i]].name, zelle: ref.split(":")[0], grund: `Überlauf neu ${spill.height} × ${spill.width} Zellen, gespeichert ${ref}: die gespeicherten Werte sind nicht das Ergebnis${blocked}` });
  }
  const status: Status[] = new Array(cells.length);
  const summary = { cells: cells.length, matches: 0, noise: 0, mismatches: 0, missing: 0, unchecked: 0, errors: 0 };
  for (let i = 0; i < cells.length; i++) {
    const reason = why.get(i);
    if (reason !== undefined) cells.setRecomputed(i, { error: "#VALUE!", message: `nicht nachgerechnet: ${reason}` });
    const ref = cells.array.get(i);
    const spill = ref !== undefined && reason === undefined ? spillOf.get(`${cells.sheet[i]}:${ref}`) : undefined;
    if (spill) {
      const anchor = decodeAddress(ref!.split(":")[0])!;
      const first = cells.row[i] === anchor.row && cells.col[i] === anchor.col;
      // A blocked spill shows #SPILL! in its first cell and nothing in the others ("#SPILL! error in Excel", Microsoft Support).
      if (spill.blocked) cells.setRecomputed(i, first ? { error: "#SPILL!", message: `Überlauf blockiert: das Ergebnis (${spill.height} × ${spill.width}) reicht über den Blattrand oder in belegte Zellen` } : null);
      // A cell the shrunken result no longer reaches is empty in Excel, not the padding of a table sized in advance.
      else if (cells.row[i] - anchor.row >= spill.height || cells.col[i] - anchor.col >= spill.width) cells.setRecomputed(i, null);
    }
    const v = cells.recomputed(i);
    const saved = cells.saved(i);
    const resized = ref !== undefined && grown.has(`${cells.sheet[i]}:${ref}`);
    const st: Status = reason !== undefined ? "unchecked" : saved === undefined ? "missing" : resized ? "mismatch" : compare(saved, v);
    status[i] = st;
    summary[STATUS_KEY[st]]++;
    if (isError(v) && reason === undefined) summary.errors++;
  }
  const sheetNames = wb.sheets.map((s) => s.name);
  const { erklaerungen, ohneErklaerung } = explain(hf, cells, status, sheetIds, sheetNames);
  const abhaengige = options.abhaengige && dependentsOf(hf, cells, sheetIds, sheetNames, options.abhaengige);
  hf.destroy();
  befunde.push(...generalFindings(wb, summary, cells, sheetNames, status));
  const result: RecalcResult = {
    file,
    provenance: provenance(file, pkg, settings, wb.system, started, heute),
    befunde,
    erklaerungen,
    ohneErklaerung,
    settings,
    summary,
    ...(abhaengige ? { abhaengige } : {}),
    *cells(keep, sheet) {
      const order = cells.order();
      // One sheet's cells are a run in the sorted order, found by halving: a walk per sheet would make diff quadratic in sheets.
      const only = sheet === undefined ? -1 : sheetNames.indexOf(sheet);
      if (sheet !== undefined && only < 0) return;
      let k = 0;
      if (only >= 0) {
        let hi = order.length;
        while (k < hi) {
          const mid = (k + hi) >>> 1;
          if (cells.sheet[order[mid]] < only) k = mid + 1;
          else hi = mid;
        }
      }
      for (; k < order.length; k++) {
        const i = order[k];
        if (only >= 0 && cells.sheet[i] !== only) break;
        if (keep && !keep(status[i], cells.recomputed(i), sheetNames[cells.sheet[i]])) continue;
        const array = cells.array.get(i);
        yield { sheet: sheetNames[cells.sheet[i]], address: encodeAddress(cells.row[i], cells.col[i]), formula: cells.formula(i), ...(array ? { array } : {}), saved: cells.saved(i), recomputed: cells.recomputed(i), status: status[i] };
      }
    },
  };
  if (options.out !== undefined) result.out = writeCopy(pkg, wb, copyEdits(wb, cells, status, spills, befunde, options.markieren === true), options.out, options.markieren === true);
  if (options.csv !== undefined) writeOutput("csv", options.csv, Buffer.from(csvOf(result), "utf8"));
  if (options.bericht !== undefined) writeOutput("bericht", options.bericht, Buffer.from(berichtHtml(result), "utf8"));
  return result;
}

/** An audit report explains this many cells at most: beyond that the report would be a book, and the steps repeat. */
const MAX_ERKLAERT = 100;

/**
 * ERKLAERUNG for every PRAXIS call in the cells an auditor looks at (those
 * that differ, are noise, or err): the call is computed again through
 * ERKLAERUNG with the same arguments on the same sheet, so the steps are those
 * of the recomputed value, with the table entries, sources and status.
 */
function explain(hf: HyperFormula, cells: Cells, status: Status[], sheetIds: number[], sheetNames: string[]): { erklaerungen: Erklaerung[]; ohneErklaerung: number } {
  const erklaerungen: Erklaerung[] = [];
  let ohneErklaerung = 0;
  for (const i of Array.from(cells.order())) {
    const st = status[i];
    if (!(st === "mismatch" || st === "noise" || (st !== "unchecked" && isError(cells.recomputed(i))))) continue;
    // Explaining an explanation, or the edition text, says nothing more.
    const calls = praxisCalls(cells.formula(i)).filter((c) => c.name !== "ERKLAERUNG" && c.name in PRAXIS);
    if (calls.length === 0) continue;
    if (erklaerungen.length === MAX_ERKLAERT) {
      ohneErklaerung++;
      continue;
    }
    const aufrufe = calls.map((c) => {
      const formula = toHfFormula(`=_xldudf_PRAXIS_ERKLAERUNG("${c.name}"${c.args.map((a) => `,${a}`).join("")})`);
      // A table as tall as the longest explanation; the rows past its end are padding.
      const zeilen = computedTable(hf, formula, sheetIds[cells.sheet[i]], true).map((row) => row.map((v) => (v === null ? "" : isError(v) ? `${v.error}${v.message ? `: ${v.message}` : ""}` : v)));
      return { funktion: c.name, zeilen };
    });
    erklaerungen.push({ blatt: sheetNames[cells.sheet[i]], zelle: encodeAddress(cells.row[i], cells.col[i]), aufrufe });
  }
  return { erklaerungen, ohneErklaerung };
}

/** Findings about the whole workbook: no saved values, no add-in settings, nothing compared. */
function generalFindings(wb: Workbook, summary: RecalcResult["summary"], cells: Cells, sheetNames: string[], status: Status[]): Befund[] {
  const out: Befund[] = [];
  if (summary.missing > 0) {
    const examples: string[] = [];
    for (let i = 0; i < cells.length && examples.length < 5; i++) if (status[i] === "missing") examples.push(`${sheetNames[cells.sheet[i]]}!${encodeAddress(cells.row[i], cells.col[i])}`);
    out.push({
      art: "ohne-gespeicherten-wert",
      grund: `${summary.missing} Formelzellen ohne gespeicherten Wert (z. B. ${examples.join(", ")}): nicht verglichen; eine Mappe, die ein anderes Programm als Excel gespeichert hat, enthält oft keine Ergebnisse.`,
    });
  }
  if (summary.unchecked > 0) {
    out.push({
      art: "nicht-nachgerechnet",
      grund: `${summary.unchecked} Formelzellen ließen sich nicht nachrechnen (Funktionen oder Merkmale, die hier fehlen, oder Zellen, die davon abhängen); ihre gespeicherten Werte bleiben ungeprüft.`,
    });
  }
  if (wb.settings.size === 0) {
    out.push({
      art: "ohne-einstellungen",
      grund: "Die Mappe enthält keine Einstellungen des Add-ins (Stichtag, KV, eigene Werte); ohne Stichtag gilt heute, ohne KV keine. Von einem anderen Programm gespeichert, das sie verwirft?",
    });
  }
  if (summary.cells > 0 && summary.matches + summary.noise + summary.mismatches === 0) {
    out.push({ art: "nichts-verglichen", grund: "Keine einzige Formelzelle hatte einen gespeicherten Wert: die Prüfung hat nichts verglichen." });
  }
  return out;
}

const STATUS_KEY: Record<Status, "matches" | "noise" | "mismatches" | "missing" | "unchecked"> = { match: "matches", noise: "noise", mismatch: "mismatches", missing: "missing", unchecked: "unchecked" };

/**
 * A formula's value as Excel keeps it. A reference to an empty cell gives 0 (a
 * formula never yields "empty" in Excel). A legacy (Ctrl+Shift+Enter) array
 * formula fills its whole range: a single value repeats, a single row repeats
 * down, a single column across, and cells beyond the result hold #N/A
 * ("Guidelines and examples of array formulas", Microsoft Support). A cell of a
 * dynamic array beyond its result stays empty.
 */
function excelResult(hf: HyperFormula, sheetIds: number[], cells: Cells, i: number, v: Value, sizes: Map<string, { height: number; width: number }>): Value {
  if (v !== null) return v;
  const ref = cells.array.get(i);
  if (ref === undefined) return 0;
  const anchor = decodeAddress(ref.split(":")[0])!;
  const dr = cells.row[i] - anchor.row;
  const dc = cells.col[i] - anchor.col;
  if (dr === 0 && dc === 0) return 0;
  if (!cells.legacyArray.has(ref)) return null;
  const sheet = sheetIds[cells.sheet[i]];
  // Measured once per array formula, not once for each of its cells.
  const key = `${sheet}:${ref}`;
  let size = sizes.get(key);
  if (!size) sizes.set(key, (size = spillSize(hf, { sheet, row: anchor.row, col: anchor.col })));
  const { height, width } = size;
  const r = height === 1 ? 0 : dr;
  const c = width === 1 ? 0 : dc;
  if (r >= height || c >= width) return { error: "#N/A" };
  const source = fromHf(hf.getCellValue({ sheet, row: anchor.row + r, col: anchor.col + c }));
  return source === null ? 0 : source;
}

/**
 * A formula that Excel stores as an ordinary (not array) formula but whose
 * result here is a table: Excel reduces a range there to one value by implicit
 * intersection ("Implicit intersection operator: @", Microsoft Support), which
 * HyperFormula does not implement. The cell and every formula that reads the
 * cells the table spilled into are reported as not recomputed.
 */
function implicitIntersections(hf: HyperFormula, cells: Cells, sheetIds: number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (let i = 0; i < cells.length; i++) {
    if (cells.array.has(i) || cells.unsupported.has(i)) continue;
    if (hf.isCellPartOfArray({ sheet: sheetIds[cells.sheet[i]], row: cells.row[i], col: cells.col[i] })) {
      out.set(i, "Bereich in einer gewöhnlichen Formel (Excel nimmt daraus einen Wert per impliziter Schnittmenge @)");
    }
  }
  return out;
}

/**
 * Every formula that reads, directly or through others, a cell that could not
 * be recomputed (or the cells its table spilled into) could not be either:
 * HyperFormula computed it from a placeholder. Marked with the first such cell.
 */
function markDependents(hf: HyperFormula, cells: Cells, sheetIds: number[], why: Map<number, string>): void {
  if (why.size === 0) return;
  const at = cellLookup(cells, sheetIds);
  const queue: Queued<string>[] = [];
  for (const i of why.keys()) {
    const address = { sheet: sheetIds[cells.sheet[i]], row: cells.row[i], col: cells.col[i] };
    const tag = encodeAddress(cells.row[i], cells.col[i]);
    queue.push({ address, tag });
    if (!cells.array.has(i) && hf.isCellPartOfArray(address)) {
      // The table a plain formula spilled into its neighbours.
      const { height, width } = spillSize(hf, address);
      for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) queue.push({ address: { ...address, row: address.row + r, col: address.col + c }, tag });
    }
  }
  walkDependents(hf, queue, (d, from) => {
    const i = "row" in d ? at(d) : undefined;
    if (i !== undefined && !why.has(i)) why.set(i, `hängt von ${from} ab, das nicht nachgerechnet werden kann`);
    return true;
  });
}

/** An address queued for the dependency walk, with what it stands for (the cell it started from). */
interface Queued<T> {
  address: SimpleCellAddress | SimpleCellRange;
  tag: T;
}

/**
 * Follows the dependents of the queued addresses, each cell or range once: a
 * dependent is a cell, or a range (A1:A3, A:A) whose own dependents read the
 * cell through it. `visit` returns false to stop the walk; the walk then returns false.
 */
function walkDependents<T>(hf: HyperFormula, queue: Queued<T>[], visit: (d: SimpleCellAddress | SimpleCellRange, tag: T) => boolean): boolean {
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { address, tag } = queue.pop()!;
    for (const d of hf.getCellDependents(address)) {
      const key = "row" in d ? `${d.sheet}:${d.row}:${d.col}` : `${d.start.sheet}:${d.start.row}:${d.start.col}-${d.end.row}:${d.end.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!visit(d, tag)) return false;
      queue.push({ address: d, tag });
    }
  }
  return true;
}

/** The formula cell at a HyperFormula address. */
function cellLookup(cells: Cells, sheetIds: number[]): (d: SimpleCellAddress) => number | undefined {
  const sheetOf = new Map(sheetIds.map((id, index) => [id, index]));
  return (d) => {
    const sheet = sheetOf.get(d.sheet);
    return sheet === undefined ? undefined : cells.indexAt(sheet, d.row, d.col);
  };
}

/**
 * Dependents followed for all the cells asked about together (a few seconds):
 * a column of running totals below a thousand changed inputs would otherwise
 * take every input down the whole column, quadratic in time and memory.
 */
const DEPENDENTS_BUDGET = 1_000_000;

/**
 * The formula cells that read each given cell, directly or through others and
 * through ranges (A1:A3, A:A), by sheet, row and column; null for a cell whose
 * walk no longer fits the budget. The graph leads to an array formula's first
 * cell only; the other cells of its range hold its results and count with it.
 */
function dependentsOf(hf: HyperFormula, cells: Cells, sheetIds: number[], sheetNames: string[], wanted: { sheet: string; address: string }[]): ({ sheet: string; address: string }[] | null)[] {
  const at = cellLookup(cells, sheetIds);
  const members = new Map<string, number[]>();
  for (const [i, ref] of cells.array) {
    const key = `${cells.sheet[i]}:${ref}`;
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  }
  let steps = 0;
  return wanted.map(({ sheet, address }) => {
    const id = hf.getSheetId(sheet);
    const start = decodeAddress(address);
    if (steps > DEPENDENTS_BUDGET) return null;
    if (id === undefined || !start) return [];
    const found = new Set<number>();
    const complete = walkDependents(hf, [{ address: { sheet: id, ...start }, tag: undefined }], (d) => {
      if (++steps > DEPENDENTS_BUDGET) return false;
      const i = "row" in d ? at(d) : undefined;
      if (i === undefined) return true;
      const ref = cells.array.get(i);
      for (const j of ref !== undefined ? members.get(`${cells.sheet[i]}:${ref}`)! : [i]) found.add(j);
      return true;
    });
    if (!complete) return null;
    const sorted = [...found].sort((a, b) => cells.placeOf(a) - cells.placeOf(b));
    return sorted.map((i) => ({ sheet: sheetNames[cells.sheet[i]], address: encodeAddress(cells.row[i], cells.col[i]) }));
  });
}

/** Marks every cell of an array formula's range when one of them is marked. */
function markArrays(cells: Cells, why: Map<number, string>): void {
  const marked = new Map<string, string>();
  for (const [i, reason] of why) {
    const ref = cells.array.get(i);
    if (ref !== undefined) marked.set(`${cells.sheet[i]}:${ref}`, reason);
  }
  if (marked.size === 0) return;
  for (const [i, ref] of cells.array) {
    const reason = marked.get(`${cells.sheet[i]}:${ref}`);
    if (reason !== undefined && !why.has(i)) why.set(i, `gehört zur Matrixformel ${ref}: ${reason}`);
  }
}

/* ---------- the copy with the recomputed values ---------- */

/** A value in a note, as German Excel shows it. */
function noteValue(v: Value | undefined): string {
  if (v === undefined) return "(kein Wert)";
  if (typeof v === "number") return germanNumber(v);
  return show(v);
}

/**
 * What the copy gets: each recomputed formula cell its value (a cell that
 * could not be recomputed keeps what Excel saved, and so does one whose error
 * Excel cannot store, #CYCLE! or #ERROR!); each dynamic array its new size
 * and the cells it now spills into; with --markieren a fill and a note on
 * each differing or erring cell and on each constant reported as an overtyped formula.
 */
function copyEdits(wb: Workbook, cells: Cells, status: Status[], spills: Map<number, Spill>, befunde: Befund[], markieren: boolean): SheetEdits[] {
  const edits: SheetEdits[] = wb.sheets.map(() => new Map());
  for (let i = 0; i < cells.length; i++) {
    const v = cells.recomputed(i);
    const e: CellEdit = {};
    if (status[i] !== "unchecked" && !(isError(v) && !EXCEL_ERRORS.has(v.error))) e.value = { v };
    if (markieren && status[i] === "mismatch") {
      e.mark = "abweichend";
      const both = typeof v === "number" && typeof cells.saved(i) === "number";
      const d = both ? `\nDifferenz: ${noteValue(Number(((v as number) - (cells.saved(i) as number)).toPrecision(15)))}` : "";
      e.note = `honorar recalc: abweichend\ngespeichert: ${noteValue(cells.saved(i))}\nneu berechnet: ${noteValue(v)}${d}`;
    } else if (markieren && status[i] !== "unchecked" && isError(v)) {
      e.mark = "fehler";
      e.note = `honorar recalc: ${v.error}${v.message ? `\n${v.message}` : ""}`;
    }
    if (e.value || e.mark) edits[cells.sheet[i]].set(place(cells.row[i], cells.col[i]), e);
  }
  for (const [i, spill] of spills) {
    const ref = cells.array.get(i)!;
    const [from, to = from] = ref.split(":").map((a) => decodeAddress(a)!);
    if (!spill.blocked && spill.height === to.row - from.row + 1 && spill.width === to.col - from.col + 1) continue;
    const sheet = edits[cells.sheet[i]];
    const anchor = sheet.get(place(from.row, from.col));
    if (!anchor?.value) continue;
    // A blocked spill keeps only its first cell (#SPILL!); the cells of its old range are emptied above.
    const one = spill.blocked || (spill.height === 1 && spill.width === 1);
    anchor.ref = one ? encodeAddress(from.row, from.col) : `${encodeAddress(from.row, from.col)}:${encodeAddress(from.row + spill.height - 1, from.col + spill.width - 1)}`;
    for (const [at, v] of spill.beyond) {
      const [r, c] = at.split(":").map(Number);
      sheet.set(place(from.row + r, from.col + c), { value: { v }, ...(markieren ? { mark: "abweichend" as const, note: `honorar recalc: Überlauf reicht neu bis hier (gespeichert ${ref})\nneu berechnet: ${noteValue(v)}` } : {}) });
    }
  }
  if (markieren) {
    const index = new Map(wb.sheets.map((s, k) => [s.name, k]));
    for (const b of befunde) {
      if (b.art !== "konstante-statt-formel" || b.blatt === undefined || b.zelle === undefined) continue;
      const a = decodeAddress(b.zelle)!;
      const sheet = edits[index.get(b.blatt)!];
      sheet.set(place(a.row, a.col), { ...sheet.get(place(a.row, a.col)), mark: "befund", note: `honorar recalc: ${b.grund}` });
    }
  }
  return edits;
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

export function show(v: Value | undefined): string {
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
  const pick = (keep: (status: Status, recomputed: Value) => boolean) => [...r.cells(keep)];
  table("Abweichungen:", pick((status) => status === "mismatch"));
  table("Nur Rundungsrauschen (höchstens 4 Einheiten der letzten Binärstelle, unsichtbar in Excels 15 Stellen):", pick((status) => status === "noise"));
  const errors = pick((_status, recomputed) => isError(recomputed));
  if (errors.length > 0) {
    lines.push("Fehler:");
    for (const c of errors) {
      const e = c.recomputed as { error: string; message?: string };
      lines.push(`  ${printable(c.sheet)}!${c.address}: ${e.error}${e.message ? `: ${printable(e.message)}` : ""}`);
    }
  }
  if (r.befunde.length > 0) {
    lines.push("Befunde:");
    for (const b of r.befunde) lines.push(`  ${b.blatt !== undefined ? `${printable(b.blatt)}!${b.zelle}: ` : ""}${printable(b.grund)}`);
  }
  lines.push(...provenanceLines(r.provenance));
  const m = r.summary;
  const noise = m.noise > 0 ? `, ${m.noise} nur im Rundungsrauschen` : "";
  const unchecked = m.unchecked > 0 ? `, ${m.unchecked} nicht nachgerechnet` : "";
  lines.push(`${m.cells} Formelzellen: ${m.matches} gleich, ${m.mismatches} abweichend${noise}, ${m.missing} ohne gespeicherten Wert${unchecked}; ${m.errors} mit Fehler.`);
  const n = r.provenance.szenario.length;
  if (n > 0) lines.push(`Gerechnet mit ${n === 1 ? "1 Szenariowert" : `${n} Szenariowerten`} der Befehlszeile (--wert): Abweichungen zeigen, was das Szenario gegenüber den gespeicherten Werten der Mappe bewegt.`);
  if (r.out) {
    const added = r.out.added > 0 ? `, ${r.out.added} neu im Überlauf` : "";
    lines.push(`Neu berechnete Werte geschrieben: ${printable(r.out.file)} (${r.out.written} Zellen${added}).`);
    if (r.out.marked !== undefined) {
      const missing = r.out.withoutNotes!.length > 0 ? `; ohne Notizen auf ${r.out.withoutNotes!.map(printable).join(", ")} (das Blatt hat schon Notizen oder Steuerelemente)` : "";
      const cut = r.out.notes! < r.out.marked && r.out.notes === MAX_NOTES ? ` (Notizen höchstens ${MAX_NOTES.toLocaleString("de-DE")})` : "";
      lines.push(`Markiert: ${r.out.marked} Zellen, ${r.out.notes} mit Notiz${cut}${missing}.`);
    }
  }
  return lines;
}

/**
 * 1 for mismatches; with strict checking (--streng) 4 when no value differs but
 * a finding fired, a cell errs, or nothing could be compared; otherwise 0.
 */
export function exitStatus(r: RecalcResult, streng = false): number {
  if (r.summary.mismatches > 0) return 1;
  if (streng && (r.befunde.length > 0 || r.summary.errors > 0)) return 4;
  return 0;
}

/**
 * The result as one JSON document, in pieces of about a thousand cells: a
 * million cells as one string would take more memory than the computation.
 */
export function* jsonChunks(r: RecalcResult): Generator<string> {
  const head = { file: r.file, provenance: r.provenance, settings: r.settings, summary: r.summary, befunde: r.befunde, erklaerungen: r.erklaerungen, ohneErklaerung: r.ohneErklaerung, ...(r.out ? { out: r.out } : {}) };
  yield `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "cells": [`;
  let batch: string[] = [];
  let first = true;
  for (const c of r.cells()) {
    batch.push(`    ${JSON.stringify(c)}`);
    if (batch.length === 1000) {
      yield `${first ? "" : ",\n"}${batch.join(",\n")}`;
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${first ? "" : ",\n"}${batch.join(",\n")}`;
  yield "  ]\n}";
}

const URTEIL: Record<Status, string> = { match: "gleich", noise: "Rundungsrauschen", mismatch: "abweichend", missing: "ohne gespeicherten Wert", unchecked: "nicht nachgerechnet" };

/** A number as German Excel reads and shows it (CSV, notes, the report): decimal comma, every digit of the double. */
export function germanNumber(n: number): string {
  return String(n).replace(".", ",");
}

/**
 * A CSV field: quoted when it must be, and text that a spreadsheet would take
 * for a formula (=, +, -, @, tab, carriage return at the start) is prefixed
 * with an apostrophe, so that opening the file runs nothing (OWASP, "CSV Injection").
 */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "number") return germanNumber(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvValue(v: Value | undefined): string | number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v ? "WAHR" : "FALSCH";
  if (isError(v)) return v.error;
  return v;
}

/**
 * All formula cells as CSV for German Excel (semicolon, decimal comma, UTF-8
 * with byte order mark): sheet, cell, formula, saved and recomputed value,
 * absolute and relative difference, verdict and message.
 */
export function csvOf(r: RecalcResult): string {
  // The file travels alone: its header says when the recomputed values rest on a scenario of the command line.
  const neu = r.provenance.szenario.length > 0 ? "neu berechnet mit Szenario (--wert)" : "neu berechnet";
  const rows = [["Blatt", "Zelle", "Formel", "gespeichert", neu, "Differenz", "relative Differenz", "Urteil", "Meldung"].join(";")];
  for (const c of r.cells()) {
    const both = typeof c.saved === "number" && typeof c.recomputed === "number";
    const diff = both ? (c.recomputed as number) - (c.saved as number) : undefined;
    const relative = both && c.saved !== 0 ? diff! / Math.abs(c.saved as number) : undefined;
    const message = isError(c.recomputed) ? c.recomputed.message : undefined;
    rows.push([c.sheet, c.address, `=${c.formula}`, csvValue(c.saved), csvValue(c.recomputed), diff, relative, URTEIL[c.status], message].map(csvField).join(";"));
  }
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}
