import { PRAXIS } from "../src/api/praxis";
import { Step } from "../src/engine/trace";

/* Every function can report its steps with the table entries (source, status) it used. */
function steps(name: string, ...args: (string | number | boolean | null)[]): Step[] {
  const trace: Step[] = [];
  PRAXIS[name].run(args, trace);
  return trace;
}

test("EBM_HONORAR names the points and the Orientierungswert it used, with their sources", () => {
  const s = steps("EBM_HONORAR", 35401, 2023, 2);
  const used = s.filter((x) => x.eintrag).map((x) => x.eintrag!);
  expect(used.map((e) => e.key)).toEqual(["ebm.punkte.35401", "ebm.orientierungswert"]);
  expect(s.map((x) => x.wert)).toEqual(["941", "11.4915", "108.14", "216.28"]);
  const ow = used[1] as { valid_from: string; sourceId: string; status: string };
  expect(ow).toMatchObject({ valid_from: "2023-01-01", sourceId: "kbv-kvdt-6.06", status: "confirmed" });
});

test("GOAE_BETRAG shows points, Punktwert, factor band and the single rounding", () => {
  const s = steps("GOAE_BETRAG", "812a", "Basistarif", 1, null);
  expect(s[0].schritt).toMatch(/Analog nach § 6 Abs. 2 GOÄ, empfohlen ab 01\.07\.2024 für: Psychotherapeutische Sprechstunde/);
  expect(s.filter((x) => x.eintrag).map((x) => x.eintrag!.key)).toEqual(["goae.punkte.812", "goae.punktwert", "goae.persoenlich.basistarif"]);
  expect(s.at(-2)!.wert).toBe("34.97");
});

test("GOAE_BEGRUENDUNG and the point look-ups report their entries too", () => {
  expect(steps("GOAE_BEGRUENDUNG", 870, 2.5).at(-1)!.wert).toBe("WAHR");
  expect(steps("EBM_PUNKTWERT", 2016)[0].eintrag!.sourceId).toBe("iww-ow-2016");
  expect(steps("EBM_PRUEFZEIT", 35421, 2023)[0].eintrag!.sourceId).toBe("seed-003");
  expect(steps("GOAE_PUNKTE", 870)[0].eintrag!.key).toBe("goae.punkte.870");
  expect(steps("EBM_PUNKTE", 35150, 2023)[0].wert).toBe("709");
});

test("without a trace nothing is recorded (hot path)", () => {
  expect(PRAXIS.EBM_HONORAR.run([35401, 2023, 1])).toBe(108.14);
});

test("every function can explain itself: each call with a trace records steps", () => {
  const calls: Record<string, (string | number | boolean | null)[]> = {
    ABSTAFFELUNG: [4725, 3150, "KVNO", 2011],
    KAPAZITAETSGRENZE: [0.5, 4000],
    KAPAZITAET_SITZUNGEN: [27090],
    KAPAZITAET_MINUTEN: [36],
    HONORAR_WOCHE: [40, null, null, null, 2023],
    HONORAR_JAHR: [2240],
    PKV_ERSTATTUNG: [870, 2.3, 30, "Basistarif"],
    PKV_EIGENANTEIL: [870, 2.8, 20, 3.5, 1, 300],
    SOZIOTHERAPIE_HONORAR: [130],
    FALLMANAGEMENT_HONORAR: [1000, 60],
  };
  for (const [name, args] of Object.entries(calls)) {
    const s = steps(name, ...args);
    expect(s.length).toBeGreaterThan(0);
    expect(s.some((x) => x.eintrag)).toBe(true);
  }
  const abst = steps("ABSTAFFELUNG", 4725, 3150, "KVNO", 2011);
  expect(abst.find((x) => x.eintrag?.key === "kv.NO.quote")?.wert).toBe("0.844");
  expect(abst.at(-1)!.wert).toBe("4479.3");
});
