import { buildTables, RAW, tables, useTables } from "../src/data/tables";
import { RawTables } from "../src/data/types";
import { Decimal, HUNDRED, roundCent } from "../src/engine/decimal";
import { isoDate } from "../src/engine/dates";
import { ebmHonorar } from "../src/engine/ebm";
import { goaeBetrag } from "../src/engine/goae";
import { Step } from "../src/engine/trace";
import { praxis } from "./helpers";

/*
 * The engine keeps fees per table entry (EBM: per points and Orientierungswert
 * entry; GOÄ: per points entry, Punktwert entry and factor). These tests check
 * that the memo never changes a result or a trace, and that it follows the
 * tables in force.
 */
afterEach(() => useTables(undefined));

/** The fee straight from the rule, with fresh Decimals and no memo. */
function ebmReference(gop: string, date: string, anzahl: number): number {
  const t = tables();
  const punkte = t.gops.get(gop)!.punkte.at(date)!.value!;
  const ow = t.orientierungswert.at(date)!.value!;
  return roundCent(new Decimal(punkte).times(new Decimal(ow)).dividedBy(HUNDRED)).times(anzahl).toNumber();
}

function goaeReference(nr: string, faktor: number, anzahl: number, date: string): number {
  const t = tables();
  const punkte = t.ziffern.get(nr)!.punkte.at(date)!.value!;
  const pw = t.goaePunktwert.at(date)!.value!;
  return roundCent(new Decimal(punkte).times(new Decimal(pw)).times(new Decimal(faktor)).dividedBy(HUNDRED)).times(anzahl).toNumber();
}

/** Every GOP and year with a value, called twice (filling the memo, then from it). */
test("EBM fees from the memo equal the rule computed afresh, for every GOP, year and some counts", () => {
  const t = tables();
  let checked = 0;
  for (const gop of t.gops.keys()) {
    for (let year = Number(t.orientierungswert.firstDate.slice(0, 4)); year <= Number(t.ausgabe.slice(0, 4)); year++) {
      const date = isoDate(year, 1, 1);
      const p = t.gops.get(gop)!.punkte.at(date);
      if (!p || p.value === null || !t.orientierungswert.at(date)) continue;
      for (const anzahl of [1, 3, 1, 0, 17]) {
        expect(praxis("EBM_HONORAR", Number(gop), year, anzahl)).toBe(ebmReference(gop, date, anzahl));
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(1000);
});

test("GOÄ fees from the memo equal the rule computed afresh, over many factors", () => {
  const t = tables();
  const date = t.ausgabe;
  let checked = 0;
  // Every seventh number and every one with a letter: the whole schedule would be 400,000 calls for the same rule.
  const sample = t.ziffern.values().filter((z, i) => i % 7 === 0 || /\D/.test(z.nr));
  for (const z of sample) {
    const nr = z.nr;
    // Repealed numbers and surcharges without points of their own have no fee to compare.
    if (z.punkte.at(date)?.value == null) continue;
    const min = z.bereich.bands.mindestsatz.at(date)!.value!.toNumber();
    const max = z.bereich.bands.hoechstsatz.at(date)!.value!.toNumber();
    // Factors on a 0.05 grid, and odd ones a formula may produce (2.3 * 1.1).
    const factors = [min, max, 2.3 * 1.1, min + (max - min) / 3];
    for (let f = min; f <= max; f = Math.round((f + 0.05) * 100) / 100) factors.push(f);
    for (const f of factors.filter((x) => x >= min && x <= max)) {
      for (const anzahl of [1, 4, 1]) {
        const ziffer = /^\d+$/.test(nr) ? Number(nr) : nr;
        expect(praxis("GOAE_BETRAG", ziffer, f, anzahl)).toBe(goaeReference(nr, f, anzahl, date));
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(1000);
});

test("a trace is the same whether the fee comes from the memo or not", () => {
  const ebmTrace = (): Step[] => {
    const trace: Step[] = [];
    ebmHonorar("35401", "2023-01-01", 2, trace);
    return trace;
  };
  const goaeTrace = (): Step[] => {
    const trace: Step[] = [];
    goaeBetrag("870", new Decimal("2.3"), 3, false, "2025-01-01", trace);
    return trace;
  };
  // A fresh build of the tables has an empty memo: the first trace is computed, the others memoised.
  useTables(buildTables(RAW), RAW);
  const [e1, g1] = [ebmTrace(), goaeTrace()];
  const [e2, g2] = [ebmTrace(), goaeTrace()];
  expect(e2).toEqual(e1);
  expect(g2).toEqual(g1);
  // Every table value in the trace still names its entry.
  expect(e1.filter((s) => s.eintrag).map((s) => s.eintrag!.key)).toEqual(["ebm.punkte.35401", "ebm.orientierungswert"]);
  expect(g1.filter((s) => s.eintrag).map((s) => s.eintrag!.key)).toEqual(["goae.punkte.870", "goae.punktwert"]);
});

test("new tables in force (useTables, overrides) give new fees, and the shipped ones come back", () => {
  const before = praxis("EBM_HONORAR", 35401, 2023) as number;
  const goaeBefore = praxis("GOAE_BETRAG", 870, 2.3) as number;
  const raw: RawTables = JSON.parse(JSON.stringify(RAW));
  const ow = raw.ebm.orientierungswert.values.find((e) => e.valid_from === tables().orientierungswert.at("2023-01-01")!.valid_from)!;
  ow.value = new Decimal(ow.value!).times(2).toString();
  raw.goae.punktwert.values[raw.goae.punktwert.values.length - 1].value = new Decimal(tables().goaePunktwert.at(tables().ausgabe)!.value!).times(2).toString();
  useTables(buildTables(raw), raw);
  expect(praxis("EBM_HONORAR", 35401, 2023)).toBe(ebmReference("35401", "2023-01-01", 1));
  expect(praxis("EBM_HONORAR", 35401, 2023)).not.toBe(before);
  expect(praxis("GOAE_BETRAG", 870, 2.3)).toBe(goaeReference("870", 2.3, 1, tables().ausgabe));
  expect(praxis("GOAE_BETRAG", 870, 2.3)).not.toBe(goaeBefore);
  useTables(undefined);
  expect(praxis("EBM_HONORAR", 35401, 2023)).toBe(before);
  expect(praxis("GOAE_BETRAG", 870, 2.3)).toBe(goaeBefore);
});

test("a factor of 0 or -0 is rejected alike, however often it is asked", () => {
  for (const f of [0, -0, 0, -0]) expect(() => praxis("GOAE_BETRAG", 870, f)).toThrow(/positive Zahl/);
});

test("factors outside the range are refused however often they are asked, also after factors inside it", () => {
  const t = tables();
  const bands = t.ziffern.get("870")!.bereich.bands;
  const min = bands.mindestsatz.at(t.ausgabe)!.value!.toNumber();
  const max = bands.hoechstsatz.at(t.ausgabe)!.value!.toNumber();
  const above = max + 0.5;
  for (let round = 0; round < 3; round++) {
    expect(praxis("GOAE_BETRAG", 870, min)).toBe(goaeReference("870", min, 1, t.ausgabe));
    expect(praxis("GOAE_BETRAG", 870, max)).toBe(goaeReference("870", max, 1, t.ausgabe));
    expect(() => praxis("GOAE_BETRAG", 870, min - 0.1)).toThrow(/Mindestsatz/);
    expect(() => praxis("GOAE_BETRAG", 870, above)).toThrow(/Höchstsatz/);
    expect(praxis("GOAE_BETRAG", 870, above, 1, true)).toBe(goaeReference("870", above, 1, t.ausgabe));
    expect(() => praxis("GOAE_BETRAG", 870, above)).toThrow(/Höchstsatz/);
  }
});
