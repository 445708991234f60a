import DecimalJs from "decimal.js";
import fs from "fs";
import path from "path";
import ebmJson from "../src/data/ebm.json";
import examplesJson from "../src/i18n/functions.en.json";
import { RawSeries } from "../src/data/types";
import { useOverrides } from "../src/data/tables";
import { nachLetztemOrientierungswert, orientierungswertBelegt } from "../src/engine/deckung";
import { geometrie, prozent, verlauf } from "../src/taskpane/chart";
import { Beispiele, fold, katalog, Metadata, suche } from "../src/taskpane/katalog";

/*
 * The task pane's parts that hold no DOM: the formula catalogue (from the built
 * metadata), the chart's model and geometry (from the engine's EBM_VERLAUF
 * rows), and how far the Orientierungswert is sourced. Expected values are
 * read from the data files and the metadata, never from these modules.
 */
const DIST = path.join(__dirname, "..", "dist");
const meta = (file: string) => JSON.parse(fs.readFileSync(path.join(DIST, file), "utf8")) as Metadata;
const examples = examplesJson as Beispiele;

describe("formula catalogue", () => {
  const de = katalog(meta("functions.json"), "de", examples);
  const en = katalog(meta("functions-en.json"), "en", examples);

  test("every function of the metadata, in its order, with the pane language's separator in the signature", () => {
    expect(de.map((e) => e.id)).toEqual(meta("functions.json").functions.map((f) => f.id));
    expect(de.find((e) => e.id === "EBM_HONORAR")!.signatur).toBe("=PRAXIS.EBM_HONORAR(gop; [stichtag]; [anzahl])");
    expect(en.find((e) => e.id === "EBM_HONORAR")!.signatur).toBe("=PRAXIS.EBM_HONORAR(gop, [stichtag], [anzahl])");
    // A repeating argument reads as one that may follow again.
    expect(de.find((e) => e.id === "ERKLAERUNG")!.signatur).toMatch(/\[argumente\]…\)$/);
  });

  test("the example shown is the language's spelling; what is inserted is the English spelling range.formulas takes, in both languages", () => {
    for (const list of [de, en]) {
      for (const e of list) {
        expect(e.formel).toBe(examples[e.id].example);
        expect(e.formel).toMatch(new RegExp(`^=PRAXIS\\.${e.id}\\(`));
      }
    }
    expect(de.find((e) => e.id === "GOAE_BETRAG")!.beispiel).toBe("=PRAXIS.GOAE_BETRAG(870; 2,3)");
    expect(de.find((e) => e.id === "GOAE_BETRAG")!.formel).toBe("=PRAXIS.GOAE_BETRAG(870, 2.3)");
    expect(de.find((e) => e.id === "FALLMANAGEMENT_HONORAR")!.formel).toContain("TRUE");
  });

  test("search: empty finds all; every word must occur; case, accents and the ae/oe/ue spelling do not matter", () => {
    expect(suche(de, "")).toHaveLength(de.length);
    expect(suche(de, "   ")).toHaveLength(de.length);
    const ids = (q: string) => suche(de, q).map((e) => e.id);
    expect(ids("pruefzeit")).toEqual(expect.arrayContaining(["EBM_PRUEFZEIT"]));
    expect(ids("Prüfzeit")).toEqual(expect.arrayContaining(["EBM_PRUEFZEIT"]));
    expect(ids("PRÜF")).toEqual(ids("pruef"));
    expect(ids("goä")).toEqual(expect.arrayContaining(["GOAE_BETRAG", "GOAE_PUNKTE", "GOAE_BEGRUENDUNG"]));
    // Two words: the functions that have both.
    expect(ids("goae betrag")).toEqual(ids("goae").filter((id) => ids("betrag").includes(id)));
    expect(ids("goae betrag")).toEqual(expect.arrayContaining(["GOAE_BETRAG"]));
    expect(ids("goae betrag").length).toBeLessThan(ids("goae").length);
    expect(ids("xyz-keine-formel")).toEqual([]);
    // A hit contains the word; a miss does not (checked against the metadata text itself).
    for (const e of de) {
      const text = fold([e.id, e.beschreibung, ...e.parameter.flatMap((p) => [p.name, p.beschreibung]), e.beispiel].join(" "));
      expect([e.id, ids("quartal").includes(e.id)]).toEqual([e.id, text.includes("quartal")]);
    }
  });

  test("English search looks through the English texts", () => {
    expect(suche(en, "reference date").length).toBeGreaterThan(3);
    expect(suche(en, "fee").map((e) => e.id)).toEqual(expect.arrayContaining(["EBM_HONORAR"]));
  });
});

/** The value of a raw series on a date, looked up here without the engine. */
function rawAt(series: RawSeries, date: string): string | null {
  return [...series.values].reverse().find((e) => e.valid_from <= date)?.value ?? null;
}

describe("chart of a GOP's fee", () => {
  const ow = ebmJson.orientierungswert as RawSeries;
  const punkte = (ebmJson.gops as { gop: string; punkte: RawSeries }[]).find((g) => g.gop === "35401")!.punkte;
  const v = verlauf("35401", "2026-12-31");

  test("runs from the GOP's first recorded points to the quarter of bis, each quarter's fee = points × Orientierungswert on its first day", () => {
    expect(v.zeilen[0].beginn).toBe(punkte.values[0].valid_from);
    expect(v.zeilen[v.zeilen.length - 1].quartal).toBe("4/2026");
    for (const z of v.zeilen) {
      // Per service, rounded half up to the cent (EBM: points × cent per point / 100).
      const expected = new DecimalJs(rawAt(punkte, z.beginn)!).times(rawAt(ow, z.beginn)!).div(100).toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
      expect([z.quartal, z.honorar!.toFixed(2)]).toEqual([z.quartal, expected.toFixed(2)]);
    }
  });

  test("marks every quarter where the Orientierungswert or the points changed, and only those", () => {
    const expected: string[] = [];
    for (let i = 1; i < v.zeilen.length; i++) {
      const [a, b] = [v.zeilen[i - 1].beginn, v.zeilen[i].beginn];
      if (rawAt(ow, a) !== rawAt(ow, b)) expected.push(`ow ${v.zeilen[i].quartal}`);
      if (rawAt(punkte, a) !== rawAt(punkte, b)) expected.push(`punkte ${v.zeilen[i].quartal}`);
    }
    expect(v.marken.map((m) => `${m.art} ${m.quartal}`)).toEqual(expected);
    // The 2026 cut: 941 → 899 points from 1 April 2026, −4.46 % shown as −4.5 %.
    const cut = v.marken.find((m) => m.art === "punkte" && m.quartal === "2/2026")!;
    expect([cut.alt.toString(), cut.neu.toString()]).toEqual([rawAt(punkte, "2026-03-31"), rawAt(punkte, "2026-04-01")]);
    expect(prozent(cut).toString()).toBe(String(Math.round(((899 - 941) / 941) * 1000) / 10));
  });

  test("geometry: the line and the marks stay in the plot, the axis spans every fee, year labels never touch", () => {
    const g = geometrie(v, "2026-11-30");
    const numbers = g.linie.match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(numbers.every((n) => n >= 0 && n <= g.breite)).toBe(true);
    const ys = g.linie.split(/[MVH]/).filter(Boolean);
    expect(ys.length).toBeGreaterThan(v.zeilen.length);
    for (const m of g.marken) {
      expect(m.x).toBeGreaterThanOrEqual(g.plot.x0);
      expect(m.x).toBeLessThanOrEqual(g.plot.x1);
      expect(m.y).toBeGreaterThanOrEqual(g.plot.y0);
      expect(m.y).toBeLessThanOrEqual(g.plot.y1);
    }
    const fees = v.zeilen.map((z) => z.honorar!.toNumber());
    expect(g.yTicks[0].wert).toBeLessThanOrEqual(Math.min(...fees));
    expect(g.yTicks[g.yTicks.length - 1].wert).toBeGreaterThanOrEqual(Math.max(...fees));
    const xs = g.xLabels.map((l) => l.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(28);
    expect(g.xLabels.map((l) => l.text)).toContain("2026");
    // The Stichtag 30.11.2026 is in the last quarter shown, in the middle of its step.
    const step = (g.plot.x1 - g.plot.x0) / v.zeilen.length;
    expect(g.stichtag).toBeCloseTo(g.plot.x1 - step / 2, 0);
    expect(geometrie(v, "2027-01-01").stichtag).toBeUndefined();
  });

  test("a GOP with only a few quarters is labelled by quarter", () => {
    const short = verlauf("35130", "2026-12-31");
    expect(short.zeilen.map((z) => z.quartal)).toEqual(["2/2026", "3/2026", "4/2026"]);
    expect(geometrie(short, undefined).xLabels.map((l) => l.text)).toEqual(["2/2026", "3/2026", "4/2026"]);
  });
});

describe("how far the Orientierungswert is sourced (issue 17.5)", () => {
  const values = (ebmJson.orientierungswert as RawSeries).values;
  const lastValued = [...values].reverse().find((e) => e.value !== null)!;
  const next = values[values.indexOf(lastValued) + 1];

  afterEach(() => useOverrides([]));

  test("the last entry with a value, up to the day before the next entry (which records that none is known)", () => {
    const b = orientierungswertBelegt()!;
    expect(b.entry.valid_from).toBe(lastValued.valid_from);
    expect(b.entry.value!.toString()).toBe(String(Number(lastValued.value)));
    expect(next?.value ?? null).toBeNull();
    const dayBefore = new Date(Date.parse(`${next.valid_from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(b.bis).toBe(dayBefore);
    expect(nachLetztemOrientierungswert(b.bis)).toBeUndefined();
    expect(nachLetztemOrientierungswert(next.valid_from)).toEqual(b);
    expect(nachLetztemOrientierungswert(lastValued.valid_from)).toBeUndefined();
  });

  test("the workbook's own value for the next year covers that year, and only that year", () => {
    const year = Number(next.valid_from.slice(0, 4));
    useOverrides([{ series: "ebm.orientierungswert", valid_from: `${year}-01-01`, value: "13", quelle: "Test" }]);
    expect(orientierungswertBelegt()!.entry.status).toBe("override");
    expect(orientierungswertBelegt()!.bis).toBe(`${year}-12-31`);
    expect(nachLetztemOrientierungswert(`${year}-12-31`)).toBeUndefined();
    expect(nachLetztemOrientierungswert(`${year + 1}-01-01`)).toBeDefined();
  });
});
