#!/usr/bin/env node
/*
 * Engine throughput: EBM_HONORAR and GOAE_BETRAG through the same API the
 * faces call, on one core. Prints a table; with --json a final JSON line.
 * Run after a build of lib/ (npm ci does it): npm run bench [-- --json]
 */
const { PRAXIS } = require("../lib/api/praxis");

const N = Number(process.env.BENCH_N || 300000);
const ROUNDS = 5;

function rate(name, args) {
  const f = PRAXIS[name];
  for (let i = 0; i < 20000; i++) f.run(args); // warm-up for the JIT
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f.run(args);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(N / s);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(ROUNDS / 2)]; // median
}

const rows = [
  ["EBM_HONORAR(35401; 2023)", rate("EBM_HONORAR", [35401, 2023, 1])],
  ["GOAE_BETRAG(870; 2,3)", rate("GOAE_BETRAG", [870, 2.3, 1, null])],
];
const target = 1_000_000;
console.log("Engine (ein Kern, Median aus 5 Läufen à " + N + " Aufrufen)");
for (const [label, r] of rows) {
  console.log(`  ${label.padEnd(28)} ${Math.round(r).toLocaleString("de-DE").padStart(12)} Aufrufe/s   Ziel ${target.toLocaleString("de-DE")}  (${(r / target).toFixed(2)}×)`);
}
const slowest = Math.min(...rows.map((r) => r[1]));
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ engine_evals_per_s: Math.round(slowest), ebm_honorar_per_s: Math.round(rows[0][1]), goae_betrag_per_s: Math.round(rows[1][1]) }));
}
