import { badInput } from "./errors";

/**
 * A number written as text with one separator and exactly three digits after
 * it, "1.234" or "1,234", is 1234 to a reader who groups thousands with that
 * sign and 1,234 to one who writes decimals with it: German and English
 * readers disagree on both signs. Which one a workbook's author meant cannot be
 * known (Excel reads text by the machine's locale; only NUMBERVALUE converts
 * "in a locale-independent manner", Microsoft Learn, "WorksheetFunction.NumberValue
 * method (Excel)"), so such a text is refused, never guessed; an exponent after
 * it ("1.000e0") changes nothing. With a leading zero ("0,125") or another count
 * of digits it is no thousands grouping.
 */
export interface Lesarten {
  tausender: string;
  dezimal: string;
  /** The same number with a fourth decimal, which no reader takes for a thousands group. */
  eindeutig: string;
}

/** Both readings for the message, or undefined when the text is not ambiguous. */
export function mehrdeutig(text: string): Lesarten | undefined {
  const m = /^([+-]?)([1-9]\d{0,2})([.,])(\d{3})([eE][+-]?\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, sign, int, sep, frac, exp = ""] = m;
  const minus = sign === "-" ? "-" : "";
  return { tausender: `${minus}${int}${frac}${exp}`, dezimal: `${minus}${int},${frac}${exp}`, eindeutig: `${minus}${int}${sep}${frac}0${exp}` };
}

/** #WERT! for a text with two readings, in the same sentence for every face; `vorne` names what was asked for. */
export function eindeutig(text: string, vorne: string): void {
  const l = mehrdeutig(text);
  if (l) {
    throw badInput(`${vorne}"${text.trim()}" ist mehrdeutig: ${l.tausender} mit Tausendertrennzeichen oder ${l.dezimal} mit Dezimalzeichen? Ohne Tausendertrennzeichen schreiben (${l.tausender}) oder mit einer weiteren Dezimalstelle (${l.eindeutig}).`);
  }
}

/**
 * A number a cell holds as text, with decimal comma or point and perhaps an
 * exponent, as decimal text with a point ("2,3" → "2.3"); undefined when the
 * text is no number. Two readings are refused (eindeutig).
 */
export function zahlAusText(text: string, vorne: string): string | undefined {
  eindeutig(text, vorne);
  const t = text.trim().replace(",", ".");
  return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t) ? t : undefined;
}
