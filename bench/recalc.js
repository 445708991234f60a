/*
 * Headless recalculation: a workbook of 100,000 PRAXIS formulas against the
 * same workbook written with Excel's own arithmetic, both built and fully
 * calculated by HyperFormula (the engine the CLI uses) in this process.
 * Each row holds four inputs and two formulas:
 *   custom  A=GOP  B=year  C=GOÄ no.  D=factor  E=EBM_HONORAR(A,B)             F=GOAE_BETRAG(C,D)
 *   native  A=points B=Orientierungswert C=GOÄ points D=factor
 *           E=ROUND(A*B/100,2)   F=ROUND(C*<Punktwert>*D/100,2)
 * The native inputs are the table values for the same row, so both sheets
 * must give the same numbers; the bench counts the cells that do not.
 */
const { HyperFormula } = require("hyperformula");
const { registerPraxis } = require("../lib/cli/formula");
const { tables } = require("../lib/data/tables");
const { ebmPunkte, ebmPunktwert } = require("../lib/engine/ebm");
const { findZiffer } = require("../lib/engine/goae");
const { isoDate, todayIso } = require("../lib/engine/dates");
const { rows } = require("./inputs");

const CELLS = 100000;
const ROUNDS = Number(process.env.BENCH_RECALC_ROUNDS || 5);
const CONFIG = { licenseKey: "gpl-v3", maxRows: 1048576, maxColumns: 16384 };

function sheets() {
  const data = rows(CELLS / 2, 11);
  // GOAE_BETRAG without a date uses the workbook's Stichtag: today, as in the CLI.
  const punktwert = tables().goaePunktwert.at(todayIso()).value.toString();
  const custom = [];
  const native = [];
  data.forEach((r, i) => {
    const n = i + 1;
    const date = isoDate(r.jahr, 1, 1);
    const zifferPunkte = findZiffer(String(r.ziffer)).ziffer.punkte.at(todayIso()).value.toNumber();
    custom.push([r.gop, r.jahr, r.ziffer, r.faktor, `=EBM_HONORAR(A${n},B${n})`, `=GOAE_BETRAG(C${n},D${n})`]);
    native.push([
      ebmPunkte(String(r.gop), date).toNumber(),
      ebmPunktwert(date).toNumber(),
      zifferPunkte,
      r.faktor,
      `=ROUND(A${n}*B${n}/100,2)`,
      `=ROUND(C${n}*${punktwert}*D${n}/100,2)`,
    ]);
  });
  return { custom, native };
}

function buildAndCalc(sheet) {
  const t0 = process.hrtime.bigint();
  const hf = HyperFormula.buildFromArray(sheet, CONFIG);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { hf, ms };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function recalcBench() {
  registerPraxis();
  const { custom, native } = sheets();
  const times = { custom: [], native: [] };
  let mismatches = 0;
  let errors = 0;
  // Alternating, so that drift in the machine's load hits both alike.
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of r % 2 === 0 ? ["native", "custom"] : ["custom", "native"]) {
      if (global.gc) global.gc();
      const { hf, ms } = buildAndCalc(kind === "custom" ? custom : native);
      times[kind].push(ms);
      if (kind === "custom" && r === 0) {
        const got = hf.getSheetValues(0);
        const ref = HyperFormula.buildFromArray(native, CONFIG);
        const want = ref.getSheetValues(0);
        for (let i = 0; i < got.length; i++) {
          for (const c of [4, 5]) {
            if (typeof got[i][c] !== "number") errors++;
            else if (got[i][c] !== want[i][c]) mismatches++;
          }
        }
        ref.destroy();
      }
      hf.destroy();
    }
  }
  const ratio = median(times.custom) / median(times.native);
  return { cells: CELLS, rounds: ROUNDS, times, custom_ms: median(times.custom), native_ms: median(times.native), ratio, mismatches, errors };
}

module.exports = { recalcBench };
