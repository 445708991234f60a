#!/usr/bin/env node
/*
 * The performance targets of DESIGN.md, measured: engine throughput, headless
 * recalculation against Excel's own arithmetic, size of the functions bundle
 * and its load time. Prints a table; with --json a final JSON line.
 * Needs lib/ and dist/ built (npm run bench does it first).
 * Timings are medians; on a shared machine they vary from run to run.
 */
const { engineBench } = require("./engine");
const { recalcBench } = require("./recalc");
const { bundleSize, loadBench } = require("./bundle");
const { pipelineBench, evalBench } = require("./pipeline");

const TARGET = { evals: 1_000_000, ratio: 1.5, kb: 150, loadMs: 100, peakMb: 2048, pipelineRatio: 1.1, evalPerS: 2000 };
const KB = 1000;

const fmt = (n, digits = 0) => n.toLocaleString("de-DE", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const line = (label, value, target, ok) =>
  console.log(`  ${label.padEnd(44)} ${value.padStart(14)}${target ? `   Ziel ${target.padEnd(12)} ${ok ? "erreicht" : "VERFEHLT"}` : ""}`);

const size = bundleSize();
const load = loadBench();
const engine = engineBench();
const recalc = recalcBench();
// The whole pipeline of honorar recalc (read, compute, compare, write), each run a fresh process.
const pipe100k = pipelineBench(100_000, Number(process.env.BENCH_PIPELINE_ROUNDS || 3));
const pipe1m = pipelineBench(1_000_000, 1);
const evals = evalBench(10_000);

const slowest = Math.min(engine.ebm.median, engine.goae.median);
console.log(`Engine (ein Kern, Median aus ${engine.rounds} Läufen à ${fmt(engine.n)} Aufrufen, ${engine.variants} verschiedene Argumente)`);
line("EBM_HONORAR über PRAXIS.run", `${fmt(engine.ebm.median)}/s`, `≥ ${fmt(TARGET.evals)}/s`, engine.ebm.median >= TARGET.evals);
line("GOAE_BETRAG über PRAXIS.run", `${fmt(engine.goae.median)}/s`, `≥ ${fmt(TARGET.evals)}/s`, engine.goae.median >= TARGET.evals);
console.log(`Neuberechnung in HyperFormula (${fmt(recalc.cells)} Formelzellen, Aufbau + volle Berechnung, ${recalc.rounds} Runden)`);
line("PRAXIS-Formeln", `${fmt(recalc.custom_ms)} ms`);
console.log(`    einzeln: ${recalc.times.custom.map((t) => fmt(t)).join(", ")} ms`);
line("RUNDEN(…)-Formeln", `${fmt(recalc.native_ms)} ms`);
console.log(`    einzeln: ${recalc.times.native.map((t) => fmt(t)).join(", ")} ms`);
line("Verhältnis PRAXIS / RUNDEN", `${fmt(recalc.ratio, 2)}`, `≤ ${fmt(TARGET.ratio, 1)}`, recalc.ratio <= TARGET.ratio);
console.log(`    Zellen mit anderem Ergebnis: ${recalc.mismatches}, Fehlerwerte: ${recalc.errors}`);
console.log("honorar recalc, ganze Kette (lesen, rechnen, vergleichen, --out schreiben), je Lauf ein neuer Prozess");
for (const p of [pipe100k, pipe1m]) {
  console.log(`  ${fmt(p.n)} Formelzellen (${p.rounds} ${p.rounds === 1 ? "Lauf" : "Läufe, Median"})`);
  for (const kind of ["praxis", "native"]) console.log(`    ${kind === "praxis" ? "PRAXIS" : "RUNDEN"}: ${fmt(p[kind].s, 1)} s, Spitze ${fmt(p[kind].peakMb)} MB; ${p[kind].summary}`);
}
line("1 Mio. PRAXIS-Zellen: Spitzenspeicher", `${fmt(pipe1m.praxis.peakMb)} MB`, `≤ ${fmt(TARGET.peakMb)} MB`, pipe1m.praxis.peakMb <= TARGET.peakMb);
line("1 Mio.: Verhältnis PRAXIS / RUNDEN", fmt(pipe1m.ratio, 2), `≤ ${fmt(TARGET.pipelineRatio, 1)}`, pipe1m.ratio <= TARGET.pipelineRatio);
console.log(`    Wachstum 100.000 → 1 Mio.: Zeit × ${fmt(pipe1m.praxis.s / pipe100k.praxis.s, 1)}, Speicher × ${fmt(pipe1m.praxis.peakMb / pipe100k.praxis.peakMb, 1)} (linear: × 10)`);
line(`honorar eval, ${fmt(evals.n)} Formeln auf stdin`, `${fmt(evals.perS)}/s`, `≥ ${fmt(TARGET.evalPerS)}/s`, evals.perS >= TARGET.evalPerS);
console.log("Bundle der Funktionen (dist/, webpack --mode production; 1 KB = 1000 Byte)");
for (const f of size.files) console.log(`    ${f.name.padEnd(14)} ${fmt(f.bytes / KB, 1).padStart(8)} KB   gzip ${fmt(f.gzip / KB, 1)} KB`);
line("Summe (alles bis functions.js)", `${fmt(size.bytes / KB, 1)} KB`, `≤ ${TARGET.kb} KB`, size.bytes / KB <= TARGET.kb);
console.log("  nachgeladen, wenn QUELLE, ERKLAERUNG, DATENSTAND, WB_DEFIZIT oder der Aufgabenbereich die Texte braucht:");
console.log(`    ${size.texte.name.padEnd(14)} ${fmt(size.texte.bytes / KB, 1).padStart(8)} KB   gzip ${fmt(size.texte.gzip / KB, 1)} KB   (Titel, Quellen, Fundstellen, Anmerkungen)`);
console.log(`Laden im vm (frischer Prozess, Median aus ${load.rounds})`);
console.log(`    Skripte ausführen, alle Funktionen gebunden: ${fmt(load.bind_ms, 1)} ms; erste Auswertung (Tabellenaufbau): ${fmt(load.first_ms, 1)} ms`);
line("bis zum ersten Ergebnis", `${fmt(load.load_ms, 1)} ms`, `≤ ${TARGET.loadMs} ms`, load.load_ms <= TARGET.loadMs);
console.log(`    danach die erste GOÄ-Gebühr (ihre Ziffer wird beim ersten Abruf geprüft und aufgebaut): ${fmt(load.goae_ms, 1)} ms`);
console.log(`    danach Texte laden und einsetzen bis zur ersten QUELLE: ${fmt(load.texte_ms, 1)} ms`);

if (process.argv.includes("--json")) {
  const r1 = (x) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      engine_evals_per_s: Math.round(slowest),
      ebm_honorar_per_s: Math.round(engine.ebm.median),
      goae_betrag_per_s: Math.round(engine.goae.median),
      recalc_ratio_custom_vs_native: Math.round(recalc.ratio * 100) / 100,
      recalc_custom_ms: Math.round(recalc.custom_ms),
      recalc_native_ms: Math.round(recalc.native_ms),
      recalc_custom_runs_ms: recalc.times.custom.map(Math.round),
      recalc_native_runs_ms: recalc.times.native.map(Math.round),
      recalc_mismatches: recalc.mismatches,
      bundle_kb: r1(size.bytes / KB),
      bundle_gzip_kb: r1(size.gzip / KB),
      bundle_files: Object.fromEntries(size.files.map((f) => [f.name, f.bytes])),
      texte_kb: r1(size.texte.bytes / KB),
      texte_gzip_kb: r1(size.texte.gzip / KB),
      load_ms: r1(load.load_ms),
      load_bind_ms: r1(load.bind_ms),
      load_first_eval_ms: r1(load.first_ms),
      load_first_goae_ms: r1(load.goae_ms),
      texte_load_ms: r1(load.texte_ms),
      recalc_100k_s: r1(pipe100k.praxis.s),
      recalc_100k_peak_mb: Math.round(pipe100k.praxis.peakMb),
      recalc_100k_native_s: r1(pipe100k.native.s),
      recalc_100k_ratio: Math.round(pipe100k.ratio * 100) / 100,
      recalc_1m_s: r1(pipe1m.praxis.s),
      recalc_1m_peak_mb: Math.round(pipe1m.praxis.peakMb),
      recalc_1m_native_s: r1(pipe1m.native.s),
      recalc_1m_native_peak_mb: Math.round(pipe1m.native.peakMb),
      recalc_1m_ratio: Math.round(pipe1m.ratio * 100) / 100,
      eval_formulas_per_s: Math.round(evals.perS),
    }),
  );
}
