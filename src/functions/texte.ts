import { ergaenzeTexte, texteAusstehend } from "../data/tables";
import { noValue } from "../engine/errors";
import { ladeWb, wbGeladen } from "../api/wb.nachgeladen";

/*
 * The tables' texts travel in a chunk of their own (scripts/pack-tables.js says
 * why), and WB_DEFIZIT's model with them (src/api/wb.nachgeladen.ts): requested
 * on first need, once, and put in place before the functions that show them
 * run. A failed load is tried again on the next call.
 */
let loading: Promise<void> | undefined;

export function texteBereit(): Promise<void> {
  // Both, though they travel together: the model must never be reached without its load awaited.
  if (!texteAusstehend() && wbGeladen()) return Promise.resolve();
  loading ??= Promise.all([
    import(/* webpackChunkName: "texte" */ "../data/sources.json?texte"),
    import(/* webpackChunkName: "texte" */ "../data/ebm.json?texte"),
    import(/* webpackChunkName: "texte" */ "../data/goae.json?texte"),
    import(/* webpackChunkName: "texte" */ "../data/praxis.json?texte"),
    ladeWb(),
  ])
    .then(([sources, ebm, goae, praxis]) => ergaenzeTexte({ sources: sources.default, ebm: ebm.default, goae: goae.default, praxis: praxis.default }))
    .catch((e: unknown) => {
      loading = undefined;
      throw noValue(`Die Texte der Tabellen (Quellen, Anmerkungen) und das Modell von WB_DEFIZIT ließen sich nicht laden: ${e instanceof Error ? e.message : String(e)}. Bitte neu berechnen.`);
    });
  return loading;
}
