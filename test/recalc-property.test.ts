import Decimal from "decimal.js";
import fc from "fast-check";
import { handMade, recalcJson } from "./workbooks";

/*
 * recalc's verdict against exact decimal arithmetic, for amounts up to 10^12 €.
 * Each generated row holds a count n and a PRAXIS fee for n services, whose
 * exact value is the cited single fee times n (EBM 35401 in 2023: 941 points ×
 * 11,4915 ct = 108,14 €, rounded per service; GOÄ 870 at 2,3: 750 × 5,82873 ct
 * × 2,3 = 100,5455925 €, rounded once to 100,55 €). The saved value is either
 * that exact amount or the amount moved by a generated number of tenths of a
 * cent. Property: "gleich" exactly when the saved decimal equals the exact one,
 * "abweichend" otherwise — never a tolerance, never a rounded verdict.
 * Saved values have at most three decimals and stay below 10^12 €, where two
 * different such decimals are always two different doubles (the spacing of
 * doubles there is 1,2 · 10⁻⁴), as Excel would store them.
 */
const FEES = [
  { formula: (a: string) => `_xldudf_PRAXIS_EBM_HONORAR(35401,2023,${a})`, single: new Decimal("108.14") },
  { formula: (a: string) => `_xldudf_PRAXIS_GOAE_BETRAG(870,2.3,${a})`, single: new Decimal("100.55") },
];
const LIMIT = new Decimal(10).pow(12);

interface Case {
  fee: number;
  n: number;
  /** Tenths of a cent added to the exact amount; 0 half of the time. */
  shift: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  fee: fc.integer({ min: 0, max: FEES.length - 1 }),
  // Counts up to the largest that keeps 108,14 € × n below 10^12 €.
  n: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 9_247_000_000 })),
  shift: fc.oneof(fc.constant(0), fc.integer({ min: -100_000, max: 100_000 })),
});

test("recalc says gleich exactly when the saved amount equals the exact decimal amount (up to 10^12 €)", async () => {
  const cases = fc.sample(caseArb, { seed: 20261130, numRuns: 400 });
  const rows = cases.map((c, i) => {
    const r = i + 1;
    const exact = FEES[c.fee].single.times(c.n);
    const saved = exact.plus(new Decimal(c.shift).div(1000));
    expect(saved.abs().lt(LIMIT)).toBe(true);
    return `<row r="${r}"><c r="A${r}"><v>${c.n}</v></c><c r="B${r}"><f>${FEES[c.fee].formula(`A${r}`)}</f><v>${saved.toFixed()}</v></c></row>`;
  });
  const file = await handMade("eigenschaft-urteil.xlsx", { Betraege: rows.join("") });
  const { result, status } = recalcJson(file);
  const verdicts = result.cells.map((cell, i) => {
    const c = cases[i];
    const exact = FEES[c.fee].single.times(c.n);
    const saved = exact.plus(new Decimal(c.shift).div(1000));
    return { address: cell.address, expected: saved.eq(exact) ? "match" : "mismatch", got: cell.status, recomputed: cell.recomputed };
  });
  expect(verdicts.filter((v) => v.expected !== v.got)).toEqual([]);
  // The recomputed value is the exact amount as the nearest double, the way Excel stores it.
  result.cells.forEach((cell, i) => expect(cell.recomputed).toBe(FEES[cases[i].fee].single.times(cases[i].n).toNumber()));
  // Both verdicts occur, and the exit status follows them.
  expect(new Set(verdicts.map((v) => v.got))).toEqual(new Set(["match", "mismatch"]));
  expect(status).toBe(1);
});
