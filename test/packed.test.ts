import { buildTables, RAW } from "../src/data/tables";
import { Packed, unpack } from "../src/data/packed";
import { canonicalJson } from "../src/data/datenstand";
import { RawTables } from "../src/data/types";
import { validateTables } from "../src/data/validate";

/*
 * The add-in bundle carries the data tables packed (scripts/pack-tables.js,
 * applied by webpack) and unpacks them on load. Unpacked they must be the very
 * JSON the CLI reads, key order included; test/bundle.test.ts checks the same
 * end to end through DATENSTAND's hash of the bundled tables.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pack } = require("../scripts/pack-tables.js") as { pack: (json: unknown) => Packed };

test.each(Object.entries(RAW))("%s.json unpacks to exactly what was packed", (_name, json) => {
  const packed = pack(json);
  expect(JSON.stringify(unpack(packed))).toBe(JSON.stringify(json));
  expect(unpack(packed)).toEqual(json);
  // Each text once.
  expect(new Set(packed.strings).size).toBe(packed.strings.length);
});

test("empty lists, empty objects, null and booleans survive", () => {
  const json = { a: [], b: {}, c: null, d: true, e: false, f: [{ x: "1" }, { x: "1" }, { y: [] }], g: "" };
  expect(JSON.stringify(unpack(pack(json)))).toBe(JSON.stringify(json));
});

test("numbers and a __proto__ key are refused: the tables hold numbers as text", () => {
  expect(() => pack({ value: 1.5 })).toThrow(/Zahl/);
  expect(() => pack(JSON.parse('{"__proto__": "x"}'))).toThrow(/__proto__/);
});

/*
 * The bundle carries the numbers and loads the texts later
 * (scripts/pack-tables.js). Put together again they must be the JSON file;
 * the numbers alone must pass the schema check and hold every text a fee's
 * error message quotes.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { split } = require("../scripts/pack-tables.js") as { split: (json: unknown) => { numbers: unknown; texts?: unknown } };

describe("numbers and texts", () => {
  const parts = Object.fromEntries(Object.entries(RAW).map(([name, json]) => [name, split(json)])) as Record<keyof typeof RAW, { numbers: unknown; texts?: unknown }>;
  const numbersOnly = (): RawTables => {
    const raw = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, p.numbers])))) as RawTables;
    raw.sources.texte = "folgen";
    return raw;
  };

  test.each(Object.keys(RAW))("%s.json: numbers and texts together are the file, and the texts are only texts", (name) => {
    const { numbers, texts } = parts[name as keyof typeof RAW];
    const whole = JSON.parse(JSON.stringify(numbers));
    const leaves: string[] = [];
    const put = (target: Record<string, unknown>, t: Record<string, unknown>, at: string): void => {
      for (const [k, v] of Object.entries(t)) {
        if (typeof v === "object") put(target[k] as Record<string, unknown>, v as Record<string, unknown>, `${at}.${k}`);
        else {
          expect(target[k]).toBeUndefined();
          leaves.push(k);
          target[k] = v;
        }
      }
    };
    put(whole, (texts ?? {}) as Record<string, unknown>, name);
    expect(canonicalJson(whole)).toBe(canonicalJson(RAW[name as keyof typeof RAW]));
    for (const k of leaves) expect(["titel", "herausgeber", "url", "beschluss", "erschienen", "fundstelle", "note", "bezeichnung"]).toContain(k);
  });

  test("the numbers alone pass the schema check; without the pending mark they do not", () => {
    const raw = numbersOnly();
    expect(validateTables(raw)).toEqual([]);
    delete raw.sources.texte;
    expect(validateTables(raw)).toEqual(expect.arrayContaining([expect.stringMatching(/Titel fehlt/)]));
  });

  test("the numbers keep what a fee's message quotes: the note of an entry without a value and the GOÄ band names", () => {
    const t = buildTables(numbersOnly());
    const full = buildTables(RAW);
    const nulls = [...full.series.values()].flatMap((s) => s.entries).filter((e) => e.value === null);
    expect(nulls.length).toBeGreaterThan(0);
    for (const e of nulls) expect(t.series.get(e.key)!.entries.find((x) => x.valid_from === e.valid_from)!.note).toBe(e.note);
    expect(t.bereiche.map((b) => b.bezeichnung)).toEqual(full.bereiche.map((b) => b.bezeichnung));
    // … and nothing a fee computes with is missing.
    for (const [key, s] of full.series) expect(t.series.get(key)!.entries.map((e) => [e.valid_from, e.value?.toString(), e.status, e.sourceId])).toEqual(s.entries.map((e) => [e.valid_from, e.value?.toString(), e.status, e.sourceId]));
  });
});
