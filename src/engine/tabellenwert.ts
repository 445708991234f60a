import { badInput } from "./errors";
import { eindeutig } from "./zahltext";

// A module of its own: the task pane and the CLI read typed values, the functions never do (their bundle stays small).

/**
 * A table value a user types (the task pane's own values, the CLI's --wert): a
 * number as a German or an English reader writes it, 941, 11,4915 or 11.4915,
 * returned as decimal text with a point like the data files. Thousands
 * separators and numbers with two readings are refused, not guessed; whether the
 * value fits its series (not negative, a share at most 1) the schema check says.
 */
export function tabellenwertAusText(text: string): string {
  const t = text.trim();
  if (t === "") throw badInput("der Wert fehlt.");
  const m = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) {
    if (/^[+-]?\d[\d.,]*$/.test(t)) throw badInput(`"${t}" enthält Tausendertrennzeichen oder mehrere Dezimalzeichen; ohne Tausendertrennzeichen schreiben, z. B. 173560,21 oder 173560.21.`);
    throw badInput(`"${t}" ist keine Zahl (erlaubt: 941, 11,4915 oder 11.4915).`);
  }
  eindeutig(t, "");
  const [, sign, int, frac] = m;
  return `${sign === "-" ? "-" : ""}${int}${frac !== undefined ? `.${frac}` : ""}`;
}
