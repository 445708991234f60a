#!/usr/bin/env node
/* eslint-disable no-undef */
/*
 * Imports the whole Gebührenverzeichnis of the GOÄ into src/data/goae.json.
 *
 * Source: Gebührenordnung für Ärzte (GOÄ), Anlage "Gebührenverzeichnis für
 * ärztliche Leistungen" (Fassung der Bekanntmachung vom 9. Februar 1996,
 * BGBl. I S. 210, Anlageband zu BGBl. I 1996 Nr. 10, S. 3–157; zuletzt
 * geändert durch Art. 1 der Fünften Verordnung zur Änderung der GOÄ vom
 * 21. Oktober 2019, BGBl. I S. 1470, in Kraft seit 1. Januar 2020), published
 * by the Bundesministerium der Justiz at https://www.gesetze-im-internet.de/go__1982/.
 * The law text is an official work (§ 5 UrhG); its data may be taken over.
 *
 * The script reads the text as the public mirror of gesetze-im-internet.de in
 * Markdown has it (repository bundestag/gesetze, file g/goae_1982/index.md),
 * one file per edition, each with the day that edition took effect:
 *
 *   git -C MIRROR show 075533071f:g/goae_1982/index.md > /tmp/goae-1996.md  # Stand 02.07.2012
 *   git -C MIRROR show 5710c0a68a:g/goae_1982/index.md > /tmp/goae-2020.md  # zuletzt geändert 21.10.2019
 *   node scripts/goae-import.js 1996-01-01=/tmp/goae-1996.md 2020-01-01=/tmp/goae-2020.md [--write]
 *
 * Without --write it only parses, checks and prints the counts per section;
 * --check also fails if src/data/goae.json differs from what it would write.
 * It fails loudly (exit code 1, the reason on stderr) rather than drop an
 * entry: every row that carries a number must parse, points must agree with
 * the DM fee printed beside them (1 P = 11,4 Pf in 1996), numbers must rise
 * within the text and lie in the range the law's own overview gives their
 * section and subsection, every range in that overview must start and end on
 * a number found, and every sentence of the schedule that limits a fee to the
 * simple rate must be one this script knows.
 *
 * What it writes: every number with its points as a dated series (an edition's
 * value from the day it took effect; a number the later edition drops gets an
 * entry without value and a note saying since when), the list of numbers that
 * Abschnitt A of the schedule puts into the § 5 Abs. 3 band, and the lists of
 * numbers the schedule allows only at the simple rate. Entries already in the
 * file keep their source (their points must agree with the law text); the
 * analog recommendations and the bands' own values are left as they are.
 */
const fs = require("fs");
const path = require("path");

const GOAE_JSON = path.join(__dirname, "..", "src", "data", "goae.json");
/** Source id of the points taken from the law text (sources.json). */
const SOURCE = "goae-verzeichnis";
/** Source id of the amendment of 2019 (sources.json), for what it changed from 2020. */
const SOURCE_2020 = "goae-aenderung-2019";
const BASE_DATE = "1996-01-01";

/** A hard failure: the script stops and says where. */
class ImportFehler extends Error {}
function fail(message) {
  throw new ImportFehler(message);
}

// ---------------------------------------------------------------------------
// Reading the Markdown table rows
// ---------------------------------------------------------------------------

/**
 * The Anlage as a list of items in text order: table rows ({ line, cells })
 * and prose lines ({ line, prose }). The mirror renders the schedule's tables
 * as nested lists: a row starts with "*    *", every further cell with
 * "    *", and a cell's text continues on lines indented by eight spaces.
 */
function anlageItems(markdown) {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^## Anlage Gebührenverzeichnis/.test(l));
  if (start < 0) fail('Überschrift "## Anlage Gebührenverzeichnis" nicht gefunden: ist das der GOÄ-Text?');
  const items = [];
  let row = null;
  const close = () => {
    if (row) items.push(row);
    row = null;
  };
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    let m;
    if ((m = /^\*    \*(?:\s+(.*))?$/.exec(l))) {
      close();
      row = { line: i + 1, cells: [(m[1] || "").trim()] };
    } else if (row && (m = /^    \*(?:\s+(.*))?$/.exec(l))) {
      row.cells.push((m[1] || "").trim());
    } else if (row && /^        \S/.test(l)) {
      const last = row.cells.length - 1;
      row.cells[last] = `${row.cells[last]} ${l.trim()}`.trim();
    } else if (l.trim() === "") {
      continue;
    } else {
      close();
      items.push({ line: i + 1, prose: l.trim() });
    }
  }
  close();
  return items;
}

/** A cell's text as the law has it: markdown escapes undone, white space single, dot leaders gone. */
function clean(text) {
  return text
    .replace(/\\([*()[\]_])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/\s*\.{4,}\s*$/, "")
    .trim();
}

// ---------------------------------------------------------------------------
// The overview at the head of the Anlage: sections and subsections with their ranges
// ---------------------------------------------------------------------------

const ZUSCHLAG_ORDER = ["A", "B", "C", "D", "K1", "E", "F", "G", "H", "J", "K2"];
const ZUSCHLAG = /^([A-DE-HJ]|K ?[12])$/;

/** "1 bis 109" → { from: 1, to: 109 }; "A bis K 1" → { zuschlaege: ["A", …, "K1"] }. */
function parseRange(text) {
  const t = clean(text).replace(/\s*\*\)$/, "");
  let m;
  if ((m = /^(\d+) bis (\d+)$/.exec(t))) return { from: Number(m[1]), to: Number(m[2]) };
  if ((m = /^([A-K]) bis (K ?[12]|[A-K])$/.exec(t))) {
    const a = ZUSCHLAG_ORDER.indexOf(m[1]);
    const b = ZUSCHLAG_ORDER.indexOf(m[2].replace(" ", ""));
    if (a < 0 || b < a) fail(`Zuschlagsbereich "${text}" nicht lesbar`);
    return { zuschlaege: ZUSCHLAG_ORDER.slice(a, b + 1) };
  }
  if (t === "") return null;
  fail(`Nummernbereich "${text}" in der Übersicht nicht lesbar`);
}

/**
 * The overview table ("Nummer | Übersicht | Seite"): one row per section
 * (range, "B.", title, page) and per subsection (range, "", "I.", title, page).
 */
function parseOverview(items) {
  const sections = [];
  let i = 0;
  while (i < items.length && !(items[i].cells && items[i].cells[0] === "Nummer")) i++;
  if (i === items.length) fail("Übersicht des Gebührenverzeichnisses nicht gefunden");
  for (i++; i < items.length; i++) {
    const it = items[i];
    if (it.prose !== undefined) {
      if (/^\*\*A\. Gebühren in besonderen Fällen\*\*$/.test(it.prose)) return { sections, bodyStart: i };
      continue;
    }
    const c = it.cells;
    if (c.length === 4 && /^[A-P]\.$/.test(c[1])) {
      sections.push({ letter: c[1][0], title: clean(c[2]), range: parseRange(c[0]), subsections: [], line: it.line });
    } else if (c.length === 5 && c[1] === "" && /^[IVX]+\.$/.test(c[2])) {
      const s = sections[sections.length - 1];
      if (!s) fail(`Zeile ${it.line}: Unterabschnitt vor dem ersten Abschnitt`);
      s.subsections.push({ roman: c[2].slice(0, -1), title: clean(c[3]), range: parseRange(c[0]), line: it.line });
    } else {
      fail(`Zeile ${it.line}: Zeile der Übersicht nicht lesbar: ${JSON.stringify(c)}`);
    }
  }
  fail('Beginn von Abschnitt A ("**A. Gebühren in besonderen Fällen**") nach der Übersicht nicht gefunden');
}

// ---------------------------------------------------------------------------
// The schedule's rows
// ---------------------------------------------------------------------------

/** "3562.H1" → { nr: "3562", marke: "H1" }; "3541.H" is a number of its own (a Höchstwert). */
function parseNummer(cell, zuschlagErlaubt) {
  const t = clean(cell);
  let m;
  if ((m = /^(\d{1,4}[a-z]?)(?:\.(H\d))?$/.exec(t))) return { nr: m[1], marke: m[2] };
  if ((m = /^(\d{4})\.H$/.exec(t))) return { nr: `${m[1]}.H` };
  if (zuschlagErlaubt && ZUSCHLAG.test(t)) return { nr: t.replace(" ", "") };
  return null;
}

/** The order of numbers in the text: 250 < 250a < 251; "3541.H" right after 3541. */
function sortKey(nr) {
  const m = /^(\d+)([a-z]?)(\.H)?$/.exec(nr);
  return m ? Number(m[1]) * 100 + (m[2] ? m[2].charCodeAt(0) - 96 : 0) + (m[3] ? 50 : 0) : null;
}

const POINTS = /^\d{1,5}$/;

/** "9,12" or "114,--" or "12.54" (a misprint in the text) → Pfennig. */
function parseDm(cell) {
  const t = clean(cell);
  const m = /^(\d{1,5})[,.](\d\d|--)$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + (m[2] === "--" ? 0 : Number(m[2]));
}

/**
 * DM fees misprinted in the text (the points are confirmed by the independent
 * data set in test/goae-verzeichnis.test.ts); any other mismatch stops the import.
 */
const DM_DRUCKFEHLER = { "2518": "387,--", "2542": "225,--" };

/**
 * Numbers misprinted in the text: "4114 Lithium" follows 4213 in the list of
 * drug assays (4150 to 4214) while 4114 is already the Renin-Aldosteron-
 * Suppressionstest; the number read is the one the sequence requires. Such an
 * entry is marked "derived", with this note.
 */
const NUMMER_DRUCKFEHLER = [
  {
    nr: "4114",
    titel: "Lithium",
    richtig: "4214",
    note: 'Im Text von gesetze-im-internet.de als "4114" gedruckt; 4114 ist dort bereits der Renin-Aldosteron-Suppressionstest, und die Zeile folgt auf 4213 in der Reihe 4150 bis 4214. Gelesen als Nr. 4214.',
  },
];

/** 1996 fee in Pfennig for a number of points: 11,4 Pf per point, half a Pfennig rounded up (§ 5 Abs. 1 a. F.). */
function dmOf(points) {
  return Math.floor((points * 114 + 5) / 10);
}

/**
 * Every number of the schedule in text order: { nr, abschnitt, unterabschnitt,
 * titel, punkte (integer or null), marke, line }, plus the prose of the
 * schedule (for the special rules read below).
 */
function parseVerzeichnis(markdown) {
  const items = anlageItems(markdown);
  const { sections, bodyStart } = parseOverview(items);
  if (sections.length !== 16 || sections.map((s) => s.letter).join("") !== "ABCDEFGHIJKLMNOP") {
    fail(`Übersicht: Abschnitte ${sections.map((s) => s.letter).join("")} statt A bis P`);
  }
  const sectionOf = (nr) => {
    if (ZUSCHLAG.test(nr) || /^K[12]$/.test(nr)) {
      const s = sections.find((x) => x.subsections.some((u) => u.range && u.range.zuschlaege && u.range.zuschlaege.includes(nr)));
      return s && { s, u: s.subsections.find((u) => u.range && u.range.zuschlaege && u.range.zuschlaege.includes(nr)) };
    }
    const n = Math.floor(sortKey(nr) / 100);
    const s = sections.find((x) => x.range && x.range.from <= n && n <= x.range.to);
    if (!s) return undefined;
    const u = s.subsections.find((x) => x.range && x.range.from !== undefined && x.range.from <= n && n <= x.range.to);
    return { s, u };
  };

  const entries = [];
  const seen = new Map();
  const prose = [];
  let lastKey = -1;
  let prevRow = null;
  let katalog = null; // the header whose points the numbers of a "Katalog" share
  let katalogPrefix = "";
  for (let i = bodyStart; i < items.length; i++) {
    const it = items[i];
    if (it.prose !== undefined) {
      prose.push(it);
      katalog = null;
      prevRow = null;
      continue;
    }
    let c = it.cells;
    // Rows nested one level deeper start with empty cells; what follows is the same row.
    while (c.length > 1 && c[0] === "") c = c.slice(1);
    while (c.length > 1 && c[c.length - 1] === "") c = c.slice(0, -1);
    const num = parseNummer(c[0], true);
    if (!num) {
      const previous = prevRow;
      prevRow = { c, line: it.line };
      if (c[0] === "Katalog") {
        // The numbers below share the service of the row before (and its points, if it has them).
        const h = previous && !parseNummer(previous.c[0], true) && !/^\*\*/.test(previous.c[0]) ? previous.c : null;
        if (!h || h.length > 3 || (h.length >= 2 && !POINTS.test(clean(h[1])))) fail(`Zeile ${it.line}: "Katalog" ohne vorangehende Leistung`);
        katalog = { titel: clean(h[0]), punkte: h.length >= 2 ? Number(clean(h[1])) : null, line: previous.line };
        if (h.length === 3 && parseDm(h[2]) !== dmOf(katalog.punkte)) fail(`Zeile ${previous.line}: ${katalog.punkte} Punkte, aber ${h[2]} DM`);
        katalogPrefix = "";
        continue;
      }
      if (/^\*\*/.test(c[0])) {
        katalog = null;
        continue;
      }
      if (katalog && previous && previous.c[0] === "Katalog" && c.length === 1) {
        // "Antikörper gegen": the words the numbers of this Katalog continue.
        katalogPrefix = `${clean(c[0])} `;
        continue;
      }
      // A row that starts like a number and carries points or a fee must be a number: never let it pass as a note.
      if (/^\d{1,4}[a-z]?\b/.test(c[0]) && c.slice(1).some((x) => POINTS.test(clean(x)) || parseDm(x) !== undefined)) {
        fail(`Zeile ${it.line}: Zeile sieht wie eine Nummer aus, ist aber nicht lesbar: ${JSON.stringify(c)}`);
      }
      // An annotation, or a service that heads a Katalog; a row with points ends the Katalog before it.
      if (c.length >= 2 && POINTS.test(clean(c[1]))) katalog = null;
      continue;
    }
    prevRow = { c, line: it.line };
    const misprint = NUMMER_DRUCKFEHLER.find((d) => d.nr === num.nr && d.titel === clean(c[1] || ""));
    if (misprint) num.nr = misprint.richtig;
    // A row with a number: number, text, points, DM (points and DM may be empty).
    if (c.length > 4) fail(`Zeile ${it.line}: Nummer ${num.nr} mit ${c.length} Zellen: ${JSON.stringify(c)}`);
    let titelText = clean(c[1] || "");
    let pCell = clean(c[2] || "");
    let dmCell = c[3];
    const next = items[i + 1] && items[i + 1].cells && items[i + 1].cells.filter((x, k, all) => k >= all.findIndex((y) => y !== ""));
    if (pCell === "" && !katalog && next && /^\d+\. \S/.test(next[0]) && next.length >= 2 && POINTS.test(clean(next[1]))) {
      // The mirror broke the text before "4. Lebensjahr" as if a numbered list began: the rest of the row follows.
      titelText = `${titelText} ${clean(next[0])}`;
      pCell = clean(next[1]);
      dmCell = next[2];
      i++;
    }
    if (!titelText) fail(`Zeile ${it.line}: Nummer ${num.nr} ohne Leistungstext`);
    let punkte = null;
    let titel = titelText;
    if (pCell !== "") {
      if (!POINTS.test(pCell)) fail(`Zeile ${it.line}: Nummer ${num.nr}: Punktzahl "${pCell}" ist keine ganze Zahl`);
      punkte = Number(pCell);
      if (dmCell !== undefined && clean(dmCell) !== "") {
        const dm = parseDm(dmCell);
        if (dm === undefined) fail(`Zeile ${it.line}: Nummer ${num.nr}: Gebühr "${dmCell}" nicht lesbar`);
        if (dm !== dmOf(punkte) && DM_DRUCKFEHLER[num.nr] !== clean(dmCell)) fail(`Zeile ${it.line}: Nummer ${num.nr}: ${punkte} Punkte ergeben ${dmOf(punkte) / 100} DM, der Text nennt ${dmCell}`);
      }
      if (katalog && katalog.punkte !== null) katalog = null;
    } else if (katalog) {
      punkte = katalog.punkte;
    }
    if (katalog) titel = `${katalog.titel}: ${katalogPrefix}${titelText}`;
    const where = sectionOf(num.nr);
    if (!where) fail(`Zeile ${it.line}: Nummer ${num.nr} liegt in keinem Abschnitt der Übersicht`);
    const key = sortKey(num.nr);
    if (key !== null) {
      if (key <= lastKey) fail(`Zeile ${it.line}: Nummer ${num.nr} folgt nicht aufsteigend`);
      lastKey = key;
    }
    if (seen.has(num.nr)) fail(`Zeile ${it.line}: Nummer ${num.nr} doppelt (zuerst Zeile ${seen.get(num.nr)})`);
    seen.set(num.nr, it.line);
    entries.push({ nr: num.nr, abschnitt: where.s.letter, unterabschnitt: where.u ? where.u.roman : "", titel, punkte, marke: num.marke, line: it.line, berichtigt: misprint && misprint.note });
  }
  checkStructure(sections, entries);
  return { sections, entries, prose: prose.map((p) => p.prose), items: items.slice(bodyStart) };
}

/** Every range in the overview must start and end on a number found in its section. */
function checkStructure(sections, entries) {
  const byNr = new Map(entries.map((e) => [e.nr, e]));
  const numericIn = (from, to) => entries.filter((e) => sortKey(e.nr) !== null && from * 100 <= sortKey(e.nr) && sortKey(e.nr) < (to + 1) * 100);
  for (const s of sections) {
    const ranges = [{ r: s.range, what: `Abschnitt ${s.letter}` }, ...s.subsections.map((u) => ({ r: u.range, what: `Abschnitt ${s.letter}.${u.roman}` }))];
    for (const { r, what } of ranges) {
      if (!r) continue;
      if (r.zuschlaege) {
        for (const z of r.zuschlaege) if (!byNr.has(z)) fail(`${what}: Zuschlag ${z} fehlt`);
        continue;
      }
      const inside = numericIn(r.from, r.to);
      if (inside.length === 0) fail(`${what} (${r.from} bis ${r.to}): keine Nummer gefunden`);
      const first = Math.floor(sortKey(inside[0].nr) / 100);
      const last = Math.floor(sortKey(inside[inside.length - 1].nr) / 100);
      // The subsections' ranges leave gaps (2015 follows L I "2000 bis 2010"); only their ends are checked.
      if (first !== r.from || last !== r.to) fail(`${what}: Übersicht nennt ${r.from} bis ${r.to}, gefunden ${inside[0].nr} bis ${inside[inside.length - 1].nr}`);
      if (inside.some((e) => e.abschnitt !== s.letter)) fail(`${what}: Nummer eines anderen Abschnitts im Bereich`);
    }
  }
}

// ---------------------------------------------------------------------------
// The schedule's special rules on the factor
// ---------------------------------------------------------------------------

/** The prose of the Anlage and its table cells as one text, for reading sentences across line breaks. */
function flatText(items) {
  return clean(items.map((it) => (it.prose !== undefined ? it.prose : it.cells.join(" "))).join(" "));
}

/**
 * Abschnitt A: "Für die nachfolgend genannten Leistungen dürfen Gebühren nach
 * Maßgabe des § 5 nur bis zum Zweieinhalbfachen des Vergütungssatzes bemessen
 * werden: Nummern 2 und 56 in Abschnitt B, …". Returns the numbers it names
 * (a range "605 bis 617" means every number of the schedule from 605 to 617).
 */
function abschnittA(parsed) {
  const text = flatText(parsed.items);
  const m = /Für die nachfolgend genannten Leistungen dürfen Gebühren nach Maßgabe des § 5 nur bis zum Zweieinhalbfachen des Vergütungssatzes bemessen werden: (.*?)\. \*\*B\. /.exec(text);
  if (!m) fail("Abschnitt A: Satz über die nachfolgend genannten Leistungen nicht gefunden");
  const out = [];
  const groups = m[1].split(/, (?=Nummern? )/);
  for (const g of groups) {
    const gm = /^Nummern? (.+) in Abschnitt ([A-P])$/.exec(g);
    if (!gm) fail(`Abschnitt A: "${g}" nicht lesbar`);
    for (const part of gm[1].split(/, | und /)) {
      const rm = /^(\d{1,4}[a-z]?)(?: bis (\d{1,4}))?$/.exec(part);
      if (!rm) fail(`Abschnitt A: "${part}" nicht lesbar`);
      const from = sortKey(rm[1]);
      const to = rm[2] ? sortKey(rm[2]) : from;
      for (const end of [rm[1], rm[2]].filter(Boolean)) {
        const e = parsed.entries.find((x) => x.nr === end);
        if (!e) fail(`Abschnitt A nennt Nummer ${end}, die im Verzeichnis fehlt`);
        if (e.abschnitt !== gm[2]) fail(`Abschnitt A nennt Nummer ${end} in Abschnitt ${gm[2]}, sie steht in ${e.abschnitt}`);
      }
      for (const e of parsed.entries) {
        const k = sortKey(e.nr);
        if (k !== null && from <= k && k <= (rm[2] ? to + 99 : to) && !e.nr.endsWith(".H")) out.push(e.nr);
      }
    }
  }
  return [...new Set(out)];
}

/**
 * Sentences of the schedule about the simple or half rate or a percentage.
 * Each must be known here: "einfach" limits the numbers to the simple rate
 * always; "bedingt" only in a situation the tool cannot see (the user's
 * factor then decides); "prozent" sets a fee as a share of another fee (the
 * number has no points and answers #N/A with that note).
 */
const SATZREGELN = [
  { satz: "Die Zuschläge nach den Buchstaben A bis D sowie K 1 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["A", "B", "C", "D", "K1"] },
  { satz: "Werden Leistungen innerhalb einer Sprechstunde an Samstagen erbracht, so ist der Zuschlag nach Buchstabe D nur mit dem halben Gebührensatz berechnungsfähig.", art: "bedingt" },
  { satz: "Die Pauschalgebühr nach Nummer 52 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["52"] },
  { satz: "Die Schreibgebühren nach den Nummern 95 und 96 sind nur neben den Leistungen nach den Nummern 80, 85 und 90 und nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["95", "96"] },
  { satz: "Die Zuschläge nach den Buchstaben E bis J sowie K 2 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["E", "F", "G", "H", "J", "K2"] },
  { satz: "Abweichend hiervon sind die Zuschläge nach den Buchstaben E bis H neben der Leistung nach Nummer 51 nur mit dem halben Gebührensatz berechnungsfähig.", art: "bedingt" },
  { satz: "Die Leistungen nach den Nummern 100 und 101 sowie der Zuschlag nach Nummer 102 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["100", "101", "102"], ab: "2020-01-01" },
  { satz: "Dauert die Leistung nach Nummer 100 weniger als 20 Minuten (ohne Aufsuchen), mindestens aber 10 Minuten (ohne Aufsuchen), sind 60 Prozent der Gebühr zu berechnen.", art: "bedingt", ab: "2020-01-01" },
  { satz: "Dauert die Leistung nach Nummer 101 weniger als 40 Minuten (ohne Aufsuchen), mindestens aber 20 Minuten (ohne Aufsuchen), sind 60 Prozent der Gebühr zu berechnen.", art: "bedingt", ab: "2020-01-01" },
  { satz: "Wird die Leistung nach Nummer 355 im zeitlichen Zusammenhang mit der Leistung nach Nummer 360 erbracht, ist die Leistung nach Nummer 355 nur mit dem einfachen Gebührensatz berechnungsfähig", art: "bedingt" },
  { satz: "Wird die Leistung nach Nummer 356 im zeitlichen Zusammenhang mit der Leistung nach Nummer 360 erbracht, ist die Leistung nach Nummer 356 nur mit dem einfachen Gebührensatz berechnungsfähig", art: "bedingt" },
  { satz: "Wird die Leistung nach Nummer 357 im Zusammenhang mit der Leistung nach Nummer 351 erbracht, ist die Leistung nach Nummer 357 nur mit dem einfachen Gebührensatz berechnungsfähig", art: "bedingt" },
  { satz: "Die Zuschläge nach den Nummern 401 sowie 404 bis 406 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["401", "404", "405", "406"] },
  { satz: "Die Zuschläge nach den Nummern 440 bis 449 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", von: "440", bis: "449" },
  {
    satz: "Der Zuschlag nach Nummer 441 beträgt 100 v.H. des einfachen Gebührensatzes der betreffenden Leistung, jedoch nicht mehr als 132 Deutsche Mark.",
    art: "prozent",
    nummern: ["441"],
    note: "Zuschlag ohne eigene Punktzahl: 100 % des einfachen Gebührensatzes der betreffenden operativen Leistung, höchstens 132 DM (67,49 €); Allgemeine Bestimmungen zu Abschnitt C VIII und Nr. 441 des Gebührenverzeichnisses.",
  },
  { satz: "Der Zuschlag nach Nummer 5298 beträgt 25 v.H. des einfachen Gebührensatzes der betreffenden Leistung.", art: "prozent", nummern: ["5298"], note: "Zuschlag ohne eigene Punktzahl: 25 % des einfachen Gebührensatzes der betreffenden Leistung nach den Nummern 5010 bis 5290 (Nr. 5298 des Gebührenverzeichnisses)." },
  { satz: "Werden die Leistungen nach den Nummern 5306 bis 5308 im zeitlichen Zusammenhang mit einer oder mehreren Leistung(en) nach den Nummern 5300 bis 5305 erbracht, sind die Leistungen nach den Nummern 5306 bis 5308 nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "bedingt" },
  { satz: "Der Zuschlag nach Nummer 5328 ist je Sitzung nur einmal und nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5328"] },
  { satz: "Der Zuschlag nach Nummer 5335 kann je Untersuchungstag unabhängig von der Anzahl der Einzeluntersuchungen nur einmal und nur mit dem einfachen Gebührensatz berechnet werden.", art: "einfach", nummern: ["5335"] },
  { satz: "Der Zuschlag nach Nummer 5377 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5377"] },
  { satz: "Die Ergänzungsleistungen nach den Nummern 5480 bis 5485 sind nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", von: "5480", bis: "5485" },
  { satz: "Der Zuschlag nach Nummer 5732 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5732"] },
  { satz: "Der Zuschlag nach Nummer 5733 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5733"] },
  { satz: "Der Zuschlag nach Nummer 5803 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5803"] },
  { satz: "Der Zuschlag nach Nummer 5832 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5832"] },
  { satz: "Der Zuschlag nach Nummer 5833 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5833"] },
  { satz: "Der Zuschlag nach Nummer 5841 ist nur mit dem einfachen Gebührensatz berechnungsfähig.", art: "einfach", nummern: ["5841"] },
  {
    satz: "Die Leistungen nach den Nummern 5852 bis 5854 sind nur in Verbindung mit einer Strahlenbehandlung oder einer regionären intravenösen oder intraarteriellen Chemotherapie und nur mit dem einfachen Gebührensatz berechnungsfähig.",
    art: "einfach",
    von: "5852",
    bis: "5854",
  },
];

/**
 * Finds every mention of the simple or half rate or a percentage in the
 * schedule and requires each to lie in a sentence of SATZREGELN; fails on any
 * other, and on a rule whose sentence is missing (unless `optional`).
 */
function satzregeln(parsed, { optional = [] } = {}) {
  const text = flatText(parsed.items);
  const found = [];
  const spans = [];
  for (const r of SATZREGELN) {
    const satz = r.satz.replace(/\.$/, "");
    let at = text.indexOf(satz);
    if (at < 0) {
      if (!optional.includes(r)) fail(`Regel zum Gebührensatz nicht (mehr) im Text: "${r.satz}"`);
      continue;
    }
    found.push(r);
    if (r.von) {
      // "440 bis 449": every number of the schedule in that range (the ends must exist).
      const from = sortKey(r.von);
      const to = sortKey(r.bis);
      for (const end of [r.von, r.bis]) if (!parsed.entries.some((e) => e.nr === end)) fail(`Regel "${r.satz}" nennt Nummer ${end}, die im Verzeichnis fehlt`);
      r.nummern = parsed.entries.filter((e) => sortKey(e.nr) !== null && from <= sortKey(e.nr) && sortKey(e.nr) <= to).map((e) => e.nr);
    }
    for (; at >= 0; at = text.indexOf(satz, at + 1)) spans.push([at, at + satz.length]);
    for (const nr of r.nummern || []) {
      if (!parsed.entries.some((e) => e.nr === nr)) fail(`Regel "${r.satz}" nennt Nummer ${nr}, die im Verzeichnis fehlt`);
    }
  }
  const re = /einfachen Gebührensatz|halben Gebührensatz|v\.H\. des|Prozent der Gebühr/g;
  let m;
  while ((m = re.exec(text))) {
    const pos = m.index;
    if (!spans.some(([a, b]) => a <= pos && pos < b)) {
      fail(`Unbekannte Regel zum Gebührensatz im Verzeichnis: "…${text.slice(Math.max(0, pos - 200), pos + 60)}…" – in SATZREGELN einordnen`);
    }
  }
  return found;
}

/**
 * § 5 Abs. 3 and 4 and § 2 Abs. 3 as the bands in goae.json assume them; a
 * change of the text must send a maintainer back to the bands.
 */
function checkParagraphs(markdown) {
  const text = clean(markdown);
  const expected = [
    "(3) Gebühren für die in den Abschnitten A, E und O des Gebührenverzeichnisses genannten Leistungen bemessen sich nach dem Einfachen bis Zweieinhalbfachen des Gebührensatzes. Absatz 2 Satz 4 gilt mit der Maßgabe, daß an die Stelle des 2,3fachen des Gebührensatzes das 1,8fache des Gebührensatzes tritt.",
    "(4) Gebühren für die Leistung nach Nummer 437 des Gebührenverzeichnisses sowie für die in Abschnitt M des Gebührenverzeichnisses genannten Leistungen bemessen sich nach dem Einfachen bis 1,3fachen des Gebührensatzes. Absatz 2 Satz 4 gilt mit der Maßgabe, daß an die Stelle des 2,3fachen des Gebührensatzes das 1,15fache des Gebührensatzes tritt.",
    "In der Regel darf eine Gebühr nur zwischen dem Einfachen und dem 2,3fachen des Gebührensatzes bemessen werden;",
    "nach dem Einfachen bis Dreieinhalbfachen des Gebührensatzes.",
    "Der Punktwert beträgt 5,82873 Cent.",
    "(3) Für Leistungen nach den Abschnitten A, E, M und O ist eine Vereinbarung nach Absatz 1 Satz 1 unzulässig.",
  ];
  for (const s of expected) if (!text.includes(s)) fail(`Paragraphentext weicht ab, Gebührenrahmen prüfen: "${s}" nicht gefunden`);
}

// ---------------------------------------------------------------------------
// Editions and the data file
// ---------------------------------------------------------------------------

/** Parses each edition ("YYYY-MM-DD=path"), oldest first. */
function readEditions(args) {
  const editions = args.map((a) => {
    const m = /^(\d{4}-\d{2}-\d{2})=(.+)$/.exec(a);
    if (!m) fail(`Argument "${a}": erwartet DATUM=PFAD (Tag, ab dem die Fassung gilt)`);
    return { date: m[1], file: m[2], markdown: fs.readFileSync(m[2], "utf8") };
  });
  if (editions.length === 0) fail("Keine Fassung angegeben");
  editions.sort((a, b) => a.date.localeCompare(b.date));
  if (editions[0].date !== BASE_DATE) fail(`Die älteste Fassung muss ab ${BASE_DATE} gelten (Neufassung 1996)`);
  for (const e of editions) {
    e.parsed = parseVerzeichnis(e.markdown);
    checkParagraphs(e.markdown);
  }
  return editions;
}

/** The rules in force in an edition (a rule that came with a later edition is optional before it). */
function rulesOf(edition) {
  return satzregeln(edition.parsed, { optional: SATZREGELN.filter((r) => r.ab && r.ab > edition.date) });
}

/** Numbers whose fee is a share of another fee (no points): number → the note that says so. */
function prozentRegeln(editions) {
  const prozent = new Map();
  for (const ed of editions) for (const r of rulesOf(ed)) if (r.art === "prozent") for (const nr of r.nummern) prozent.set(nr, r.note);
  return prozent;
}

function countsBySection(entries) {
  const counts = {};
  for (const e of entries) counts[e.abschnitt] = (counts[e.abschnitt] || 0) + 1;
  return counts;
}

/**
 * The ziffern of goae.json from the editions: a series of points per number,
 * an entry for each edition that changed it, and an entry without value from
 * the edition that dropped it. `existing` are the entries already in the file:
 * they stay as they are, their points checked against the text.
 */
function buildZiffern(editions, existing, prozent = prozentRegeln(editions)) {
  const latest = editions[editions.length - 1];
  const order = [];
  const history = new Map(); // nr → [{ date, entry }]
  for (const ed of editions) {
    for (const e of ed.parsed.entries) {
      if (!history.has(e.nr)) {
        history.set(e.nr, []);
        order.push(e.nr);
      }
      history.get(e.nr).push({ date: ed.date, entry: e });
    }
  }
  // Text order of the latest edition; a dropped number keeps its place after its predecessor.
  order.sort((a, b) => {
    const la = latest.parsed.entries.findIndex((e) => e.nr === a);
    const lb = latest.parsed.entries.findIndex((e) => e.nr === b);
    if (la >= 0 && lb >= 0) return la - lb;
    const ka = sortKey(a);
    const kb = sortKey(b);
    const sa = history.get(a)[0].entry.abschnitt;
    const sb = history.get(b)[0].entry.abschnitt;
    if (sa !== sb) return sa.localeCompare(sb);
    if (ka === null || kb === null) return (la < 0 ? 1 : 0) - (lb < 0 ? 1 : 0);
    return ka - kb;
  });
  // Entries of other sources stay as they are; the import's own entries are made anew (so a second run changes nothing).
  const own = (z) => z.punkte.values.every((v) => v.source === SOURCE || v.source === SOURCE_2020);
  const byNr = new Map(existing.filter((z) => !own(z)).map((z) => [z.nr, z]));
  const out = [];
  const changes = [];
  for (const nr of order) {
    const h = history.get(nr);
    const values = [];
    let titel;
    let abschnitt;
    for (const ed of editions) {
      const rec = h.find((x) => x.date === ed.date);
      const prev = values[values.length - 1];
      if (!rec) {
        if (prev && prev.value !== null) {
          values.push({ valid_from: ed.date, value: null, status: "confirmed", source: ed.date === BASE_DATE ? SOURCE : SOURCE_2020, note: `GOÄ-Nr. ${nr} ist seit dem ${de(ed.date)} aufgehoben (nicht mehr im Gebührenverzeichnis).` });
          changes.push(`${nr}: aufgehoben ab ${ed.date}`);
        }
        continue;
      }
      titel = rec.entry.titel;
      abschnitt = rec.entry.abschnitt;
      const value = rec.entry.punkte === null ? null : String(rec.entry.punkte);
      if (value === null && !prozent.has(nr)) fail(`Nummer ${nr} (Zeile ${rec.entry.line}) hat keine Punktzahl und keine bekannte Regel dafür`);
      if (prev && prev.value === value) continue;
      const source = ed.date === BASE_DATE ? SOURCE : SOURCE_2020;
      // No fundstelle per number: the series names the number, the source the schedule (and the add-in's texts stay small).
      const v = { valid_from: ed.date, value, status: rec.entry.berichtigt ? "derived" : "confirmed", source };
      if (value === null) v.note = prozent.get(nr);
      else if (rec.entry.berichtigt) v.note = rec.entry.berichtigt;
      if (prev) changes.push(`${nr}: ${prev.value} → ${value} ab ${ed.date}`);
      values.push(v);
    }
    const old = byNr.get(nr);
    if (old) {
      const mine = values.filter((v) => v.value !== null);
      const theirs = old.punkte.values;
      if (theirs.length !== mine.length || theirs.some((v, i) => v.value !== mine[i].value || v.valid_from !== mine[i].valid_from)) {
        fail(`Nummer ${nr}: goae.json hat ${JSON.stringify(theirs.map((v) => [v.valid_from, v.value]))}, der Gesetzestext ${JSON.stringify(mine.map((v) => [v.valid_from, v.value]))}`);
      }
      if (old.abschnitt !== abschnitt) fail(`Nummer ${nr}: goae.json sagt Abschnitt ${old.abschnitt}, der Gesetzestext ${abschnitt}`);
      out.push(old);
      byNr.delete(nr);
      continue;
    }
    out.push({ nr, abschnitt, titel, punkte: { unit: "Punkte", values } });
  }
  if (byNr.size > 0) fail(`In goae.json, aber nicht im Gesetzestext: ${[...byNr.keys()].join(", ")}`);
  return { ziffern: out, changes };
}

function de(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

/**
 * The band lists: Abschnitt A's numbers (§ 5 Abs. 3), Nr. 437 (§ 5 Abs. 4),
 * the numbers only at the simple rate (since 1996), and those the 2020 edition
 * put there (their band changes its values on that day).
 */
function bandLists(editions) {
  const latest = editions[editions.length - 1];
  const rules = rulesOf(latest).filter((r) => r.art === "einfach");
  const einfach = rules.filter((r) => !r.ab).flatMap((r) => r.nummern);
  const leichenschau = rules.filter((r) => r.ab === "2020-01-01").flatMap((r) => r.nummern);
  const a = abschnittA(latest.parsed);
  for (const ed of editions.slice(0, -1)) {
    const older = abschnittA(ed.parsed);
    if (older.join() !== a.join()) fail(`Abschnitt A unterscheidet sich zwischen den Fassungen ${ed.date} und ${latest.date}`);
  }
  const lists = { technisch: a, labor: ["437"], einfach, leichenschau };
  const owner = new Map();
  for (const [band, nrs] of Object.entries(lists)) {
    for (const nr of nrs) {
      if (owner.has(nr)) fail(`Nummer ${nr} in zwei Gebührenrahmen: ${owner.get(nr)} und ${band}`);
      owner.set(nr, band);
    }
  }
  return lists;
}

/** The file as before, but one line per number: 2,800 numbers stay readable and their diffs small. */
function formatGoae(goae) {
  const marker = "\u0000ZIFFERN\u0000";
  const text = JSON.stringify({ ...goae, ziffern: marker }, null, 2);
  const lines = goae.ziffern.map((z) => `    ${JSON.stringify(z)}`).join(",\n");
  return `${text.replace(JSON.stringify(marker), `[\n${lines}\n  ]`)}\n`;
}

function main(argv) {
  const write = argv.includes("--write");
  const check = argv.includes("--check");
  const editions = readEditions(argv.filter((a) => a !== "--write" && a !== "--check"));
  for (const ed of editions) {
    const counts = countsBySection(ed.parsed.entries);
    console.log(`Fassung ab ${ed.date} (${path.basename(ed.file)}): ${ed.parsed.entries.length} Nummern`);
    for (const s of ed.parsed.sections) {
      const sub = s.subsections.map((u) => `${u.roman}: ${ed.parsed.entries.filter((e) => e.abschnitt === s.letter && e.unterabschnitt === u.roman).length}`).join(", ");
      console.log(`  ${s.letter} ${s.title}: ${counts[s.letter] || 0}${sub ? ` (${sub})` : ""}`);
    }
  }
  const goae = JSON.parse(fs.readFileSync(GOAE_JSON, "utf8"));
  const { ziffern, changes } = buildZiffern(editions, goae.ziffern);
  const lists = bandLists(editions);
  console.log(`Änderungen zwischen den Fassungen: ${changes.length ? changes.join("; ") : "keine"}`);
  console.log(`Gebührenrahmen nach Liste: ${Object.entries(lists).map(([k, v]) => `${k} ${v.length}`).join(", ")}`);
  console.log(`Zusammen: ${ziffern.length} Nummern, davon ${ziffern.filter((z) => z.punkte.values.some((v) => v.value === null)).length} mit Zeiten ohne Punktzahl`);
  if (!write && !check) return;
  const before = fs.readFileSync(GOAE_JSON, "utf8");
  for (const [id, nrs] of Object.entries(lists)) {
    const b = goae.bereiche.find((x) => x.id === id);
    if (!b) fail(`Gebührenrahmen "${id}" fehlt in goae.json: erst anlegen (Werte mit Quelle), dann importieren`);
    b.ziffern = nrs;
  }
  goae.ziffern = ziffern;
  const after = formatGoae(goae);
  if (check) {
    if (after !== before) fail(`${path.relative(process.cwd(), GOAE_JSON)} entspricht nicht dem Gesetzestext: mit --write neu schreiben und den Unterschied prüfen`);
    console.log(`${path.relative(process.cwd(), GOAE_JSON)} entspricht dem Gesetzestext.`);
    return;
  }
  fs.writeFileSync(GOAE_JSON, after);
  console.log(`Geschrieben: ${path.relative(process.cwd(), GOAE_JSON)}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ImportFehler) {
      console.error(`goae-import: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

module.exports = { formatGoae, anlageItems, parseVerzeichnis, abschnittA, satzregeln, checkParagraphs, buildZiffern, bandLists, dmOf, ImportFehler, SATZREGELN };
