import { ebmExtrabudgetaer, ebmHonorar, ebmPruefzeit, ebmPunkte, ebmPunktwert, ebmVerlauf } from "../engine/ebm";
import { goaeBegruendung, goaeBetrag, goaePunkte } from "../engine/goae";
import { abstaffelung, findKv } from "../engine/hvm";
import { honorarJahr, honorarWoche, honorarZeitraum, kapazitaetMinuten, kapazitaetsgrenze, kapazitaetSitzungen } from "../engine/kapazitaet";
import { fallmanagementHonorar, soziotherapieHonorar } from "../engine/nebentaetigkeit";
import { InvoiceLine, pkvAbrechnung, PkvResult } from "../engine/pkv";
import { Trace } from "../engine/trace";
import { kostentraegerVergleich } from "../engine/kostentraeger";
import { preisbereinigt } from "../engine/preise";
import { strukturzuschlagWoche, strukturzuschlagZeitraum, toSzRegel } from "../engine/strukturzuschlag";
// In the add-in this module is loaded later, with the tables' texts (webpack.config.js, src/api/wb.nachgeladen.ts).
import { wbDefizit, wbSpill } from "./wb";
import { Decimal, de, ONE, ZERO } from "../engine/decimal";
import { badInput, EngineError, EXCEL_CODE_DE, noValue } from "../engine/errors";
import { texteAusstehend } from "../data/tables";
import { datenstand, eintragName, quelle, STATUS_DE, zitat } from "../engine/quelle";
import { Step } from "../engine/trace";
import { checkOverrides, currentStichtag, getSettings } from "../settings/settings";
import { formatDe, IsoDate, MAX_QUARTALE, parseStichtag, quarterEnd, quarterOf } from "../engine/dates";
import {
  Arg,
  flatten,
  isEmpty,
  Raw,
  required,
  scalar,
  toAmount,
  toBool,
  toCode,
  toCount,
  toExcelNumber,
  toFaktor,
  toKvName,
  toMandate,
  toPositive,
  toJahr,
  toMaxFaktor,
  toShare,
  toSigned,
  toStichtag,
} from "./args";

/**
 * The public PRAXIS functions, once, for every face. Each takes the raw
 * arguments in the order of its Excel signature (functions.ts holds the JSDoc
 * that becomes Excel's metadata; a test checks both agree) and an optional trace.
 * Functions without a date argument use the workbook's Stichtag.
 */
export type Scalar = number | boolean | string;
/** A single value, or a table that spills into the cells below and to the right. */
export type Out = Scalar | Scalar[][];

export interface PraxisFunction {
  params: string[];
  required: number;
  /** Parameters that accept a range of cells (Excel matrix parameters). */
  ranges?: string[];
  /** The last parameter repeats (ERKLAERUNG's arguments). */
  repeating?: boolean;
  /**
   * For functions that may return a table: its size as rows × columns, told from
   * the arguments written as constants in the formula (undefined where an
   * argument is a reference or an expression). Excel spills dynamically; a
   * spreadsheet engine that sizes arrays before evaluation (HyperFormula) needs this.
   */
  spill?(constants: (Raw | undefined)[]): { rows: number; cols: number };
  /**
   * Shows the tables' texts (citations, notes, titles). The add-in loads them
   * after the numbers (scripts/pack-tables.js); its face awaits them for these functions.
   */
  texte?: true;
  /** Reads no table by date, so an explanation names no Stichtag. */
  ohneStichtag?: true;
  run(args: Arg[], trace?: Trace): Out;
}

/** A function that shows texts: without them it answers #N/A, never an incomplete citation. */
function mitTexten(fn: PraxisFunction): PraxisFunction {
  return {
    ...fn,
    texte: true,
    run: (args, trace) => {
      if (texteAusstehend()) throw noValue("Die Texte der Tabellen (Quellen, Anmerkungen) sind noch nicht geladen; bitte neu berechnen.");
      return fn.run(args, trace);
    },
  };
}

/** Scalar arguments: a range of one cell is that cell. */
function scalars(args: Arg[], params: string[]): Raw[] {
  return params.map((p, i) => scalar(args[i], p));
}

/** A function whose arguments are all single values, named once in `params`. */
function scalarFunction(params: string[], required: number, body: (args: Raw[], trace: Trace) => Out): PraxisFunction {
  return { params, required, run: (args, trace) => body(scalars(args, params), trace) };
}

function invoice(ziffer: Arg, faktor: Arg, anzahl: Arg): InvoiceLine[] {
  const zs = flatten(ziffer);
  const fs = flatten(faktor);
  const ns = flatten(anzahl);
  for (const [list, name] of [[fs, "faktor"], [ns, "anzahl"]] as const) {
    if (list.length !== 1 && list.length !== zs.length) {
      throw badInput(`Der Bereich ${name} hat ${list.length} Zellen, der Bereich ziffer ${zs.length}: gleich lang oder ein einzelner Wert.`);
    }
  }
  const lines: InvoiceLine[] = [];
  zs.forEach((z, i) => {
    if (isEmpty(z)) return; // blank rows at the end of a column range
    lines.push({ ziffer: toCode(z, "GOÄ-Nummer"), faktor: toFaktor(fs.length === 1 ? fs[0] : fs[i]), anzahl: toCount(ns.length === 1 ? ns[0] : ns[i]) });
  });
  if (lines.length === 0) throw badInput("Keine Rechnungszeile: ziffer ist leer.");
  return lines;
}

const PKV_PARAMS = ["ziffer", "faktor", "anzahl", "max_faktor", "quote", "selbstbehalt", "abdingung"];

function pkv(args: Arg[], trace: Trace): PkvResult {
  const [ziffer, faktor, anzahl] = args;
  const [maxFaktor, quote, selbstbehalt, abdingung] = scalars(args.slice(3), PKV_PARAMS.slice(3));
  return pkvAbrechnung(
    invoice(ziffer, faktor, anzahl),
    toMaxFaktor(maxFaktor),
    toShare(quote, "Erstattungsquote", ONE)!,
    toAmount(selbstbehalt, "Selbstbehalt", ZERO)!,
    toBool(abdingung, "Abdingung"),
    currentStichtag(),
    trace,
  );
}

const ERKLAERUNG_HEADER = ["Schritt", "Wert", "Einheit", "Tabellenwert", "Quelle", "Status"];
/**
 * Rows an explanation may take when its length cannot be told before evaluation
 * (arguments are references): the longest one, WB_DEFIZIT's, has about 120 steps.
 * A longer one is an error, never a cut table (the spreadsheet engine checks it).
 */
export const ERKLAERUNG_MAX_ZEILEN = 200;

/** A step's value as Excel should hold it: decimal text becomes a number, anything else stays text. */
function stepValue(wert: string): Scalar {
  return /^-?\d+(\.\d+)?$/.test(wert) ? toExcelNumber(new Decimal(wert)) : wert;
}

function stepRow(s: Step): Scalar[] {
  const quelle = s.eintrag ? s.eintrag.source : s.quelle;
  const status = s.eintrag ? s.eintrag.status : s.status;
  const fundstelle = s.eintrag ? s.eintrag.fundstelle : s.fundstelle;
  return [s.schritt, stepValue(s.wert), s.einheit, s.eintrag ? eintragName(s.eintrag) : "", quelle ? zitat(quelle, fundstelle) : "", status ? STATUS_DE[status] : ""];
}

function argText(a: Arg): string {
  if (Array.isArray(a)) return a.length === 1 && a[0].length === 1 ? argText(a[0][0]) : `Bereich ${a.length}×${a[0]?.length ?? 0}`;
  if (isEmpty(a)) return "";
  if (typeof a === "number") return de(a);
  if (typeof a === "boolean") return a ? "WAHR" : "FALSCH";
  return `"${a}"`;
}

/**
 * ERKLAERUNG: runs a PRAXIS function with a trace and lays out its steps, each
 * with the table entry it used, the source and the status; the last row is the
 * result, or the error with its message, so an explanation shows how far a
 * computation got and why it stopped.
 */
/** The PRAXIS function a formula names as text ("EBM_HONORAR", "PRAXIS.EBM_HONORAR"), among those `allowed`; `what` says for what. */
function namedFunction(funktion: Raw, allowed: (name: string, fn: PraxisFunction) => boolean, what: string): { name: string; fn: PraxisFunction } {
  if (isEmpty(funktion) || (typeof funktion === "string" && funktion.trim() === "")) throw badInput("funktion fehlt: der Name einer PRAXIS-Funktion als Text, z. B. \"EBM_HONORAR\".");
  if (typeof funktion !== "string") throw badInput(`funktion muss der Name einer PRAXIS-Funktion als Text sein, nicht ${argText(funktion)}.`);
  const name = funktion.trim().toUpperCase().replace(/^PRAXIS\./, "");
  const fn = PRAXIS[name];
  if (!fn || !allowed(name, fn)) {
    throw badInput(`"${funktion}" ist keine ${what} PRAXIS-Funktion. Möglich: ${Object.entries(PRAXIS).filter(([n, f]) => allowed(n, f)).map(([n]) => n).join(", ")}.`);
  }
  return { name, fn };
}

/** An empty argument, also as the one empty cell Excel hands over for it. */
function blank(a: Arg): boolean {
  return Array.isArray(a) ? a.length === 1 && a[0].length === 1 && isEmpty(a[0][0]) : isEmpty(a);
}

/** Excel hands over every slot of a repeating parameter; trailing empty ones are no arguments. */
function givenArgs(args: Arg[]): Arg[] {
  const given = args.slice();
  while (given.length > 0 && blank(given[given.length - 1])) given.pop();
  return given;
}

function erklaerung(funktion: Raw, args: Arg[]): Scalar[][] {
  const { name, fn } = namedFunction(funktion, (n) => n !== "ERKLAERUNG", "erklärbare");
  const given = givenArgs(args);
  if (!fn.repeating && given.length > fn.params.length) throw badInput(`${name} hat höchstens ${fn.params.length} Argumente (${fn.params.join("; ")}), hier sind es ${given.length}.`);
  const rows: Scalar[][] = [ERKLAERUNG_HEADER, ["Aufruf", `${name}(${given.map(argText).join("; ")})`, "", "", "", ""]];
  // Which date the tables were read on, where the formula does not say it itself.
  // A course (EBM_VERLAUF) ends at its "bis", which like a Stichtag defaults to the workbook's; a comparison names both its dates.
  const stichtagAt = fn.params.findIndex((p) => p === "stichtag" || p === "bis" || p === "stichtag_alt");
  if (!fn.ohneStichtag && (stichtagAt < 0 || stichtagAt >= given.length || blank(given[stichtagAt]))) {
    const gewaehlt = getSettings().stichtag !== undefined;
    rows.push([gewaehlt ? "Stichtag der Arbeitsmappe" : "Stichtag: heute (keiner gewählt)", formatDe(currentStichtag()), "Datum", "", "", ""]);
  }
  const trace: Step[] = [];
  let ergebnis: Scalar[];
  try {
    const out = fn.run(given, trace);
    ergebnis = Array.isArray(out) ? ["Ergebnis", `Tabelle mit ${out.length} Zeilen`, "", "", "", ""] : ["Ergebnis", out, "", "", "", ""];
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    ergebnis = [`Fehler: ${e.message}`, EXCEL_CODE_DE[e.kind], "", "", "", ""];
  }
  return [...rows, ...trace.map(stepRow), ergebnis];
}

/**
 * The last day of the period a "bis" names: a year (2026, also written as
 * text) its 31 December, a quarter ("2/2026") its last day; a date is that day.
 */
function periodEnd(raw: Raw, start: IsoDate): IsoDate {
  const year = Number(start.slice(0, 4));
  const isYear = (typeof raw === "number" && raw === year) || (typeof raw === "string" && raw.trim() === String(year));
  if (isYear && start.endsWith("-01-01")) return `${year}-12-31`;
  // Quarters are written "3/2024", "2024Q3", "Q3/2024" or "3. Quartal 2024"; dates never carry a "/" or a Q.
  if (typeof raw === "string" && /Q|\/|Quartal/i.test(raw) && /^\d{4}-(01|04|07|10)-01$/.test(start)) return quarterEnd(quarterOf(start).quarter, year);
  return start;
}

/** A date argument of a period (von, bis): the message names the argument. */
function periodDate(raw: Raw, name: string): IsoDate {
  if (isEmpty(raw)) throw badInput(`${name} fehlt: Datum, Jahr oder Quartal.`);
  try {
    return parseStichtag(raw);
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError(e.kind, `${name}: ${e.message}`);
    throw e;
  }
}

const VERGLEICH_HEADER = ["Stichtag alt", "Wert alt", "Stichtag neu", "Wert neu", "Differenz", "Differenz (%)"];

/**
 * STICHTAG_VERGLEICH: one PRAXIS function with a Stichtag, computed at two
 * dates with the same other arguments (given in order, the Stichtag left
 * out): both values, their difference as the numbers read (116,62 → 114,54 is
 * −2,08, not a binary residue) and in percent of the old value, unrounded.
 */
function stichtagVergleich(funktion: Raw, alt: Raw, neu: Raw, args: Arg[], trace?: Trace): Scalar[][] {
  const { name, fn } = namedFunction(funktion, (_n, f) => f.params.includes("stichtag") && !f.spill && !f.texte, "mit Stichtag vergleichbare");
  const at = fn.params.indexOf("stichtag");
  const given = givenArgs(args);
  const others = fn.params.filter((p) => p !== "stichtag");
  if (given.length > others.length) throw badInput(`${name} hat ohne den Stichtag höchstens ${others.length} Argumente (${others.join("; ")}), hier sind es ${given.length}.`);
  const dates = [alt, neu].map((d, k) => {
    if (isEmpty(d)) throw badInput(`${k === 0 ? "stichtag_alt" : "stichtag_neu"} fehlt.`);
    return parseStichtag(d);
  });
  const values = dates.map((date, k) => {
    trace?.push({ schritt: `${k === 0 ? "Stichtag alt" : "Stichtag neu"}: ${name}`, wert: formatDe(date), einheit: "Datum" });
    // Arguments before the Stichtag that were left out stay empty, so that the date lands in its own slot.
    const call = [...Array.from({ length: at }, (_, i) => given[i] ?? null), date, ...given.slice(at)];
    const out = fn.run(call, trace);
    if (typeof out !== "number") throw badInput(`${name} ergibt hier keine Zahl; verglichen werden nur Zahlen.`);
    return out;
  });
  const change = new Decimal(values[1]).minus(values[0]);
  return [
    VERGLEICH_HEADER,
    [formatDe(dates[0]), values[0], formatDe(dates[1]), values[1], toExcelNumber(change), values[0] === 0 ? "" : toExcelNumber(change.div(values[0]).times(100))],
  ];
}

const VERLAUF_HEADER = ["Quartal", "Punkte", "Orientierungswert (ct/Punkt)", "Honorar (€)", "Änderung (€)", "Änderung (%)"];

/**
 * EBM_VERLAUF as a table ready to chart: a row per quarter with the values in
 * force and the fee of one service, and its change against the quarter before
 * in € and in percent (exact, not rounded: a paper rounds where it prints).
 */
function verlauf(gop: Raw, von: Raw, bis: Raw, trace?: Trace): Scalar[][] {
  // "bis" like HONORAR_ZEITRAUM's: a year or a quarter runs to its end.
  const rows = ebmVerlauf(toCode(gop, "GOP"), isEmpty(von) ? undefined : periodDate(von, "von"), isEmpty(bis) ? toStichtag(bis) : periodEnd(bis, periodDate(bis, "bis")), trace);
  return [
    VERLAUF_HEADER,
    ...rows.map((z, k) => {
      // A quarter without recorded points is a gap: no fee, and no change to or from it.
      const before = k > 0 ? rows[k - 1].honorar : null;
      const change = before !== null && z.honorar !== null ? z.honorar.minus(before) : undefined;
      return [
        z.quartal,
        z.punkte === null ? "" : toExcelNumber(z.punkte),
        toExcelNumber(z.orientierungswert),
        z.honorar === null ? "" : toExcelNumber(z.honorar),
        change !== undefined ? toExcelNumber(change) : "",
        change !== undefined && !before!.isZero() ? toExcelNumber(change.div(before!).times(100)) : "",
      ];
    }),
  ];
}

const KOSTENTRAEGER_HEADER = ["Kostenträger", "Faktor", "Abgerechnet (€)", "davon Beihilfe (€)", "davon Versicherung (€)", "Patient zahlt (€)"];

function kostentraeger(args: Raw[], trace?: Trace): Scalar[][] {
  const [gop, ziffer, anzahl, stichtag, faktor, quote] = args;
  const zeilen = kostentraegerVergleich(
    toCode(gop, "GOP"),
    toCode(ziffer, "GOÄ-Nummer"),
    toCount(required(anzahl, "Anzahl"), "Anzahl"),
    toStichtag(stichtag),
    toFaktor(faktor),
    toShare(quote, "Beihilfe-Bemessungssatz", null),
    trace,
  );
  return [
    KOSTENTRAEGER_HEADER,
    ...zeilen.map((z) => [z.kostentraeger, z.faktor === null ? "" : toExcelNumber(z.faktor), toExcelNumber(z.abgerechnet), toExcelNumber(z.beihilfe), toExcelNumber(z.versicherung), toExcelNumber(z.patient)]),
  ];
}

export const PRAXIS: Record<string, PraxisFunction> = {
  EBM_HONORAR: scalarFunction(["gop", "stichtag", "anzahl"], 1, ([gop, stichtag, anzahl], trace) =>
    toExcelNumber(ebmHonorar(toCode(gop, "GOP"), toStichtag(stichtag), toCount(anzahl), trace)),
  ),
  EBM_PUNKTE: scalarFunction(["gop", "stichtag"], 1, ([gop, stichtag], trace) =>
    toExcelNumber(ebmPunkte(toCode(gop, "GOP"), toStichtag(stichtag), trace)),
  ),
  EBM_PUNKTWERT: scalarFunction(["stichtag"], 0, ([stichtag], trace) => toExcelNumber(ebmPunktwert(toStichtag(stichtag), trace))),
  EBM_PRUEFZEIT: scalarFunction(["gop", "stichtag"], 1, ([gop, stichtag], trace) =>
    toExcelNumber(ebmPruefzeit(toCode(gop, "GOP"), toStichtag(stichtag), trace)),
  ),
  EBM_VERLAUF: {
    params: ["gop", "von", "bis"],
    required: 1,
    // With constant arguments the table's length is known by computing it; otherwise the longest course fits.
    spill: (constants) => {
      if (constants.every((c) => c !== undefined)) {
        try {
          return { rows: verlauf(constants[0]!, constants[1] ?? null, constants[2] ?? null).length, cols: VERLAUF_HEADER.length };
        } catch {
          return { rows: 1, cols: 1 };
        }
      }
      return { rows: MAX_QUARTALE + 1, cols: VERLAUF_HEADER.length };
    },
    run: (args, trace) => {
      const [gop, von, bis] = scalars(args, ["gop", "von", "bis"]);
      return verlauf(gop, von, bis, trace);
    },
  },
  STICHTAG_VERGLEICH: {
    params: ["funktion", "stichtag_alt", "stichtag_neu", "argumente"],
    required: 3,
    ranges: ["argumente"],
    repeating: true,
    spill: () => ({ rows: 2, cols: VERGLEICH_HEADER.length }),
    run: (args, trace) => stichtagVergleich(scalar(args[0], "funktion"), scalar(args[1], "stichtag_alt"), scalar(args[2], "stichtag_neu"), args.slice(3), trace),
  },
  GOAE_BETRAG: scalarFunction(["ziffer", "faktor", "anzahl", "abdingung"], 1, ([ziffer, faktor, anzahl, abdingung], trace) =>
    toExcelNumber(
      goaeBetrag(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), toCount(anzahl), toBool(abdingung, "Abdingung"), currentStichtag(), trace),
    ),
  ),
  GOAE_PUNKTE: scalarFunction(["ziffer"], 1, ([ziffer], trace) => toExcelNumber(goaePunkte(toCode(ziffer, "GOÄ-Nummer"), currentStichtag(), trace))),
  GOAE_BEGRUENDUNG: scalarFunction(["ziffer", "faktor"], 2, ([ziffer, faktor], trace) => {
    if (isEmpty(faktor)) throw badInput("Faktor fehlt.");
    return goaeBegruendung(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), currentStichtag(), trace);
  }),
  ABSTAFFELUNG: scalarFunction(["menge", "grenze", "kv", "stichtag", "quote"], 2, ([menge, grenze, kv, stichtag, quote], trace) =>
    toExcelNumber(
      abstaffelung(toAmount(menge, "Menge")!, toPositive(grenze, "Grenze")!, findKv(toKvName(kv)), toStichtag(stichtag), toShare(quote, "Quote", null), trace),
    ),
  ),
  KAPAZITAETSGRENZE: scalarFunction(["versorgungsauftrag", "ngl_minuten", "stichtag"], 0, ([va, ngl, stichtag], trace) =>
    toExcelNumber(
      kapazitaetsgrenze(toMandate(va), toAmount(ngl, "Minuten nicht genehmigungspflichtiger Leistungen", ZERO)!, toStichtag(stichtag), trace),
    ),
  ),
  KAPAZITAET_SITZUNGEN: scalarFunction(["minuten", "pruefzeit", "stichtag"], 1, ([minuten, pz, stichtag], trace) =>
    toExcelNumber(kapazitaetSitzungen(toAmount(minuten, "Minuten")!, toPositive(pz, "Prüfzeit", null), toStichtag(stichtag), trace)),
  ),
  KAPAZITAET_MINUTEN: scalarFunction(["sitzungen_pro_woche", "pruefzeit", "stichtag"], 1, ([s, pz, stichtag], trace) =>
    toExcelNumber(kapazitaetMinuten(toAmount(s, "Sitzungen je Woche")!, toPositive(pz, "Prüfzeit", null), toStichtag(stichtag), trace)),
  ),
  HONORAR_WOCHE: scalarFunction(["sitzungen", "anteil_gp", "honorar_gp", "honorar_ngp", "stichtag"], 1, ([s, anteil, gp, ngp, stichtag], trace) =>
    toExcelNumber(
      honorarWoche(
        toAmount(s, "Sitzungen je Woche")!,
        toShare(anteil, "Anteil genehmigungspflichtiger Sitzungen", null),
        toAmount(gp, "Honorar genehmigungspflichtig", null),
        toAmount(ngp, "Honorar nicht genehmigungspflichtig", null),
        toStichtag(stichtag),
        trace,
      ),
    ),
  ),
  HONORAR_JAHR: scalarFunction(["wochenhonorar", "arbeitswochen", "stichtag"], 1, ([w, wochen, stichtag], trace) =>
    toExcelNumber(honorarJahr(toAmount(w, "Wochenhonorar")!, toPositive(wochen, "Arbeitswochen", null), toStichtag(stichtag), trace)),
  ),
  HONORAR_ZEITRAUM: scalarFunction(["sitzungen_pro_woche", "von", "bis", "anteil_gp", "honorar_gp", "honorar_ngp"], 3, ([s, von, bis, anteil, gp, ngp], trace) => {
    // "bis" names the period's last day: a year or a quarter means its end, as a paper reads "2026" or "2/2026".
    return toExcelNumber(
      honorarZeitraum(
        toAmount(s, "Sitzungen je Woche")!,
        periodDate(von, "von"),
        periodEnd(bis, periodDate(bis, "bis")),
        toShare(anteil, "Anteil genehmigungspflichtiger Sitzungen", null),
        toAmount(gp, "Honorar genehmigungspflichtig", null),
        toAmount(ngp, "Honorar nicht genehmigungspflichtig", null),
        trace,
      ),
    );
  }),
  PKV_ERSTATTUNG: {
    params: PKV_PARAMS,
    required: 3,
    ranges: ["ziffer", "faktor", "anzahl"],
    run: (args, trace) => toExcelNumber(pkv(args, trace).erstattung),
  },
  PKV_EIGENANTEIL: {
    params: PKV_PARAMS,
    required: 3,
    ranges: ["ziffer", "faktor", "anzahl"],
    run: (args, trace) => toExcelNumber(pkv(args, trace).eigenanteil),
  },
  SOZIOTHERAPIE_HONORAR: scalarFunction(["stunden", "stundensatz", "bereits_erbracht"], 1, ([h, satz, bereits], trace) =>
    toExcelNumber(
      soziotherapieHonorar(toAmount(h, "Stunden")!, toAmount(satz, "Stundensatz", null), toAmount(bereits, "Bereits erbrachte Stunden", ZERO)!, currentStichtag(), trace),
    ),
  ),
  STRUKTURZUSCHLAG: scalarFunction(["sitzungen_pro_woche", "stichtag", "versorgungsauftrag", "regel"], 1, ([s, stichtag, va, regelName], trace) =>
    toExcelNumber(
      strukturzuschlagWoche(
        toAmount(s, "Sitzungen je Woche")!,
        toMandate(va),
        isEmpty(regelName) ? "EBM" : toSzRegel(String(regelName)),
        toStichtag(stichtag),
        trace,
      ),
    ),
  ),
  WB_DEFIZIT: mitTexten({
    params: ["annahmen", "ergebnis"],
    required: 0,
    ranges: ["annahmen"],
    spill: wbSpill,
    run: wbDefizit,
  }),
  ERKLAERUNG: mitTexten({
    params: ["funktion", "argumente"],
    required: 1,
    ranges: ["argumente"],
    repeating: true,
    // With every argument written as a constant the table's length is known by computing it; otherwise the longest explanation fits.
    spill: (constants) => {
      if (constants.every((c) => c !== undefined)) {
        try {
          return { rows: erklaerung(constants[0], constants.slice(1) as Arg[]).length, cols: ERKLAERUNG_HEADER.length };
        } catch {
          return { rows: 1, cols: 1 };
        }
      }
      return { rows: ERKLAERUNG_MAX_ZEILEN, cols: ERKLAERUNG_HEADER.length };
    },
    run: (args) => erklaerung(scalar(args[0], "funktion"), args.slice(1)),
  }),
  QUELLE: mitTexten(
    scalarFunction(["schluessel", "stichtag"], 1, ([schluessel, stichtag]) => {
      if (typeof schluessel !== "string") throw badInput("Der Schlüssel ist ein Text, z. B. \"ebm.orientierungswert\" oder \"kv.NO.quote\".");
      return quelle(schluessel, toStichtag(stichtag));
    }),
  ),
  DATENSTAND: mitTexten(scalarFunction([], 0, () => datenstand())),
  FALLMANAGEMENT_HONORAR: scalarFunction(["minuten", "stundensatz", "verlaengert"], 2, ([m, satz, verl], trace) =>
    toExcelNumber(
      fallmanagementHonorar(new Decimal(toCount(required(m, "Minuten"), "Minuten")), toPositive(satz, "Stundensatz")!, toBool(verl, "verlaengert"), currentStichtag(), trace),
    ),
  ),
  STRUKTURZUSCHLAG_ZEITRAUM: scalarFunction(["sitzungen_pro_woche", "von", "bis", "versorgungsauftrag", "regel"], 3, ([s, von, bis, va, regelName], trace) =>
    toExcelNumber(
      strukturzuschlagZeitraum(
        toAmount(s, "Sitzungen je Woche")!,
        toMandate(va),
        isEmpty(regelName) ? "EBM" : toSzRegel(String(regelName)),
        periodDate(von, "von"),
        periodEnd(bis, periodDate(bis, "bis")),
        trace,
      ),
    ),
  ),
  PREISBEREINIGT: {
    ...scalarFunction(["betrag", "von_jahr", "bis_jahr"], 2, ([betrag, von, bis], trace) => {
      const vonJahr = toJahr(von, "von_jahr");
      if (vonJahr === null) throw badInput("von_jahr fehlt: das Jahr, in dessen Preisen der Betrag steht.");
      return toExcelNumber(preisbereinigt(toSigned(betrag, "Betrag"), vonJahr, toJahr(bis, "bis_jahr"), trace));
    }),
    ohneStichtag: true,
  },
  KOSTENTRAEGER_VERGLEICH: {
    params: ["gop", "goae_ziffer", "anzahl", "stichtag", "faktor", "beihilfe_quote"],
    required: 3,
    spill: () => ({ rows: 6, cols: KOSTENTRAEGER_HEADER.length }),
    run: (args, trace) => kostentraeger(scalars(args, ["gop", "goae_ziffer", "anzahl", "stichtag", "faktor", "beihilfe_quote"]), trace),
  },
  EBM_EXTRABUDGETAER: scalarFunction(["gop", "stichtag"], 1, ([gop, stichtag], trace) => ebmExtrabudgetaer(toCode(gop, "GOP"), toStichtag(stichtag), trace)),
};

/*
 * Stored own values that do not read make every table value doubtful, so every
 * function answers #VALUE! with the reason, in Excel and in the CLI alike
 * (README, "Ein manipulierter oder beschädigter gespeicherter Wert …").
 */
for (const fn of Object.values(PRAXIS)) {
  const run = fn.run;
  fn.run = (args, trace) => {
    checkOverrides();
    return run(args, trace);
  };
}
