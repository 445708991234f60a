import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, RawTranslationPackage, SimpleRangeValue } from "hyperformula";
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
const implemented: Record<string, { method: string; parameters: { argumentType: FunctionArgumentType; optionalArg?: boolean }[] }> = {};
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
  };
  aliases[`PRAXIS.${name}`] = name;
  (PraxisPlugin.prototype as unknown as Record<string, unknown>)[method] = function (this: FunctionPlugin, ast: never, state: never) {
    return this.runFunction((ast as { args: never }).args, state, this.metadata(name), (...args: unknown[]) => {
      try {
        return def.run(args.map(fromHf));
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
function mapCode(formula: string, f: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((piece, i) => (i % 2 === 1 ? piece : f(piece)))
    .join("");
}

/**
 * German syntax is recognised by the semicolon as argument separator, outside
 * strings and outside array constants (where ";" separates rows in English too).
 */
export function detectSyntax(formula: string): Syntax {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/\{[^{}]*\}/g, "{}");
  return code.includes(";") ? "de" : "en";
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
}

const ERROR_CODE: Record<string, string> = {
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
  hf.destroy();
  if (v !== null && typeof v === "object") {
    const code = ERROR_CODE[v.type] ?? v.value;
    return { ok: false, text: code, error: { code, message: v.message } };
  }
  if (typeof v === "boolean") return { ok: true, text: syntax === "de" ? (v ? "WAHR" : "FALSCH") : v ? "TRUE" : "FALSE", value: v };
  if (v === null) return { ok: true, text: "", value: "" };
  return { ok: true, text: String(v), value: v };
}
