/**
 * German texts for the messages HyperFormula 3.5.0 attaches to cell errors
 * (its ErrorMessage class, and the parser's "Parsing error. …" texts).
 *
 * The table is keyed by the English text itself, not by ErrorMessage's
 * property names: a later HyperFormula that rewords a message may also have
 * changed its meaning, so a text not listed here gets ALLGEMEIN instead of a
 * guessed translation, and never the English text.
 * test/hf-meldungen.test.ts checks every ErrorMessage entry against this table.
 */

/** For a message this table does not know. */
const ALLGEMEIN = "Fehler der Formelauswertung";

const SYNTAX = "Formel nicht lesbar (Syntaxfehler)";

/** ErrorMessage.ParseError; the parser appends its detail after a space. */
const PARSING_ERROR = "Parsing error.";

/** Marks the parameter in the templates below; HyperFormula's texts never contain it. */
const PARAM = "\u0000";

/** The parser's texts name OFFSET in English; German Excel shows the function under this name. */
const OFFSET = "BEREICH.VERSCHIEBEN";

const TEXTE: ReadonlyMap<string, string> = new Map([
  ["Distinct signs.", "Zahl und Vielfaches haben unterschiedliche Vorzeichen"],
  ["Wrong number of arguments.", "Falsche Anzahl von Parametern"],
  ["Empty function argument.", "Leerer Parameter in der Funktion"],
  ["Empty array not allowed.", "Leere Matrix nicht erlaubt"],
  ["Array dimensions are not compatible.", "Matrixgrößen passen nicht zusammen"],
  ["Range dimensions are not compatible with the window size and the stride.", "Bereichsgröße passt nicht zu Fenstergröße und Schrittweite"],
  ["No space for array result.", "Kein Platz für das Matrixergebnis"],
  ["Value too small.", "Wert zu klein"],
  ["Value too large.", "Wert zu groß"],
  ["Incorrect criterion.", "Ungültiges Suchkriterium"],
  ["Range spans more than one sheet.", "Bereich erstreckt sich über mehr als ein Tabellenblatt"],
  ["Cell range expected.", "Zellbereich erwartet"],
  ["Wrong range dimension.", "Falsche Größe des Bereichs"],
  ["Cell range not allowed.", "Zellbereich hier nicht erlaubt, ein einzelner Wert erwartet"],
  ["Value cannot be coerced to number.", "Wert lässt sich nicht in eine Zahl umwandeln"],
  ["Number argument expected.", "Zahl erwartet"],
  ["Value needs to be an integer.", "Wert muss eine ganze Zahl sein"],
  ["Mode not recognized.", "Unbekannter Modus"],
  ["Date outside of bounds.", "Datum außerhalb des gültigen Bereichs"],
  ["Resulting reference is out of the sheet.", "Ergebnisbezug liegt außerhalb des Tabellenblatts"],
  ["Wrong type of argument.", "Parameter hat den falschen Typ"],
  ["NaN or infinite value encountered.", "Ungültige Zahl oder unendlicher Wert"],
  ["Ranges need to be of equal length.", "Bereiche müssen gleich lang sein"],
  ["Value cannot be negative.", "Wert darf nicht negativ sein"],
  ["String does not represent a binary number.", "Text ist keine Binärzahl"],
  ["String does not represent an octal number.", "Text ist keine Oktalzahl"],
  ["String does not represent a hexadecimal number.", "Text ist keine Hexadezimalzahl"],
  ["End period needs to be at least start period.", "Endperiode darf nicht vor der Anfangsperiode liegen"],
  ["Cell reference expected.", "Zellbezug erwartet"],
  ["Empty range not allowed.", "Leerer Bereich nicht erlaubt"],
  ["Address is not correct.", "Adresse ist ungültig"],
  ["Number-only range expected.", "Bereich darf nur Zahlen enthalten"],
  ["Value not found.", "Wert nicht gefunden"],
  ["Value in base too large.", "Wert zu groß für diese Zahlenbasis"],
  ["Value in base too small.", "Wert zu klein für diese Zahlenbasis"],
  ["Value in base too long.", "Ergebnis hat mehr Stellen als angegeben"],
  ["Length cannot be negative.", "Länge darf nicht negativ sein"],
  ["Pattern not found.", "Suchtext nicht gefunden"],
  ["Needs at least one value.", "Mindestens ein Wert erforderlich"],
  ["Range needs to contain at least two elements.", "Bereich muss mindestens zwei Werte enthalten"],
  ["Range needs to contain at least three elements.", "Bereich muss mindestens drei Werte enthalten"],
  ["All x values are equal.", "Alle x-Werte sind gleich"],
  ["Index out of bounds.", "Index außerhalb des gültigen Bereichs"],
  ["Index too large.", "Index zu groß"],
  ["Expected formula.", "Formel erwartet"],
  ["Count cannot be negative.", "Anzahl darf nicht negativ sein"],
  [PARSING_ERROR, SYNTAX],
  ["Sheet does not exist.", "Tabellenblatt existiert nicht"],
  ["Period number cannot exceed life length.", "Periode darf die Nutzungsdauer nicht überschreiten"],
  ["Invalid date.", "Ungültiges Datum"],
  ["Result of bitshift is too long.", "Ergebnis der Bitverschiebung ist zu lang"],
  ["Empty-string argument not allowed.", "Leerer Text als Parameter nicht erlaubt"],
  ["Length out of bounds.", "Länge außerhalb des gültigen Bereichs"],
  ["Time cannot be negative.", "Zeit darf nicht negativ sein"],
  ["No default option.", "Kein Wert passt und kein Standardwert angegeben"],
  ["None of the conditions were met.", "Keine der Bedingungen ist erfüllt"],
  ["Selector cannot exceed the number of arguments.", "Index ist größer als die Anzahl der Auswahlwerte"],
  ["Start date needs to be earlier than end date.", "Anfangsdatum muss vor dem Enddatum liegen"],
  ["String does not represent correct DateTime.", "Text ist kein gültiges Datum und keine gültige Uhrzeit"],
  ["Character code out of bounds.", "Zeichencode außerhalb des gültigen Bereichs"],
  ["Argument cannot be 0.", "Parameter darf nicht 0 sein"],
  ["Argument cannot be less than 1.", "Parameter darf nicht kleiner als 1 sein"],
  ["Incorrect weekend bitmask string.", "Ungültige Wochenend-Zeichenfolge (sieben Zeichen 0 oder 1)"],
  ["Invalid roman numeral.", "Ungültige römische Zahl"],
  ["Wrong order of values.", "Werte in falscher Reihenfolge"],
  ["Complex number expected.", "Komplexe Zahl erwartet"],
  ["Should be 'i' or 'j'.", "Imaginäre Einheit muss „i“ oder „j“ sein"],
  ["Array dimensions mismatched.", "Matrixgrößen stimmen nicht überein"],
  ["Result exceeds the maximum allowed length.", "Ergebnis überschreitet die zulässige Textlänge"],
  // ErrorMessage.LicenseKey's parameter is a state word, not a name to keep; "valid" never makes an error.
  ["License key is missing.", "HyperFormula-Lizenzschlüssel fehlt"],
  ["License key is invalid.", "HyperFormula-Lizenzschlüssel ist ungültig"],
  ["License key is expired.", "HyperFormula-Lizenzschlüssel ist abgelaufen"],
  // Details FormulaParser itself appends to PARSING_ERROR.
  [`${PARSING_ERROR} Malformed range expression`, "Formel nicht lesbar (ungültiger Bereich)"],
  [`${PARSING_ERROR} Range offset not allowed here`, `Formel nicht lesbar (${OFFSET} als Ende eines Bereichs muss eine einzelne Zelle ergeben)`],
  [`${PARSING_ERROR} Unknown error literal`, "Formel nicht lesbar (unbekannter Fehlerwert)"],
  // HyperFormula resolves OFFSET while parsing, so it takes only fixed numbers where Excel also takes formulas.
  [`${PARSING_ERROR} First argument to OFFSET is not a reference`, `${OFFSET}: 1. Parameter muss ein Zellbezug sein`],
  [`${PARSING_ERROR} Second argument to OFFSET is not a static number`, `${OFFSET}: 2. Parameter muss hier eine feste ganze Zahl sein`],
  [`${PARSING_ERROR} Third argument to OFFSET is not a static number`, `${OFFSET}: 3. Parameter muss hier eine feste ganze Zahl sein`],
  [`${PARSING_ERROR} Fourth argument to OFFSET is not a static number`, `${OFFSET}: 4. Parameter muss hier eine feste Zahl sein`],
  [`${PARSING_ERROR} Fourth argument to OFFSET is too small number`, `${OFFSET}: 4. Parameter muss mindestens 1 sein`],
  [`${PARSING_ERROR} Fourth argument to OFFSET is not integer`, `${OFFSET}: 4. Parameter muss eine ganze Zahl sein`],
  [`${PARSING_ERROR} Fifth argument to OFFSET is not a static number`, `${OFFSET}: 5. Parameter muss hier eine feste Zahl sein`],
  [`${PARSING_ERROR} Fifth argument to OFFSET is too small number`, `${OFFSET}: 5. Parameter muss mindestens 1 sein`],
  [`${PARSING_ERROR} Fifth argument to OFFSET is not integer`, `${OFFSET}: 5. Parameter muss eine ganze Zahl sein`],
]);

/** English template → German template, PARAM in both. */
const MIT_PARAMETER: readonly (readonly [string, string])[] = [
  [`Function name ${PARAM} not recognized.`, `Unbekannte Funktion ${PARAM}`],
  [`Named expression ${PARAM} not recognized.`, `Unbekannter Name ${PARAM}`],
  [`Function ${PARAM} is not included in your license.`, `Funktion ${PARAM} ist in der HyperFormula-Lizenz nicht enthalten`],
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const MUSTER = MIT_PARAMETER.map(([englisch, deutsch]) => [new RegExp(`^${englisch.split(PARAM).map(escapeRegExp).join("(.+)")}$`), deutsch] as const);

/** Where the parser stopped: nothing left means the formula ends too early. */
function beiToken(found: string): string {
  return found === "" ? "Formel nicht lesbar (unvollständig)" : `Formel nicht lesbar (Syntaxfehler bei „${found}“)`;
}

/** The lexer's and parser's own texts (chevrotain 6.5.0, as HyperFormula 3.5.0 ships it) after PARSING_ERROR. */
const PARSER_DETAILS: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  // The offset counts from 0 and includes the leading "="; the German counts characters from 1.
  [/^unexpected character: ->([\s\S]*?)<- at offset: (\d+), skipped \d+ characters\.$/, (m) => `Formel nicht lesbar (unerwartetes Zeichen „${m[1]}“ an Stelle ${Number(m[2]) + 1})`],
  [/^Expecting [\s\S]* but found --> '([\s\S]*)' <--$/, (m) => beiToken(m[1])],
  [/^Expecting: [\s\S]*\nbut found: '([\s\S]*)'$/, (m) => beiToken(m[1])],
  [/^Redundant input, expecting EOF but found: ([\s\S]*)$/, (m) => beiToken(m[1])],
];

function parserMeldung(detail: string): string {
  for (const [muster, deutsch] of PARSER_DETAILS) {
    const m = muster.exec(detail);
    if (m) return deutsch(m);
  }
  return SYNTAX;
}

/** The German text for a HyperFormula cell error message; "" (an error without message, e.g. #DIV/0!) stays "". */
export function hfMeldung(message: string): string {
  if (message === "") return "";
  const text = TEXTE.get(message);
  if (text !== undefined) return text;
  for (const [muster, deutsch] of MUSTER) {
    const m = muster.exec(message);
    // split/join, not replace: a "$&" in the parameter would be read as a replacement pattern.
    if (m) return deutsch.split(PARAM).join(m[1]);
  }
  if (message.startsWith(`${PARSING_ERROR} `)) return parserMeldung(message.slice(PARSING_ERROR.length + 1));
  return ALLGEMEIN;
}
