import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, RawTranslationPackage, SimpleRangeValue } from "hyperformula";
import { Arg, Raw } from "../api/args";
import { PRAXIS } from "../api/praxis";
import { EngineError, ErrorKind } from "../engine/errors";

/**
 * The PRAXIS functions as a HyperFormula plugin, so that the CLI evaluates
 * formulas with a real spreadsheet engine: Excel's own functions (ROUND/RUNDEN,
 * SUM/SUMME, …) work beside ours, in English or German syntax.
 */
const HF_ERROR: Record<ErrorKind, ErrorType> = { wert: ErrorType.VALUE, nv: ErrorType.NA, zahl: ErrorType.NUM };

function fromHfScalar(v: unknown): Raw {
  if (typeof v === "symbol") return null; // EmptyValue: an empty cell
  if (typeof v === "object" && v !== null && "val" in v) return (v as { val: number }).val; // dates, currencies …
  return v as Raw;
}

function fromHf(v: unknown): Arg {
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(fromHfScalar));
  return fromHfScalar(v);
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
    // Range parameters take ANY so that both a single value and a cell range arrive.
    parameters: def.params.map((p, i) => ({
      argumentType: def.ranges?.includes(p) ? FunctionArgumentType.ANY : FunctionArgumentType.SCALAR,
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
  proto[method] = function (this: FunctionPlugin, ast: never, state: never) {
    return this.runFunction((ast as { args: never }).args, state, this.metadata(name), (...args: unknown[]) => {
      try {
        const out = def.run(args.map(fromHf));
        if (!Array.isArray(out)) return out;
        if (!def.spill) return new CellError(ErrorType.VALUE, "Tabellenergebnis ohne Größenangabe.");
        const size = sizeOf(ast);
        // A table larger than announced would be cut off silently: an error instead.
        if (out.length > size.rows || out.some((r) => r.length > size.cols)) {
          return new CellError(ErrorType.VALUE, `Tabelle mit ${out.length} Zeilen größer als vorab bestimmt (${size.rows}); Argumente als Konstanten angeben.`);
        }
        return toHfRange(out, size);
      } catch (e) {
        if (e instanceof EngineError) return new CellError(HF_ERROR[e.kind], e.message);
        return new CellError(ErrorType.VALUE, `Interner Fehler: ${e instanceof Error ? e.message : String(e)}`);
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
  const names = Object.fromEntries([...Object.keys(implemented), ...Object.keys(aliases)].map((n) => [n, n]));
  HyperFormula.registerFunctionPlugin(PraxisPlugin, { enGB: names, deDE: names });
}

export type Syntax = "de" | "en";

/** Splits a formula into code and string-literal pieces, so rewrites never touch text in quotes. */
export function mapCode(formula: string, f: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((piece, i) => (i % 2 === 1 ? piece : f(piece)))
    .join("");
}

/**
 * German syntax is recognised by the semicolon as argument separator, outside
 * strings and outside array constants (where ";" separates rows in English too),
 * or by "|" as row separator inside an array constant.
 */
export function detectSyntax(formula: string): Syntax {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  // "|" separates rows of an array constant only in German syntax.
  if (/\{[^{}]*\|[^{}]*\}/.test(code)) return "de";
  return code.replace(/\{[^{}]*\}/g, "{}").includes(";") ? "de" : "en";
}

/**
 * Lexical clean-up before HyperFormula parses: a leading "=" is optional, and
 * bare WAHR/FALSCH/TRUE/FALSE become function calls (HyperFormula knows
 * booleans only as functions).
 */
export function normalize(formula: string, syntax: Syntax): string {
  const text = formula.trim().startsWith("=") ? formula.trim() : `=${formula.trim()}`;
  return mapCode(text, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.])(WAHR|FALSCH|TRUE|FALSE)(?![A-Za-z0-9_.(]|\s*\()/gi, (_m, pre: string, word: string) => {
      const yes = /^(wahr|true)$/i.test(word);
      const name = syntax === "de" ? (yes ? "WAHR" : "FALSCH") : yes ? "TRUE" : "FALSE";
      return `${pre}${name}()`;
    }),
  );
}

export interface Evaluated {
  ok: boolean;
  /** The value as text (numbers with a decimal point), or the error code. */
  text: string;
  value?: number | string | boolean;
  error?: { code: string; message: string };
  /** A spilled table result, cell texts by row (text then holds the rows, tab-separated). */
  table?: string[][];
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

export function evaluateFormula(formula: string, syntax: Syntax = detectSyntax(formula)): Evaluated {
  registerPraxis();
  const config =
    syntax === "de"
      ? { licenseKey: "gpl-v3", language: "deDE", functionArgSeparator: ";", decimalSeparator: "," as const, thousandSeparator: "" as const, arrayColumnSeparator: ";" as const, arrayRowSeparator: "|" as const }
      : { licenseKey: "gpl-v3" };
  let hf: HyperFormula;
  try {
    hf = HyperFormula.buildFromArray([[normalize(formula, syntax)]], config);
  } catch (e) {
    return { ok: false, text: "#ERROR!", error: { code: "#ERROR!", message: e instanceof Error ? e.message : String(e) } };
  }
  const v = hf.getCellValue({ sheet: 0, row: 0, col: 0 });
  const spilled = hf.getSheetValues(0);
  hf.destroy();
  const result = evaluated(v, syntax);
  if (result.ok && (spilled.length > 1 || (spilled[0]?.length ?? 0) > 1)) {
    const table = spilled.map((row) => row.map((cell) => evaluated(cell, syntax).text));
    // A table is sized before evaluation for its longest form; the padding rows at the end are not output.
    while (table.length > 1 && table[table.length - 1].every((cell) => cell === "")) table.pop();
    result.table = table;
    result.text = result.table.map((row) => row.join("\t")).join("\n");
  }
  return result;
}

function evaluated(v: unknown, syntax: Syntax): Evaluated {
  if (v !== null && typeof v === "object") {
    const err = v as { type: string; value: string; message: string };
    const code = ERROR_CODE[err.type] ?? err.value;
    return { ok: false, text: code, error: { code, message: err.message } };
  }
  if (typeof v === "boolean") return { ok: true, text: syntax === "de" ? (v ? "WAHR" : "FALSCH") : v ? "TRUE" : "FALSE", value: v };
  if (v === null || v === undefined) return { ok: true, text: "", value: "" };
  return { ok: true, text: String(v), value: v as number | string };
}
