import { parseStichtag, pinToday, todayIso, useDateSystem } from "../src/engine/dates";
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

/*
 * Workbooks in the 1904 date system (old Mac workbooks) count from 01.01.1904:
 * the same day has a serial 1462 smaller than in the 1900 system (Microsoft,
 * "Date systems in Excel"). 45474 is 01.07.2024 in the 1900 system (above).
 */
describe("Stichtag as a serial of a 1904 workbook", () => {
  afterEach(() => useDateSystem(1900));

  test.each<[number, string]>([
    [45474 - 1462, "2024-07-01"],
    [0 + 10_000, "1931-05-19"],
    [2_958_465 - 1462, "9999-12-31"],
  ])("%p → %s", (serial, iso) => {
    useDateSystem(1904);
    expect(parseStichtag(serial)).toBe(iso);
  });

  test("years and texts mean the same in both systems; the last serial ends with 9999-12-31", () => {
    useDateSystem(1904);
    expect(parseStichtag(2024)).toBe("2024-01-01");
    expect(parseStichtag("3/2024")).toBe("2024-07-01");
    expect(() => parseStichtag(2_958_465 - 1461)).toThrow(/weder eine Jahreszahl noch ein Excel-Datum/);
    useDateSystem(1900);
    expect(parseStichtag(45474 - 1462)).toBe("2020-06-30");
  });
});

test("pinToday holds today at one date until released (a run across midnight uses one day)", () => {
  const real = todayIso();
  pinToday("2020-02-29");
  try {
    expect(todayIso()).toBe("2020-02-29");
    // An explicit moment still counts as itself.
    expect(todayIso(new Date(2024, 6, 1))).toBe("2024-07-01");
  } finally {
    pinToday(undefined);
  }
  expect(todayIso()).toBe(real);
});
