import { praxis } from "./helpers";

/*
 * HONORAR_ZEITRAUM against figures computed here from the data files (not
 * through the engine): the cut of 01.04.2026 (35401: 941 → 899 points) splits
 * calendar year 2026 into one quarter at the old and three at the new rates.
 * Seed 001's own rounded fees (81 € and 57 €, 90 % genehmigungspflichtig,
 * 43 weeks) give a figure that needs no table at all.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ebm = require("../src/data/ebm.json") as { orientierungswert: { values: { valid_from: string; value: string }[] }; gops: { gop: string; punkte: { values: { valid_from: string; value: string }[] } }[] };
const at = (values: { valid_from: string; value: string }[], date: string) => values.filter((v) => v.valid_from <= date).at(-1)!.value;

/** A fee in cents: points × Orientierungswert (in 1/10,000 ct) / 100, rounded half up to the cent, in integers. */
function feeCents(gop: string, date: string): bigint {
  const points = BigInt(at(ebm.gops.find((g) => g.gop === gop)!.punkte.values, date));
  const [whole, frac = ""] = at(ebm.orientierungswert.values, date).split(".");
  const ow = BigInt(whole + frac.padEnd(4, "0")); // 1/10,000 ct
  const tenThousandthsCent = points * ow; // per service, in 1/10,000 ct
  return (tenThousandthsCent + 5000n) / 10000n; // ct, half up
}

/** Weekly revenue in 1/100 ct for 30 sessions, 90 % at 35401 and 10 % at 35150. */
function weekHundredthsCent(date: string): bigint {
  return 30n * (9n * feeCents("35401", date) + 1n * feeCents("35150", date)) * 10n;
}

test("seed 001's fees for a whole year: 40 sessions × (0,9 × 81 € + 0,1 × 57 €) × 43 weeks = 135.192 € (seed 001: 3.144 € a week)", () => {
  expect(praxis("HONORAR_ZEITRAUM", 40, 2011, 2011, 0.9, 81, 57)).toBe(135192);
});

test("calendar year 2026 is one quarter at the rates before the cut and three after, each a quarter of 43 weeks", () => {
  const q1 = weekHundredthsCent("2026-01-01");
  const q2 = weekHundredthsCent("2026-04-01");
  // 43/4 weeks a quarter: (q1 + 3 × q2) × 43 / 4, in 1/100 ct, exact.
  const expected = Number((q1 + 3n * q2) * 43n) / 4 / 10000;
  const year = praxis("HONORAR_ZEITRAUM", 30, 2026, 2026) as number;
  expect(year).toBeCloseTo(expected, 9);
  // It lies between the year all at the old rates and the year all at the new ones.
  const allOld = (Number(q1) * 43) / 10000;
  const allNew = (Number(q2) * 43) / 10000;
  expect(year).toBeLessThan(allOld);
  expect(year).toBeGreaterThan(allNew);
});

test("a period is the sum of its parts, and a part of a quarter counts by its days in that quarter", () => {
  const whole = praxis("HONORAR_ZEITRAUM", 30, "15.02.2026", "15.05.2026") as number;
  const first = praxis("HONORAR_ZEITRAUM", 30, "15.02.2026", "31.03.2026") as number;
  const second = praxis("HONORAR_ZEITRAUM", 30, "01.04.2026", "15.05.2026") as number;
  expect(whole).toBeCloseTo(first + second, 9);
  // 15.02.–31.03.2026: 45 of the 90 days of Q1 at Q1's weekly revenue.
  expect(first).toBeCloseTo((Number(weekHundredthsCent("2026-01-01")) * (43 / 4) * (45 / 90)) / 10000, 9);
  // A quarter written as "2/2026" runs to its last day, 30.06.2026.
  expect(praxis("HONORAR_ZEITRAUM", 30, "2/2026", "2/2026")).toBeCloseTo((Number(weekHundredthsCent("2026-04-01")) * 43) / 4 / 10000, 9);
});

/* Found by attacking the period functions (review); each once gave a wrong answer or a crash. */
describe("periods after the review", () => {
  test("the last quarter Excel can hold: Q4/9999 at 98 € a week (1 session, 0,9 × 100 € + 0,1 × 80 €) × 43/4 weeks = 1.053,50 €", () => {
    expect(praxis("HONORAR_ZEITRAUM", 1, "01.10.9999", "31.12.9999", 0.9, 100, 80)).toBe(1053.5);
  });

  test("a year written as text means the whole year, as a year written as a number does", () => {
    expect(praxis("HONORAR_ZEITRAUM", 10, 2025, "2025")).toBe(praxis("HONORAR_ZEITRAUM", 10, 2025, 2025));
    expect(praxis("HONORAR_ZEITRAUM", 10, "2025", "2025")).toBe(praxis("HONORAR_ZEITRAUM", 10, 2025, 2025));
  });

  test("a bad date names the argument it came from", () => {
    expect(() => praxis("HONORAR_ZEITRAUM", 10, "abc", 2017)).toThrow(/^von: Stichtag "abc" ist nicht lesbar/);
  });
});
