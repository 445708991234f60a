/**
 * Engine errors carry the Excel error they become and a German message.
 * "wert" = #VALUE! (bad input), "nv" = #N/A (no table value for this date/key),
 * "zahl" = #NUM! (number outside the allowed range).
 */
export type ErrorKind = "wert" | "nv" | "zahl";

export class EngineError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = "EngineError";
  }
}

export const EXCEL_CODE: Record<ErrorKind, string> = {
  wert: "#VALUE!",
  nv: "#N/A",
  zahl: "#NUM!",
};

/** The same codes as German Excel shows them. */
export const EXCEL_CODE_DE: Record<ErrorKind, string> = { wert: "#WERT!", nv: "#NV", zahl: "#ZAHL!" };

export function badInput(message: string): EngineError {
  return new EngineError("wert", message);
}
export function noValue(message: string): EngineError {
  return new EngineError("nv", message);
}
export function outOfRange(message: string): EngineError {
  return new EngineError("zahl", message);
}
