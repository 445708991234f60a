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
export type Out = number | boolean | string;

export interface PraxisFunction {
  params: string[];
  required: number;
  /** Parameters that accept a range of cells (Excel matrix parameters). */
  ranges?: string[];
  run(args: Arg[], trace?: Trace): Out;
}

/** Scalar arguments: a range of one cell is that cell. */
function scalars(args: Arg[], params: string[]): Raw[] {
  return params.map((p, i) => scalar(args[i], p));
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

function pkv(args: Arg[], trace: Trace): PkvResult {
  const [ziffer, faktor, anzahl] = args;
  const [maxFaktor, quote, selbstbehalt] = scalars(args.slice(3), ["max_faktor", "quote", "selbstbehalt"]);
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
  EBM_HONORAR: {
    params: ["gop", "stichtag", "anzahl"],
    required: 1,
    run: (args, trace) => {
      const [gop, stichtag, anzahl] = scalars(args, ["gop", "stichtag", "anzahl"]);
      return toExcelNumber(ebmHonorar(toCode(gop, "GOP"), toStichtag(stichtag), toCount(anzahl), trace));
    },
  },
  EBM_PUNKTE: {
    params: ["gop", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [gop, stichtag] = scalars(args, ["gop", "stichtag"]);
      return toExcelNumber(ebmPunkte(toCode(gop, "GOP"), toStichtag(stichtag), trace));
    },
  },
  EBM_PUNKTWERT: {
    params: ["stichtag"],
    required: 0,
    run: (args, trace) => toExcelNumber(ebmPunktwert(toStichtag(scalar(args[0], "stichtag")), trace)),
  },
  EBM_PRUEFZEIT: {
    params: ["gop", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [gop, stichtag] = scalars(args, ["gop", "stichtag"]);
      return toExcelNumber(ebmPruefzeit(toCode(gop, "GOP"), toStichtag(stichtag), trace));
    },
  },
  GOAE_BETRAG: {
    params: ["ziffer", "faktor", "anzahl", "abdingung"],
    required: 1,
    run: (args, trace) => {
      const [ziffer, faktor, anzahl, abdingung] = scalars(args, ["ziffer", "faktor", "anzahl", "abdingung"]);
      return toExcelNumber(
        goaeBetrag(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), toCount(anzahl), toBool(abdingung, "Abdingung"), currentStichtag(), trace),
      );
    },
  },
  GOAE_PUNKTE: {
    params: ["ziffer"],
    required: 1,
    run: (args, trace) => toExcelNumber(goaePunkte(toCode(scalar(args[0], "ziffer"), "GOÄ-Nummer"), currentStichtag(), trace)),
  },
  GOAE_BEGRUENDUNG: {
    params: ["ziffer", "faktor"],
    required: 2,
    run: (args, trace) => {
      const [ziffer, faktor] = scalars(args, ["ziffer", "faktor"]);
      if (isEmpty(faktor)) throw badInput("Faktor fehlt.");
      return goaeBegruendung(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), currentStichtag(), trace);
    },
  },
  ABSTAFFELUNG: {
    params: ["menge", "grenze", "kv", "stichtag", "quote"],
    required: 2,
    run: (args, trace) => {
      const [menge, grenze, kv, stichtag, quote] = scalars(args, ["menge", "grenze", "kv", "stichtag", "quote"]);
      return toExcelNumber(
        abstaffelung(toAmount(menge, "Menge")!, toPositive(grenze, "Grenze")!, findKv(toKvName(kv)), toStichtag(stichtag), toShare(quote, "Quote", null), trace),
      );
    },
  },
  KAPAZITAETSGRENZE: {
    params: ["versorgungsauftrag", "ngl_minuten", "stichtag"],
    required: 0,
    run: (args, trace) => {
      const [va, ngl, stichtag] = scalars(args, ["versorgungsauftrag", "ngl_minuten", "stichtag"]);
      return toExcelNumber(
        kapazitaetsgrenze(toMandate(va), toAmount(ngl, "Minuten nicht genehmigungspflichtiger Leistungen", ZERO)!, toStichtag(stichtag), trace),
      );
    },
  },
  KAPAZITAET_SITZUNGEN: {
    params: ["minuten", "pruefzeit", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [minuten, pz, stichtag] = scalars(args, ["minuten", "pruefzeit", "stichtag"]);
      return toExcelNumber(kapazitaetSitzungen(toAmount(minuten, "Minuten")!, toPositive(pz, "Prüfzeit", null), toStichtag(stichtag), trace));
    },
  },
  KAPAZITAET_MINUTEN: {
    params: ["sitzungen_pro_woche", "pruefzeit", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [s, pz, stichtag] = scalars(args, ["sitzungen_pro_woche", "pruefzeit", "stichtag"]);
      return toExcelNumber(kapazitaetMinuten(toAmount(s, "Sitzungen je Woche")!, toPositive(pz, "Prüfzeit", null), toStichtag(stichtag), trace));
    },
  },
  HONORAR_WOCHE: {
    params: ["sitzungen", "anteil_gp", "honorar_gp", "honorar_ngp", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [s, anteil, gp, ngp, stichtag] = scalars(args, ["sitzungen", "anteil_gp", "honorar_gp", "honorar_ngp", "stichtag"]);
      return toExcelNumber(
        honorarWoche(
          toAmount(s, "Sitzungen je Woche")!,
          toShare(anteil, "Anteil genehmigungspflichtiger Sitzungen", null),
          toAmount(gp, "Honorar genehmigungspflichtig", null),
          toAmount(ngp, "Honorar nicht genehmigungspflichtig", null),
          toStichtag(stichtag),
          trace,
        ),
      );
    },
  },
  HONORAR_JAHR: {
    params: ["wochenhonorar", "arbeitswochen", "stichtag"],
    required: 1,
    run: (args, trace) => {
      const [w, wochen, stichtag] = scalars(args, ["wochenhonorar", "arbeitswochen", "stichtag"]);
      return toExcelNumber(honorarJahr(toAmount(w, "Wochenhonorar")!, toPositive(wochen, "Arbeitswochen", null), toStichtag(stichtag), trace));
    },
  },
  PKV_ERSTATTUNG: {
    params: ["ziffer", "faktor", "anzahl", "max_faktor", "quote", "selbstbehalt"],
    required: 3,
    ranges: ["ziffer", "faktor", "anzahl"],
    run: (args, trace) => toExcelNumber(pkv(args, trace).erstattung),
  },
  PKV_EIGENANTEIL: {
    params: ["ziffer", "faktor", "anzahl", "max_faktor", "quote", "selbstbehalt"],
    required: 3,
    ranges: ["ziffer", "faktor", "anzahl"],
    run: (args, trace) => toExcelNumber(pkv(args, trace).eigenanteil),
  },
  SOZIOTHERAPIE_HONORAR: {
    params: ["stunden", "stundensatz", "bereits_erbracht"],
    required: 1,
    run: (args, trace) => {
      const [h, satz, bereits] = scalars(args, ["stunden", "stundensatz", "bereits_erbracht"]);
      return toExcelNumber(
        soziotherapieHonorar(toAmount(h, "Stunden")!, toAmount(satz, "Stundensatz", null), toAmount(bereits, "Bereits erbrachte Stunden", ZERO)!, currentStichtag(), trace),
      );
    },
  },
  FALLMANAGEMENT_HONORAR: {
    params: ["minuten", "stundensatz", "verlaengert"],
    required: 2,
    run: (args, trace) => {
      const [m, satz, verl] = scalars(args, ["minuten", "stundensatz", "verlaengert"]);
      return toExcelNumber(
        fallmanagementHonorar(new Decimal(toCount(required(m, "Minuten"), "Minuten")), toPositive(satz, "Stundensatz")!, toBool(verl, "verlaengert"), currentStichtag(), trace),
      );
    },
  },
};
