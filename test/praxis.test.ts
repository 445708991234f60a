import { tables } from "../src/data/tables";
import { resetSettings, setSettings } from "../src/settings/settings";
import { praxis, praxisError } from "./helpers";

afterEach(() => resetSettings());

describe("seed 001: capacity limits (Rosa Beilage 3/2011)", () => {
  test("27.090 min for genehmigungspflichtige services = 36 sessions × 43 weeks / 4 × 70 min", () => {
    expect(praxis("KAPAZITAETSGRENZE")).toBe(27090);
    expect(praxis("KAPAZITAET_MINUTEN", 36)).toBe(27090);
    expect(praxis("KAPAZITAET_SITZUNGEN", 27090)).toBe(36);
  });

  test("half mandate: 27.090 : 2 = 13.545 plus 4.000 : 2 = 2.000 gives 15.545 min", () => {
    expect(praxis("KAPAZITAETSGRENZE", 0.5, 4000)).toBe(15545);
    expect(praxis("KAPAZITAETSGRENZE", 0.5)).toBe(13545);
    expect(praxis("KAPAZITAET_SITZUNGEN", 13545)).toBe(18);
  });

  test("'ca. 31.000 Min.' is 36 + about 4 sessions; the seed's 'zwei' for 2.000 min is 2,66 exactly", () => {
    // 4.000 min / 70 / 10,75 = 5,32 sessions, 3.000 min = 3,99: the seed's "ca. vier weitere Stunden"
    expect(praxis("KAPAZITAET_SITZUNGEN", 3000)).toBeCloseTo(3.9867, 4);
    expect(praxis("KAPAZITAET_SITZUNGEN", 2000)).toBeCloseTo(2.6578, 4);
  });
});

describe("seed 001: weekly and annual income", () => {
  test("40 sessions at 90/10 with 81 € and 57 € give 3.144 € (the seed rounds to 'ca. 3.150 €')", () => {
    expect(praxis("HONORAR_WOCHE", 40, 0.9, 81, 57)).toBe(3144);
    expect(praxis("HONORAR_WOCHE", 40, null, 81, 57)).toBe(3144); // 90/10 is the table default
  });

  test("24 sessions, 21 genehmigungspflichtig and 3 not, give exactly 1.872 €", () => {
    expect(praxis("HONORAR_WOCHE", 24, 21 / 24, 81, 57)).toBeCloseTo(1872, 9);
  });

  test("Nordrhein, 60 hours: 3.150 + 1.329 = 4.479 € (84,4 % for the 20 hours above 40)", () => {
    expect(praxis("ABSTAFFELUNG", 4725, 3150, "Nordrhein", 2011)).toBe(4479.3);
    expect(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2011) as number - 3150).toBeCloseTo(1329.3, 9);
  });

  test("Westfalen-Lippe: about 8 € for an hour above the limit (10 % of 78,75 €)", () => {
    expect((praxis("ABSTAFFELUNG", 3150 + 78.75, 3150, "KVWL", 2011) as number) - 3150).toBeCloseTo(7.875, 9);
  });

  test("half mandate Nordrhein: 1.575 + 665 = 2.240 € a week, 96.320 € a year; 67.725 € + x without Abstaffelung", () => {
    expect(praxis("ABSTAFFELUNG", 2362.5, 1575, "Nordrhein", 2011)).toBe(2239.65); // the seed rounds 664,65 to 665
    expect(praxis("HONORAR_JAHR", 1575)).toBe(67725);
    expect(praxis("HONORAR_JAHR", 2240)).toBe(96320);
  });

  test("the fees default to the EBM table of the Stichtag", () => {
    // 2023: 36 × 108,14 + 4 × 81,47 = 4.218,92
    expect(praxis("HONORAR_WOCHE", 40, 0.9, null, null, 2023)).toBeCloseTo(4218.92, 9);
    expect(praxisError("HONORAR_WOCHE", 40, 0.9, null, null, 2011).message).toMatch(/honorar_gp angeben/);
  });
});

describe("ABSTAFFELUNG rule", () => {
  test("full up to the limit, the quota to 150 %, nothing above", () => {
    expect(praxis("ABSTAFFELUNG", 80, 100, "Nordrhein", 2011)).toBe(80);
    expect(praxis("ABSTAFFELUNG", 100, 100, "Nordrhein", 2011)).toBe(100);
    expect(praxis("ABSTAFFELUNG", 150, 100, "Nordrhein", 2011)).toBe(142.2);
    expect(praxis("ABSTAFFELUNG", 400, 100, "Nordrhein", 2011)).toBe(142.2);
    expect(praxis("ABSTAFFELUNG", 150, 100, "Bremen", 2025, 0.5)).toBe(125);
  });

  test("below the limit no quota is needed, even where the table has none", () => {
    expect(praxis("ABSTAFFELUNG", 50, 80, "Bremen", 2025)).toBe(50);
  });

  test("an unsourced quota answers #N/A and says to pass one", () => {
    const e = praxisError("ABSTAFFELUNG", 150, 100, "Nordrhein", 2025);
    expect(e.kind).toBe("nv");
    expect(e.message).toMatch(/quote/);
    expect(praxisError("ABSTAFFELUNG", 150, 100, "Rheinland-Pfalz", 2011).message).toMatch(/8–15 %/);
  });

  test("the KV falls back to the workbook's choice", () => {
    expect(praxisError("ABSTAFFELUNG", 150, 100).message).toMatch(/KV fehlt/);
    setSettings({ kv: "KVNO", stichtag: "2011-06-30" });
    expect(praxis("ABSTAFFELUNG", 150, 100)).toBe(142.2);
  });

  test("all 17 KV regions, each with a quota series that is sourced or explicitly unknown", () => {
    const kvs = tables().kvs;
    expect(kvs.map((k) => k.name)).toEqual([
      "Baden-Württemberg", "Bayerns", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen", "Mecklenburg-Vorpommern",
      "Niedersachsen", "Nordrhein", "Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen", "Westfalen-Lippe",
    ]);
    for (const k of kvs) for (const e of k.quote.entries) expect(e.value !== null || (e.note ?? "").length > 20).toBe(true);
  });

  test.each([["KVNO"], ["Nordrhein"], ["KV Nordrhein"], ["kassenärztliche vereinigung nordrhein"], ["kvno"]])("%s names Nordrhein", (name) => {
    expect(praxis("ABSTAFFELUNG", 150, 100, name, 2011)).toBe(142.2);
  });

  test.each([["KVWL", 0.1], ["Westfalen-Lippe", 0.1], ["KVB", 0.1], ["Bayern", 0.1], ["BW", 0.1], ["KV BW", 0.1]])("%s has the 2011 quota %s", (name, q) => {
    expect(praxis("ABSTAFFELUNG", 150, 100, name, 2011)).toBeCloseTo(100 + 50 * q, 9);
  });
});

describe("seed 002: PKV and Beihilfe", () => {
  test("Beispiel 1: 25 × 870 at 2,3, refunded in full: 2.513,75 €, nothing left to pay", () => {
    expect(praxis("PKV_ERSTATTUNG", 870, 2.3, 25)).toBe(2513.75);
    expect(praxis("PKV_EIGENANTEIL", 870, 2.3, 25)).toBe(0);
  });

  test("Beispiel 2: 4 × (870 + 801a) at 2,3 = 536,28 €, 90 % refunded, 53,63 € own share (one invoice from ranges)", () => {
    const z: (number | string)[][] = [[870], ["801a"]];
    expect(praxis("PKV_ERSTATTUNG", z, 2.3, 4, null, 0.9)).toBe(482.65);
    expect(praxis("PKV_EIGENANTEIL", z, 2.3, 4, null, 0.9)).toBe(53.63);
    expect(praxis("PKV_EIGENANTEIL", z, [[2.3], [2.3]], [[4], [4]], null, 0.9)).toBe(53.63);
  });

  test("Beispiel 3: Beihilfe 50 % + PKV 50 % of 40 sessions: 2.011,00 € each, nothing left", () => {
    expect(praxis("PKV_ERSTATTUNG", 870, 2.3, 40, null, 0.5)).toBe(2011);
    expect(praxis("PKV_EIGENANTEIL", 870, 2.3, 40, null, 1)).toBe(0);
  });

  test("Beispiel 4 / Fall C: Basistarif refunds 1,2-fach: 1.573,80 € of 3.016,50 €, own share 1.442,70 €", () => {
    expect(praxis("PKV_ERSTATTUNG", 870, 2.3, 30, "Basistarif")).toBe(1573.8);
    expect(praxis("PKV_EIGENANTEIL", 870, 2.3, 30, "Basistarif")).toBe(1442.7);
  });

  test("Beispiel 5: 3,8-fach by Abdingung, tariff up to 3,5: own share 13,12 € a session", () => {
    expect(praxis("PKV_EIGENANTEIL", 870, 3.8, 1, 3.5, null, null, true)).toBe(13.12);
  });

  test("Fall A: 20 × 870 at 2,8, up to 3,5, 300 € deductible: own share 300 €; the invoice is 2.448 € (seed: ≈2.440)", () => {
    expect(praxis("PKV_EIGENANTEIL", 870, 2.8, 20, 3.5, 1, 300)).toBe(300);
    expect(praxis("PKV_ERSTATTUNG", 870, 2.8, 20, 3.5, 1, 300)).toBe(2148);
  });

  test("Fall B: 6 × 50-minute 812a units (12 × 25 min) at 2,3 = 804,36 €, halves of 402,18 €", () => {
    expect(praxis("PKV_ERSTATTUNG", "812a", 2.3, 12, null, 0.5)).toBe(402.18);
    expect(praxis("PKV_EIGENANTEIL", "812a", 2.3, 12, null, 1)).toBe(0);
  });

  test("the deductible never makes the refund negative", () => {
    expect(praxis("PKV_ERSTATTUNG", 870, 2.3, 1, null, 1, 500)).toBe(0);
    expect(praxis("PKV_EIGENANTEIL", 870, 2.3, 1, null, 1, 500)).toBe(100.55);
  });

  test("refund plus own share is the invoice", () => {
    for (const [f, n, max, q, sb] of [[2.3, 7, 1.8, 0.7, 50], [3.5, 3, "Basistarif", 0.9, 0], [1.5, 11, null, 0.33, 10]] as const) {
      const invoice = praxis("GOAE_BETRAG", 870, f, n) as number;
      const sum = (praxis("PKV_ERSTATTUNG", 870, f, n, max, q, sb) as number) + (praxis("PKV_EIGENANTEIL", 870, f, n, max, q, sb) as number);
      expect(sum).toBeCloseTo(invoice, 9);
    }
  });
});

describe("Soziotherapie and Fallmanagement", () => {
  test("Soziotherapie at the seed's 40 €/h; hours beyond 120 in three years are not paid (§ 37a SGB V)", () => {
    expect(praxis("SOZIOTHERAPIE_HONORAR", 10)).toBe(400);
    expect(praxis("SOZIOTHERAPIE_HONORAR", 130)).toBe(4800);
    expect(praxis("SOZIOTHERAPIE_HONORAR", 10, null, 115)).toBe(200);
    expect(praxis("SOZIOTHERAPIE_HONORAR", 10, 45, 125)).toBe(0);
    expect(praxis("SOZIOTHERAPIE_HONORAR", 1.5, 42)).toBe(63);
  });

  test("Fallmanagement is billed to the minute, capped at 15 hours, 30 with the extension (seed 004)", () => {
    expect(praxis("FALLMANAGEMENT_HONORAR", 61, 60)).toBe(61);
    expect(praxis("FALLMANAGEMENT_HONORAR", 1000, 60)).toBe(900);
    expect(praxis("FALLMANAGEMENT_HONORAR", 1000, 60, true)).toBe(1000);
    expect(praxis("FALLMANAGEMENT_HONORAR", 2000, 60, true)).toBe(1800);
    expect(praxis("FALLMANAGEMENT_HONORAR", 45, 80)).toBe(60);
  });
});
