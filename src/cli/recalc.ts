import { existsSync, readFileSync, statSync, writeFileSync } from "fs";
import ExcelJS from "exceljs";
import { DenseSparseChooseBasedOnThreshold, DetailedCellError, HyperFormula, RawCellContent } from "hyperformula";
import JSZip from "jszip";
import { DateSystem, parseStichtag, serialOf, useDateSystem } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { findKv } from "../engine/hvm";
import { getSettings, restoreSettings, setSettings, SETTINGS_KEYS } from "../settings/settings";
import { ERROR_CODE, mapCode, normalize, registerPraxis } from "./formula";

/**
 * `honorar recalc`: recomputes every formula of a workbook with HyperFormula
 * and the PRAXIS plugin, and compares with the values Excel saved. Only file
 * handling and cell mapping live here; every rule is in the engine.
 */

/** A cell value as saved by Excel or recomputed; errors by their Excel code. */
export type Value = number | string | boolean | null | { error: string; message?: string };

export interface CellResult {
  sheet: string;
  address: string;
  /** The formula as the file stores it (for cells of an array formula: the formula of its first cell). */
  formula: string;
  /** The range of the array formula this cell belongs to. */
  array?: string;
  /** undefined: the file holds no cached value. */
  saved?: Value;
  recomputed: Value;
  status: "match" | "mismatch" | "missing";
}

export interface RecalcResult {
  file: string;
  settings: { stichtag?: string; kv?: string; overrides: number; from: Record<string, "Arbeitsmappe" | "Befehlszeile"> };
  cells: CellResult[];
  summary: { cells: number; matches: number; mismatches: number; missing: number; errors: number };
  /** With --out: the file written, cells written, and cells of the results the file has no element for. */
  out?: { file: string; written: number; notInFile: number };
}

export interface RecalcOptions {
  out?: string;
  stichtag?: string;
  kv?: string;
}

/** Input that cannot be recomputed at all: exit status 2 with this message. */
export class UnusableInput extends Error {}

/*
 * Numbers match when they differ by at most 1e-12 of the larger magnitude (or
 * 1e-12 absolute near zero). Excel saves IEEE doubles (~16 significant digits)
 * and shows 15; Excel and HyperFormula may sum or multiply in a different order,
 * which moves the last one or two binary digits (relative 1e-16). 1e-12 lies four
 * orders above that noise and far below any real difference: a cent on any
 * amount under 10^10 € is a mismatch.
 */
const RELATIVE_TOLERANCE = 1e-12;

export function sameValue(saved: Value, recomputed: Value): boolean {
  if (typeof saved === "number" && typeof recomputed === "number") {
    return Math.abs(saved - recomputed) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(saved), Math.abs(recomputed));
  }
  if (isError(saved) || isError(recomputed)) return isError(saved) && isError(recomputed) && saved.error === recomputed.error;
  // An empty result and empty text are the same cell to Excel.
  return (saved ?? "") === (recomputed ?? "");
}

function isError(v: Value | undefined): v is { error: string; message?: string } {
  return v !== null && typeof v === "object";
}

/* ---------- reading the file ---------- */

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_SIGNATURE = [0x50, 0x4b];

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

async function openWorkbook(file: string): Promise<{ zip: JSZip; workbook: ExcelJS.Workbook }> {
  if (!existsSync(file)) throw new UnusableInput(`Datei nicht gefunden: ${file}`);
  if (statSync(file).isDirectory()) throw new UnusableInput(`${file} ist ein Verzeichnis, keine Arbeitsmappe.`);
  const buffer = readFileSync(file);
  // Excel encrypts a workbook with a password into an OLE compound file, the container of the old .xls format too.
  if (startsWith(buffer, OLE_SIGNATURE)) {
    throw new UnusableInput(`${file} ist passwortgeschützt oder altes .xls-Format: ohne Kennwort in Excel als .xlsx speichern.`);
  }
  if (!startsWith(buffer, ZIP_SIGNATURE)) throw new UnusableInput(`${file} ist keine Excel-Arbeitsmappe (.xlsx).`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (e) {
    throw new UnusableInput(`${file} ist beschädigt (ZIP-Archiv nicht lesbar: ${message(e)}).`);
  }
  if (!zip.file("xl/workbook.xml")) throw new UnusableInput(`${file} ist keine Excel-Arbeitsmappe (.xlsx): xl/workbook.xml fehlt.`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnusableInput(`${file} ist beschädigt (${message(e)}).`);
  }
  if (workbook.worksheets.length === 0) throw new UnusableInput(`${file} enthält kein Tabellenblatt.`);
  return { zip, workbook };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The task pane's document settings, as Excel stores them with the add-in
 * (xl/webextensions/webextension*.xml, <we:property name=… value=…/>, value JSON-encoded).
 */
async function storedSettings(zip: JSZip): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  const parts = zip.file(/^xl\/webextensions\/webextension\d*\.xml$/);
  for (const part of parts) {
    const xml = await part.async("string");
    for (const m of xml.matchAll(/<(?:\w+:)?property\s+name="([^"]*)"\s+value="([^"]*)"/g)) {
      const name = unescapeXml(m[1]);
      if (!Object.values(SETTINGS_KEYS).includes(name as never)) continue;
      const raw = unescapeXml(m[2]);
      try {
        found.set(name, JSON.parse(raw));
      } catch {
        found.set(name, raw); // restoreSettings reports what does not read
      }
    }
  }
  return found;
}

function unescapeXml(s: string): string {
  return s.replace(/&(quot|apos|lt|gt|amp|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()];
    return String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/* ---------- cells ---------- */

/** A <c> element of SpreadsheetML (namespace prefix optional): prefix, attributes, inner XML. */
const CELL_XML = /<((?:\w+:)?)c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1c>)/g;

/**
 * The cached values of a sheet's cells, read from its XML: exceljs reads a
 * cached formula result of 0 as no result at all, which would hide zeros.
 */
function cachedValues(xml: string): Map<string, Value | undefined> {
  const values = new Map<string, Value | undefined>();
  for (const m of xml.matchAll(CELL_XML)) {
    const address = /\br="([A-Z]+\d+)"/.exec(m[2])?.[1];
    if (!address) continue;
    const type = /\bt="([^"]*)"/.exec(m[2])?.[1] ?? "n";
    const inner = m[3] ?? "";
    const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
    if (type === "inlineStr") {
      values.set(address, [...inner.matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g)].map((t) => unescapeXml(t[1])).join(""));
    } else if (v === undefined || type === "s") {
      values.set(address, undefined); // no value, or an index into the shared strings that exceljs resolves
    } else if (type === "e") values.set(address, { error: unescapeXml(v) });
    else if (type === "b") values.set(address, v.trim() === "1");
    else if (type === "str") values.set(address, unescapeXml(v));
    else values.set(address, Number(v));
  }
  return values;
}

/** A saved cell value or cached formula result (a date exceljs decoded as Excel's serial number); undefined when there is none. */
function savedValue(v: unknown, system: DateSystem): Value | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return serialOf(v.getTime(), system);
  const o = v as { error?: string; richText?: { text: string }[]; text?: unknown };
  if (o.error) return { error: o.error };
  if (o.richText) return o.richText.map((r) => r.text).join("");
  if (o.text !== undefined) return savedValue(o.text, system); // hyperlinks
  return undefined;
}

/** A constant as HyperFormula input: text keeps its apostrophe so that "123" or "=x" stay text. */
function toInput(v: Value | undefined): RawCellContent {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return `'${v}`;
  if (isError(v)) return v.error;
  return v;
}

/** Prefix for other add-ins' functions: a name HyperFormula parses and never knows. */
const OTHER_ADDIN = "XLDUDF_";

/**
 * A formula as the file stores it, in the form HyperFormula reads: custom
 * functions as Excel writes them (_xldudf_PRAXIS_NAME) become PRAXIS.NAME, the
 * prefixes of newer built-ins (_xlfn., _xlws.) go; text in quotes is untouched.
 */
export function toHfFormula(formula: string): string {
  const code = mapCode(formula, (c) =>
    c
      .replace(/_xldudf_PRAXIS_([A-Z0-9_]+)\s*\(/gi, (_m, name: string) => `PRAXIS.${name.toUpperCase()}(`)
      // Another add-in's function: the cell reports #NAME? (Excel without that add-in does the same).
      .replace(/_xldudf_([A-Z0-9_]+)\s*\(/gi, (_m, name: string) => `${OTHER_ADDIN}${name}(`)
      .replace(/_xlfn\.|_xlws\./gi, ""),
  );
  return normalize(code, "en");
}

interface FormulaCell {
  sheet: number;
  row: number;
  col: number;
  address: string;
  formula: string;
  array?: string;
  saved?: Value;
}

function decode(address: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(address)!;
  const col = [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

function encode(row: number, col: number): string {
  let name = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

// exceljs's own routine that moves a shared formula's relative references to another cell.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { slideFormula } = require("exceljs/lib/utils/shared-formula") as { slideFormula(formula: string, from: string, to: string): string };

/**
 * The formula of a cell that shares its master's formula. exceljs's cell.formula
 * getter also moves "references" inside text ("Q4/2023" becomes "Q5/2023" one
 * row down); Excel leaves text alone, so only the code between quotes moves.
 */
function sharedFormula(ws: ExcelJS.Worksheet, master: string, address: string): string {
  return mapCode(ws.getCell(master).formula, (code) => slideFormula(code, master, address));
}

/** The sheets as HyperFormula input and the formula cells to check. */
function readCells(workbook: ExcelJS.Workbook, cached: Map<string, Map<string, Value | undefined>>, system: DateSystem): { sheets: Record<string, RawCellContent[][]>; cells: FormulaCell[] } {
  const sheets: Record<string, RawCellContent[][]> = {};
  const cells: FormulaCell[] = [];
  workbook.worksheets.forEach((ws, index) => {
    const saved = cached.get(ws.name) ?? new Map<string, Value | undefined>();
    /** The value from the XML (dates as Excel's serial numbers); exceljs's reading where the XML defers to the shared strings. */
    const savedAt = (address: string, fallback: unknown): Value | undefined => saved.get(address) ?? savedValue(fallback, system);
    const grid: RawCellContent[][] = [];
    const put = (row: number, col: number, content: RawCellContent) => {
      (grid[row] ??= [])[col] = content;
    };
    const arrayCells = new Map<string, FormulaCell>();
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return; // shows the merge's first cell, holds nothing itself
        const r = Number(cell.row) - 1;
        const c = Number(cell.col) - 1;
        if (cell.type !== ExcelJS.ValueType.Formula) {
          put(r, c, toInput(savedAt(cell.address, cell.value)));
          return;
        }
        const value = cell.value as { shareType?: string; ref?: string; sharedFormula?: string; result?: unknown };
        const formula = value.sharedFormula ? sharedFormula(ws, value.sharedFormula, cell.address) : cell.formula;
        const fc: FormulaCell = { sheet: index, row: r, col: c, address: cell.address, formula, saved: savedAt(cell.address, value.result) };
        if (value.shareType === "array" && value.ref) {
          // An array formula (Excel's {…} or a spilled dynamic array): computed in its first cell,
          // the other cells of its range hold only saved values and stay empty for HyperFormula.
          fc.array = value.ref;
          const [from, to = from] = value.ref.split(":").map(decode);
          // Cut to the saved range: HyperFormula sizes a PRAXIS table for its longest form, Excel spills the actual one.
          put(r, c, `=ARRAY_CONSTRAIN(ARRAYFORMULA(${toHfFormula(formula).slice(1)}),${to.row - from.row + 1},${to.col - from.col + 1})`);
          for (let ar = from.row; ar <= to.row; ar++) {
            for (let ac = from.col; ac <= to.col; ac++) {
              if (ar === r && ac === c) continue;
              arrayCells.set(`${ar}:${ac}`, { sheet: index, row: ar, col: ac, address: encode(ar, ac), formula, array: value.ref });
            }
          }
        } else {
          put(r, c, toHfFormula(formula));
        }
        cells.push(fc);
      }),
    );
    for (const [key, fc] of arrayCells) {
      const [r, c] = key.split(":").map(Number);
      const content = ws.getCell(r + 1, c + 1);
      fc.saved = savedAt(fc.address, content.type === ExcelJS.ValueType.Null ? undefined : content.value);
      if (grid[r]) grid[r][c] = null;
      cells.push(fc);
    }
    // HyperFormula takes rows of any length but no holes; Array.from fills them (map would keep them).
    sheets[ws.name] = Array.from({ length: grid.length }, (_, r) => Array.from(grid[r] ?? [], (v) => v ?? null));
  });
  cells.sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.col - b.col);
  return { sheets, cells };
}

/** HyperFormula's own messages in German; the PRAXIS functions' messages are German already. */
function germanMessage(e: DetailedCellError): string | undefined {
  if (e.type === "CYCLE") return "Zirkelbezug";
  const name = /^Function name (.+) not recognized\.$/.exec(e.message)?.[1];
  if (name?.startsWith(OTHER_ADDIN)) return `Funktion ${name.slice(OTHER_ADDIN.length)} eines anderen Add-ins, hier nicht verfügbar`;
  if (name) return `Unbekannte Funktion ${name}`;
  const unknownName = /^Named expression (.+) not recognized\.$/.exec(e.message)?.[1];
  if (unknownName) return `Unbekannter Name ${unknownName}`;
  if (e.type === "ERROR") return `Formel nicht lesbar (${e.message})`;
  return e.message || undefined;
}

function fromHf(v: unknown): Value {
  if (v instanceof DetailedCellError) return { error: ERROR_CODE[v.type] ?? v.value, message: germanMessage(v) };
  if (v === undefined) return null;
  return v as Value;
}

/* ---------- defined names ---------- */

interface DefinedName {
  name: string;
  expression: string;
  /** The sheet a local name belongs to. */
  sheet?: string;
}

/** The workbook's names (Formeln › Namen definieren), without Excel's internal ones (_xlnm.Print_Area …). */
async function definedNames(zip: JSZip): Promise<DefinedName[]> {
  const xml = await zip.file("xl/workbook.xml")!.async("string");
  const sheetNames = [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => unescapeXml(m[1]));
  const names: DefinedName[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[1])?.[1] ?? "");
    if (!name || name.startsWith("_xlnm.")) continue;
    const local = /\blocalSheetId="(\d+)"/.exec(m[1])?.[1];
    names.push({ name, expression: toHfFormula(unescapeXml(m[2])), ...(local !== undefined ? { sheet: sheetNames[Number(local)] } : {}) });
  }
  return names;
}

/** The names HyperFormula accepts; a formula using another one shows #NAME? in its cell instead of failing the workbook. */
function usableNames(names: DefinedName[], sheets: string[], config: object): { name: string; expression: string; scope?: number }[] {
  if (names.length === 0) return [];
  const probe = HyperFormula.buildEmpty(config);
  sheets.forEach((s) => probe.addSheet(s));
  const usable = names
    .map((n) => ({ name: n.name, expression: n.expression, ...(n.sheet !== undefined ? { scope: probe.getSheetId(n.sheet) } : {}) }))
    .filter((n) => ("scope" in n ? n.scope !== undefined : true) && probe.isItPossibleToAddNamedExpression(n.name, n.expression, n.scope));
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
      throw new UnusableInput(`--stichtag: ${e instanceof EngineError ? e.message : message(e)}`);
    }
    from.stichtag = "Befehlszeile";
  }
  if (options.kv !== undefined) {
    try {
      setSettings({ kv: findKv(options.kv).id });
    } catch (e) {
      throw new UnusableInput(`--kv: ${e instanceof EngineError ? e.message : message(e)}`);
    }
    from.kv = "Befehlszeile";
  }
  const s = getSettings();
  return { stichtag: s.stichtag, kv: s.kv, overrides: s.overrides?.length ?? 0, from };
}

/* ---------- recompute ---------- */

/** A sheet filled below this share of its bounding rectangle is stored sparsely; dense storage pays off for nearly full sheets only. */
const SPARSE_BELOW_FILL = 0.8;

export async function recalc(file: string, options: RecalcOptions = {}): Promise<RecalcResult> {
  const { zip, workbook } = await openWorkbook(file);
  const system: DateSystem = (workbook.properties as { date1904?: boolean }).date1904 ? 1904 : 1900;
  const settings = applySettings(await storedSettings(zip), options, system);
  const parts = await sheetParts(zip);
  const cached = new Map<string, Map<string, Value | undefined>>();
  for (const [name, path] of parts) cached.set(name, cachedValues((await zip.file(path)?.async("string")) ?? ""));
  const { sheets, cells } = readCells(workbook, cached, system);
  registerPraxis();
  const config = {
    licenseKey: "gpl-v3",
    // Excel's sheet size; HyperFormula's default stops at 40,000 rows.
    maxRows: 1048576,
    maxColumns: 16384,
    // The default dense mapping allocates width × height: one cell at XFD1048576 would take gigabytes.
    chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(SPARSE_BELOW_FILL),
    ...(system === 1904 ? { nullDate: { year: 1904, month: 1, day: 1 } } : {}),
  };
  let hf: HyperFormula;
  try {
    hf = HyperFormula.buildFromSheets(sheets, config, usableNames(await definedNames(zip), Object.keys(sheets), config));
  } catch (e) {
    throw new UnusableInput(`${file}: die Arbeitsmappe lässt sich nicht aufbauen (${message(e)}).`);
  }
  const sheetIds = workbook.worksheets.map((ws) => hf.getSheetId(ws.name)!);
  const results: CellResult[] = cells.map((fc) => {
    const recomputed = fromHf(hf.getCellValue({ sheet: sheetIds[fc.sheet], row: fc.row, col: fc.col }));
    const status = fc.saved === undefined ? "missing" : sameValue(fc.saved, recomputed) ? "match" : "mismatch";
    return { sheet: workbook.worksheets[fc.sheet].name, address: fc.address, formula: fc.formula, ...(fc.array ? { array: fc.array } : {}), saved: fc.saved, recomputed, status };
  });
  hf.destroy();
  const out = options.out ? await writeValues(zip, parts, results, options.out) : undefined;
  return {
    file,
    settings,
    cells: results,
    summary: {
      cells: results.length,
      matches: results.filter((c) => c.status === "match").length,
      mismatches: results.filter((c) => c.status === "mismatch").length,
      missing: results.filter((c) => c.status === "missing").length,
      errors: results.filter((c) => isError(c.recomputed)).length,
    },
    ...(out ? { out } : {}),
  };
}

/* ---------- writing the recomputed values ---------- */

/** Error values Excel reads from a file; others (#CYCLE!, #ERROR!) are written as no cached value. */
const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"]);

/** The cached value of a cell as SpreadsheetML: the t attribute and the <v> element. */
function cachedXml(v: Value, prefix: string): { t?: string; v?: string } {
  if (v === null || v === "") return {};
  if (typeof v === "number") return { v: `<${prefix}v>${String(v)}</${prefix}v>` };
  if (typeof v === "boolean") return { t: "b", v: `<${prefix}v>${v ? 1 : 0}</${prefix}v>` };
  if (typeof v === "string") return { t: "str", v: `<${prefix}v>${escapeXml(v)}</${prefix}v>` };
  return EXCEL_ERRORS.has(v.error) ? { t: "e", v: `<${prefix}v>${v.error}</${prefix}v>` } : {};
}

/**
 * Writes the recomputed values as cached results into a copy of the package.
 * The XML is patched in place rather than rewritten by exceljs, which drops
 * parts it does not know, among them the add-in's task pane and settings.
 */
async function writeValues(zip: JSZip, parts: Map<string, string>, results: CellResult[], out: string): Promise<RecalcResult["out"]> {
  let written = 0;
  for (const [sheet, path] of parts) {
    const mine = new Map(results.filter((r) => r.sheet === sheet).map((r) => [r.address, r.recomputed]));
    if (mine.size === 0) continue;
    const xml = await zip.file(path)!.async("string");
    const patched = xml.replace(CELL_XML, (whole, prefix: string, attrs: string, inner = "") => {
      const address = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      if (!address || !mine.has(address)) return whole;
      written++;
      const { t, v } = cachedXml(mine.get(address)!, prefix);
      const keep = attrs.replace(/\s+t="[^"]*"/, "");
      const formula = /<(?:\w+:)?f\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?f>)/.exec(inner)?.[0] ?? "";
      const body = `${formula}${v ?? ""}`;
      return `<${prefix}c${keep}${t ? ` t="${t}"` : ""}${body ? `>${body}</${prefix}c>` : "/>"}`;
    });
    zip.file(path, patched);
  }
  try {
    writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  } catch (e) {
    throw new UnusableInput(`--out: ${out} lässt sich nicht schreiben (${message(e)}).`);
  }
  // Excel writes every cell of a spilled range; a tool that leaves them out gets only the first cell's value.
  return { file: out, written, notInFile: results.length - written };
}

/** Sheet name → path of its XML part, from the workbook and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1])?.[1];
    const t = /\bTarget="([^"]*)"/.exec(m[1])?.[1];
    if (id && t) target.set(id, t.startsWith("/") ? t.slice(1) : `xl/${t}`);
  }
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[1])?.[1];
    if (name && id && target.has(id)) parts.set(unescapeXml(name), target.get(id)!);
  }
  return parts;
}

/* ---------- output ---------- */

function show(v: Value | undefined): string {
  if (v === undefined) return "(kein Wert)";
  if (v === null) return "(leer)";
  if (isError(v)) return v.error;
  if (typeof v === "boolean") return v ? "WAHR" : "FALSCH";
  return String(v);
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The human report: mismatches as a table, error messages, the settings used and a summary line. */
export function report(r: RecalcResult): string[] {
  const lines: string[] = [];
  const bad = r.cells.filter((c) => c.status === "mismatch");
  if (bad.length > 0) {
    const rows = [["Blatt", "Zelle", "Formel", "gespeichert", "neu berechnet"], ...bad.map((c) => [c.sheet, c.address, cut(`=${c.formula}`, 60), show(c.saved), show(c.recomputed)])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    lines.push("Abweichungen:");
    for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()}`);
  }
  const errors = r.cells.filter((c) => isError(c.recomputed));
  if (errors.length > 0) {
    lines.push("Fehler:");
    for (const c of errors) {
      const e = c.recomputed as { error: string; message?: string };
      lines.push(`  ${c.sheet}!${c.address}: ${e.error}${e.message ? `: ${e.message}` : ""}`);
    }
  }
  const s = r.settings;
  const origin = (key: string) => (s.from[key] ? ` (${s.from[key]})` : "");
  lines.push(
    `Einstellungen: Stichtag ${s.stichtag ?? "heute"}${origin("stichtag")}, KV ${s.kv ? findKv(s.kv).name : "keine"}${origin("kv")}, eigene Werte ${s.overrides}${origin("overrides")}`,
  );
  const m = r.summary;
  lines.push(
    `${m.cells} Formelzellen: ${m.matches} gleich, ${m.mismatches} abweichend, ${m.missing} ohne gespeicherten Wert; ${m.errors} mit Fehler.`,
  );
  if (r.out) {
    const absent = r.out.notInFile > 0 ? `; ${r.out.notInFile} Zellen fehlen in der Datei und bleiben ohne Wert` : "";
    lines.push(`Neu berechnete Werte geschrieben: ${r.out.file} (${r.out.written} Zellen${absent}).`);
  }
  return lines;
}

export function exitStatus(r: RecalcResult): number {
  return r.summary.mismatches > 0 ? 1 : 0;
}
