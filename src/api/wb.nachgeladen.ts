import { noValue } from "../engine/errors";
import type * as Wb from "./wb";

/*
 * The add-in's stand-in for ./wb: webpack.config.js puts this module where
 * praxis.ts imports ./wb, so that WB_DEFIZIT's model, the largest part of the
 * engine, travels in the chunk that is loaded later with the tables' texts and
 * the functions bundle stays within its size target. Every function that reaches
 * WB_DEFIZIT (itself and ERKLAERUNG) already waits for that chunk
 * (src/functions/texte.ts). The CLI and the tests import ./wb as it is.
 */

let wb: typeof Wb | undefined;

/** Called by texteBereit, which loads once and tries again after a failure. */
export async function ladeWb(): Promise<void> {
  wb = await import(/* webpackChunkName: "texte" */ "./wb");
}

export function wbGeladen(): boolean {
  return wb !== undefined;
}

function geladen(): typeof Wb {
  if (wb === undefined) throw noValue("Das Modell der Weiterbildung ist noch nicht geladen; bitte neu berechnen.");
  return wb;
}

export const wbDefizit: typeof Wb.wbDefizit = (args, trace) => geladen().wbDefizit(args, trace);
export const wbSpill: typeof Wb.wbSpill = (constants) => geladen().wbSpill(constants);
