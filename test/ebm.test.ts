import { praxis, praxisError, praxisTable } from "./helpers";

/*
 * Every expected value below was printed in a seed or a cited source; the
 * comment names it. The engine computes points × Orientierungswert itself.
 */
describe("EBM fees reproduce the published amounts", () => {
  test.each([
    // seed 003, I.(ii): KZT/LZT session 2023 = 941 P × 11,4915 ct
    ["35401", 2023, 108.14],
    ["35421", "1/2023", 108.14],
    // seed 003, I.(ii): probatorische Sitzung 709 P
    ["35150", 2023, 81.47],
    // seed 003, I.(iv): full Strukturzuschlag 186 P
    ["35571", 2023, 21.37],
    // vpp 2019: Therapiestunde 99,78 €, Probatorik 67,21 €
    ["35401", 2019, 99.78],
    ["35150", 2019, 67.21],
    // KBV EBM-Browser 2024/3: 35150 = 84,61 €
    ["35150", "2024Q3", 84.61],
    // Ärzte Zeitung / KV Hessen 2020: systemische Therapie 101,30 €
    ["35431", "3/2020", 101.3],
    // KV Hessen 2020: Gruppe mit 3 Teilnehmern 100,64 €
    ["35703", "3/2020", 100.64],
    // KBV 17549 (2017): Sprechstunde 44,33 € je 25 Minuten
    ["35151", "2/2017", 44.33],
    // KBV EBM 2023/2: 30810 = 19,31 €; KV Hessen 2020: 30811 = 18,46 €
    ["30810", 2023, 19.31],
    ["30811", 2020, 18.46],
    // KV Bremen 27.05.2021: 35571 186 P = 20,69 €, 35573 95 P = 10,57 € in 2021; 173 P = 19,01 € in 2020
    ["35571", 2021, 20.69],
    ["35573", 2021, 10.57],
    ["35571", 2020, 19.01],
    // DPtV 2016 / KVHB: Einzelstunde 2017 = 88,56 € (841 P × 10,53 ct)
    ["35401", "3/2017", 88.56],
  ])("EBM_HONORAR(%s; %s) = %s", (gop, stichtag, expected) => {
    expect(praxis("EBM_HONORAR", gop, stichtag)).toBe(expected);
  });

  test("seed 003: 18 sessions at 108,14 € and 2 at 81,47 € average 105,47 €", () => {
    const sum = (praxis("EBM_HONORAR", 35401, 2023, 18) as number) + (praxis("EBM_HONORAR", 35150, 2023, 2) as number);
    expect(sum).toBeCloseTo(2109.46, 10);
    expect(Math.round((sum / 20) * 100) / 100).toBe(105.47);
  });

  test("each service is rounded to the cent before multiplying (rounding trap)", () => {
    // 709 × 11,4915 ct = 81,4747 €: three services are 3 × 81,47 = 244,41, not 244,42
    expect(praxis("EBM_HONORAR", 35150, 2023, 3)).toBe(244.41);
    // 941 × 11,9339 ct = 112,298 €: 10 services are 1.123,00, not 1.122,98
    expect(praxis("EBM_HONORAR", 35401, 2024, 10)).toBe(1123);
  });

  test("zero services cost nothing", () => {
    expect(praxis("EBM_HONORAR", 35401, 2023, 0)).toBe(0);
  });
});

describe("EBM points, Orientierungswert and Prüfzeit by date", () => {
  test.each([
    [2009, 3.5001],
    ["2/2013", 3.5363],
    ["4/2013", 10],
    [2016, 10.4361],
    [2023, 11.4915],
    ["2025Q2", 12.3934],
    ["31.12.2026", 12.7404],
  ])("EBM_PUNKTWERT(%s) = %s", (stichtag, expected) => {
    expect(praxis("EBM_PUNKTWERT", stichtag)).toBe(expected);
  });

  test("Excel serial dates are read as dates: 45474 is 01.07.2024", () => {
    expect(praxis("EBM_PUNKTWERT", 45474)).toBe(11.9339);
    expect(praxis("EBM_PUNKTWERT", 45473.75)).toBe(11.9339); // 30.06.2024 18:00
  });

  test.each([
    ["3/2017", 841],
    ["3/2018", 922],
    ["2/2022", 922],
    ["3/2022", 941],
    ["1/2026", 941],
    ["2/2026", 899],
  ])("EBM_PUNKTE(35401; %s) = %s", (stichtag, expected) => {
    expect(praxis("EBM_PUNKTE", 35401, stichtag)).toBe(expected);
  });

  test("Prüfzeit of a 50-minute session is 70 minutes (seed 003, Anhang 3 EBM)", () => {
    expect(praxis("EBM_PRUEFZEIT", 35401, 2023)).toBe(70);
    expect(praxis("EBM_PRUEFZEIT", 35431, 2021)).toBe(70);
  });
});

/*
 * EBM_VERLAUF, checked against the data files read here (not through the
 * engine): 35401 had 941 points until the Erweiterter Bewertungsausschuss cut
 * it to 899 from 01.04.2026; the Orientierungswert changed on 01.01.2026.
 */
describe("EBM_VERLAUF: a GOP's fee quarter by quarter", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ebm = require("../src/data/ebm.json") as { orientierungswert: { values: { valid_from: string; value: string }[] }; gops: { gop: string; punkte: { values: { valid_from: string; value: string }[] } }[] };
  const at = (values: { valid_from: string; value: string }[], date: string) => Number(values.filter((v) => v.valid_from <= date).at(-1)!.value);
  const fee = (gop: string, date: string) => {
    const points = at(ebm.gops.find((g) => g.gop === gop)!.punkte.values, date);
    // points × ct / 100, to the cent; on integers of 1/10,000 cent so that no binary fraction decides the rounding.
    return Math.round((points * Math.round(at(ebm.orientierungswert.values, date) * 10000)) / 100 / 100) / 100;
  };

  test("1/2025 to 4/2026: a header, eight quarters, the fee at each quarter's values and the change to the quarter before", () => {
    const table = praxisTable("EBM_VERLAUF", 35401, "1/2025", "4/2026") as (string | number)[][];
    expect(table[0]).toEqual(["Quartal", "Punkte", "Orientierungswert (ct/Punkt)", "Honorar (€)", "Änderung (€)", "Änderung (%)"]);
    const quarters = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"];
    expect(table.slice(1).map((r) => r[0])).toEqual(["1/2025", "2/2025", "3/2025", "4/2025", "1/2026", "2/2026", "3/2026", "4/2026"]);
    quarters.forEach((q, k) => {
      const row = table[k + 1];
      expect([row[1], row[2], row[3]]).toEqual([at(ebm.gops.find((g) => g.gop === "35401")!.punkte.values, q), at(ebm.orientierungswert.values, q), fee("35401", q)]);
    });
    // The cut of 2/2026: 941 → 899 points at the same Orientierungswert.
    expect(table[6][1]).toBe(899);
    const [before, after] = [fee("35401", "2026-01-01"), fee("35401", "2026-04-01")];
    expect(table[6][4]).toBeCloseTo(after - before, 10);
    expect(table[6][5]).toBeCloseTo(((after - before) / before) * 100, 10);
    expect([table[1][4], table[1][5]]).toEqual(["", ""]);
  });

  test("without bounds: from the first quarter with points and Orientierungswert to the workbook's Stichtag", () => {
    const table = praxisTable("EBM_VERLAUF", 35401) as (string | number)[][];
    // 35401's points are recorded from 01.07.2017 (the Psychotherapie-Reform); the last row is today's quarter.
    expect(table[1][0]).toBe("3/2017");
    const now = new Date();
    expect(table.at(-1)![0]).toBe(`${Math.floor(now.getMonth() / 3) + 1}/${now.getFullYear()}`);
  });
});

describe("STICHTAG_VERGLEICH: one function at two dates", () => {
  test("EBM 35401 from 2023 to 2024: 108,14 € (seed 003) → 112,30 € (941 P × 11,9339 ct), +4,16 €", () => {
    const [head, row] = praxisTable("STICHTAG_VERGLEICH", "EBM_HONORAR", 2023, 2024, 35401);
    expect(head).toEqual(["Stichtag alt", "Wert alt", "Stichtag neu", "Wert neu", "Differenz", "Differenz (%)"]);
    expect(row.slice(0, 5)).toEqual(["01.01.2023", 108.14, "01.01.2024", 112.3, 4.16]);
    expect(row[5]).toBeCloseTo((4.16 / 108.14) * 100, 12);
  });

  test("the arguments after the Stichtag keep their place: 10 sessions in 1/2026 and 2/2026 (the cut to 899 points)", () => {
    const [, row] = praxisTable("STICHTAG_VERGLEICH", "EBM_HONORAR", "1/2026", "2/2026", 35401, 10);
    // 941 P × 12,7404 ct = 119,89 €, 899 P × 12,7404 ct = 114,54 € a session (ebm.json).
    expect(row.slice(1, 5)).toEqual([1198.9, "01.04.2026", 1145.4, -53.5]);
  });
});

describe("EBM_VERLAUF and STICHTAG_VERGLEICH after the review", () => {
  test("without von a course starts at the first quarter with recorded points, and a quarter without them is a gap, not an error", () => {
    // 35572 (Strukturzuschlag): its first entry records no value; the first recorded points (ebm.json) hold from 01.01.2019,
    // and from Q3/2022 to Q4/2024 no value is sourced (KV Hamburg reports a cut, the points are not published).
    const table = praxisTable("EBM_VERLAUF", 35572, null, "4/2026") as (string | number)[][];
    expect(table[1].slice(0, 2)).toEqual(["1/2019", 70]);
    const gap = table.find((r) => r[1] === "");
    expect(gap).toBeDefined();
    expect([gap![3], gap![4], gap![5]]).toEqual(["", "", ""]);
  });

  test("a year as bis runs to its end, as in HONORAR_ZEITRAUM: 2024 to 2025 is eight quarters", () => {
    const table = praxisTable("EBM_VERLAUF", 35401, 2024, 2025);
    expect(table.slice(1).map((r) => r[0])).toEqual(["1/2024", "2/2024", "3/2024", "4/2024", "1/2025", "2/2025", "3/2025", "4/2025"]);
  });

  test("von after bis is refused, also within one quarter", () => {
    expect(() => praxisTable("EBM_VERLAUF", 35401, "31.12.2017", "01.10.2017")).toThrow(/liegt nicht vor dem Ende/);
  });

  test("ERKLAERUNG explains a comparison with all its arguments (the count: 3 sessions)", () => {
    const t = praxisTable("ERKLAERUNG", "STICHTAG_VERGLEICH", "EBM_HONORAR", 2025, 2026, 35401, 3);
    expect(t.at(-1)).toEqual(["Ergebnis", "Tabelle mit 2 Zeilen", "", "", "", ""]);
    expect(t.some((r) => r[0] === "× Anzahl 3")).toBe(true);
  });
});

describe("issue 17: Strukturzuschläge 2025, group services 10/2021, budget status", () => {
  test.each([
    // Deutsches Ärzteblatt 02/2025 (EBA 22.01.2025): "von 186 auf 159", "von 77 auf 66", "von 95 auf 81" Punkte zum 01.04.2025
    ["35571", "1/2025", 186],
    ["35571", "2/2025", 159],
    ["35572", "1/2025", 77],
    ["35572", "01.04.2025", 66],
    ["35573", "31.03.2025", 95],
    ["35573", "2/2025", 81],
  ])("EBM_PUNKTE(%s; %s) = %d", (gop, stichtag, punkte) => {
    expect(praxis("EBM_PUNKTE", gop, stichtag)).toBe(punkte);
  });

  test.each([
    // KV Berlin 25.08.2021: 35163 = 704 Punkte / 78,32 €, 35169 = 409 Punkte / 45,50 € (Orientierungswert 2021)
    ["35163", "4/2021", 78.32],
    ["35169", "4/2021", 45.5],
    // KBV 30.09.2021 and KV Brandenburg: 35173 = 916 Punkte / 101,90 €, 35179 = 532 Punkte / 59,18 €
    ["35173", "4/2021", 101.9],
    ["35179", "31.12.2021", 59.18],
  ])("EBM_HONORAR(%s; %s) = %d € as published", (gop, stichtag, euro) => {
    expect(praxis("EBM_HONORAR", gop, stichtag)).toBe(euro);
  });

  test("group services before their introduction and after Q3/2022 answer #N/A with the reason, never a number", () => {
    expect(praxisError("EBM_HONORAR", 35163, "30.09.2021").message).toMatch(/kein Tabellenwert vor dem 01\.10\.2021/);
    expect(praxisError("EBM_HONORAR", 35173, 2023)).toEqual({ kind: "nv", message: expect.stringMatching(/Anhebung um 2,1 %.*nicht belegt/) });
  });

  test.each([
    // DPtV Hessen 2013: only the 2012 negotiations took Probatorik and 35.2 out of the total; PTK Berlin: extrabudgetary since 1.1.2013
    ["35150", "31.12.2012", false],
    ["35150", "01.01.2013", true],
    ["35150", 2026, true],
    ["35401", "3/2017", true],
    ["35421", 2026, true],
    // Der Hausarzt 2017: Sprechstunde and Akutbehandlung extrabudgetär from 04/2017
    ["35151", "2/2017", true],
    ["35152", 2026, true],
    // KV Berlin / KBV 2021: group probatorik and group basic care outside the MGV from 01.10.2021
    ["35163", "4/2021", true],
    ["35179", 2026, true],
    // KBV 28.01.2016: Soziotherapie extrabudgetär from Q2/2016; KV Berlin: back into the MGV from 01.10.2022
    ["30810", "2/2016", true],
    ["30811", "30.09.2022", true],
    ["30811", "01.10.2022", false],
    // KV Hamburg Journal 9/2025: Gespräch, Gutachterbericht, Biografische Anamnese are budgeted
    ["23220", 2026, false],
    ["35131", 2026, false],
    ["35140", "3/2025", false],
  ])("EBM_EXTRABUDGETAER(%s; %s) = %s", (gop, stichtag, wahr) => {
    expect(praxis("EBM_EXTRABUDGETAER", gop, stichtag)).toBe(wahr);
  });

  test("where no source says it, or the GOP was not yet in force, the answer is #N/A with the reason", () => {
    expect(praxisError("EBM_EXTRABUDGETAER", 35571, 2026).message).toMatch(/Strukturzuschlag .* keiner eingesehenen Quelle/);
    expect(praxisError("EBM_EXTRABUDGETAER", 35591, "1/2020").message).toMatch(/kein Tabellenwert vor dem 01\.04\.2020/);
    expect(praxisError("EBM_EXTRABUDGETAER", 35163, "3/2021").message).toMatch(/vor dem 01\.10\.2021/);
    expect(praxisError("EBM_EXTRABUDGETAER", 35151, "31.03.2017").message).toMatch(/vor dem 01\.04\.2017/);
    expect(praxisError("EBM_EXTRABUDGETAER", 99999, 2026)).toEqual({ kind: "nv", message: "GOP 99999 ist in den Tabellen nicht enthalten." });
    expect(praxisError("EBM_EXTRABUDGETAER", "3515", 2026).kind).toBe("wert");
  });

  test("ERKLAERUNG cites the budget status entry, and ABSTAFFELUNG's explanation says that only budgeted services are reduced", () => {
    const t = praxisTable("ERKLAERUNG", "EBM_EXTRABUDGETAER", 35150, 2012);
    expect(t.some((r) => r[3] === "ebm.extrabudgetaer.35150 ab 01.01.2009" && r[5] === "bestätigt")).toBe(true);
    expect(t.at(-1)).toEqual(["Ergebnis", false, "", "", "", ""]);
    const a = praxisTable("ERKLAERUNG", "ABSTAFFELUNG", 4725, 3150, "KVNO", 2011);
    expect(a.some((r) => /nur budgetierte Leistungen/.test(String(r[0])))).toBe(true);
  });
});

describe("issue 17: HVM rows as the sources give them", () => {
  test("Hamburg since 01.07.2025: a practice budget (PLB) up to 1,5 times, the quota unsourced; the #N/A says so, and an own quota computes", () => {
    const e = praxisError("ABSTAFFELUNG", 4725, 3150, "KVHH", "3/2025");
    expect(e.kind).toBe("nv");
    expect(e.message).toMatch(/praxisbezogenes Leistungsbudget \(PLB\).*1,5-Fachen/);
    // With the quota of one's own statement, the rule is the model's: 3150 + 1575 × 0,2
    expect(praxis("ABSTAFFELUNG", 4725, 3150, "KVHH", "3/2025", 0.2)).toBe(3465);
  });

  test.each([
    // Sächs. LSG L 1 KA 4/16: quotas 0,75/0,50 (III/2010) and 0,79/0,58 (IV/2010) inside the limit, no quota above it
    ["KVS", "3/2010", /0,75.*0,50/],
    ["Sachsen", "4/2010", /0,79.*0,58/],
    // LSG Berlin-Brandenburg: II/2010 limit 30.288 minutes, non-approved services at 2,4757 ct
    ["KV Berlin", "2/2010", /30\.288 Minuten.*2,4757 Cent/],
  ])("%s %s: the court-documented rule is no quota above the limit, so #N/A describes it", (kv, q, text) => {
    const e = praxisError("ABSTAFFELUNG", 4725, 3150, kv, q);
    expect(e.kind).toBe("nv");
    expect(e.message).toMatch(text);
  });

  test("the 2011 quotas end on 01.01.2013, when 35.2 and Probatorik left the budget", () => {
    expect(praxis("ABSTAFFELUNG", 3150 + 78.75, 3150, "KVWL", "31.12.2012")).toBeCloseTo(3157.875, 9);
    expect(praxisError("ABSTAFFELUNG", 3150 + 78.75, 3150, "KVWL", "01.01.2013").message).toMatch(/Seit 01\.01\.2013.*nur budgetierte Leistungen/);
  });
});
