/*
 * Realistic, varied arguments for the benchmarks, drawn from the tables in
 * force (no number is typed in here): GOPs that have points and an
 * Orientierungswert in the chosen year, GOÄ numbers with factors inside the
 * range of their section. A fixed seed keeps runs comparable.
 */
const { tables } = require("../lib/data/tables");
const { PRAXIS } = require("../lib/api/praxis");
const { EngineError } = require("../lib/engine/errors");

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function ok(name, args) {
  try {
    PRAXIS[name].run(args);
    return true;
  } catch (e) {
    if (e instanceof EngineError) return false;
    throw e;
  }
}

/** `n` rows of { gop, jahr, ziffer, faktor } for which both functions give a number. */
function rows(n, seed = 7) {
  const t = tables();
  const next = rng(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const gops = [...t.gops.keys()];
  const ziffern = [...t.ziffern.values()];
  const firstYear = Number(t.orientierungswert.firstDate.slice(0, 4));
  const lastYear = Number(t.ausgabe.slice(0, 4));
  const out = [];
  while (out.length < n) {
    const gop = Number(pick(gops));
    const jahr = firstYear + Math.floor(next() * (lastYear - firstYear + 1));
    const z = pick(ziffern);
    const bands = z.bereich.bands;
    const stichtag = t.ausgabe;
    const min = bands.mindestsatz.at(stichtag).value.toNumber();
    const max = bands.hoechstsatz.at(stichtag).value.toNumber();
    // Factors as people write them: one or two decimals within the section's range.
    const faktor = Math.round((min + next() * (max - min)) * 20) / 20;
    const ziffer = /^\d+$/.test(z.nr) ? Number(z.nr) : z.nr;
    if (ok("EBM_HONORAR", [gop, jahr, null]) && ok("GOAE_BETRAG", [ziffer, faktor, null, null])) out.push({ gop, jahr, ziffer, faktor });
  }
  return out;
}

module.exports = { rows };
