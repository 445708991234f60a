import fc from "fast-check";
import { Arg, Raw } from "../src/api/args";
import { settableNames } from "../src/engine/weiterbildung";

/*
 * Generators for what Excel (or the CLI's formula engine) can hand a custom
 * function, and the check every outcome must pass. Random values rarely hit a
 * valid code or date, so domain values are mixed in: that is how generated
 * input reaches the computations behind the argument checks.
 */

const DOMAIN_NUMBERS = [
  35401, 35150, 35571, 99999, 870, 812, 801, 437, 1, 0, -1, 2.3, 3.5, 4, 0.5, 0.844, 1.5, 42, 150, 27090, 4000,
  2008, 2011, 2023, 2026, 9999, 10000, 45000, 2958465, 2958466, 1e300, -1e300, 5e-324, 2 ** 53,
];

// Object keys ("constructor", "__proto__") are here on purpose: text must never reach a plain object's prototype.
const DOMAIN_TEXT = [
  "812a", "analog 812", "827a", "35401", "3/2024", "2024Q3", "Q3/2024", "3. Quartal 2024", "01.07.2024", "2024-07-01", "30.02.2024",
  "13/2024", "1899", "KVNO", "Nordrhein", "KV Nordrhein", "Atlantis", "Basistarif", "Höchstsatz", "Schwellenwert", "2,3", "1,5", "1e400",
  "-1", "0", "NaN", "Infinity", "WAHR", "FALSCH", "TRUE", "DPtV-2023", "DPtV-2023-gedruckt", "Standard", "Aufstellung", "Monat", "Jahr",
  "defizit", "EBM", "DPtV-2023-54", " ", "berechnet", "preset", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf",
];

/** One cell: any number (NaN, ±Infinity, -0, huge, tiny included), text, a truth value or nothing. */
export const excelScalar: fc.Arbitrary<Raw> = fc.oneof(
  { arbitrary: fc.constantFrom<Raw>(null, undefined, ""), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer({ min: -100_000, max: 100_000 }), weight: 1 },
  { arbitrary: fc.constantFrom<Raw>(...DOMAIN_NUMBERS), weight: 4 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom<Raw>(...DOMAIN_TEXT), weight: 4 },
);

/** A rectangular range of cells, as Excel passes one: rows of cells. */
export const excelRange: fc.Arbitrary<Raw[][]> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([rows, cols]) => fc.array(fc.array(excelScalar, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

/** WB_DEFIZIT's assumptions: name | value rows with the names the model knows. */
const annahmenRange: fc.Arbitrary<Raw[][]> = fc.array(
  fc.tuple(fc.constantFrom<Raw>(...settableNames(), "preset", "unbekannt"), excelScalar).map(([n, v]) => [n, v]),
  { minLength: 1, maxLength: 4 },
);

export const excelArg: fc.Arbitrary<Arg> = fc.oneof(
  { arbitrary: excelScalar, weight: 6 },
  { arbitrary: excelRange, weight: 1 },
  { arbitrary: annahmenRange, weight: 1 },
);

/** Arguments for a function with `count` parameters; sometimes fewer, as when trailing ones are left out. */
export function anyArgs(count: number): fc.Arbitrary<Arg[]> {
  return fc.array(excelArg, { minLength: Math.max(0, count - 2), maxLength: count });
}

const GERMAN = /[äöüßÄÖÜ]|\b(fehlt|ist|keine?|nicht|muss|darf|der|die|das|als|oder|und|eine?r?|unbekannt|zwischen)\b/;
// What a JavaScript exception, a leaked value or JavaScript's number format (1e+300 where Excel shows 1E+300) looks like in a message; quoted text is the user's.
const JS_TEXT = /TypeError|ReferenceError|RangeError|SyntaxError|DecimalError|is not a function|Cannot read|undefined|\[object |function |=>|NaN|Infinity|Interner Fehler|(?<!")\b\d+(\.\d+)?e[+-]\d+\b(?!")/;

/** A message without the user's own text, which it may quote (a user may type "NaN"). */
function withoutInput(message: string, args: Arg[]): string {
  const texts = args.flatMap((a) => (Array.isArray(a) ? a.flat() : [a])).filter((t): t is string => typeof t === "string" && t.trim().length >= 3);
  return texts.reduce((m, t) => m.split(t).join("").split(t.trim()).join(""), message);
}

/** A German engine message that names the problem, without JavaScript text. */
export function checkMessage(message: string, args: Arg[]): void {
  if (!GERMAN.test(message)) throw new Error(`Meldung nicht deutsch: ${message}`);
  const own = withoutInput(message, args);
  if (JS_TEXT.test(own)) throw new Error(`Meldung mit JavaScript-Text: ${message}`);
}

function isCell(v: unknown): boolean {
  return (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean" || typeof v === "string";
}

/** A value Excel can show: a finite number, a truth value, text, or a non-empty rectangular table of those. */
export function checkValue(v: unknown): void {
  if (Array.isArray(v)) {
    const width = Array.isArray(v[0]) ? v[0].length : 0;
    const ok = v.length > 0 && width > 0 && v.every((row) => Array.isArray(row) && row.length === width && row.every(isCell));
    if (!ok) throw new Error(`keine gültige Tabelle: ${JSON.stringify(v)?.slice(0, 200)}`);
    return;
  }
  if (!isCell(v)) throw new Error(`kein Excel-Wert: ${String(v)}`);
  if (typeof v === "string" && JS_TEXT.test(v)) throw new Error(`Text mit JavaScript-Ausdruck: ${v}`);
}

export interface ParamMeta {
  dimensionality?: string;
  repeating?: boolean;
}

/**
 * The arguments of one call as Excel makes it, following functions.json: every
 * declared parameter is passed (an empty one as null), a matrix parameter always
 * as rows of cells (one cell as [[v]]), a repeating one as an array of its values.
 */
export function excelCall(params: ParamMeta[]): fc.Arbitrary<unknown[]> {
  const asMatrix = (a: Arg): Raw[][] => (Array.isArray(a) ? a : [[a === undefined ? null : a]]);
  const one = (p: ParamMeta): fc.Arbitrary<unknown> => {
    const value: fc.Arbitrary<unknown> = p.dimensionality === "matrix" ? excelArg.map(asMatrix) : excelScalar.map((v) => (v === undefined ? null : v));
    return p.repeating ? fc.array(value, { maxLength: 6 }) : value;
  };
  return fc.tuple(...params.map(one));
}
