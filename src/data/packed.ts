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
