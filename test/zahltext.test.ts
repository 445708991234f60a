import { mehrdeutig } from "../src/engine/zahltext";
import { praxis, praxisError } from "./helpers";

/*
 * One separator and exactly three digits: a German reader groups thousands with
 * "." and writes decimals with ",", an English one the other way round, so
 * "1.000" and "1,000" each have two readings and are refused. Any other shape
 * has one reading, and the functions take it.
 */
describe("text numbers with two readings", () => {
  test.each(["1.000", "1,000", "12.500", "999,999", "+1.234", "-2,300"])("%s is ambiguous", (t) => {
    expect(mehrdeutig(t)).toBeDefined();
  });

  test.each(["0,125", "0.500", "1000.500", "12,5", "2.3", "1.2345", "1234", "1.000.000", "1.000,50"])("%s is not (one reading, or no number at all)", (t) => {
    expect(mehrdeutig(t)).toBeUndefined();
  });

  test("the readings offered are a thousand and one, and one with a fourth decimal", () => {
    expect(mehrdeutig(" 1.000 ")).toEqual({ tausender: "1000", dezimal: "1,000", eindeutig: "1.0000" });
  });

  test("unambiguous text still counts: 0,125 and 2,3 as factors, 1000 as a count", () => {
    // GOÄ 870: 750 points × 5,82873 ct × 2,3 = 100,5456 € → 100,55 € (§ 5 Abs. 1 GOÄ).
    expect(praxis("GOAE_BETRAG", 870, "2,3")).toBe(praxis("GOAE_BETRAG", 870, 2.3));
    expect(praxis("GOAE_BETRAG", 870, "2,3")).toBe(100.55);
    expect(praxis("EBM_HONORAR", 35401, 2023, "1000")).toBe(praxis("EBM_HONORAR", 35401, 2023, 1000));
    expect(praxisError("EBM_HONORAR", 35401, 2023, "1.000").kind).toBe("wert");
  });
});
