import { mehrdeutig } from "../src/engine/zahltext";
import { tabellenwertAusText } from "../src/engine/tabellenwert";
import { applyOverrides } from "../src/data/overrides";
import { RAW } from "../src/data/tables";
import { praxis, praxisError } from "./helpers";

/*
 * One separator and exactly three digits: a German reader groups thousands with
 * "." and writes decimals with ",", an English one the other way round, so
 * "1.000" and "1,000" each have two readings and are refused. Any other shape
 * has one reading, and the functions take it.
 */
describe("text numbers with two readings", () => {
  test.each(["1.000", "1,000", "12.500", "999,999", "+1.234", "-2,300", "1.000e0", "1,000E-2"])("%s is ambiguous", (t) => {
    expect(mehrdeutig(t)).toBeDefined();
  });

  test.each(["0,125", "0.500", "1000.500", "12,5", "2.3", "1.2345", "1234", "1.000.000", "1.000,50"])("%s is not (one reading, or no number at all)", (t) => {
    expect(mehrdeutig(t)).toBeUndefined();
  });

  test("the readings offered are a thousand and one, and one with a fourth decimal, with the sign and exponent written", () => {
    expect(mehrdeutig(" 1.000 ")).toEqual({ tausender: "1000", dezimal: "1,000", eindeutig: "1.0000" });
    expect(mehrdeutig("-1.000")).toEqual({ tausender: "-1000", dezimal: "-1,000", eindeutig: "-1.0000" });
    expect(mehrdeutig("2,300e1")).toEqual({ tausender: "2300e1", dezimal: "2,300e1", eindeutig: "2,3000e1" });
  });

  test("a typed table value (task pane, --wert): decimal comma or point, no grouping, no two readings", () => {
    expect(tabellenwertAusText(" 12,7404 ")).toBe("12.7404");
    expect(tabellenwertAusText("941")).toBe("941");
    expect(tabellenwertAusText("0,125")).toBe("0.125");
    expect(() => tabellenwertAusText("1.234,5")).toThrow(/"1\.234,5" enthält Tausendertrennzeichen/);
    expect(() => tabellenwertAusText("1.234")).toThrow(/"1\.234" ist mehrdeutig/);
    expect(() => tabellenwertAusText("1e3")).toThrow(/"1e3" ist keine Zahl/);
    expect(() => tabellenwertAusText("")).toThrow(/der Wert fehlt/);
  });

  test("an own value fits its series: never negative, a share at most 1 (the schema check, whichever face set it)", () => {
    const eigen = (series: string, value: string) => () => applyOverrides(RAW, [{ series, valid_from: "2020-01-01", value, quelle: "Brief" }]);
    expect(eigen("goae.punkte.870", "-5")).toThrow(/goae\.punkte\.870\[1\]: Wert -5 ist negativ/);
    expect(eigen("kv.NO.quote", "1.5")).toThrow(/kv\.NO\.quote\[\d+\]: Anteil 1\.5 liegt über 1/);
    expect(eigen("kv.NO.quote", "1")).not.toThrow();
    // A limit of the Abstaffelung is a share of the capacity, 150 % in the DPtV reading: no share of a whole.
    expect(eigen("praxis.abstaffelung_obergrenze", "1.5")).not.toThrow();
  });

  test("unambiguous text still counts: 0,125 and 2,3 as factors, 1000 as a count", () => {
    // GOÄ 870: 750 points × 5,82873 ct × 2,3 = 100,5456 € → 100,55 € (§ 5 Abs. 1 GOÄ).
    expect(praxis("GOAE_BETRAG", 870, "2,3")).toBe(praxis("GOAE_BETRAG", 870, 2.3));
    expect(praxis("GOAE_BETRAG", 870, "2,3")).toBe(100.55);
    expect(praxis("EBM_HONORAR", 35401, 2023, "1000")).toBe(praxis("EBM_HONORAR", 35401, 2023, 1000));
    expect(praxisError("EBM_HONORAR", 35401, 2023, "1.000").kind).toBe("wert");
  });
});
