import Decimal from "decimal.js";
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, RawTranslationPackage } from "hyperformula";

/**
 * Excel's rounding functions where HyperFormula's differ. HyperFormula rounds
 * the binary double (ROUND(1.005;2) = 1, since 1.005 is stored as
 * 1.00499999…); Excel rounds the number as it keeps and shows it, to 15
 * significant digits ("Excel specifications and limits", number precision 15
 * digits; "Floating-point arithmetic may give inaccurate results in Excel",
 * Microsoft Support), so ROUND(1.005;2) = 1,01. Half-way cases go away from
 * zero ("ROUND function", Microsoft Support). INT rounds down, also for
 * negative numbers (INT(-8,9) = -9, "INT function"); HyperFormula truncates.
 * PI() is the double nearest to π, not its 15-digit display.
 */
const MODES = { ROUND: Decimal.ROUND_HALF_UP, ROUNDUP: Decimal.ROUND_UP, ROUNDDOWN: Decimal.ROUND_DOWN, TRUNC: Decimal.ROUND_DOWN } as const;

/**
 * The number as Excel holds it: its 15 significant digits, as a decimal. From
 * 10^15 on, 15 digits no longer hold the whole number; the double itself is
 * taken then, so that truncating 2^60 leaves 2^60.
 */
function shown(x: number): Decimal {
  return Math.abs(x) >= 1e15 ? new Decimal(x) : new Decimal(x.toPrecision(15));
}

function roundTo(x: number, places: number, mode: Decimal.Rounding): number | CellError {
  if (!Number.isFinite(x) || !Number.isFinite(places)) return new CellError(ErrorType.NUM);
  // Excel cuts the number of digits to a whole number; beyond ±308 nothing changes any more.
  const p = Math.max(-308, Math.min(308, Math.trunc(places)));
  // A place beyond the 15 digits kept: nothing there to round, the number stays as it is.
  if (x === 0 || p >= 15 - Math.floor(Math.log10(Math.abs(x)))) return x;
  const d = shown(x);
  const scale = new Decimal(10).pow(p);
  return d.times(scale).toDecimalPlaces(0, mode).div(scale).toNumber();
}

const NUMBER = { argumentType: FunctionArgumentType.NUMBER };

class ExcelRounding extends FunctionPlugin {
  static implementedFunctions = {
    ROUND: { method: "round", parameters: [NUMBER, { ...NUMBER, defaultValue: 0 }] },
    ROUNDUP: { method: "roundup", parameters: [NUMBER, { ...NUMBER, defaultValue: 0 }] },
    ROUNDDOWN: { method: "rounddown", parameters: [NUMBER, { ...NUMBER, defaultValue: 0 }] },
    TRUNC: { method: "trunc", parameters: [NUMBER, { ...NUMBER, defaultValue: 0 }] },
    INT: { method: "int", parameters: [NUMBER] },
    MROUND: { method: "mround", parameters: [NUMBER, NUMBER] },
    PI: { method: "pi", parameters: [] },
  };

  private rounding(name: keyof typeof MODES, ast: { args: never }, state: never) {
    return this.runFunction(ast.args, state, this.metadata(name), (x: number, places: number) => roundTo(x, places, MODES[name]));
  }

  round(ast: { args: never }, state: never) {
    return this.rounding("ROUND", ast, state);
  }

  roundup(ast: { args: never }, state: never) {
    return this.rounding("ROUNDUP", ast, state);
  }

  rounddown(ast: { args: never }, state: never) {
    return this.rounding("ROUNDDOWN", ast, state);
  }

  trunc(ast: { args: never }, state: never) {
    return this.rounding("TRUNC", ast, state);
  }

  int(ast: { args: never }, state: never) {
    // On the same 15 digits as TRUNC, so that the two differ only for negative numbers, as Excel documents.
    return this.runFunction(ast.args, state, this.metadata("INT"), (x: number) => (Number.isFinite(x) ? shown(x).floor().toNumber() : new CellError(ErrorType.NUM)));
  }

  /** MROUND: to the nearest multiple, half-way away from zero; signs must agree ("MROUND function", Microsoft Support). */
  mround(ast: { args: never }, state: never) {
    return this.runFunction(ast.args, state, this.metadata("MROUND"), (x: number, multiple: number) => {
      if (multiple === 0 || x === 0) return 0;
      if (Math.sign(x) !== Math.sign(multiple)) return new CellError(ErrorType.NUM);
      const m = shown(multiple);
      return shown(x).div(m).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(m).toNumber();
    });
  }

  pi(ast: { args: never }, state: never) {
    return this.runFunction(ast.args, state, this.metadata("PI"), () => Math.PI);
  }
}

/** Replaces HyperFormula's versions by Excel's, under their English and German names. */
export function registerExcelFunctions(deDE: RawTranslationPackage): void {
  const ids = Object.keys(ExcelRounding.implementedFunctions);
  for (const id of ids) HyperFormula.unregisterFunction(id);
  const names = (lang: Record<string, string>) => Object.fromEntries(ids.map((id) => [id, lang[id] ?? id]));
  HyperFormula.registerFunctionPlugin(ExcelRounding, { enGB: names({}), deDE: names(deDE.functions) });
}
