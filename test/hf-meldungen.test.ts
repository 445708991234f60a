import path from "path";
import { DetailedCellError, HyperFormula } from "hyperformula";
import { hfMeldung } from "../src/cli/hf-meldungen";

/*
 * Every message HyperFormula can put on a cell error reaches the user in German:
 * each ErrorMessage entry has its own translation, parameters survive, and a
 * text the table does not know gives the generic German message.
 */
const ALLGEMEIN = "Fehler der Formelauswertung";

// The package's exports map publishes only its entry point and language packs, so the file is loaded by path.
const { ErrorMessage } = require(path.join(path.dirname(require.resolve("hyperformula")), "error-message.js")) as {
  ErrorMessage: Record<string, string | ((arg: string) => string)>;
};

const ENGLISH = [" the ", "not ", "cannot", "value", "argument", "function", "error", "wrong", "range"];

/** A parameter with marker words in it, which the translation keeps and the marker check skips. */
const PARAM = "RANGE.VALUE";

/** LicenseKey's parameter is a LicenseKeyValidityState; "valid" produces no error. */
const LICENSE_STATES = ["missing", "invalid", "expired"];

type Case = [key: string, message: string, param: string | undefined];
const cases: Case[] = Object.entries(ErrorMessage).flatMap(([key, entry]): Case[] => {
  if (typeof entry === "string") return [[key, entry, undefined]];
  if (key === "LicenseKey") return LICENSE_STATES.map((state): Case => [`${key}(${state})`, entry(state), undefined]);
  return [[`${key}(${PARAM})`, entry(PARAM), PARAM]];
});

function englishWords(german: string, param: string | undefined): string[] {
  const checked = (param === undefined ? german : german.split(param).join(" ")).toLowerCase();
  return ENGLISH.filter((w) => checked.includes(w));
}

describe("every ErrorMessage entry of HyperFormula", () => {
  test("the table covers HyperFormula 3.5.0's 73 entries", () => {
    expect(Object.keys(ErrorMessage)).toHaveLength(73);
  });

  test.each(cases)("%s", (_key, message, param) => {
    const german = hfMeldung(message);
    expect(german).not.toBe("");
    expect(german).not.toBe(message);
    expect(german).not.toBe(ALLGEMEIN);
    expect(englishWords(german, param)).toEqual([]);
    if (param !== undefined) expect(german).toContain(param);
  });
});

describe("concrete translations", () => {
  test.each([
    ["Wrong number of arguments.", "Falsche Anzahl von Parametern"],
    ["Value cannot be coerced to number.", "Wert lässt sich nicht in eine Zahl umwandeln"],
    ["Function name FOO not recognized.", "Unbekannte Funktion FOO"],
    ["Named expression meinName not recognized.", "Unbekannter Name meinName"],
    ["Function XLOOKUP is not included in your license.", "Funktion XLOOKUP ist in der HyperFormula-Lizenz nicht enthalten"],
    ["License key is missing.", "HyperFormula-Lizenzschlüssel fehlt"],
    // "$&" would be a replacement pattern if the parameter were put in with String.replace.
    ["Function name $& not recognized.", "Unbekannte Funktion $&"],
    ["", ""],
  ])("%j", (message, german) => {
    expect(hfMeldung(message)).toBe(german);
  });
});

describe("messages of a real evaluation", () => {
  const formulas: [string, string][] = [
    ["=ABS()", "Falsche Anzahl von Parametern"],
    // HyperFormula 3.5.0 gives #DIV/0! no message at all.
    ["=1/0", ""],
    ["=FOO(1)", "Unbekannte Funktion FOO"],
    ["=meinName+1", "Unbekannter Name meinName"],
    ['=1/"a"', "Wert lässt sich nicht in eine Zahl umwandeln"],
    ["=Tabelle9!A1", "Tabellenblatt existiert nicht"],
    ["=1+$", "Formel nicht lesbar (unerwartetes Zeichen „$“ an Stelle 4)"],
    ["=SUM(1,", "Formel nicht lesbar (unvollständig)"],
    ["=1+", "Formel nicht lesbar (unvollständig)"],
    ["=SUM(1;2)", "Formel nicht lesbar (Syntaxfehler bei „;“)"],
    ["=1+*2", "Formel nicht lesbar (Syntaxfehler bei „*“)"],
    ["=1)", "Formel nicht lesbar (Syntaxfehler bei „)“)"],
    ["=#FOO!", "Formel nicht lesbar (unbekannter Fehlerwert)"],
    ["=OFFSET(A1,B1,1)", "BEREICH.VERSCHIEBEN: 2. Parameter muss hier eine feste ganze Zahl sein"],
    ["=OFFSET(1,1,1)", "BEREICH.VERSCHIEBEN: 1. Parameter muss ein Zellbezug sein"],
  ];
  const hf = HyperFormula.buildFromArray([formulas.map(([f]) => f)], { licenseKey: "gpl-v3" });
  const values = hf.getSheetValues(0)[0];
  afterAll(() => hf.destroy());

  test.each(formulas.map(([f, german], i) => [f, german, values[i]] as const))("%s", (_f, german, value) => {
    expect(value).toBeInstanceOf(DetailedCellError);
    const translated = hfMeldung((value as DetailedCellError).message);
    expect(translated).toBe(german);
    expect(englishWords(translated, undefined)).toEqual([]);
  });
});

describe("texts the table does not know", () => {
  test.each([
    "Something went wrong.",
    // a reworded message from a later HyperFormula
    "Unknown function FOO.",
    "Division by zero.",
    // a property of every plain object, which a lookup in one would find
    "constructor",
  ])("%j gives the generic German message", (message) => {
    expect(hfMeldung(message)).toBe(ALLGEMEIN);
  });

  test("a parser detail without its own entry keeps only the German syntax message", () => {
    expect(hfMeldung("Parsing error. Mismatched token type")).toBe("Formel nicht lesbar (Syntaxfehler)");
    expect(hfMeldung("Parsing error.")).toBe("Formel nicht lesbar (Syntaxfehler)");
  });
});
