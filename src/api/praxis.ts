import { ebmHonorar, ebmPruefzeit, ebmPunkte, ebmPunktwert } from "../engine/ebm";
import { goaeBegruendung, goaeBetrag, goaePunkte } from "../engine/goae";
import { Trace } from "../engine/trace";
import { currentStichtag } from "../settings/settings";
import { badInput } from "../engine/errors";
import { isEmpty, Raw, toBool, toCode, toCount, toExcelNumber, toFaktor, toStichtag } from "./args";

/**
 * The public PRAXIS functions, once, for every face. Each takes the raw
 * arguments in the order of its Excel signature (functions.ts holds the JSDoc
 * that becomes Excel's metadata; a test checks both agree) and an optional trace.
 * GOÄ functions have no date argument: they use the workbook's Stichtag.
 */
export type Out = number | boolean | string;

export interface PraxisFunction {
  params: string[];
  required: number;
  run(args: Raw[], trace?: Trace): Out;
}

export const PRAXIS: Record<string, PraxisFunction> = {
  EBM_HONORAR: {
    params: ["gop", "stichtag", "anzahl"],
    required: 1,
    run: ([gop, stichtag, anzahl], trace) =>
      toExcelNumber(ebmHonorar(toCode(gop, "GOP"), toStichtag(stichtag), toCount(anzahl), trace)),
  },
  EBM_PUNKTE: {
    params: ["gop", "stichtag"],
    required: 1,
    run: ([gop, stichtag], trace) => toExcelNumber(ebmPunkte(toCode(gop, "GOP"), toStichtag(stichtag), trace)),
  },
  EBM_PUNKTWERT: {
    params: ["stichtag"],
    required: 0,
    run: ([stichtag], trace) => toExcelNumber(ebmPunktwert(toStichtag(stichtag), trace)),
  },
  EBM_PRUEFZEIT: {
    params: ["gop", "stichtag"],
    required: 1,
    run: ([gop, stichtag], trace) => toExcelNumber(ebmPruefzeit(toCode(gop, "GOP"), toStichtag(stichtag), trace)),
  },
  GOAE_BETRAG: {
    params: ["ziffer", "faktor", "anzahl", "abdingung"],
    required: 1,
    run: ([ziffer, faktor, anzahl, abdingung], trace) =>
      toExcelNumber(
        goaeBetrag(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), toCount(anzahl), toBool(abdingung, "Abdingung"), currentStichtag(), trace),
      ),
  },
  GOAE_PUNKTE: {
    params: ["ziffer"],
    required: 1,
    run: ([ziffer], trace) => toExcelNumber(goaePunkte(toCode(ziffer, "GOÄ-Nummer"), currentStichtag(), trace)),
  },
  GOAE_BEGRUENDUNG: {
    params: ["ziffer", "faktor"],
    required: 2,
    run: ([ziffer, faktor], trace) => {
      if (isEmpty(faktor)) throw badInput("Faktor fehlt.");
      return goaeBegruendung(toCode(ziffer, "GOÄ-Nummer"), toFaktor(faktor), currentStichtag(), trace);
    },
  },
};
