import type { Lang } from "./strings";

/**
 * The formula catalogue of the task pane: every function of the metadata Excel
 * reads (functions.json, functions-en.json), its signature in the pane's
 * language, an example, and the same example as Excel stores formulas, which
 * is what "Einfügen" writes. Searchable as you type.
 */
export interface Metadata {
  functions: { id: string; description: string; parameters: { name: string; description: string; optional?: boolean; repeating?: boolean }[] }[];
}

/** The examples of src/i18n/functions.en.json: German and English spelling. */
export type Beispiele = Record<string, { beispiel: string; example: string }>;

export interface Eintrag {
  id: string;
  beschreibung: string;
  parameter: { name: string; beschreibung: string; optional: boolean; wiederholt: boolean }[];
  /** =PRAXIS.ID(a; [b]) with the separator of the pane's language. */
  signatur: string;
  /** The example as the pane's language writes it. */
  beispiel?: string;
  /**
   * The example as range.formulas takes it: English separators and decimal
   * point whatever the user's language ("Range.formulas", Office JavaScript API
   * reference; formulasLocal would be the user's spelling, which the pane's
   * language does not tell).
   */
  formel?: string;
  /** Everything a search looks through, folded (see fold). */
  suchtext: string;
}

/**
 * Lower case, umlauts in their ae/oe/ue spelling (as the function names write
 * them), other accents dropped: "Prüfzeit", "PRUEFZEIT" and "prüfzeit" meet.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

export function katalog(meta: Metadata, lang: Lang, beispiele: Beispiele): Eintrag[] {
  const sep = lang === "de" ? "; " : ", ";
  return meta.functions.map((f) => {
    const parameter = f.parameters.map((p) => ({ name: p.name, beschreibung: p.description, optional: p.optional === true, wiederholt: p.repeating === true }));
    const args = parameter.map((p) => `${p.optional ? `[${p.name}]` : p.name}${p.wiederholt ? "…" : ""}`).join(sep);
    const ex = beispiele[f.id];
    const beispiel = ex ? (lang === "de" ? ex.beispiel : ex.example) : undefined;
    const all = [f.id, f.description, ...parameter.flatMap((p) => [p.name, p.beschreibung]), beispiel ?? ""].join(" ");
    const folded = fold(all);
    // Also without the e, for whoever types "prufzeit".
    return {
      id: f.id,
      beschreibung: f.description,
      parameter,
      signatur: `=PRAXIS.${f.id}(${args})`,
      beispiel,
      formel: ex?.example,
      suchtext: `${folded} ${folded.replace(/([aou])e/g, "$1")}`,
    };
  });
}

/** The entries matching every word of the query (empty: all), in catalogue order. */
export function suche(list: Eintrag[], query: string): Eintrag[] {
  const words = fold(query).split(/\s+/).filter((w) => w !== "");
  return list.filter((e) => words.every((w) => e.suchtext.includes(w)));
}
