import { RAW } from "../src/data/tables";
import { Packed, unpack } from "../src/data/packed";

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
