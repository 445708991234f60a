import { evaluateFormula } from "../src/cli/formula";

/*
 * The README's "Fünf Fragen eines Positionspapiers": each formula as printed
 * there, against figures computed here from the published values
 * (Orientierungswert 2026 12,7404 ct; 35401 941 points, 899 from 01.04.2026;
 * 35150 709; 35571 182; GOÄ 870 750 points at 5,82873 ct).
 */
const README = require("fs").readFileSync(require("path").join(__dirname, "..", "README.md"), "utf8") as string;
const section = README.slice(README.indexOf("### Fünf Fragen eines Positionspapiers"), README.indexOf("### Das Weiterbildungsmodell"));
// Formulas that stand on their own; (d) reads a range and the last line names a placeholder.
const formulas = [...section.matchAll(/`(=[^`]*PRAXIS\.[^`]+)`/g)].map((m) => m[1]).filter((f) => !/A1:B3|Betrag|QUELLE/.test(f));

const value = (formula: string) => {
  const r = evaluateFormula(formula);
  expect(r.error).toBeUndefined();
  return r;
};

test("the section shows the formulas tested here", () => {
  expect(formulas).toHaveLength(5);
});

test("(a) the cut costs a full practice 36 × (114,54 − 119,89) × 43 = −8.281,80 € a year", () => {
  expect(value(formulas[0]).value).toBeCloseTo(-8281.8, 9);
});

test("(a) in calendar year 2026 three quarters of 10,75 weeks at −192,60 € = −6.211,35 €", () => {
  expect(value(formulas[1]).value).toBeCloseTo(-6211.35, 9);
});

test("(b) Strukturzuschlag EBM − DPtV-2023 at 30 sessions: 12 × (23,19 − 11,59) × 43 = 5.985,60 €", () => {
  expect(value(formulas[2]).value).toBeCloseTo(5985.6, 9);
});

test("(c) the payers' table", () => {
  const t = value(formulas[3]).table!;
  expect(t.slice(1).map((row) => row[2])).toEqual(["2863.5", "2513.75", "1967.25", "1311.5", "2513.75"]);
  expect(t[5].slice(3)).toEqual(["1256.88", "1256.87", "0"]);
});

test("(e) 30 sessions a week in 2026: 30 × (116,934 × 10,75 + 112,119 × 32,25) = 146.186,3475 €", () => {
  expect(value(formulas[4].replace("A2", "30")).value).toBe(146186.3475);
});

test("(d) DPtV-2023 without the entrepreneur's supplement and with 4 sessions per supervision hour: 32.480,69 € (README)", () => {
  // The figure is the example workbook's saved value, computed by scripts/make-examples.js (folgerichtig with zuschlag 0, schluessel 4), not by the engine.
  expect(section).toContain("32.480,69 € statt 33.105,05 €");
  expect(value('=WB_DEFIZIT({"preset","DPtV-2023";"zuschlag",0;"supervision_schluessel",4},"Jahr")').value).toBe(32480.69);
});
