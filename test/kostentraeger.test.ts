import { evaluateFormula } from "../src/cli/formula";
import { engineError, praxis, praxisTable } from "./helpers";

/*
 * KOSTENTRAEGER_VERGLEICH for a short-term therapy of 25 sessions on
 * 01.05.2026, computed here from the published values:
 * Behaviour therapy on both sides: EBM 35421 (Verhaltenstherapie, Kurzzeittherapie 1) and GOÄ 870 (Verhaltenstherapie).
 *  - GKV: EBM 35421 after the cut of 01.04.2026, 899 points × 12,7404 ct
 *    (Orientierungswert 2026) = 11.453,62 ct → 114,54 € a session; × 25 = 2.863,50 €.
 *  - GOÄ 870: 750 points × 5,82873 ct (Punktwert, § 5 Abs. 1 GOÄ) = 43,715475 € simple fee;
 *    × 2,3 = 100,5456 → 100,55 €; × 1,8 (Standardtarif) = 78,6879 → 78,69 €;
 *    × 1,2 (Basistarif) = 52,4586 → 52,46 €; × 3,5 = 153,0042 → 153,00 € (seed 002: 153 €).
 *  - Beihilfe 50 % (§ 46 Abs. 2 Nr. 1 BBhV) of 2.513,75 € = 1.256,875 → 1.256,88 €, the top-up the rest.
 */
const HEADER = ["Kostenträger", "Faktor", "Abgerechnet (€)", "davon Beihilfe (€)", "davon Versicherung (€)", "Patient zahlt (€)"];

test("25 sessions at every payer, 01.05.2026", () => {
  expect(praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 25, "01.05.2026")).toEqual([
    HEADER,
    ["GKV (EBM 35421)", "", 2863.5, 0, 2863.5, 0],
    ["PKV (GOÄ 870)", 2.3, 2513.75, 0, 2513.75, 0],
    ["Standardtarif", 1.8, 1967.25, 0, 1967.25, 0],
    ["Basistarif", 1.2, 1311.5, 0, 1311.5, 0],
    ["Beihilfe 50 % + PKV-Restkosten 50 %", 2.3, 2513.75, 1256.88, 1256.87, 0],
  ]);
});

test("at 3,5 with a pensioner's Beihilfe of 70 %: 25 × 153,00 € = 3.825 €, of which 2.677,50 € Beihilfe", () => {
  const t = praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 25, "01.05.2026", 3.5, 0.7);
  expect(t[2]).toEqual(["PKV (GOÄ 870)", 3.5, 3825, 0, 3825, 0]);
  expect(t[5]).toEqual(["Beihilfe 70 % + PKV-Restkosten 30 %", 3.5, 3825, 2677.5, 1147.5, 0]);
});

test("before the cut (Q1/2026) the GKV row is 941 × 12,7404 ct = 119,89 € a session", () => {
  expect(praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 1, "1/2026")[1]).toEqual(["GKV (EBM 35421)", "", 119.89, 0, 119.89, 0]);
});

test("each row adds up: Beihilfe + insurer + patient = the invoice", () => {
  for (const quote of [0, 0.5, 0.7, 0.8, 1]) {
    for (const row of praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 7, 2025, 2.3, quote).slice(1)) {
      const [, , billed, beihilfe, versicherung, patient] = row as [string, number, number, number, number, number];
      expect(Math.round((beihilfe + versicherung + patient) * 100)).toBe(Math.round(billed * 100));
    }
  }
});

describe("GOAE_BETRAG and PKV_ERSTATTUNG agree on factors above the maximum", () => {
  test("3,8 for GOÄ 870 is #NUM! in both without an Abdingung", () => {
    expect(engineError(() => praxis("GOAE_BETRAG", 870, 3.8)).kind).toBe("zahl");
    expect(engineError(() => praxis("PKV_ERSTATTUNG", 870, 3.8, 1)).kind).toBe("zahl");
    expect(engineError(() => praxis("PKV_EIGENANTEIL", 870, 3.8, 1)).kind).toBe("zahl");
    expect(engineError(() => praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 1, 2026, 3.8)).message).toMatch(/ohne Abdingung/);
  });

  test("with an Abdingung both give 750 × 5,82873 ct × 3,8 = 166,118805 → 166,12 €", () => {
    expect(praxis("GOAE_BETRAG", 870, 3.8, 1, true)).toBe(166.12);
    expect(praxis("PKV_ERSTATTUNG", 870, 3.8, 1, null, null, null, true)).toBe(166.12);
    // A tariff named "PKV" refunds up to the maximum rate: 153,00 €, the patient pays 13,12 €.
    expect(praxis("PKV_ERSTATTUNG", 870, 3.8, 1, "PKV", null, null, true)).toBe(153);
    expect(praxis("PKV_EIGENANTEIL", 870, 3.8, 1, "Beihilfe", 0.5, null, true)).toBe(89.62); // 166,12 − 76,50
  });

  test("\"GKV\" as a factor says where the GKV's fee comes from", () => {
    expect(engineError(() => praxis("GOAE_BETRAG", 870, "GKV")).message).toMatch(/nach dem EBM \(EBM_HONORAR/);
  });

  test("\"PKV\" and \"Beihilfe\" are limits of a tariff, never a factor to bill at", () => {
    expect(engineError(() => praxis("GOAE_BETRAG", 870, "PKV")).message).toMatch(/Kostenträger, kein Faktor einer Rechnung/);
    expect(engineError(() => praxis("PKV_ERSTATTUNG", 870, "Beihilfe", 1)).kind).toBe("wert");
    expect(engineError(() => praxisTable("KOSTENTRAEGER_VERGLEICH", 35421, 870, 1, 2026, "PKV")).kind).toBe("wert");
    // As max_faktor both are the maximum rate, 3,5 for 870: 153,00 € of the 2,3-fold 100,55 € invoice is no limit at all.
    expect(praxis("PKV_ERSTATTUNG", 870, 2.3, 1, "Beihilfe")).toBe(100.55);
  });
});

test("an array constant where the table wants one value is #VALUE!, never its first value (review)", () => {
  const r = evaluateFormula('=KOSTENTRAEGER_VERGLEICH(35421,870,{1;25},"2026-05-01")', "en");
  expect(r.error).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/anzahl erwartet einen Einzelwert/) });
  expect(evaluateFormula("=EBM_VERLAUF({35150;35401},2025,2026)", "en").error?.code).toBe("#VALUE!");
  // A one-element array is that one value.
  expect(evaluateFormula('=KOSTENTRAEGER_VERGLEICH(35421,870,{25},"2026-05-01")', "en").table![1][2]).toBe("2863.5");
});
