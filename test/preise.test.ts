import { setSettings } from "../src/settings/settings";
import { engineError, praxis, praxisTable as praxisTableOf } from "./helpers";

/*
 * PREISBEREINIGT against the yearly averages of the consumer price index
 * (Statistisches Bundesamt, 2020 = 100), computed here, and the series checked
 * against publications other than the one it was taken from.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const praxisJson = require("../src/data/praxis.json") as { regeln: Record<string, { values: { valid_from: string; value: string | null }[] }> };
const vpi = new Map(praxisJson.regeln.vpi_jahresdurchschnitt.values.filter((e) => e.value !== null).map((e) => [Number(e.valid_from.slice(0, 4)), Number(e.value)]));

afterEach(() => setSettings({ overrides: [] }));

test("100 € of 2013 in 2023 prices: 100 × 116,7 / 93,1 = 125,349087… €", () => {
  expect(praxis("PREISBEREINIGT", 100, 2013, 2023)).toBeCloseTo(11670 / 93.1, 11);
  // Without bis_jahr: the last year with a published average in the tables, 2025 in this edition.
  expect(praxis("PREISBEREINIGT", 100, 2013)).toBe(praxis("PREISBEREINIGT", 100, 2013, 2025));
  expect(praxis("PREISBEREINIGT", 100, 2013)).toBeCloseTo(12190 / 93.1, 11); // 100 × 121,9 / 93,1
});

test("a deficit stays negative; to and from the base year 2020 is one division", () => {
  expect(praxis("PREISBEREINIGT", -5000, 2020, 2022)).toBeCloseTo(-5510, 9); // −5.000 × 110,2 / 100
  expect(praxis("PREISBEREINIGT", 100, 2022, 2020)).toBeCloseTo(10000 / 110.2, 11);
  expect(praxis("PREISBEREINIGT", 123.45, 2017, 2017)).toBe(123.45);
});

/*
 * Destatis's yearly inflation rates as reported (dpa-AFX, 16.01.2025:
 * 2021 3,1 %, 2022 6,9 %, 2023 5,9 %, 2024 2,2 %; Recht und Politik,
 * 06.01.2026: 2025 2,2 %) follow from the index to one decimal.
 */
test.each([
  [2021, 3.1],
  [2022, 6.9],
  [2023, 5.9],
  [2024, 2.2],
  [2025, 2.2],
])("the index gives Destatis's reported inflation rate for %i (%f %%)", (year, rate) => {
  expect(Math.round((vpi.get(year)! / vpi.get(year - 1)! - 1) * 1000) / 10).toBe(rate);
});

/*
 * An independent series: the index on base 2015 = 100 (Statistisches Bundesamt,
 * Fachserie 17 Reihe 7, as published by the Arbeitgeberverband der
 * Versicherungsunternehmen, https://www.agv-vers.de/statistiken/verbraucherpreise/preise-vpi-jahresuebersicht.html).
 * Rebasing to 2020 brought a new weighting, so the years before 2020 agree in
 * their ratio to 2020 within half a percent, not exactly.
 */
const BASIS_2015: Record<number, number> = {
  2009: 92.2, 2010: 93.2, 2011: 95.2, 2012: 97.1, 2013: 98.5, 2014: 99.5, 2015: 100.0, 2016: 100.5, 2017: 102.0, 2018: 103.8, 2019: 105.3, 2020: 105.8,
};
test.each(Object.keys(BASIS_2015).map(Number))("%i: ratio to 2020 agrees with the series on base 2015 within 0,5 %", (year) => {
  const ours = vpi.get(year)! / vpi.get(2020)!;
  const theirs = BASIS_2015[year] / BASIS_2015[2020];
  expect(Math.abs(ours / theirs - 1)).toBeLessThan(0.005);
});

/*
 * 2024 checked against monthly values instead of the transcription it was taken
 * from: January–October 2024 as the IHK Niederbayern prints them (Destatis,
 * 2020 = 100), November −0,2 % on October (Destatis's estimate, retail-news.de
 * 29.11.2024) and December +0,5 % on November (AGV Versicherungen, STR 01/2025).
 * Destatis states rates to one decimal from the printed indexes, which leaves
 * November 119,9 or 120,0 and December whatever gives +0,5 % on it. Twelve
 * rounded months move the mean by up to 0,05 and the rounded average by another
 * 0,05: within 0,1 of every such mean and giving the reported rate of 2,2 % on
 * 2023 (116,7), only 119,3 is left.
 */
test("2024's average agrees with the mean of its published monthly values and the reported rate", () => {
  const janToOct = [117.6, 118.1, 118.6, 119.2, 119.3, 119.4, 119.8, 119.7, 119.7, 120.2];
  const rate = (a: number, b: number) => Math.round((b / a - 1) * 1000) / 10;
  const oneDecimal = (from: number, to: number) => Array.from({ length: Math.round((to - from) * 10) + 1 }, (_, i) => Math.round((from + i / 10) * 10) / 10);
  const means: number[] = [];
  for (const nov of oneDecimal(119.5, 120.5).filter((n) => rate(120.2, n) === -0.2)) {
    for (const dec of oneDecimal(119.5, 121.5).filter((d) => rate(nov, d) === 0.5)) {
      means.push([...janToOct, nov, dec].reduce((a, b) => a + b, 0) / 12);
    }
  }
  expect(means.length).toBeGreaterThan(0);
  const fits = oneDecimal(118.5, 120.5).filter((v) => means.every((m) => Math.abs(m - v) < 0.1) && rate(116.7, v) === 2.2);
  expect(fits).toEqual([vpi.get(2024)]);
});

test("a year whose average the tables lack is #N/A saying why, never the year before's index", () => {
  expect(engineError(() => praxis("PREISBEREINIGT", 100, 2013, 2026))).toMatchObject({ kind: "nv", message: expect.stringMatching(/01\.01\.2026 kein belegter Wert.*eigenen Wert praxis\.vpi_jahresdurchschnitt/) });
  expect(engineError(() => praxis("PREISBEREINIGT", 100, 2008, 2023))).toMatchObject({ kind: "nv", message: expect.stringMatching(/kein Tabellenwert vor dem 01\.01\.2009/) });
  // An own value for 2026 is 2026's average, not 2027's.
  setSettings({ overrides: [{ series: "praxis.vpi_jahresdurchschnitt", valid_from: "2026-01-01", value: "124.5", quelle: "Testwert" }] });
  expect(praxis("PREISBEREINIGT", 100, 2013, 2026)).toBeCloseTo(12450 / 93.1, 11);
  expect(engineError(() => praxis("PREISBEREINIGT", 100, 2013, 2027))).toMatchObject({ kind: "nv", message: expect.stringMatching(/für 2027 kein Jahresdurchschnitt.*ab 01\.01\.2026\).*ab 01\.01\.2027 setzen/) });
  // An own index of 0 or below is no index: it would divide by zero or turn the sign.
  setSettings({ overrides: [{ series: "praxis.vpi_jahresdurchschnitt", valid_from: "2026-01-01", value: "0", quelle: "Tippfehler" }] });
  expect(engineError(() => praxis("PREISBEREINIGT", 100, 2026, 2023))).toMatchObject({ kind: "wert", message: expect.stringMatching(/2026: 0 ist kein Indexstand/) });
});

test.each([
  [[100, "3/2013"], /von_jahr: "3\/2013" ist keine Jahreszahl/],
  [[100, 2013.5], /von_jahr: 2013,5 ist keine Jahreszahl/],
  [[100, null], /von_jahr fehlt/],
  [[null, 2013], /Betrag fehlt/],
  [[100, 2013, true], /bis_jahr: WAHR ist keine Jahreszahl/],
])("bad input %j is #VALUE! with its reason", (args, message) => {
  expect(engineError(() => praxis("PREISBEREINIGT", ...(args as (number | string | boolean | null)[])))).toMatchObject({ kind: "wert", message: expect.stringMatching(message) });
});

test("its explanation names the years and indexes it used, and no Stichtag, which it does not read", () => {
  const t = praxisTableOf("ERKLAERUNG", "PREISBEREINIGT", 931, 2013);
  expect(t.map((row) => row[0]).join("\n")).not.toMatch(/Stichtag/);
  // Without bis_jahr it runs to 2025: 931 × 121,9 / 93,1 = 1.219.
  expect(t.at(-1)).toEqual(["Ergebnis", 1219, "", "", "", ""]);
});
