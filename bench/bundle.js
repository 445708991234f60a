/*
 * The bundle Excel loads for the functions: every script taskpane.html (the
 * shared runtime's page) loads up to and including functions.js, in dist/ as
 * built by `webpack --mode production`. Office's own office.js from
 * Microsoft's CDN is not ours and not counted. Load time is measured in fresh
 * processes (bench/load-child.js) so no compile cache carries over.
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { execFileSync } = require("child_process");

const DIST = path.join(__dirname, "..", "dist");
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS || 7);

/** The local scripts of taskpane.html in load order, up to the one that binds the functions. */
function functionScripts() {
  const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const all = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]).filter((s) => !/^https?:/.test(s));
  const last = all.indexOf("functions.js");
  if (last < 0) throw new Error("taskpane.html lädt functions.js nicht");
  return all.slice(0, last + 1);
}

function measure(name) {
  const bytes = fs.readFileSync(path.join(DIST, name));
  return { name, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/**
 * The bundle Excel loads before the functions answer, and apart from it the
 * chunk of the tables' texts that the page requests afterwards, when a
 * function that shows them runs or the task pane draws its values.
 */
function bundleSize() {
  const files = functionScripts().map(measure);
  const sum = (k) => files.reduce((a, f) => a + f[k], 0);
  const texte = fs.readdirSync(DIST).filter((f) => /^texte\.[0-9a-f]{8}\.js$/.test(f));
  if (texte.length !== 1) throw new Error(`dist/ sollte genau einen Texte-Chunk haben, hat ${texte.length}`);
  return { files, bytes: sum("bytes"), gzip: sum("gzip"), texte: measure(texte[0]) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function loadBench() {
  const files = functionScripts();
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) {
    const out = execFileSync(process.execPath, [path.join(__dirname, "load-child.js"), DIST, ...files], { encoding: "utf8" });
    runs.push(JSON.parse(out));
  }
  const pick = (k) => median(runs.map((x) => x[k]));
  return { rounds: ROUNDS, bind_ms: pick("bind_ms"), first_ms: pick("first_ms"), load_ms: pick("load_ms"), goae_ms: pick("goae_ms"), texte_ms: pick("texte_ms"), runs };
}

module.exports = { bundleSize, loadBench };
