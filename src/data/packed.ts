/**
 * The data tables as the add-in bundle carries them (packed at build time by
 * scripts/pack-tables.js): every distinct text once, in a list ordered by how
 * often it occurs, and every object as the values after a key list it shares
 * with the objects of the same keys. Most of the tables' size is the same
 * source ids, dates, statuses and notes written again and again.
 *
 * unpack gives back exactly what was packed, key order included. The bundle
 * packs a file's numbers and its texts apart (the texts load later); put
 * together (ergaenzeTexte in tables.ts) they are the parsed JSON file, so the
 * look-ups and the data hash (DATENSTAND) see the same data in Excel as in the
 * CLI, which reads the JSON files directly.
 */
export interface Packed {
  strings: string[];
  /** Key lists; an object refers to one by its position + 1 (0 marks an array). */
  shapes: string[][];
  tree: PackedValue;
}

/** A text as its index in `strings`; null and booleans as themselves; arrays and objects as tagged lists. */
export type PackedValue = number | boolean | null | PackedValue[];

export const ARRAY_TAG = 0;

export function unpack(packed: Packed): unknown {
  const { strings, shapes } = packed;
  const value = (v: PackedValue): unknown => {
    if (typeof v === "number") return strings[v];
    if (!Array.isArray(v)) return v;
    if (v[0] === ARRAY_TAG) return v.slice(1).map(value);
    const keys = shapes[(v[0] as number) - 1];
    const object: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) object[keys[i]] = value(v[i + 1]);
    return object;
  };
  return value(packed.tree);
}

/**
 * The GOÄ numbers as the bundle carries them (scripts/pack-tables.js,
 * ziffernKompakt): nearly every number differs from its neighbours only in
 * number and points, so those two are written as one text, `folge`, and the
 * rest once per template. In `folge`, "~x" switches to template x, "!" takes
 * the next entry of `einzeln` as it is, and otherwise an entry is its number
 * (one digit: the distance from the last number; or "(250a)" written out) and
 * its points (two digits, or "+" and three), in base 64 over ALPHABET.
 */
export interface KompakteZiffern {
  vorlagen: { abschnitt: string; unit: string; valid_from: string; status: string; source: string }[];
  folge: string;
  einzeln: unknown[];
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/** The numeric start of a number (250 of "250a"), or the last one for a letter ("A", "K1"). */
function nummernBasis(nr: string, previous: number): number {
  const m = /^\d+/.exec(nr);
  return m ? Number(m[0]) : previous;
}

export function ziffernAus(kompakt: KompakteZiffern): unknown[] {
  const { vorlagen, folge, einzeln } = kompakt;
  const out: unknown[] = [];
  const digit = (i: number): number => ALPHABET.indexOf(folge[i]);
  let vorlage = vorlagen[0];
  let previous = 0;
  let next = 0;
  for (let i = 0; i < folge.length; ) {
    const c = folge[i++];
    if (c === "~") {
      vorlage = vorlagen[digit(i++)];
      continue;
    }
    if (c === "!") {
      const z = einzeln[next++] as { nr: string };
      out.push(z);
      previous = nummernBasis(z.nr, previous);
      continue;
    }
    let nr: string;
    if (c === "(") {
      const end = folge.indexOf(")", i);
      nr = folge.slice(i, end);
      i = end + 1;
    } else nr = String(previous + ALPHABET.indexOf(c));
    previous = nummernBasis(nr, previous);
    let value: number;
    if (folge[i] === "+") {
      value = digit(i + 1) * 4096 + digit(i + 2) * 64 + digit(i + 3);
      i += 4;
    } else {
      value = digit(i) * 64 + digit(i + 1);
      i += 2;
    }
    const { abschnitt, unit, valid_from, status, source } = vorlage;
    out.push({ nr, abschnitt, punkte: { unit, values: [{ valid_from, value: String(value), status, source }] } });
  }
  return out;
}
