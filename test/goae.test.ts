import { Decimal } from "../src/engine/decimal";
import { goaeBetrag } from "../src/engine/goae";
import { buildTables, RAW, useTables } from "../src/data/tables";
import { RawGoae } from "../src/data/types";
import { praxis, praxisError } from "./helpers";

afterEach(() => useTables(undefined));

describe("GOÄ fees reproduce seed 002", () => {
  test.each([
    // "870 (Therapiesitzung) zum 2,3-fachen Satz ≈ 100,55 €; 801a ≈ 33,52 €"
    [870, 2.3, 1, 100.55],
    ["801a", 2.3, 1, 33.52],
    // Beispiel 1: 25 × 100,55 € = 2.513,75 €
    [870, 2.3, 25, 2513.75],
    // Beispiel 3: 40 × 100,55 € = 4.022,00 €
    [870, 2.3, 40, 4022],
    // Beispiel 4: 1,2-fach (Basistarif) ≈ 52,46 €
    [870, "Basistarif", 1, 52.46],
    [870, 1.2, 1, 52.46],
    // Fall C: 30 × 100,55 € = 3.016,50 €, 30 × 52,46 € = 1.573,80 €
    [870, 2.3, 30, 3016.5],
    [870, "Basistarif", 30, 1573.8],
  ])("GOAE_BETRAG(%s; %s; %s) = %s", (ziffer, faktor, anzahl, expected) => {
    expect(praxis("GOAE_BETRAG", ziffer, faktor, anzahl)).toBe(expected);
  });

  test("Beispiel 2: 870 + 801a at 2,3 = 134,07 €, four sessions 536,28 €", () => {
    const one = (praxis("GOAE_BETRAG", 870, 2.3) as number) + (praxis("GOAE_BETRAG", "801a", 2.3) as number);
    expect(one).toBeCloseTo(134.07, 10);
    const four = (praxis("GOAE_BETRAG", 870, 2.3, 4) as number) + (praxis("GOAE_BETRAG", "801a", 2.3, 4) as number);
    expect(four).toBeCloseTo(536.28, 10);
  });

  test("Beispiel 4 / Fall C: 48,09 € per session, 1.442,70 € over 30 sessions", () => {
    const diff = (praxis("GOAE_BETRAG", 870, 2.3) as number) - (praxis("GOAE_BETRAG", 870, "Basistarif") as number);
    expect(diff).toBeCloseTo(48.09, 10);
    const d30 = (praxis("GOAE_BETRAG", 870, 2.3, 30) as number) - (praxis("GOAE_BETRAG", 870, "Basistarif", 30) as number);
    expect(d30).toBeCloseTo(1442.7, 10);
  });

  test("Fall A: the seed's ≈122,00 € at 2,8 is a rounding; § 5 gives 122,40 € (20 sessions 2.448,00 €, not 2.440 €)", () => {
    // 750 P × 5,82873 ct × 2,8 = 122,40333 € → 122,40
    expect(praxis("GOAE_BETRAG", 870, 2.8)).toBe(122.4);
    expect(praxis("GOAE_BETRAG", 870, 2.8, 20)).toBe(2448);
  });

  test("Beispiel 5: 3,8-fach is ≈165 € in the seed; exactly 166,12 € with Abdingung", () => {
    expect(praxis("GOAE_BETRAG", 870, 3.8, 1, true)).toBe(166.12);
  });

  test("Fall B: 812a at 2,3 is 67,03 € per 25 minutes; the seed's 134,06 € is a 50-minute unit (2 × 67,03)", () => {
    expect(praxis("GOAE_BETRAG", "812a", 2.3)).toBe(67.03);
    expect(praxis("GOAE_BETRAG", "812a", 2.3, 2)).toBe(134.06);
    expect(praxis("GOAE_BETRAG", "812a", 2.3, 12)).toBe(804.36); // 6 × 134,06
  });
});

describe("§ 5 GOÄ rounding", () => {
  test("812 at 2,3 is 67,03 €: one rounding at the end, not 29,14 × 2,3 = 67,02", () => {
    expect(praxis("GOAE_BETRAG", 812, 2.3)).toBe(67.03);
    expect(praxis("GOAE_BETRAG", 812, 1)).toBe(29.14);
    expect(Math.round(29.14 * 2.3 * 100) / 100).toBe(67.02); // what rounding the Einfachsatz first would give
  });

  test("published cross-checks: 855 at 1,8 = 75,75 €, 861 at 2,3 = 92,50 €", () => {
    expect(praxis("GOAE_BETRAG", 855, 1.8)).toBe(75.75);
    expect(praxis("GOAE_BETRAG", 861, 2.3)).toBe(92.5);
  });

  test("half a cent rounds up", () => {
    // 250 P × 5,82873 ct × 2,0 = 29,14365 → 29,14; × 1,5 = 21,8577 → 21,86
    expect(praxis("GOAE_BETRAG", 801, 2)).toBe(29.14);
    expect(praxis("GOAE_BETRAG", 801, 1.5)).toBe(21.86);
  });
});

describe("factor bands", () => {
  test("default factor is the section's threshold (2,3 for personal services)", () => {
    expect(praxis("GOAE_BETRAG", 870)).toBe(100.55);
    expect(praxis("GOAE_BETRAG", 870, "Schwellenwert")).toBe(100.55);
  });

  test("named factors: Höchstsatz 3,5, Standardtarif 1,8, Basistarif 1,2, Einfachsatz 1,0", () => {
    expect(praxis("GOAE_BETRAG", 870, "Höchstsatz")).toBe(153);
    expect(praxis("GOAE_BETRAG", 870, "Hoechstsatz")).toBe(153);
    expect(praxis("GOAE_BETRAG", 870, "Standardtarif")).toBe(78.69);
    expect(praxis("GOAE_BETRAG", 870, "Basistarif")).toBe(52.46);
    expect(praxis("GOAE_BETRAG", 870, "Einfachsatz")).toBe(43.72);
    expect(praxis("GOAE_BETRAG", 870, "2,3")).toBe(100.55);
  });

  test("above the maximum only with Abdingung", () => {
    expect(praxis("GOAE_BETRAG", 870, 3.5)).toBe(153);
    const e = praxisError("GOAE_BETRAG", 870, 3.6);
    expect(e.kind).toBe("zahl");
    expect(e.message).toMatch(/Abdingung/);
    expect(praxis("GOAE_BETRAG", 870, 3.6, 1, true)).toBe(157.38);
  });

  test("below the minimum is out of range", () => {
    expect(praxisError("GOAE_BETRAG", 870, 0.9).kind).toBe("zahl");
  });

  test("technical and laboratory bands apply by section; no Abdingung there (§ 2 Abs. 3)", () => {
    // A number of 100 points in section O and one in M, to exercise the bands of the real tables.
    const goae: RawGoae = JSON.parse(JSON.stringify(RAW.goae));
    const template = goae.ziffern[0];
    goae.ziffern.push({ ...template, nr: "9001", abschnitt: "O", punkte: { ...template.punkte, values: [{ ...template.punkte.values[0], value: "100" }] } });
    goae.ziffern.push({ ...template, nr: "9002", abschnitt: "M", punkte: { ...template.punkte, values: [{ ...template.punkte.values[0], value: "100" }] } });
    useTables(buildTables({ ...RAW, goae }));
    const fee = (nr: string, f: Decimal | "basistarif" | "standardtarif" | "hoechstsatz" | null, abd = false) =>
      goaeBetrag(nr, f, 1, abd, "2025-01-01").toNumber();
    // 100 P × 5,82873 ct = 5,82873 €
    expect(fee("9001", null)).toBe(10.49); // × 1,8
    expect(fee("9001", "hoechstsatz")).toBe(14.57); // × 2,5
    expect(fee("9001", "standardtarif")).toBe(8.04); // × 1,38
    expect(fee("9001", "basistarif")).toBe(5.83); // × 1,0
    expect(fee("9002", null)).toBe(6.7); // × 1,15
    expect(fee("9002", "hoechstsatz")).toBe(7.58); // × 1,3
    expect(fee("9002", "standardtarif")).toBe(6.76); // × 1,16
    expect(fee("9002", "basistarif")).toBe(5.25); // × 0,9
    expect(() => fee("9001", new Decimal("2.6"), true)).toThrow(/§ 2 Abs. 3/);
  });

  test("tests 855–857 are listed in Abschnitt A of the schedule: 1,0–2,5, threshold 1,8 (§ 5 Abs. 3), no Abdingung", () => {
    // analog recommendations 2024: test battery analog 855 at 1,8 = 75,75 €
    expect(praxis("GOAE_BETRAG", 855)).toBe(75.75);
    expect(praxis("GOAE_BETRAG", 857, "Höchstsatz")).toBe(16.9); // 116 P × 5,82873 ct × 2,5
    expect(praxis("GOAE_BEGRUENDUNG", 856, 2)).toBe(true);
    expect(praxis("GOAE_BETRAG", 855, 2.3)).toBe(96.79); // allowed, but above the threshold
    expect(praxisError("GOAE_BETRAG", 855, 2.6).kind).toBe("zahl");
    expect(praxisError("GOAE_BETRAG", 855, 2.6, 1, true).message).toMatch(/§ 2 Abs. 3/);
  });

  test("Basistarif before the 2010 agreement was capped at 1,8 (§ 75 Abs. 3a SGB V)", () => {
    expect(goaeBetrag("870", "basistarif", 1, false, "2010-03-31").toNumber()).toBe(78.69);
    expect(goaeBetrag("870", "basistarif", 1, false, "2010-04-01").toNumber()).toBe(52.46);
  });
});

describe("points, analog numbers and justification", () => {
  test.each([[870, 750], [801, 250], [812, 500], ["812a", 500], ["A 812", 500], ["analog 812", 500], ["861", 690], ["827a", 950], ["827", 605], [800, 195], ["0870", 750]])(
    "GOAE_PUNKTE(%s) = %s",
    (ziffer, expected) => {
      expect(praxis("GOAE_PUNKTE", ziffer)).toBe(expected);
    },
  );

  test.each([
    [870, 2.3, false],
    [870, 2.31, true],
    [870, "Höchstsatz", true],
    [870, "Basistarif", false],
    [870, 3.8, true],
  ])("GOAE_BEGRUENDUNG(%s; %s) = %s", (ziffer, faktor, expected) => {
    expect(praxis("GOAE_BEGRUENDUNG", ziffer, faktor)).toBe(expected);
  });
});
