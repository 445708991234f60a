import { ebmHonorar, ebmPruefzeit, ebmPunkte, ebmPunktwert } from "../engine/ebm";
import { badInput } from "../engine/errors";
import { goaeBegruendung, goaeBetrag, goaePunkte } from "../engine/goae";
import { abstaffelung, findKv } from "../engine/hvm";
import { honorarJahr, honorarWoche, kapazitaetMinuten, kapazitaetsgrenze, kapazitaetSitzungen } from "../engine/kapazitaet";
import { fallmanagementHonorar, soziotherapieHonorar } from "../engine/nebentaetigkeit";
import { InvoiceLine, pkvAbrechnung, PkvResult } from "../engine/pkv";
import { Trace } from "../engine/trace";
import { Decimal, ONE, ZERO } from "../engine/decimal";
import { currentStichtag } from "../settings/settings";
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
  toShare,
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
  run(args: Arg[], trace?: Trace): Out;
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

const PKV_PARAMS = ["ziffer", "faktor", "anzahl", "max_faktor", "quote", "selbstbehalt"];

function pkv(args: Arg[], trace: Trace): PkvResult {
  const [ziffer, faktor, anzahl] = args;
  const [maxFaktor, quote, selbstbehalt] = scalars(args.slice(3), PKV_PARAMS.slice(3));
  return pkvAbrechnung(
    invoice(ziffer, faktor, anzahl),
    toFaktor(maxFaktor),
    toShare(quote, "Erstattungsquote", ONE)!,
    toAmount(selbstbehalt, "Selbstbehalt", ZERO)!,
    currentStichtag(),
    trace,
  );
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
  FALLMANAGEMENT_HONORAR: scalarFunction(["minuten", "stundensatz", "verlaengert"], 2, ([m, satz, verl], trace) =>
    toExcelNumber(
      fallmanagementHonorar(new Decimal(toCount(required(m, "Minuten"), "Minuten")), toPositive(satz, "Stundensatz")!, toBool(verl, "verlaengert"), currentStichtag(), trace),
    ),
  ),
};
