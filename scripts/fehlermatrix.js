#!/usr/bin/env node
/*
 * Renders the bad-input matrix (docs/fehlermatrix.json) as docs/fehlermatrix.md.
 * The JSON is the one source: test/fehlermatrix.test.ts runs every row against
 * the PRAXIS catalogue and fails when the Markdown is not this script's output.
 *
 *   node scripts/fehlermatrix.js           prints the Markdown
 *   node scripts/fehlermatrix.js --write   writes docs/fehlermatrix.md
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const JSON_FILE = path.join(ROOT, "docs", "fehlermatrix.json");
const MD_FILE = path.join(ROOT, "docs", "fehlermatrix.md");

const EXCEL = { wert: "#WERT! (#VALUE!)", nv: "#NV (#N/A)", zahl: "#ZAHL! (#NUM!)" };
const SHORT = { wert: "#WERT!", nv: "#NV", zahl: "#ZAHL!" };
const GERMAN_CODE = { "#WERT!": "wert", "#NV": "nv", "#ZAHL!": "zahl" };

function load() {
  return JSON.parse(fs.readFileSync(JSON_FILE, "utf8"));
}

/** A number as German Excel shows it: 2,5 and 1E+300. */
function zahl(n) {
  return String(n).replace(".", ",").replace("e", "E");
}

function cell(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return zahl(v);
  if (typeof v === "boolean") return v ? "WAHR" : "FALSCH";
  return `"${String(v).replace(/"/g, '""')}"`;
}

function column(i) {
  return String.fromCharCode("A".charCodeAt(0) + i);
}

/** The call as a German formula; ranges become cell references, listed below it. */
function formel(name, args) {
  const given = args.slice();
  while (given.length > 0 && (given[given.length - 1] === null || given[given.length - 1] === undefined)) given.pop();
  let next = 0;
  const ranges = [];
  const parts = given.map((a) => {
    if (!Array.isArray(a)) return cell(a);
    const width = a[0].length;
    const ref = `${column(next)}1:${column(next + width - 1)}${a.length}`;
    next += width;
    ranges.push(`${ref}: ${a.map((row) => row.map((v) => (typeof v === "string" ? v : cell(v))).join(" \\| ")).join("; ")}`);
    return ref;
  });
  const text = `\`=PRAXIS.${name}(${parts.join("; ")})\``;
  return ranges.length ? `${text}<br>${ranges.join("<br>")}` : text;
}

function md(text) {
  return String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** What a row expects, as the Ergebnis and Meldung columns say it. */
function outcome(row) {
  if (row.fehler) return [EXCEL[row.fehler], md(row.meldung)];
  if (row.letzteZeile) return [`Tabelle; letzte Zeile ${row.letzteZeile[1]}`, md(row.letzteZeile[0])];
  if (row.beginnt !== undefined) return ["Text", `${md(row.beginnt)} …${row.hinweis ? ` (${md(row.hinweis)})` : ""}`];
  return [typeof row.wert === "boolean" ? (row.wert ? "WAHR" : "FALSCH") : zahl(row.wert), md(row.hinweis ?? "")];
}

/** The overview cell: the distinct outcomes of a category, or — where it does not apply. */
function short(rows) {
  if (typeof rows === "string") return "—";
  const seen = rows.map((r) => (r.fehler ? SHORT[r.fehler] : r.letzteZeile ? `(${r.letzteZeile[1]})` : "Wert"));
  return [...new Set(seen)].join(" / ");
}

function render(data = load()) {
  const kats = Object.entries(data.kategorien);
  const fns = Object.entries(data.funktionen);
  const out = [
    "# Fehlermatrix: ungültige Eingaben je Funktion",
    "",
    "Erzeugt von `node scripts/fehlermatrix.js --write` aus `docs/fehlermatrix.json`; `test/fehlermatrix.test.ts`",
    "rechnet jede Zeile mit dem PRAXIS-Katalog nach (Fehlerart und Meldung wörtlich) und schlägt fehl, wenn diese",
    "Datei nicht der Ausgabe des Skripts entspricht oder eine Funktion des Katalogs oder eine Kategorie fehlt.",
    "",
    "Excel zeigt die Meldung im Fehlerhinweis der Zelle bei `#WERT!` und `#NV`; bei `#ZAHL!` erlaubt Excel keinen",
    "Text, die CLI (`honorar eval`) gibt sie aus. Formeln in deutscher Schreibweise; „—“ heißt: die Kategorie",
    "betrifft kein Argument der Funktion (der Grund steht in ihrem Abschnitt). „Wert“: keine Fehleingabe, die",
    "Funktion rechnet (etwa mit den zuletzt gültigen Tabellenwerten im Jahr 9999); „(#ZAHL!)“ bei ERKLAERUNG:",
    "die Erklärung ist eine Tabelle, deren letzte Zeile den Fehler der erklärten Funktion nennt.",
    "",
    "## Übersicht",
    "",
    `| Funktion | ${kats.map(([, label]) => label).join(" | ")} |`,
    `|---|${kats.map(() => "---").join("|")}|`,
    ...fns.map(([fn, cats]) => `| [${fn}](#${fn.toLowerCase()}) | ${kats.map(([k]) => short(cats[k])).join(" | ")} |`),
  ];
  for (const [fn, cats] of fns) {
    out.push("", `## ${fn}`, "", "| Kategorie | Formel | Ergebnis | Meldung |", "|---|---|---|---|");
    for (const [k, label] of kats) {
      const rows = cats[k];
      if (typeof rows === "string") {
        out.push(`| ${label} | — | — | ${md(rows)} |`);
        continue;
      }
      for (const row of rows) {
        const [ergebnis, meldung] = outcome(row);
        out.push(`| ${label} | ${formel(fn, row.args)} | ${ergebnis} | ${meldung} |`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}

module.exports = { load, render, GERMAN_CODE, MD_FILE };

if (require.main === module) {
  if (process.argv.includes("--write")) fs.writeFileSync(MD_FILE, render());
  else process.stdout.write(render());
}
