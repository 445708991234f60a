/*
 * Engine throughput: EBM_HONORAR and GOAE_BETRAG through the API every face
 * calls (PRAXIS[name].run), on one core, over a rotating set of varied
 * arguments so that no single table entry is favoured.
 */
const { PRAXIS } = require("../lib/api/praxis");
const { rows } = require("./inputs");

const N = Number(process.env.BENCH_N || 300000);
const ROUNDS = 5;
const VARIANTS = 256;

function rate(name, argList) {
  const f = PRAXIS[name];
  const mask = argList.length - 1;
  for (let i = 0; i < 50000; i++) f.run(argList[i & mask]); // warm-up for the JIT
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f.run(argList[i & mask]);
    rates.push(N / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(ROUNDS / 2)], rates };
}

function engineBench() {
  const data = rows(VARIANTS);
  const ebm = rate("EBM_HONORAR", data.map((r) => [r.gop, r.jahr, null]));
  const goae = rate("GOAE_BETRAG", data.map((r) => [r.ziffer, r.faktor, null, null]));
  return { ebm, goae, n: N, rounds: ROUNDS, variants: VARIANTS };
}

module.exports = { engineBench };
