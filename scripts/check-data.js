#!/usr/bin/env node
// Build-time schema check of the data tables (the same validator runs again at load).
const { RAW } = require("../lib/data/tables");
const { validateTables } = require("../lib/data/validate");
const problems = validateTables(RAW);
if (problems.length > 0) {
  console.error(`Datentabellen fehlerhaft (${problems.length}):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
const entries = (s) => s.values.length;
const n =
  entries(RAW.ebm.orientierungswert) +
  RAW.ebm.gops.reduce((a, g) => a + entries(g.punkte) + entries(g.pruefzeit), 0) +
  entries(RAW.goae.punktwert) +
  RAW.goae.ziffern.reduce((a, z) => a + entries(z.punkte), 0);
console.log(`Datentabellen geprüft: ${RAW.ebm.gops.length} GOP, ${RAW.goae.ziffern.length} GOÄ-Nummern, ${n} datierte Einträge, ${RAW.praxis.kvs.length} KVen, ${Object.keys(RAW.sources.quellen).length} Quellen.`);
