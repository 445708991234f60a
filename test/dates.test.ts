import { parseStichtag } from "../src/engine/dates";
import { EngineError } from "../src/engine/errors";

describe("Stichtag arguments", () => {
  test.each<[unknown, string]>([
    [2024, "2024-01-01"],
    ["2024", "2024-01-01"],
    ["3/2024", "2024-07-01"],
    ["2024Q3", "2024-07-01"],
    ["2024-Q4", "2024-10-01"],
    ["Q2/2025", "2025-04-01"],
    ["2. Quartal 2025", "2025-04-01"],
    ["2024-07-15", "2024-07-15"],
    ["15.07.2024", "2024-07-15"],
    [45474, "2024-07-01"],
    [45474.9, "2024-07-01"],
    [39814, "2009-01-01"],
  ])("%p → %s", (raw, iso) => {
    expect(parseStichtag(raw)).toBe(iso);
  });

  test.each<[unknown]>([["5/2024"], ["2024Q5"], ["31.02.2024"], ["gestern"], [true], [-3], [500], [NaN], [1e300]])("%p is rejected with a German message", (raw) => {
    expect(() => parseStichtag(raw)).toThrow(EngineError);
    try {
      parseStichtag(raw);
    } catch (e) {
      expect((e as EngineError).kind).toBe("wert");
      expect((e as EngineError).message).toMatch(/Stichtag|Datum/);
    }
  });
});
