import { buildTables, RAW } from "../src/data/tables";
import { KompakteZiffern, Packed, unpack, ziffernAus } from "../src/data/packed";
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

/*
 * The GOÄ numbers travel in a compact form (scripts/pack-tables.js,
 * ziffernKompakt); src/data/packed.ts reads it back. Both must agree on the
 * real table and on the odd cases the real table has few of.
 */
describe("the GOÄ numbers' compact form", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const codec = require("../scripts/pack-tables.js") as {
    ziffernKompakt: (z: unknown[]) => KompakteZiffern;
    ziffernAus: (k: KompakteZiffern) => unknown[];
  };
  const numbers = (split(RAW.goae).numbers as { ziffern: unknown[] }).ziffern;
  const entry = (nr: string, value: string, extra: Record<string, string> = {}) => ({
    nr,
    abschnitt: extra.abschnitt ?? "C",
    punkte: { unit: "Punkte", values: [{ valid_from: extra.valid_from ?? "1996-01-01", value, status: extra.status ?? "confirmed", source: extra.source ?? "goae-verzeichnis" }] },
  });

  test("the real table: every number back, in order, key order included; far smaller than the objects", () => {
    const k = codec.ziffernKompakt(numbers);
    expect(JSON.stringify(ziffernAus(k))).toBe(JSON.stringify(numbers));
    expect(JSON.stringify(codec.ziffernAus(k))).toBe(JSON.stringify(numbers));
    expect(numbers.length).toBeGreaterThan(2800);
    // About three characters a number instead of some sixty.
    expect(k.folge.length).toBeLessThan(numbers.length * 3.5);
    expect(k.einzeln.length).toBeLessThan(20);
  });

  test("letters, Höchstwerte, gaps over 63, points over 4095, and entries that fit no template", () => {
    const odd = [
      entry("1", "80", { abschnitt: "B" }),
      entry("A", "70", { abschnitt: "B" }),
      entry("K1", "120", { abschnitt: "B" }),
      entry("100", "1896", { abschnitt: "B", valid_from: "2020-01-01", source: "goae-aenderung-2019" }),
      { nr: "104", abschnitt: "B", punkte: { unit: "Punkte", values: [{ valid_from: "1996-01-01", value: "250", status: "confirmed", source: "goae-verzeichnis" }, { valid_from: "2020-01-01", value: null, status: "confirmed", source: "goae-aenderung-2019", note: "aufgehoben" }] } },
      entry("250", "40"),
      entry("250a", "40"),
      entry("251", "60"),
      entry("441", "0"),
      entry("442", "080"),
      entry("3541.H", "480", { abschnitt: "M" }),
      entry("3542", "4095", { abschnitt: "M" }),
      entry("3543", "4096", { abschnitt: "M" }),
      entry("5855", "262143", { abschnitt: "O" }),
      entry("6000", "1710", { abschnitt: "P" }),
      { nr: "6001", abschnitt: "P", titel: "kein Vorlagenfall", punkte: { unit: "Punkte", values: [{ valid_from: "1996-01-01", value: "2300", status: "confirmed", source: "goae-verzeichnis" }] } },
      entry("6002", "300000", { abschnitt: "P" }),
    ];
    const k = codec.ziffernKompakt(odd);
    expect(JSON.stringify(ziffernAus(k))).toBe(JSON.stringify(odd));
    expect(k.einzeln.map((z) => (z as { nr: string }).nr)).toEqual(["104", "442", "6001", "6002"]);
  });
});
