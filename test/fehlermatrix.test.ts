import fs from "fs";
import { Arg } from "../src/api/args";
import { PRAXIS } from "../src/api/praxis";
import { EngineError, ErrorKind } from "../src/engine/errors";
import { checkMessage } from "./arbitraries";

/*
 * The bad-input matrix: docs/fehlermatrix.json is the one source, read here and
 * rendered into docs/fehlermatrix.md by scripts/fehlermatrix.js. Every catalogue
 * function must account for every category, with rows or a reason why it does
 * not apply; every row is run and its error type and message asserted word for word.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const matrix = require("../scripts/fehlermatrix.js");

interface Row {
  args: Arg[];
  fehler?: ErrorKind;
  meldung?: string;
  wert?: number | boolean;
  beginnt?: string;
  letzteZeile?: [string, string];
  hinweis?: string;
}
interface Matrix {
  kategorien: Record<string, string>;
  funktionen: Record<string, Record<string, Row[] | string>>;
}

const data: Matrix = matrix.load();
const KATEGORIEN = ["leer", "text", "negativ", "null", "gross", "bruch", "code", "datum", "zeitraum", "kv", "quote"];

test("the categories are the eleven of the hardening issue", () => {
  expect(Object.keys(data.kategorien)).toEqual(KATEGORIEN);
});

test("every function of the PRAXIS catalogue is in the matrix, and nothing else", () => {
  const missing = Object.keys(PRAXIS).filter((fn) => !(fn in data.funktionen));
  const unknown = Object.keys(data.funktionen).filter((fn) => !(fn in PRAXIS));
  expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
});

test.each(Object.keys(PRAXIS))("%s accounts for every category: rows, or the reason it does not apply", (fn) => {
  const cats = data.funktionen[fn] ?? {};
  const open = KATEGORIEN.filter((k) => !(typeof cats[k] === "string" ? /^entfällt: .{10,}/.test(cats[k] as string) : Array.isArray(cats[k]) && cats[k].length > 0));
  expect(open).toEqual([]);
});

const rows = Object.entries(data.funktionen).flatMap(([fn, cats]) =>
  Object.entries(cats).flatMap(([kat, list]) => (Array.isArray(list) ? list.map((row, i) => [`${fn} ${kat} ${i + 1}`, fn, row] as const) : [])),
);

test("the matrix has rows for the error cases (more than 150)", () => {
  expect(rows.length).toBeGreaterThan(150);
});

test.each(rows)("%s", (_, fn, row) => {
  let out: unknown;
  let error: EngineError | undefined;
  try {
    out = PRAXIS[fn].run(row.args);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    error = e;
  }
  if (row.fehler) {
    expect(error && { kind: error.kind, message: error.message }).toEqual({ kind: row.fehler, message: row.meldung });
    return;
  }
  expect(error?.message).toBeUndefined();
  if (row.letzteZeile) {
    // ERKLAERUNG answers with a table whose last row is the explained function's error.
    const table = out as unknown[][];
    expect(table[table.length - 1].slice(0, 2)).toEqual(row.letzteZeile);
    expect(Object.keys(matrix.GERMAN_CODE)).toContain(row.letzteZeile[1]);
  } else if (row.beginnt !== undefined) {
    expect(String(out).startsWith(row.beginnt)).toBe(true);
  } else {
    expect(out).toBe(row.wert);
  }
});

test("every message in the matrix is German and free of JavaScript text", () => {
  for (const [, , row] of rows) {
    const message = row.meldung ?? row.letzteZeile?.[0];
    if (message) checkMessage(message, row.args);
  }
});

test("docs/fehlermatrix.md is what scripts/fehlermatrix.js renders (node scripts/fehlermatrix.js --write)", () => {
  expect(fs.readFileSync(matrix.MD_FILE, "utf8")).toBe(matrix.render());
});
