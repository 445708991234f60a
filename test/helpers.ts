import { Arg } from "../src/api/args";
import { PRAXIS, Scalar } from "../src/api/praxis";
import { EngineError, ErrorKind } from "../src/engine/errors";

/** Calls a PRAXIS function the way a face does and returns its value. */
export function praxis(name: string, ...args: Arg[]): Scalar {
  const out = PRAXIS[name].run(args);
  if (Array.isArray(out)) throw new Error(`${name} returned a table; use praxisTable`);
  return out;
}

/** Calls a PRAXIS function that returns a table. */
export function praxisTable(name: string, ...args: Arg[]): Scalar[][] {
  const out = PRAXIS[name].run(args);
  if (!Array.isArray(out)) throw new Error(`${name} returned a single value, not a table`);
  return out;
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

/** The engine error a call throws; any other outcome fails the test. */
export function engineError(f: () => unknown): EngineError {
  try {
    f();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error("no error");
}
