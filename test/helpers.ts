import { Arg } from "../src/api/args";
import { PRAXIS } from "../src/api/praxis";
import { EngineError, ErrorKind } from "../src/engine/errors";

/** Calls a PRAXIS function the way a face does and returns its value. */
export function praxis(name: string, ...args: Arg[]): number | boolean | string {
  return PRAXIS[name].run(args);
}

/** The engine error a call raises, or a test failure if it returns a value. */
export function praxisError(name: string, ...args: Arg[]): { kind: ErrorKind; message: string } {
  try {
    const v = PRAXIS[name].run(args);
    throw new Error(`${name}(${args.map(String).join("; ")}) returned ${String(v)} instead of an error`);
  } catch (e) {
    if (e instanceof EngineError) return { kind: e.kind, message: e.message };
    throw e;
  }
}
