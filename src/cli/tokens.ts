/**
 * A formula in A1 notation cut into the pieces that rewrites need: text in
 * double quotes, sheet names in single quotes and anything in [brackets] stay
 * as they are; cell references, row and column ranges, numbers and names are
 * told apart. One linear pass without backtracking regular expressions, so a
 * formula of any length costs time in proportion to its length.
 */
export type Piece =
  | { kind: "text"; text: string }
  | { kind: "cell"; text: string; colAbs: boolean; col: number; rowAbs: boolean; row: number }
  | { kind: "columns"; text: string; from: { abs: boolean; col: number }; to: { abs: boolean; col: number } }
  | { kind: "rows"; text: string; from: { abs: boolean; row: number }; to: { abs: boolean; row: number } }
  | { kind: "number"; text: string }
  | { kind: "name"; text: string }
  | { kind: "other"; text: string };

/** Excel's grid: XFD columns, 1,048,576 rows ("Excel specifications and limits", Microsoft Support). */
export const MAX_COL = 16384;
export const MAX_ROW = 1048576;

const CELL = /\$?([A-Za-z]{1,3})\$?(\d{1,7})(?![A-Za-z0-9_.(!\\])/y;
const COLUMNS = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_.(!\\])/y;
const ROWS = /(\$?)(\d{1,7}):(\$?)(\d{1,7})(?![A-Za-z0-9_.(!\\])/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\\?\u00C0-\uFFFF]*/y;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

export function columnLetters(col: number): string {
  let name = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

/** Everything up to the closing quote; a doubled quote stands for one inside. */
function quoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return s.length;
}

export function pieces(formula: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  const s = formula;
  while (i < s.length) {
    const ch = s[i];
    const prev = i > 0 ? s[i - 1] : "";
    if (ch === '"' || ch === "'") {
      const j = quoted(s, i, ch);
      out.push({ kind: "text", text: s.slice(i, j) });
      i = j;
      continue;
    }
    if (ch === "[") {
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === "[") depth++;
        else if (s[j] === "]" && --depth === 0) break;
      }
      out.push({ kind: "text", text: s.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    // A reference or number never continues a name (LOG10, Tabelle1.A).
    const free = !/[A-Za-z0-9_.\\]/.test(prev);
    let m: RegExpExecArray | null;
    if (free && (m = at(COLUMNS, s, i))) {
      const from = columnNumber(m[2]);
      const to = columnNumber(m[4]);
      if (from <= MAX_COL && to <= MAX_COL) {
        out.push({ kind: "columns", text: m[0], from: { abs: m[1] === "$", col: from }, to: { abs: m[3] === "$", col: to } });
        i += m[0].length;
        continue;
      }
    }
    if (free && (m = at(ROWS, s, i))) {
      out.push({ kind: "rows", text: m[0], from: { abs: m[1] === "$", row: Number(m[2]) }, to: { abs: m[3] === "$", row: Number(m[4]) } });
      i += m[0].length;
      continue;
    }
    if (free && (m = at(CELL, s, i))) {
      const col = columnNumber(m[1]);
      const row = Number(m[2]);
      if (col <= MAX_COL && row >= 1 && row <= MAX_ROW) {
        out.push({ kind: "cell", text: m[0], colAbs: m[0].startsWith("$"), col, rowAbs: m[0].indexOf("$", 1) > 0, row });
        i += m[0].length;
        continue;
      }
    }
    if (free && (m = at(NUMBER, s, i))) {
      out.push({ kind: "number", text: m[0] });
      i += m[0].length;
      continue;
    }
    if ((m = at(NAME, s, i))) {
      out.push({ kind: "name", text: m[0] });
      i += m[0].length;
      continue;
    }
    out.push({ kind: "other", text: ch });
    i++;
  }
  return out;
}

/** Rewrites the code outside quotes and brackets, piece by piece. */
export function mapPieces(formula: string, f: (p: Piece, index: number, all: Piece[]) => string): string {
  const all = pieces(formula);
  // join gives one flat string; += would leave a tree of string pieces, several times larger, for each of a million formulas.
  return all.map((p, k) => f(p, k, all)).join("");
}

/**
 * A shared formula moved from its master cell by (dRow, dCol), as Excel fills
 * it (ECMA-376 Part 1, 18.3.1.40 f, attribute si): relative references move,
 * $-anchored parts stay, text in quotes never changes. A reference moved off
 * the grid becomes #REF!, as in Excel.
 */
export function slide(formula: string, dRow: number, dCol: number): string {
  return mapPieces(formula, (p) => {
    if (p.kind === "cell") {
      const col = p.colAbs ? p.col : p.col + dCol;
      const row = p.rowAbs ? p.row : p.row + dRow;
      if (col < 1 || col > MAX_COL || row < 1 || row > MAX_ROW) return "#REF!";
      return `${p.colAbs ? "$" : ""}${columnLetters(col)}${p.rowAbs ? "$" : ""}${row}`;
    }
    if (p.kind === "columns") {
      const a = p.from.abs ? p.from.col : p.from.col + dCol;
      const b = p.to.abs ? p.to.col : p.to.col + dCol;
      if (Math.min(a, b) < 1 || Math.max(a, b) > MAX_COL) return "#REF!";
      return `${p.from.abs ? "$" : ""}${columnLetters(a)}:${p.to.abs ? "$" : ""}${columnLetters(b)}`;
    }
    if (p.kind === "rows") {
      const a = p.from.abs ? p.from.row : p.from.row + dRow;
      const b = p.to.abs ? p.to.row : p.to.row + dRow;
      if (Math.min(a, b) < 1 || Math.max(a, b) > MAX_ROW) return "#REF!";
      return `${p.from.abs ? "$" : ""}${a}:${p.to.abs ? "$" : ""}${b}`;
    }
    return p.text;
  });
}

/** "B12" → zero-based row and column; undefined for anything else. */
export function decodeAddress(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address);
  if (!m) return undefined;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  if (col > MAX_COL || row < 1 || row > MAX_ROW) return undefined;
  return { row: row - 1, col: col - 1 };
}

export function encodeAddress(row: number, col: number): string {
  return `${columnLetters(col + 1)}${row + 1}`;
}

/** A cell's place in its sheet as one number (zero-based row and column), ordered as Excel orders cells: by row, then column. */
export function place(row: number, col: number): number {
  return row * MAX_COL + col;
}

/** The row and column of a place. */
export function unplace(k: number): { row: number; col: number } {
  return { row: Math.floor(k / MAX_COL), col: k % MAX_COL };
}

/**
 * A formula in R1C1 form relative to its cell (row and col zero-based): two
 * cells whose formulas are "the same" for Excel's inconsistent-formula check
 * give the same text, as when a formula is filled down or right.
 */
export function r1c1(formula: string, row: number, col: number): string {
  const part = (abs: boolean, n: number, at: number, letter: string) => (abs ? `${letter}${n}` : `${letter}[${n - 1 - at}]`);
  return mapPieces(formula, (p) => {
    if (p.kind === "cell") return `${part(p.rowAbs, p.row, row, "R")}${part(p.colAbs, p.col, col, "C")}`;
    if (p.kind === "columns") return `${part(p.from.abs, p.from.col, col, "C")}:${part(p.to.abs, p.to.col, col, "C")}`;
    if (p.kind === "rows") return `${part(p.from.abs, p.from.row, row, "R")}:${part(p.to.abs, p.to.row, row, "R")}`;
    return p.text;
  });
}

/**
 * The calls of PRAXIS functions in a formula as Excel stores it
 * (_xldudf_PRAXIS_NAME(…)), each with its arguments as written: the comma that
 * separates arguments is the one at the call's own depth, never one inside
 * parentheses, an array constant {…} or quotes. Nested calls are listed too.
 */
export function praxisCalls(formula: string): { name: string; args: string[] }[] {
  const all = pieces(formula);
  const calls: { name: string; args: string[] }[] = [];
  for (let k = 0; k < all.length; k++) {
    const name = all[k].kind === "name" ? /^_xldudf_PRAXIS_([A-Z0-9_]+)$/i.exec(all[k].text)?.[1] : undefined;
    if (name === undefined || all[k + 1]?.text !== "(") continue;
    const args: string[] = [];
    let current = "";
    let depth = 0;
    let j = k + 2;
    for (; j < all.length; j++) {
      const t = all[j].kind === "other" ? all[j].text : "";
      if (depth === 0 && (t === "," || t === ")")) {
        args.push(current);
        current = "";
        if (t === ")") break;
        continue;
      }
      if (t === "(" || t === "{") depth++;
      else if (t === ")" || t === "}") depth--;
      current += all[j].text;
    }
    // An unclosed call is no call to explain; a call without arguments has none (not one empty one).
    if (j >= all.length) continue;
    calls.push({ name: name.toUpperCase(), args: args.length === 1 && args[0].trim() === "" ? [] : args });
  }
  return calls;
}
