import { Override } from "../data/overrides";
import { Decimal } from "../engine/decimal";
import { formatDe, todayIso } from "../engine/dates";
import { SETTINGS_KEYS } from "../settings/settings";
import { sameFile, writeOutput } from "./atomic";
import { none, page, section, shown, table } from "./bericht";
import { CellResult, compare, csvField, csvValue, printable, Provenance, recalc, RecalcResult, show, stichtagText } from "./recalc";
import { szenarioText } from "./szenario";
import { decodeAddress, encodeAddress, place, unplace } from "./tokens";
import { readSheet, readWorkbook, Workbook } from "./workbook";
import { escapeXml, LIMITS, openPackage, Package, readPart, UnusableInput, Value } from "./xlsx";

/**
 * `honorar diff ALT NEU`: what changed between two versions of a workbook.
 * Inputs (constants), formulas and results (the recomputed values of the
 * formula cells) cell by cell, sheets matched by name; the add-in's settings
 * and own values; and which changed inputs moved which results, from the
 * formula engine's dependency graph of the new version.
 */

export interface DiffOptions {
  csv?: string;
  bericht?: string;
  /** Apply to both versions, so that only the workbooks differ. */
  stichtag?: string;
  kv?: string;
  /** Own values of the command line (--wert), for both runs. */
  szenario?: Override[];
}

/** Eingabe: a constant changed, appeared or went. Formel: the formula text changed, or a constant became a formula or back. Ergebnis: same formula, another value. */
export type Art = "Eingabe" | "Formel" | "Ergebnis";

/** Where a formula cell's value comes from: recomputed, or as saved in the file where the cell cannot be recomputed. */
export type Herkunft = "neu berechnet" | "gespeichert";

export interface Aenderung {
  art: Art;
  blatt: string;
  zelle: string;
  /** null: the cell is empty (or absent); undefined: a formula cell without any value (not recomputable, none saved). */
  alt?: Value;
  neu?: Value;
  /** neu − alt where both are numbers. */
  differenz?: number;
  formelAlt?: string;
  formelNeu?: string;
  herkunftAlt?: Herkunft;
  herkunftNeu?: Herkunft;
  /** For a changed input: the formula cells of the new version that depend on it and whose value changed ("Blatt!A1"). */
  bewegt?: string[];
  /** For a changed input: its dependents were not followed (too many for the budget), so bewegt is unknown. */
  bewegtUnbekannt?: true;
  /** For a changed value: the changed inputs it depends on in the new version. */
  bewegtDurch?: string[];
}

export interface Einstellung {
  was: string;
  /** undefined: not set in this version. */
  alt?: string;
  neu?: string;
}

export interface DiffResult {
  alt: Provenance;
  neu: Provenance;
  blaetter: { hinzugefuegt: string[]; entfernt: string[] };
  einstellungen: Einstellung[];
  aenderungen: Aenderung[];
  /** Changed inputs whose dependents were not followed: "bewegt durch" may then miss them. */
  ohneZuordnung: number;
  summary: { eingaben: number; formeln: number; ergebnisse: number; blaetter: number; einstellungen: number };
}

const placeOf = (address: string) => {
  const a = decodeAddress(address)!;
  return place(a.row, a.col);
};
const addressOf = (k: number) => {
  const { row, col } = unplace(k);
  return encodeAddress(row, col);
};

/** Equal as recalc's verdict "gleich": numbers as the same double, errors by code, and an empty cell is empty text. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return compare(a ?? null, b ?? null) === "match";
}

/**
 * neu − alt of the numbers as they read (108,14 → 112,3 gives 4,16), not of
 * their binary approximations (4,159999999999997), which an auditor would
 * take for a rounding error in the model.
 */
function difference(alt: Value | undefined, neu: Value | undefined): number | undefined {
  if (typeof alt !== "number" || typeof neu !== "number") return undefined;
  const d = new Decimal(String(neu)).minus(String(alt)).toNumber();
  // From -1e308 to 1e308 the difference is beyond any double: shown as none rather than as Infinity (null in JSON).
  return Number.isFinite(d) ? d : undefined;
}

/** The value a formula cell is compared by: recomputed, or the saved one where recalc could not recompute it. */
function valueOf(c: CellResult): { v: Value | undefined; herkunft: Herkunft } {
  return c.status === "unchecked" ? { v: c.saved, herkunft: "gespeichert" } : { v: c.recomputed, herkunft: "neu berechnet" };
}

/* ---------- constants ---------- */

/**
 * The constants of one sheet by place. The cells of an array formula's range
 * hold its results, not inputs: recalc reports them as formula cells.
 */
function constantsOf(pkg: Package, wb: Workbook, sheet: Workbook["sheets"][number], counted: { cells: number }): Map<number, Value> {
  const xml = readPart(pkg, sheet.path);
  if (xml === undefined) throw new UnusableInput(`Blatt ${sheet.name}: Teil ${sheet.path} fehlt in der Datei.`);
  const out = new Map<number, Value>();
  const arrays: string[] = [];
  readSheet(xml, sheet.path, sheet.name, wb.strings, wb.system, (c) => {
    if (++counted.cells > LIMITS.cells) throw new UnusableInput(`Mehr als ${LIMITS.cells.toLocaleString("de-DE")} gefüllte Zellen; so große Arbeitsmappen vergleicht honorar diff nicht.`);
    if (!c.formula) out.set(place(c.row, c.col), c.value ?? null);
    // The cells of an array formula's or a data table's range hold its results, not inputs.
    else if ((c.formula.type === "array" || c.formula.type === "dataTable") && c.formula.ref) arrays.push(c.formula.ref);
  });
  for (const ref of arrays) {
    const [from, to = from] = ref.split(":").map(decodeAddress);
    if (!from || !to) continue;
    const inside = (k: number) => {
      const { row, col } = unplace(k);
      return row >= from.row && row <= to.row && col >= from.col && col <= to.col;
    };
    // A range far larger than the sheet's cells (hostile or not) is checked cell by cell of the sheet instead.
    const area = (to.row - from.row + 1) * (to.col - from.col + 1);
    if (area > out.size) {
      for (const k of out.keys()) if (inside(k)) out.delete(k);
    } else for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) out.delete(place(r, c));
  }
  return out;
}

/** The constants of both versions that differ, by place: undefined where the version has no constant (empty, or a formula). */
type Changes = Map<number, { alt?: Value; neu?: Value }>;

function changedConstants(alt: Map<number, Value>, neu: Map<number, Value>): Changes {
  const out: Changes = new Map();
  for (const [k, v] of neu) {
    const old = alt.get(k);
    if (!sameValue(old, v)) out.set(k, { alt: old, neu: v });
    alt.delete(k);
  }
  for (const [k, v] of alt) if (!sameValue(v, undefined)) out.set(k, { alt: v });
  return out;
}

/* ---------- comparing ---------- */

/** A changed cell, with the difference where both values are numbers. */
function changed(art: Art, blatt: string, zelle: string, alt: Value | undefined, neu: Value | undefined, rest: Partial<Aenderung> = {}): Aenderung {
  const differenz = difference(alt, neu);
  return { art, blatt, zelle, alt, neu, ...(differenz !== undefined ? { differenz } : {}), ...rest };
}

/** One sheet's formula cells of both versions side by side (both in row, column order), with its changed constants. */
function compareSheet(sheet: string, alt: RecalcResult, neu: RecalcResult, changes: Changes): Aenderung[] {
  const out: { k: number; c: Aenderung }[] = [];
  const ofSheet = (r: RecalcResult) => r.cells(undefined, sheet);
  const a = ofSheet(alt);
  const n = ofSheet(neu);
  let x = a.next();
  let y = n.next();
  while (!x.done || !y.done) {
    const kx = x.done ? Infinity : placeOf(x.value.address);
    const ky = y.done ? Infinity : placeOf(y.value.address);
    const old = kx <= ky && !x.done ? x.value : undefined;
    const now = ky <= kx && !y.done ? y.value : undefined;
    const k = Math.min(kx, ky);
    // A constant on the other side is part of this cell's change, not an input change of its own.
    const constant = changes.get(k);
    changes.delete(k);
    const before = old ? valueOf(old) : undefined;
    const after = now ? valueOf(now) : undefined;
    const [v, w] = [before ? before.v : (constant?.alt ?? null), after ? after.v : (constant?.neu ?? null)];
    const formulaChanged = old?.formula !== now?.formula;
    if (formulaChanged || !sameValue(v, w)) {
      const formulas = { ...(old ? { formelAlt: old.formula, herkunftAlt: before!.herkunft } : {}), ...(now ? { formelNeu: now.formula, herkunftNeu: after!.herkunft } : {}) };
      out.push({ k, c: changed(formulaChanged ? "Formel" : "Ergebnis", sheet, (old ?? now)!.address, v, w, formulas) });
    }
    if (old) x = a.next();
    if (now) y = n.next();
  }
  for (const [k, c] of changes) out.push({ k, c: changed("Eingabe", sheet, addressOf(k), c.alt ?? null, c.neu ?? null) });
  return out.sort((p, q) => p.k - q.k).map((e) => e.c);
}

const ref = (sheet: string, address: string) => `${sheet}!${address}`;

/** The settings, own values and data edition that differ between the two runs. */
function settingsChanged(alt: Provenance, neu: Provenance): Einstellung[] {
  const out: Einstellung[] = [];
  const add = (was: string, a: string | undefined, b: string | undefined) => {
    if (a !== b) out.push({ was, ...(a !== undefined ? { alt: a } : {}), ...(b !== undefined ? { neu: b } : {}) });
  };
  const stichtag = stichtagText;
  const kv = (p: Provenance) => (p.kv.name ? `${p.kv.name} (${p.kv.herkunft})` : "keine");
  add("Stichtag", stichtag(alt), stichtag(neu));
  add("KV", kv(alt), kv(neu));
  add("Datumssystem", String(alt.datumssystem), String(neu.datumssystem));
  // Keyed by series and date: a later entry for the same date replaces an earlier one, as when the tables are built.
  const own = (p: Provenance) => {
    const m = new Map<string, { was: string; text: string }>();
    for (const o of p.eigeneWerte) {
      m.set(`${o.reihe}\u0000${o.gueltigAb}`, { was: `Eigener Wert ${o.reihe} ab ${formatDe(o.gueltigAb)}`, text: `${o.wert}${o.einheit ? ` ${o.einheit}` : ""}; Quelle: ${o.quelle}` });
    }
    return m;
  };
  const ownAlt = own(alt);
  const ownNeu = own(neu);
  for (const [k, o] of ownNeu) add(o.was, ownAlt.get(k)?.text, o.text);
  for (const [k, o] of ownAlt) if (!ownNeu.has(k)) add(o.was, o.text, undefined);
  add("Datenstand", alt.datenstand, neu.datenstand);
  return out;
}

/**
 * With --stichtag or --kv both runs use the same value, so the effective
 * settings agree; what the workbooks store may still differ, and that is a
 * change of the file.
 */
function storedChanged(alt: Workbook, neu: Workbook, options: DiffOptions): Einstellung[] {
  const out: Einstellung[] = [];
  const text = (v: unknown) => (v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v));
  for (const [key, was] of [["stichtag", "Gespeicherter Stichtag"], ["kv", "Gespeicherte KV"]] as const) {
    if (options[key] === undefined) continue;
    const a = text(alt.settings.get(SETTINGS_KEYS[key]));
    const b = text(neu.settings.get(SETTINGS_KEYS[key]));
    if (a !== b) out.push({ was, ...(a !== undefined ? { alt: a } : {}), ...(b !== undefined ? { neu: b } : {}) });
  }
  return out;
}

/**
 * Defined names whose expression changed, appeared or went: a name is part of
 * the model (=Basis*2 reads another cell when Basis is moved). Compared
 * without case, as Excel treats names; Excel's own (_xlnm.Print_Area …) are layout.
 */
function namesChanged(alt: Workbook, neu: Workbook): Einstellung[] {
  const of = (wb: Workbook) => {
    const m = new Map<string, { was: string; expression: string }>();
    for (const n of wb.names) {
      if (n.name.startsWith("_xlnm.")) continue;
      m.set(`${n.sheet ?? ""}\u0000${n.name.toUpperCase()}`, { was: `Name ${n.name}${n.sheet !== undefined ? ` (Blatt ${n.sheet})` : ""}`, expression: `=${n.expression}` });
    }
    return m;
  };
  const [a, b] = [of(alt), of(neu)];
  const out: Einstellung[] = [];
  for (const [k, n] of b) if (a.get(k)?.expression !== n.expression) out.push({ was: n.was, ...(a.has(k) ? { alt: a.get(k)!.expression } : {}), neu: n.expression });
  for (const [k, n] of a) if (!b.has(k)) out.push({ was: n.was, alt: n.expression });
  return out;
}

/** Names a message after the file it is about: two files are read. */
async function about<T>(file: string, task: () => T | Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (e) {
    // A message about an option (--stichtag, --kv) is about neither file.
    if (e instanceof UnusableInput && !e.message.includes(file) && !e.message.startsWith("--")) throw new UnusableInput(`${file}: ${e.message}`);
    throw e;
  }
}

export async function diff(altFile: string, neuFile: string, options: DiffOptions = {}): Promise<DiffResult> {
  // No output may be one of the workbooks compared (also through a link) or the other output.
  const outputs = (["csv", "bericht"] as const).filter((k) => options[k] !== undefined);
  for (const k of outputs) {
    const target = options[k]!;
    if (target.trim() === "") throw new UnusableInput(`--${k}: kein Dateiname angegeben.`);
    for (const input of [altFile, neuFile]) if (sameFile(input, target)) throw new UnusableInput(`--${k}: ${target} ist eine der verglichenen Mappen; honorar diff verändert sie nie.`);
    for (const other of outputs) if (other !== k && sameFile(options[other]!, target)) throw new UnusableInput(`--${k} und --${other} nennen dieselbe Datei.`);
  }
  // Both runs on one "today", even when the comparison runs across midnight.
  const settings = {
    heute: todayIso(),
    ...(options.stichtag !== undefined ? { stichtag: options.stichtag } : {}),
    ...(options.kv !== undefined ? { kv: options.kv } : {}),
    ...(options.szenario !== undefined ? { szenario: options.szenario } : {}),
  };
  const alt = await about(altFile, () => recalc(altFile, settings));
  const open = (file: string) =>
    about(file, () => {
      const pkg = openPackage(file);
      return { pkg, wb: readWorkbook(pkg), counted: { cells: 0 } };
    });
  const bookAlt = await open(altFile);
  const bookNeu = await open(neuFile);
  const altSheets = new Map(bookAlt.wb.sheets.map((s) => [s.name, s]));
  const neuNames = new Set(bookNeu.wb.sheets.map((s) => s.name));
  const common = bookNeu.wb.sheets.filter((s) => altSheets.has(s.name));
  // Only the changed constants are kept, sheet by sheet: two full copies of a large workbook's inputs would not be.
  const changes = new Map<string, Changes>();
  for (const s of common) {
    const a = await about(altFile, () => constantsOf(bookAlt.pkg, bookAlt.wb, altSheets.get(s.name)!, bookAlt.counted));
    const b = await about(neuFile, () => constantsOf(bookNeu.pkg, bookNeu.wb, s, bookNeu.counted));
    changes.set(s.name, changedConstants(a, b));
  }
  const sources: { sheet: string; address: string }[] = [];
  for (const [sheet, c] of changes) for (const k of c.keys()) sources.push({ sheet, address: addressOf(k) });
  // Without a changed input the dependency walk and its index of every formula cell are not needed.
  const neu = await about(neuFile, () => recalc(neuFile, { ...settings, ...(sources.length > 0 ? { abhaengige: sources } : {}) }));

  const aenderungen: Aenderung[] = [];
  // One by one: a spread of a sheet's changes as arguments would overflow the stack for a few hundred thousand.
  for (const s of common) for (const c of compareSheet(s.name, alt, neu, changes.get(s.name)!)) aenderungen.push(c);
  const ohneZuordnung = attribute(aenderungen, sources, neu.abhaengige ?? []);
  const blaetter = { hinzugefuegt: bookNeu.wb.sheets.filter((s) => !altSheets.has(s.name)).map((s) => s.name), entfernt: bookAlt.wb.sheets.filter((s) => !neuNames.has(s.name)).map((s) => s.name) };
  const einstellungen = [...settingsChanged(alt.provenance, neu.provenance), ...storedChanged(bookAlt.wb, bookNeu.wb, options), ...namesChanged(bookAlt.wb, bookNeu.wb)];
  const count = (art: Art) => aenderungen.filter((c) => c.art === art).length;
  const result: DiffResult = {
    alt: alt.provenance,
    neu: neu.provenance,
    blaetter,
    einstellungen,
    aenderungen,
    ohneZuordnung,
    summary: { eingaben: count("Eingabe"), formeln: count("Formel"), ergebnisse: count("Ergebnis"), blaetter: blaetter.hinzugefuegt.length + blaetter.entfernt.length, einstellungen: einstellungen.length },
  };
  if (options.csv !== undefined) writeOutput("csv", options.csv, Buffer.from(diffCsv(result), "utf8"));
  if (options.bericht !== undefined) writeOutput("bericht", options.bericht, Buffer.from(diffHtml(result), "utf8"));
  return result;
}

/**
 * Links each changed input to the changed values that depend on it: the input
 * lists what it moved, the value what moved it. A value moved by nothing listed
 * moved through a changed formula, a setting, or a reference made only while
 * computing (INDIREKT). Returns the number of changed inputs not followed.
 */
function attribute(aenderungen: Aenderung[], sources: { sheet: string; address: string }[], dependents: ({ sheet: string; address: string }[] | null)[]): number {
  let untraced = 0;
  const at = new Map<string, Map<number, Aenderung>>();
  for (const c of aenderungen) {
    let sheet = at.get(c.blatt);
    if (!sheet) at.set(c.blatt, (sheet = new Map()));
    sheet.set(placeOf(c.zelle), c);
  }
  sources.forEach((s, i) => {
    const source = at.get(s.sheet)?.get(placeOf(s.address));
    if (!source) return;
    const list = dependents[i];
    if (list === null) {
      source.bewegtUnbekannt = true;
      untraced++;
      return;
    }
    for (const d of list ?? []) {
      const moved = at.get(d.sheet)?.get(placeOf(d.address));
      if (!moved || moved.art === "Eingabe" || sameValue(moved.alt, moved.neu)) continue;
      (source.bewegt ??= []).push(ref(d.sheet, d.address));
      (moved.bewegtDurch ??= []).push(ref(s.sheet, s.address));
    }
  });
  return untraced;
}

/** 1 when anything differs, as diff(1). */
export function diffExitStatus(d: DiffResult): number {
  const s = d.summary;
  return s.eingaben + s.formeln + s.ergebnisse + s.blaetter + s.einstellungen > 0 ? 1 : 0;
}

/* ---------- output ---------- */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(d: DiffResult): string {
  const s = d.summary;
  if (diffExitStatus(d) === 0) return "Keine Unterschiede: Eingaben, Formeln, Ergebnisse, Blätter und Einstellungen sind gleich.";
  return `Unterschiede: ${plural(s.eingaben, "Eingabe", "Eingaben")}, ${plural(s.formeln, "Formel", "Formeln")}, ${plural(s.ergebnisse, "Ergebnis", "Ergebnisse")}, ${plural(s.blaetter, "Blatt", "Blätter")}, ${plural(s.einstellungen, "Einstellung", "Einstellungen")}.`;
}

const untracedNote = (d: DiffResult) =>
  `Achtung: für ${plural(d.ohneZuordnung, "geänderte Eingabe", "geänderte Eingaben")} ist nicht ermittelt, welche Ergebnisse sie bewegt haben (zu viele Abhängigkeiten); „bewegt durch“ kann sie auslassen.`;

/** A line stays readable with this many cell references; JSON, CSV and the report list all. */
const REFS_IN_LINE = 6;

function refs(list: string[] | undefined, max = Infinity, unknown = false): string {
  if (unknown) return "(nicht ermittelt)";
  if (!list || list.length === 0) return "–";
  return list.length > max ? `${list.slice(0, max).join(", ")} … (+${list.length - max})` : list.join(", ");
}

const formulaText = (formula: string | undefined, value: Value | undefined) => (formula !== undefined ? `=${formula}` : value === null ? "(leer)" : "(Konstante)");

/** A value with a mark where it is the saved one. */
const valueText = (v: Value | undefined, herkunft: Herkunft | undefined, as: (v: Value | undefined) => string) => `${as(v)}${herkunft === "gespeichert" ? " (gespeichert)" : ""}`;

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A formula in a text table is cut to this many characters; the CSV, JSON and report show it whole. */
const FORMULA_IN_LINE = 50;

export function diffReport(d: DiffResult): string[] {
  const lines = ["Vergleich zweier Fassungen:"];
  const file = (label: string, p: Provenance) => `  ${label}: ${printable(p.datei.name)}, ${p.datei.bytes.toLocaleString("de-DE")} Byte, SHA-256 ${p.datei.sha256}`;
  lines.push(file("alt", d.alt), file("neu", d.neu));
  lines.push(`  Werkzeug: honorar ${d.neu.werkzeug.version}${d.neu.werkzeug.commit ? ` (Commit ${d.neu.werkzeug.commit.slice(0, 12)})` : ""}`);
  lines.push("  Werte der Formelzellen: neu berechnet; „(gespeichert)“, wo sich eine Zelle nicht nachrechnen lässt.");
  if (d.neu.szenario.length > 0) {
    lines.push("  Beide Fassungen gerechnet mit dem Szenario der Befehlszeile (--wert; in keiner der Mappen gespeichert):");
    const alt = d.alt.szenario.map(szenarioText);
    const neu = d.neu.szenario.map(szenarioText);
    // The same values; what they replace may differ when the versions store different own values.
    const same = alt.join("\n") === neu.join("\n");
    for (const [label, texts] of same ? ([["", neu]] as const) : ([["alt: ", alt], ["neu: ", neu]] as const)) for (const t of texts) lines.push(`    ${label}${printable(t)}`);
  }
  const columns = (rows: string[][]) => {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()}`);
  };
  const part = (title: string, art: Art, head: string[], row: (c: Aenderung) => string[]) => {
    const rows = d.aenderungen.filter((c) => c.art === art);
    lines.push(`${title}:`);
    if (rows.length === 0) lines.push("  keine");
    else columns([head, ...rows.map((c) => [printable(c.blatt), c.zelle, ...row(c)])]);
  };
  const diffText = (c: Aenderung) => (c.differenz !== undefined ? String(c.differenz) : "");
  part("Eingaben", "Eingabe", ["Blatt", "Zelle", "alt", "neu", "Differenz", "bewegt"], (c) => [show(c.alt), show(c.neu), diffText(c), printable(refs(c.bewegt, REFS_IN_LINE, c.bewegtUnbekannt))]);
  part("Formeln", "Formel", ["Blatt", "Zelle", "Formel alt", "Formel neu", "alt", "neu", "bewegt durch"], (c) => [
    cut(printable(formulaText(c.formelAlt, c.alt)), FORMULA_IN_LINE),
    cut(printable(formulaText(c.formelNeu, c.neu)), FORMULA_IN_LINE),
    valueText(c.alt, c.herkunftAlt, show),
    valueText(c.neu, c.herkunftNeu, show),
    printable(refs(c.bewegtDurch, REFS_IN_LINE)),
  ]);
  part("Ergebnisse", "Ergebnis", ["Blatt", "Zelle", "Formel", "alt", "neu", "Differenz", "bewegt durch"], (c) => [
    cut(printable(`=${c.formelNeu}`), FORMULA_IN_LINE),
    valueText(c.alt, c.herkunftAlt, show),
    valueText(c.neu, c.herkunftNeu, show),
    diffText(c),
    printable(refs(c.bewegtDurch, REFS_IN_LINE)),
  ]);
  if (d.ohneZuordnung > 0) lines.push(untracedNote(d));
  lines.push("Blätter:");
  if (d.summary.blaetter === 0) lines.push("  keine hinzugefügt oder entfernt");
  for (const name of d.blaetter.hinzugefuegt) lines.push(`  hinzugefügt: ${printable(name)}`);
  for (const name of d.blaetter.entfernt) lines.push(`  entfernt: ${printable(name)}`);
  lines.push("Einstellungen:");
  if (d.einstellungen.length === 0) lines.push("  keine Änderung");
  for (const e of d.einstellungen) lines.push(`  ${printable(e.was)}: ${printable(e.alt ?? "(keiner)")} → ${printable(e.neu ?? "(keiner)")}`);
  lines.push(summaryLine(d));
  return lines;
}

/** The result as one JSON document, the changed cells in pieces: a million changed cells as one string would not fit. */
export function* diffJsonChunks(d: DiffResult): Generator<string> {
  const head = { alt: d.alt, neu: d.neu, summary: d.summary, ohneZuordnung: d.ohneZuordnung, blaetter: d.blaetter, einstellungen: d.einstellungen };
  yield `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "aenderungen": [`;
  const batch = 1000;
  for (let i = 0; i < d.aenderungen.length; i += batch) {
    yield `${i === 0 ? "" : ",\n"}${d.aenderungen.slice(i, i + batch).map((c) => `    ${JSON.stringify(c)}`).join(",\n")}`;
  }
  yield "  ]\n}";
}

/**
 * One row per changed cell, sheet and setting for German Excel (semicolon,
 * decimal comma, UTF-8 with byte order mark), with recalc's guard against text
 * that a spreadsheet would run as a formula.
 */
export function diffCsv(d: DiffResult): string {
  const rows = [["Art", "Blatt", "Zelle", "alt", "neu", "Differenz", "Formel alt", "Formel neu", "bewegt durch", "bewegt", "Herkunft alt", "Herkunft neu"].join(";")];
  const f = (formula: string | undefined) => (formula !== undefined ? `=${formula}` : undefined);
  for (const c of d.aenderungen) {
    rows.push([c.art, c.blatt, c.zelle, csvValue(c.alt), csvValue(c.neu), c.differenz, f(c.formelAlt), f(c.formelNeu), c.bewegtDurch?.join(", "), c.bewegtUnbekannt ? "(nicht ermittelt)" : c.bewegt?.join(", "), c.herkunftAlt, c.herkunftNeu].map(csvField).join(";"));
  }
  for (const name of d.blaetter.hinzugefuegt) rows.push(["Blatt hinzugefügt", name].map(csvField).join(";"));
  for (const name of d.blaetter.entfernt) rows.push(["Blatt entfernt", name].map(csvField).join(";"));
  for (const e of d.einstellungen) rows.push(["Einstellung", "", e.was, e.alt, e.neu].map(csvField).join(";"));
  for (const w of d.neu.szenario) rows.push(["Szenario (--wert, beide Fassungen)", "", w.reihe, szenarioText(w), szenarioText(w)].map(csvField).join(";"));
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

/** The comparison as one HTML file, in the recalc report's page; everything from the workbooks is escaped by table() and page(). */
export function diffHtml(d: DiffResult): string {
  const at = (c: Aenderung) => `${c.blatt}!${c.zelle}`;
  const diffText = (c: Aenderung) => (c.differenz !== undefined ? shown(c.differenz) : "");
  const pick = (art: Art) => d.aenderungen.filter((c) => c.art === art);
  const kv = (p: Provenance) => p.kv.name ?? "keine";
  const fassungen = table(
    ["", "alt", "neu"],
    [
      ["Datei", d.alt.datei.name, d.neu.datei.name],
      ["Größe", `${d.alt.datei.bytes.toLocaleString("de-DE")} Byte`, `${d.neu.datei.bytes.toLocaleString("de-DE")} Byte`],
      ["SHA-256", d.alt.datei.sha256, d.neu.datei.sha256],
      ["Stichtag", stichtagText(d.alt), stichtagText(d.neu)],
      ["KV", kv(d.alt), kv(d.neu)],
      ["Datenstand", d.alt.datenstand, d.neu.datenstand],
      ...(d.neu.szenario.length > 0 ? [["Szenario (--wert, in keiner Mappe gespeichert)", d.alt.szenario.map(szenarioText).join(" · "), d.neu.szenario.map(szenarioText).join(" · ")]] : []),
    ],
    [16, 42, 42],
  );
  const eingaben = pick("Eingabe");
  const formeln = pick("Formel");
  const ergebnisse = pick("Ergebnis");
  const blaetter = [...d.blaetter.hinzugefuegt.map((n) => [n, "hinzugefügt"]), ...d.blaetter.entfernt.map((n) => [n, "entfernt"])];
  return page(
    `Vergleich ${d.alt.datei.name} → ${d.neu.datei.name}`,
    summaryLine(d),
    `${section("Fassungen", `${fassungen}<p class="leer">${escapeXml(`Werte der Formelzellen: neu berechnet mit honorar ${d.neu.werkzeug.version}; „(gespeichert)“, wo sich eine Zelle nicht nachrechnen lässt. „bewegt durch“: die geänderten Eingaben, von denen die Zelle abhängt.`)}</p>`)}
${section("Eingaben", eingaben.length === 0 ? none("Keine Eingabe geändert.") : table(["Zelle", "alt", "neu", "Differenz", "bewegt"], eingaben.map((c) => [at(c), shown(c.alt), shown(c.neu), diffText(c), refs(c.bewegt, Infinity, c.bewegtUnbekannt)]), [18, 16, 16, 13, 37]))}${d.ohneZuordnung > 0 ? none(untracedNote(d)) : ""}
${section("Formeln", formeln.length === 0 ? none("Keine Formel geändert.") : table(["Zelle", "Formel alt", "Formel neu", "alt", "neu", "bewegt durch"], formeln.map((c) => [at(c), formulaText(c.formelAlt, c.alt), formulaText(c.formelNeu, c.neu), valueText(c.alt, c.herkunftAlt, shown), valueText(c.neu, c.herkunftNeu, shown), refs(c.bewegtDurch)]), [15, 23, 23, 12, 12, 15]))}
${section("Ergebnisse", ergebnisse.length === 0 ? none("Kein Ergebnis geändert.") : table(["Zelle", "Formel", "alt", "neu", "Differenz", "bewegt durch"], ergebnisse.map((c) => [at(c), `=${c.formelNeu}`, valueText(c.alt, c.herkunftAlt, shown), valueText(c.neu, c.herkunftNeu, shown), diffText(c), refs(c.bewegtDurch)]), [16, 27, 12, 12, 13, 20]))}
${section("Blätter", blaetter.length === 0 ? none("Kein Blatt hinzugefügt oder entfernt.") : table(["Blatt", "Änderung"], blaetter, [60, 40]))}
${section("Einstellungen", d.einstellungen.length === 0 ? none("Keine Einstellung geändert.") : table(["Einstellung", "alt", "neu"], d.einstellungen.map((e) => [e.was, e.alt ?? "(keiner)", e.neu ?? "(keiner)"]), [30, 35, 35]))}
`,
  );
}
