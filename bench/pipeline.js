/*
 * `honorar recalc` through the whole pipeline, as a user runs it: a generated
 * .xlsx is read, every formula recomputed, compared with its saved value, and
 * the values written to a copy (--out). Two workbooks of the same size: one of
 * PRAXIS formulas as Excel stores them (_xldudf_PRAXIS_…), one of Excel's own
 * ROUND(…) over the table values, with the same saved results. Each run is a
 * fresh process (bench/pipeline-child.js); its peak memory is the process's
 * maximum resident set (getrusage), worker thread included.
 *
 * Rows 1…n/2: EBM_HONORAR(gop, year)      ↔ ROUND(points × Orientierungswert / 100, 2)
 * Rows n/2+1…n: GOAE_BETRAG(ziffer, factor) ↔ ROUND(points × Punktwert × factor / 100, 2)
 * stored as two shared formulas, as Excel stores a filled-down column.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const Decimal = require("decimal.js");
const { tables } = require("../lib/data/tables");
const { ebmPunkte, ebmPunktwert } = require("../lib/engine/ebm");
const { findZiffer } = require("../lib/engine/goae");
const { isoDate, todayIso } = require("../lib/engine/dates");
const { rows } = require("./inputs");

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The package as the CLI's own ZIP writer assembles it. */
function zip(files) {
  const { assemble, deflated } = require("../lib/cli/zip");
  return assemble(Object.entries(files).map(([name, text]) => deflated(name, text)));
}

const cents = (d) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();

/** Sheet XML for n formula rows; kind "praxis" or "native". Returns the XML and nothing else: the saved values are the same for both. */
function sheetXml(n, kind) {
  const half = Math.floor(n / 2);
  const data = rows(Math.min(n, 4096), 11);
  const punktwert = tables().goaePunktwert.at(todayIso()).value;
  const parts = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}"><sheetData>`];
  for (let i = 1; i <= n; i++) {
    const r = data[i % data.length];
    let a, b, saved, formula;
    if (i <= half) {
      const date = isoDate(r.jahr, 1, 1);
      const points = ebmPunkte(String(r.gop), date);
      const ow = ebmPunktwert(date);
      saved = cents(points.times(ow).div(100));
      [a, b] = kind === "praxis" ? [r.gop, r.jahr] : [points.toNumber(), ow.toNumber()];
      formula = i === 1 ? (kind === "praxis" ? `<f t="shared" ref="C1:C${half}" si="0">_xldudf_PRAXIS_EBM_HONORAR(A1,B1)</f>` : `<f t="shared" ref="C1:C${half}" si="0">ROUND(A1*B1/100,2)</f>`) : `<f t="shared" si="0"/>`;
    } else {
      const points = findZiffer(String(r.ziffer)).ziffer.punkte.at(todayIso()).value;
      saved = cents(points.times(punktwert).times(r.faktor).div(100));
      [a, b] = kind === "praxis" ? [r.ziffer, r.faktor] : [points.toNumber(), r.faktor];
      const first = half + 1;
      formula =
        i === first
          ? kind === "praxis"
            ? `<f t="shared" ref="C${first}:C${n}" si="1">_xldudf_PRAXIS_GOAE_BETRAG(A${first},B${first})</f>`
            : `<f t="shared" ref="C${first}:C${n}" si="1">ROUND(A${first}*${punktwert}*B${first}/100,2)</f>`
          : `<f t="shared" si="1"/>`;
    }
    const aCell = typeof a === "string" ? `<c r="A${i}" t="inlineStr"><is><t>${a}</t></is></c>` : `<c r="A${i}"><v>${a}</v></c>`;
    parts.push(`<row r="${i}">${aCell}<c r="B${i}"><v>${b}</v></c><c r="C${i}">${formula}<v>${saved}</v></c></row>`);
  }
  parts.push("</sheetData></worksheet>");
  return parts.join("");
}

function makeWorkbook(file, n, kind) {
  fs.writeFileSync(
    file,
    zip({
      "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Honorare" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": sheetXml(n, kind),
    }),
  );
}

/** One CLI run in a fresh process: wall time, peak memory, exit status and summary line. */
function run(file) {
  const out = file.replace(/\.xlsx$/, "-neu.xlsx");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(__dirname, "pipeline-child.js"), "recalc", file, "--out", out], { encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.rmSync(out, { force: true });
  const peak = /maxrss_kb=(\d+)/.exec(r.stderr);
  const summary = r.stdout.split("\n").find((l) => l.includes("Formelzellen")) ?? r.stderr.trim();
  return { ms, peakMb: peak ? Number(peak[1]) / 1024 : NaN, status: r.status, summary };
}

/** PRAXIS and native workbooks of n formula cells, each run `rounds` times, alternating. */
function pipelineBench(n, rounds = 1) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "honorar-pipeline-"));
  const files = { praxis: path.join(dir, `praxis-${n}.xlsx`), native: path.join(dir, `native-${n}.xlsx`) };
  for (const [kind, file] of Object.entries(files)) makeWorkbook(file, n, kind);
  const runs = { praxis: [], native: [] };
  for (let i = 0; i < rounds; i++) for (const kind of ["praxis", "native"]) runs[kind].push(run(files[kind]));
  fs.rmSync(dir, { recursive: true, force: true });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pick = (kind) => ({ s: median(runs[kind].map((r) => r.ms)) / 1000, peakMb: Math.max(...runs[kind].map((r) => r.peakMb)), summary: runs[kind][0].summary, status: runs[kind][0].status });
  const praxis = pick("praxis");
  const native = pick("native");
  return { n, rounds, praxis, native, ratio: praxis.s / native.s };
}

/** `honorar eval` with n formulas on standard input, in a fresh process: formulas per second. */
function evalBench(n = 10000) {
  const data = rows(Math.min(n, 4096), 5);
  const input = Array.from({ length: n }, (_, i) => {
    const r = data[i % data.length];
    return i % 2 === 0 ? `=EBM_HONORAR(${r.gop};${r.jahr})` : `=GOAE_BETRAG(${typeof r.ziffer === "string" ? `"${r.ziffer}"` : r.ziffer};${String(r.faktor).replace(".", ",")})`;
  }).join("\n");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(__dirname, "..", "bin", "honorar.js"), "eval"], { input, encoding: "utf8", maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = r.stdout.trim().split("\n").length;
  return { n, s, perS: n / s, lines, status: r.status };
}

module.exports = { pipelineBench, evalBench, makeWorkbook };

if (require.main === module) {
  const n = Number(process.argv[2] || 100000);
  console.log(JSON.stringify(pipelineBench(n, 1)));
}
