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

/*
 * STRUKTURZUSCHLAG_ZEITRAUM against figures computed here from the data files:
 * a week's supplement is sessions above the 18th × (35571's points ×
 * Orientierungswert / 100, rounded to the cent), full up to the 36th (EBM rule).
 */
describe("Strukturzuschlag over a period", () => {
  /** One session's full supplement in cents on a date. */
  const szCents = (date: string) => feeCents("35571", date);

  test("calendar year 2026 at 30 sessions: 12 × 182 P × 12,7404 ct = 23,19 € a session, 278,28 € a week × 43 = 11.966,04 €", () => {
    expect(szCents("2026-01-01")).toBe(2319n);
    expect(praxis("STRUKTURZUSCHLAG_ZEITRAUM", 30, 2026, 2026)).toBe(11966.04);
  });

  test("01.07.2019–30.06.2020 is two half years at the values then: 166 P × 10,8226 ct and 173 P × 10,9871 ct", () => {
    // 166 × 10,8226 = 1796,5516 ct → 17,97 €; 173 × 10,9871 = 1900,7683 ct → 19,01 €.
    expect([szCents("2019-07-01"), szCents("2020-01-01")]).toEqual([1797n, 1901n]);
    // 24 sessions: 6 above the 18th; each half year is two quarters of 43/4 weeks.
    const expected = (6 * 1797 * 43) / 2 / 100 + (6 * 1901 * 43) / 2 / 100;
    const total = praxis("STRUKTURZUSCHLAG_ZEITRAUM", 24, "01.07.2019", "30.06.2020") as number;
    expect(total).toBeCloseTo(expected, 9);
    // 6 × 17,97 € × 21,5 weeks = 2.318,13 €; 6 × 19,01 € × 21,5 weeks = 2.452,29 €.
    expect(total).toBeCloseTo(4770.42, 9);
  });

  test("a half mandate's thresholds halve (9 / 18 / 21): 20 sessions are 9 full and 2 half supplements a week", () => {
    // 2023: 186 P × 11,4915 ct = 2137,419 ct → 21,37 €; half: 93 P × 11,4915 = 1068,7095 → 10,69 €.
    const week = 9 * 21.37 + 2 * 10.69;
    expect(praxis("STRUKTURZUSCHLAG_ZEITRAUM", 20, 2023, 2023, 0.5) as number).toBeCloseTo(week * 43, 9);
  });

  test("a period is the sum of its quarters, and a year equals the weekly figure × 43 where nothing changes", () => {
    const year = praxis("STRUKTURZUSCHLAG_ZEITRAUM", 42, 2023, 2023) as number;
    const quarters = [1, 2, 3, 4].map((q) => praxis("STRUKTURZUSCHLAG_ZEITRAUM", 42, `${q}/2023`, `${q}/2023`) as number);
    expect(quarters.reduce((a, b) => a + b, 0)).toBeCloseTo(year, 9);
    expect(year).toBeCloseTo((praxis("STRUKTURZUSCHLAG", 42, 2023) as number) * 43, 9);
  });

  test("a quarter without sourced points is #N/A naming the date, never a total that leaves it out", () => {
    // 35571's points for 2017/2018 are not sourced (ebm.json).
    expect(() => praxis("STRUKTURZUSCHLAG_ZEITRAUM", 30, 2018, 2018)).toThrow(/35571: für den 01\.01\.2018 kein belegter Wert/);
  });

  test("2025 across the cut of 01.04.2025: 12 supplements a week, 43/4 weeks a quarter, 186 P in Q1 and 159 P after (Ärzteblatt 02/2025)", () => {
    // 186 × 12,3934 ct = 23,05 €; 159 × 12,3934 ct = 19,71 €; 12 × 10,75 = 129 a quarter: 129 × 23,05 + 3 × 129 × 19,71
    expect(praxis("STRUKTURZUSCHLAG_ZEITRAUM", 30, 2025, 2025)).toBeCloseTo(129 * 23.05 + 387 * 19.71, 9);
  });
});
