import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, RawTranslationPackage, SimpleRangeValue } from "hyperformula";
import { Arg, Raw } from "../api/args";
import { PRAXIS } from "../api/praxis";
import { EngineError, ErrorKind } from "../engine/errors";
import { registerExcelFunctions } from "./excel-functions";
import { hfMeldung } from "./hf-meldungen";
import { mapPieces, pieces } from "./tokens";

/**
 * The PRAXIS functions as a HyperFormula plugin, so that the CLI evaluates
 * formulas with a real spreadsheet engine: Excel's own functions (ROUND/RUNDEN,
 * SUM/SUMME, …) work beside ours, in English or German syntax.
 */
const HF_ERROR: Record<ErrorKind, ErrorType> = { wert: ErrorType.VALUE, nv: ErrorType.NA, zahl: ErrorType.NUM };

/**
 * Marks the messages of the PRAXIS functions (German already) apart from
 * HyperFormula's own (English, translated by hfMeldung). A private-use
 * character that no message of ours contains otherwise.
 */
const PRAXIS_MARK = "\uE000";

/**
 * HyperFormula as Excel computes: without smartRounding it neither rounds a
 * result to 10 significant digits nor compares numbers with a tolerance
 * (HyperFormula docs, "Configuration options": smartRounding, precisionRounding,
 * precisionEpsilon), so a value keeps every bit of its IEEE double as Excel's
 * does. useArrayArithmetic evaluates every formula as Excel's dynamic arrays do
 * ("Dynamic array formulas and spilled array behavior", Microsoft Support):
 * {1,2}*2 is an array, and SUMPRODUCT((A1:A3>0)*B1:B3) multiplies element-wise.
 */
export const HF_CONFIG = { licenseKey: "gpl-v3", smartRounding: false, useArrayArithmetic: true } as const;

/** An error the formula engine passes in place of a value. */
function isCellError(v: unknown): v is CellError {
  return v instanceof CellError;
}

function fromHfScalar(v: unknown): Raw {
  if (typeof v === "symbol") return null; // EmptyValue: an empty cell
  if (typeof v === "object" && v !== null && "val" in v) return (v as { val: number }).val; // dates, currencies …
  return v as Raw;
}

function fromHf(v: unknown): Arg {
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(fromHfScalar));
  return fromHfScalar(v);
}

/**
 * Excel does not call a custom function whose argument is an error, unless the
 * add-in's metadata sets allowErrorForDataTypeAny (Microsoft Learn, "Manually
 * create JSON metadata for custom functions", allowErrorForDataTypeAny, default
 * false; "Handle and return errors from your custom function", errors as
 * inputs). Ours does not: the error itself is the result. Which of several
 * errors Excel shows is not documented; the first from the left is taken here.
 */
function firstError(args: unknown[]): CellError | undefined {
  for (const a of args) {
    if (isCellError(a)) return a;
    if (a instanceof SimpleRangeValue) {
      for (const row of a.rawData()) for (const v of row) if (isCellError(v)) return v;
    }
  }
  return undefined;
}

class PraxisPlugin extends FunctionPlugin {}
interface Implemented {
  method: string;
  parameters: { argumentType: FunctionArgumentType; optionalArg?: boolean }[];
  repeatLastArgs?: number;
  sizeOfResultArrayMethod?: string;
  vectorizationForbidden?: boolean;
}
const implemented: Record<string, Implemented> = {};

/** The value of an argument written as a constant in the formula; undefined for references and expressions. */
function constantOf(ast: { type: string; value?: unknown }): Raw | undefined {
  if (ast.type === "NUMBER" || ast.type === "STRING") return ast.value as Raw;
  if (ast.type === "EMPTY") return null;
  return undefined;
}

/** A PRAXIS table without the padding toHfRange gave it: the rows of empty text at its end (one row always stays). */
export function withoutPadding<T>(rows: T[][]): T[][] {
  let n = rows.length;
  while (n > 1 && rows[n - 1].every((cell) => cell === "")) n--;
  return n === rows.length ? rows : rows.slice(0, n);
}

/** A table result as HyperFormula's range value, padded with empty text to the size announced before evaluation. */
function toHfRange(table: (number | string | boolean)[][], size: { rows: number; cols: number }): SimpleRangeValue {
  const rows = Array.from({ length: size.rows }, (_, r) => Array.from({ length: size.cols }, (_, c) => table[r]?.[c] ?? ""));
  return SimpleRangeValue.onlyValues(rows);
}
const aliases: Record<string, string> = {};
for (const [name, def] of Object.entries(PRAXIS)) {
  const method = `praxis_${name}`;
  implemented[name] = {
    method,
    // Range parameters take ANY so that both a single value and a cell range arrive. So do all of a table-valued
    // function's: HyperFormula would hand a SCALAR parameter only the first value of an array constant ({1;25}),
    // and a table cannot be lifted over an array, so the check below must see the whole array to refuse it.
    parameters: def.params.map((p, i) => ({
      argumentType: def.ranges?.includes(p) || def.spill ? FunctionArgumentType.ANY : FunctionArgumentType.SCALAR,
      optionalArg: i >= def.required,
    })),
    ...(def.repeating ? { repeatLastArgs: 1 } : {}),
  };
  aliases[`PRAXIS.${name}`] = name;
  const proto = PraxisPlugin.prototype as unknown as Record<string, unknown>;
  const sizeOf = (ast: { args: { type: string; value?: unknown }[] }) => def.spill!(ast.args.map(constantOf));
  if (def.spill) {
    implemented[name].sizeOfResultArrayMethod = `${method}_size`;
    implemented[name].vectorizationForbidden = true;
    proto[`${method}_size`] = (ast: never) => {
      const { rows, cols } = sizeOf(ast);
      return new ArraySize(cols, rows);
    };
  }
  const scalarAt = def.params.map((p) => !def.ranges?.includes(p));
  proto[method] = function (this: FunctionPlugin, ast: never, state: never) {
    return this.runFunction((ast as { args: never }).args, state, this.metadata(name), (...args: unknown[]) => {
      const error = firstError(args);
      if (error) return error;
      // A range reaches a single-value parameter only where the result cannot be lifted into an array (a table-valued function): never one value of it silently.
      const range = args.findIndex((a, i) => a instanceof SimpleRangeValue && a.width() * a.height() > 1 && scalarAt[Math.min(i, scalarAt.length - 1)]);
      if (range >= 0) return new CellError(ErrorType.VALUE, `${PRAXIS_MARK}${name}: ${def.params[Math.min(range, def.params.length - 1)]} erwartet einen Einzelwert, keinen Bereich und keine Matrix.`);
      try {
        const out = def.run(args.map(fromHf));
        if (!Array.isArray(out)) return out;
        if (!def.spill) return new CellError(ErrorType.VALUE, `${PRAXIS_MARK}Tabellenergebnis ohne Größenangabe.`);
        const size = sizeOf(ast);
        // A table larger than announced would be cut off silently: an error instead.
        if (out.length > size.rows || out.some((r) => r.length > size.cols)) {
          return new CellError(ErrorType.VALUE, `${PRAXIS_MARK}Tabelle mit ${out.length} Zeilen größer als vorab bestimmt (${size.rows}); Argumente als Konstanten angeben.`);
        }
        return toHfRange(out, size);
      } catch (e) {
        if (e instanceof EngineError) return new CellError(HF_ERROR[e.kind], PRAXIS_MARK + e.message);
        return new CellError(ErrorType.VALUE, `${PRAXIS_MARK}Interner Fehler: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };
}
(PraxisPlugin as unknown as { implementedFunctions: unknown }).implementedFunctions = implemented;
(PraxisPlugin as unknown as { aliases: unknown }).aliases = aliases;

let registered = false;
export function registerPraxis(): void {
  if (registered) return;
  registered = true;
  // The language packs are exported as subpaths that the commonjs resolution of this build cannot type.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const deDE = require("hyperformula/i18n/languages/deDE") as { default: RawTranslationPackage };
  HyperFormula.registerLanguage("deDE", deDE.default);
  registerExcelFunctions(deDE.default);
  const names = Object.fromEntries([...Object.keys(implemented), ...Object.keys(aliases)].map((n) => [n, n]));
  HyperFormula.registerFunctionPlugin(PraxisPlugin, { enGB: names, deDE: names });
}


export type Syntax = "de" | "en";

/** Rewrites the code of a formula outside text in quotes, sheet names and [brackets]; one linear pass. */
export function mapCode(formula: string, f: (code: string) => string): string {
  const out: string[] = [];
  let code: string[] = [];
  for (const p of pieces(formula)) {
    if (p.kind === "text") {
      out.push(f(code.join("")), p.text);
      code = [];
    } else code.push(p.text);
  }
  out.push(f(code.join("")));
  return out.join("");
}

/**
 * German syntax is recognised by the semicolon as argument separator, outside
 * strings and outside array constants (where ";" separates rows in English too),
 * or by "|" as row separator inside an array constant.
 */
export function detectSyntax(formula: string): Syntax {
  const code = mapCode(formula, (c) => c.replace(/[^{};|]/g, ""));
  // "|" separates rows of an array constant only in German syntax.
  if (/\{[^{}]*\|[^{}]*\}/.test(code)) return "de";
  return code.replace(/\{[^{}]*\}/g, "{}").includes(";") ? "de" : "en";
}

const BOOLEAN = /^(WAHR|FALSCH|TRUE|FALSE)$/i;
/** In a workbook formulas are stored in English: WAHR there may be a defined name, never a boolean. */
const STORED_BOOLEAN = /^(TRUE|FALSE)$/i;

/**
 * Lexical clean-up before HyperFormula parses: a leading "=" is optional, bare
 * WAHR/FALSCH/TRUE/FALSE become function calls (HyperFormula knows booleans
 * only as functions), and an exponent written with a capital E, as Excel
 * writes numbers (1E+300), is read as HyperFormula reads only the small e.
 */
export function normalize(formula: string, syntax: Syntax, stored = false): string {
  const text = formula.trim().startsWith("=") ? formula.trim() : `=${formula.trim()}`;
  let braces = 0;
  return mapPieces(text, (p, k, all) => {
    if (p.kind === "other" && (p.text === "{" || p.text === "}")) braces += p.text === "{" ? 1 : -1;
    if (p.kind === "text" && p.text.startsWith('"') && braces === 0) return hfString(p.text, syntax === "de" ? "ZEICHEN" : "CHAR");
    if (p.kind === "number") return p.text.replace("E", "e");
    if (p.kind === "name" && (stored ? STORED_BOOLEAN : BOOLEAN).test(p.text)) {
      let next = k + 1;
      while (all[next]?.kind === "other" && /\s/.test(all[next].text)) next++;
      // A function of that name, or a sheet (Falsch!A1), is no boolean.
      if (all[next]?.text === "(" || all[next]?.text === "!") return p.text;
      const yes = /^(wahr|true)$/i.test(p.text);
      return `${syntax === "de" ? (yes ? "WAHR" : "FALSCH") : yes ? "TRUE" : "FALSE"}()`;
    }
    return p.text;
  });
}

/**
 * An Excel text literal as HyperFormula reads it. Excel doubles a quote inside
 * text ("a""b"); HyperFormula knows no such escape and takes a backslash
 * before a quote as one, so text holding either is built from its pieces with
 * CHAR(34) and CHAR(92). Inside an array constant only literals are allowed:
 * there the text stays as written (and HyperFormula reports it unreadable).
 */
function hfString(literal: string, char: string): string {
  if (literal.length < 2 || !literal.endsWith('"')) return literal;
  const text = literal.slice(1, -1).replace(/""/g, '"');
  if (!/["\\]/.test(text)) return literal;
  const parts = text.split(/(["\\])/).filter((x) => x !== "").map((x) => (x === '"' ? `${char}(34)` : x === "\\" ? `${char}(92)` : `"${x}"`));
  return `(${parts.join("&")})`;
}

export interface Evaluated {
  ok: boolean;
  /** The value as text (numbers with a decimal point), or the error code. */
  text: string;
  value?: number | string | boolean;
  error?: { code: string; message: string };
  /** A spilled table result, cell texts by row (text then holds the rows, tab-separated). */
  table?: string[][];
  /** The same table, each cell evaluated (for output in German). */
  cells?: Evaluated[][];
}

export const ERROR_CODE: Record<string, string> = {
  VALUE: "#VALUE!",
  NA: "#N/A",
  NUM: "#NUM!",
  DIV_BY_ZERO: "#DIV/0!",
  NAME: "#NAME?",
  REF: "#REF!",
  CYCLE: "#CYCLE!",
  ERROR: "#ERROR!",
  SPILL: "#SPILL!",
  LIC: "#LIC!",
};

/** Prefix for other add-ins' functions: a name HyperFormula parses and never knows. */
export const OTHER_ADDIN = "XLDUDF_";

/**
 * Prefix for a name in a stored formula that Excel does not know as a
 * function but HyperFormula would compute: PRAXIS functions written without
 * the add-in's stored form, and HyperFormula's own functions. Excel shows
 * #NAME? there, and so does recalc.
 */
export const NOT_EXCEL = "XLKEINE_";

/** Prefix for a PRAXIS function in a stored formula written as typed, not as Excel stores it: not recomputed. */
export const UNCERTAIN = "XLUNSICHER_";

/** An error of the formula engine as Excel code and German message. */
export function errorOf(e: { type: string; value?: string; message: string }): { code: string; message: string } {
  const code = ERROR_CODE[e.type] ?? e.value ?? "#VALUE!";
  const m = e.message ?? "";
  if (m.startsWith(PRAXIS_MARK)) return { code, message: m.slice(PRAXIS_MARK.length) };
  if (e.type === "CYCLE") return { code, message: "Zirkelbezug" };
  const name = /^Function name (.+) not recognized\.$/.exec(m)?.[1];
  const marked = name === undefined ? undefined : markedFunction(name);
  if (marked) return { code, message: marked };
  return { code, message: hfMeldung(m) || PLAIN_MEANING[code] || "Fehler der Formelauswertung" };
}

/**
 * Why a function name the CLI marked is not computed: another add-in's, one
 * Excel does not have, or a PRAXIS function not in the form Excel stores it.
 * Undefined for any other name.
 */
export function markedFunction(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper.startsWith(OTHER_ADDIN)) return `Funktion ${name.slice(OTHER_ADDIN.length)} eines anderen Add-ins ist hier nicht verfügbar`;
  if (upper.startsWith(NOT_EXCEL)) return `Unbekannte Funktion ${name.slice(NOT_EXCEL.length)}: Excel kennt sie nicht unter diesem Namen`;
  if (upper.startsWith(UNCERTAIN)) {
    return `${name.slice(UNCERTAIN.length)} steht nicht in der Form, in der Excel PRAXIS-Funktionen speichert (_xldudf_PRAXIS_…); ob Excel sie so erkennt, ist ohne Excel nicht feststellbar`;
  }
  return undefined;
}

/** What an error means when the formula engine gives no reason (HyperFormula leaves #DIV/0! without one). */
const PLAIN_MEANING: Record<string, string> = {
  "#DIV/0!": "Division durch 0",
  "#N/A": "Wert nicht verfügbar",
  "#VALUE!": "Wert hat den falschen Typ",
  "#NUM!": "Zahl außerhalb des zulässigen Bereichs",
  "#REF!": "Bezug ungültig",
  "#NAME?": "Name unbekannt",
  "#NULL!": "Bereiche überschneiden sich nicht",
  "#SPILL!": "Überlaufbereich ist nicht leer",
  "#CALC!": "Berechnung nicht möglich",
};

/**
 * Excel's limit for the text of a formula: 8,192 characters ("Excel
 * specifications and limits", Microsoft Support). Longer input is no formula
 * Excel could hold; it gets a message instead of a parse that may not end.
 */
export const MAX_FORMULA_CHARS = 8192;

/** One formula engine per syntax for all formulas of a run: built once, the cell reused. */
const engines = new Map<Syntax, { hf: HyperFormula; sheet: number }>();

function engine(syntax: Syntax): { hf: HyperFormula; sheet: number } {
  let e = engines.get(syntax);
  if (!e) {
    registerPraxis();
    const config =
      syntax === "de"
        ? { ...HF_CONFIG, language: "deDE", functionArgSeparator: ";", decimalSeparator: "," as const, thousandSeparator: "" as const, arrayColumnSeparator: ";" as const, arrayRowSeparator: "|" as const }
        : { ...HF_CONFIG };
    const hf = HyperFormula.buildEmpty(config);
    const name = hf.addSheet("Formel");
    e = { hf, sheet: hf.getSheetId(name)! };
    engines.set(syntax, e);
  }
  return e;
}

export function evaluateFormula(formula: string, syntax: Syntax = detectSyntax(formula)): Evaluated {
  if (formula.length > MAX_FORMULA_CHARS) {
    const message = `Formel mit ${formula.length.toLocaleString("de-DE")} Zeichen; Excel erlaubt höchstens ${MAX_FORMULA_CHARS.toLocaleString("de-DE")}.`;
    return { ok: false, text: "#VALUE!", error: { code: "#VALUE!", message } };
  }
  const { hf, sheet } = engine(syntax);
  const at = { sheet, row: 0, col: 0 };
  let v: unknown;
  let spilled: unknown[][];
  try {
    hf.setCellContents(at, [[normalize(formula, syntax)]]);
    v = hf.getCellValue(at);
    spilled = hf.getSheetValues(sheet);
  } catch (e) {
    const message = e instanceof RangeError ? "Formel zu tief verschachtelt" : hfMeldung(e instanceof Error ? e.message : String(e));
    return { ok: false, text: "#ERROR!", error: { code: "#ERROR!", message } };
  } finally {
    hf.clearSheet(sheet);
  }
  const result = evaluated(v, syntax);
  if (result.ok && (spilled.length > 1 || (spilled[0]?.length ?? 0) > 1)) {
    // A table is sized before evaluation for its longest form; the padding rows at the end are not output.
    const cells = spilled.map((row) => row.map((cell) => evaluated(cell, syntax)));
    result.table = withoutPadding(cells.map((row) => row.map((cell) => cell.text)));
    result.cells = cells.slice(0, result.table.length);
    result.text = result.table.map((row) => row.join("\t")).join("\n");
  }
  return result;
}

function evaluated(v: unknown, syntax: Syntax): Evaluated {
  if (v !== null && typeof v === "object") {
    const error = errorOf(v as { type: string; value: string; message: string });
    return { ok: false, text: error.code, error };
  }
  if (typeof v === "boolean") return { ok: true, text: syntax === "de" ? (v ? "WAHR" : "FALSCH") : v ? "TRUE" : "FALSE", value: v };
  if (v === null || v === undefined) return { ok: true, text: "", value: "" };
  return { ok: true, text: String(v), value: v as number | string };
}

/**
 * The error codes as German Excel shows them, taken from HyperFormula's German
 * language pack (the one the German syntax parses with): #WERT!, #NV, #ZAHL!,
 * #BEZUG!, #ÜBERLAUF! …; codes only this engine has (#CYCLE!, #ERROR!) stay.
 */
let germanCodes: Map<string, string> | undefined;

export function germanErrorCode(code: string): string {
  if (!germanCodes) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deDE = require("hyperformula/i18n/languages/deDE") as { default: RawTranslationPackage };
    const errors = deDE.default.errors as Record<string, string>;
    germanCodes = new Map(Object.entries(ERROR_CODE).map(([type, en]) => [en, errors[type] ?? en]));
  }
  return germanCodes.get(code) ?? code;
}

/**
 * A number in German notation: decimal comma, a point between thousands and
 * every digit the double has (the shortest text that reads back as the same
 * double, as the English output shows it), nothing rounded: 173560.21 →
 * 173.560,21, 0.1 + 0.2 → 0,30000000000000004. Beyond 10^21 and below 10^-6
 * in the exponent form Excel shows there: 1,5E+21, 1E-07.
 */
export function germanDisplay(n: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-])(\d+))?$/.exec(String(Object.is(n, -0) ? 0 : n));
  if (!m) return String(n); // NaN and infinities never leave the formula engine as numbers
  const [, sign, int, frac, expSign, exp] = m;
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ".");
  return `${sign}${grouped}${frac ? `,${frac}` : ""}${exp ? `E${expSign}${exp.padStart(2, "0")}` : ""}`;
}

/** A result as the output shows it: in German (numbers, WAHR/FALSCH, error codes) when the formula is German. */
export function shownText(r: Evaluated, syntax: Syntax): string {
  if (syntax !== "de") return r.text;
  if (!r.ok && r.error) return germanErrorCode(r.error.code);
  if (typeof r.value === "number") return germanDisplay(r.value);
  return r.text;
}
