/**
 * A number written as text with one separator and exactly three digits after
 * it, "1.234" or "1,234", is 1234 to a reader who groups thousands with that
 * sign and 1,234 to one who writes decimals with it: German and English
 * readers disagree on both signs. Which one a workbook's author meant cannot be
 * known (Excel reads text by the machine's locale; only NUMBERVALUE converts
 * "in a locale-independent manner", Microsoft Learn, "WorksheetFunction.NumberValue
 * method (Excel)"), so such a text is refused, never guessed. With a leading
 * zero ("0,125") or another count of digits it is no thousands grouping.
 * Returns both readings for the message, or undefined when the text is not ambiguous.
 */
export interface Lesarten {
  tausender: string;
  dezimal: string;
  /** The same number with a fourth decimal, which no reader takes for a thousands group. */
  eindeutig: string;
}

export function mehrdeutig(text: string): Lesarten | undefined {
  const m = /^[+-]?([1-9]\d{0,2})([.,])(\d{3})$/.exec(text.trim());
  return m ? { tausender: `${m[1]}${m[3]}`, dezimal: `${m[1]},${m[3]}`, eindeutig: `${m[1]}${m[2]}${m[3]}0` } : undefined;
}

/** The sentence that refuses it, for every face. */
export function mehrdeutigText(text: string, l: Lesarten): string {
  return `"${text.trim()}" ist mehrdeutig: ${l.tausender} mit Tausendertrennzeichen oder ${l.dezimal} mit Dezimalzeichen? Ohne Tausendertrennzeichen schreiben (${l.tausender}) oder mit einer weiteren Dezimalstelle (${l.eindeutig}).`;
}
