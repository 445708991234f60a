import { spawnSync } from "child_process";
import path from "path";

/*
 * The CLI as a user runs it: node bin/honorar.js (what `npx honorar` starts),
 * built into lib/ by `npm ci` or `npm test`. Seed figures go through
 * HyperFormula's parser, German and English syntax alike.
 */
const BIN = path.join(__dirname, "..", "bin", "honorar.js");

function honorar(args: string[], input?: string): { lines: string[]; status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", input });
  return { lines: r.stdout.split("\n").filter((l) => l !== ""), status: r.status, stderr: r.stderr };
}

const SEED_FIGURES: [string, number][] = [
  // seed 003
  ["=PRAXIS.EBM_HONORAR(35401; 2023)", 108.14],
  ["=PRAXIS.EBM_HONORAR(35150; 2023)", 81.47],
  ["=PRAXIS.EBM_HONORAR(35571; 2023)", 21.37],
  ['=PRAXIS.WB_DEFIZIT("DPtV-2023-gedruckt")', 34988],
  ['=WB_DEFIZIT("DPtV-2023-gedruckt"; "Monat")', 2916],
  ['=WB_DEFIZIT("DPtV-2023-gedruckt"; "kosten")', 131208],
  ['=WB_DEFIZIT("DPtV-2023-gedruckt"; "umsatz")', 96220],
  ['=WB_DEFIZIT({"preset";"DPtV-2023-gedruckt"|"strukturzuschlag_regel";"DPtV-2023-54"}; "umsatz")', 98978],
  ['=WB_DEFIZIT({"preset";"DPtV-2023-gedruckt"|"strukturzuschlag_regel";"DPtV-2023-54"})', 32230],
  ['=WB_DEFIZIT({"preset","DPtV-2023-gedruckt";"strukturzuschlag_regel","DPtV-2023-54"}, "Monat")', 2686],
  ["=STRUKTURZUSCHLAG(42; 2023) * 43", 19298.4],
  ['=STRUKTURZUSCHLAG(48; 2023; 1; "DPtV-2023") - STRUKTURZUSCHLAG(30; 2023; 1; "DPtV-2023")', 128.28],
  // seed 002
  ["=PRAXIS.GOAE_BETRAG(870; 2,3)", 100.55],
  ['=PRAXIS.GOAE_BETRAG("801a"; 2,3)', 33.52],
  ['=GOAE_BETRAG(870; 2,3) + GOAE_BETRAG("801a"; 2,3)', 134.07],
  ["=GOAE_BETRAG(870; 2,3; 25)", 2513.75],
  ['=4 * (GOAE_BETRAG(870; 2,3) + GOAE_BETRAG("801a"; 2,3))', 536.28],
  ['=GOAE_BETRAG(870; "Basistarif")', 52.46],
  ['=GOAE_BETRAG(870; 2,3) - GOAE_BETRAG(870; "Basistarif")', 48.09],
  ['=GOAE_BETRAG(870; 2,3; 30) - GOAE_BETRAG(870; "Basistarif"; 30)', 1442.7],
  ["=GOAE_BETRAG(870; 2,3; 30)", 3016.5],
  ['=GOAE_BETRAG(870; "Basistarif"; 30)', 1573.8],
  ["=GOAE_BETRAG(870; 2,3; 40)", 4022],
  ['=GOAE_BETRAG("812a"; 2,3; 12)', 804.36],
  // the figures where the seed rounds, computed exactly (see goae.test.ts)
  ["=GOAE_BETRAG(870; 2,8)", 122.4],
  ["=GOAE_BETRAG(870; 3,8; 1; WAHR)", 166.12],
  // the rounding trap
  ["=PRAXIS.GOAE_BETRAG(812;2,3)", 67.03],
  // seed 001
  ["=KAPAZITAETSGRENZE()", 27090],
  ["=KAPAZITAETSGRENZE(0,5; 0)", 13545],
  ["=KAPAZITAETSGRENZE(0,5; 4000)", 15545],
  ["=KAPAZITAET_SITZUNGEN(13545)", 18],
  ["=KAPAZITAET_SITZUNGEN(27090)", 36],
  ["=HONORAR_WOCHE(40; 0,9; 81; 57)", 3144],
  ["=HONORAR_WOCHE(24; 21/24; 81; 57)", 1872],
  ['=ABSTAFFELUNG(4725; 3150; "Nordrhein"; 2011)', 4479.3],
  ['=ABSTAFFELUNG(3150+78,75; 3150; "KVWL"; 2011) - 3150', 7.875],
  ["=HONORAR_JAHR(1575)", 67725],
  ['=HONORAR_JAHR(1575 + ABSTAFFELUNG(2362,5; 1575; "KVNO"; 2011) - 1575)', 96304.95],
  ["=HONORAR_JAHR(2240)", 96320],
  ['=ABSTAFFELUNG(2362,5; 1575; "KVNO"; 2011)', 2239.65],
  // seed 002 through the PKV functions, with ranges as array constants
  ['=PKV_EIGENANTEIL(870; 2,3; 30; "Basistarif")', 1442.7],
  ['=PKV_ERSTATTUNG(870; 2,3; 30; "Basistarif")', 1573.8],
  ["=PKV_EIGENANTEIL(870; 2,8; 20; 3,5; 1; 300)", 300],
  ["=PKV_ERSTATTUNG(870; 2,3; 40; ; 0,5)", 2011],
  ["=PKV_ERSTATTUNG(870; 2,3; 25)", 2513.75],
  ["=PKV_EIGENANTEIL(870; 3,8; 1; 3,5; ; ; WAHR)", 13.12],
  ['=PKV_ERSTATTUNG("812a"; 2,3; 12; ; 0,5)', 402.18],
  // seed 000 and 004
  ["=SOZIOTHERAPIE_HONORAR(130)", 4800],
  ["=FALLMANAGEMENT_HONORAR(1000; 60; WAHR)", 1000],
];

/** German syntax as the usage text defines it: a semicolon outside text and outside {…}, or | inside {…}. */
const isGerman = (formula: string) => {
  const code = formula.replace(/"[^"]*"/g, "");
  return /\{[^}]*\|[^}]*\}/.test(code) || code.replace(/\{[^}]*\}/g, "").includes(";");
};

/** A number as the CLI prints it for a German formula: points between thousands, a decimal comma. */
const GERMAN_NUMBER = /^-?\d{1,3}(\.\d{3})*(,\d+)?$/;

describe("honorar eval", () => {
  test("reproduces every seed figure, one output line per formula, German formulas in German numbers", () => {
    const r = honorar(["eval", ...SEED_FIGURES.map(([f]) => f)]);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(SEED_FIGURES.length);
    r.lines.forEach((line, i) => {
      const german = isGerman(SEED_FIGURES[i][0]);
      if (german) expect(line).toMatch(GERMAN_NUMBER);
      else expect(line).toMatch(/^-?\d+(\.\d+)?$/);
      const n = german ? Number(line.replace(/\./g, "").replace(",", ".")) : Number(line);
      expect(n).toBeCloseTo(SEED_FIGURES[i][1], 9);
    });
    // Both kinds are in the list.
    expect(SEED_FIGURES.filter(([f]) => isGerman(f)).length).toBeGreaterThan(10);
    expect(SEED_FIGURES.filter(([f]) => !isGerman(f)).length).toBeGreaterThan(3);
  });

  test("a table result spills: WB_DEFIZIT(…; \"Aufstellung\") prints one tab-separated line per row", () => {
    const r = honorar(["eval", '=WB_DEFIZIT("DPtV-2023-gedruckt"; "Aufstellung")']);
    expect(r.status).toBe(0);
    expect(r.lines[0].split("\t")).toEqual(["Position", "Bezeichnung", "Wert", "Einheit", "Herleitung", "Herkunft"]);
    const row = (name: string) => r.lines.find((l) => l.startsWith(`${name}\t`))!.split("\t");
    // The seed's printed figures (DPtV 2023): 131.208 € Aufwand, 2.916 € im Monat; German formula, German numbers.
    expect(row("kosten")[2]).toBe("131.208");
    expect(row("supervision")[4]).toMatch(/gesetzt; .*folgt 17015/);
    expect(row("defizit_monat")[2]).toBe("2.916");
  });

  test("the issue's example prints 67,03 (German formula), 67.03 in English", () => {
    expect(honorar(["eval", "=PRAXIS.GOAE_BETRAG(812;2,3)"]).lines).toEqual(["67,03"]);
    expect(honorar(["eval", "=PRAXIS.GOAE_BETRAG(812,2.3)"]).lines).toEqual(["67.03"]);
  });

  test("an invoice of several lines as array constants (seed 002, Beispiel 2)", () => {
    const r = honorar(["eval", '=PKV_EIGENANTEIL({870;"801a"}, 2.3, {4;4}, , 0.9)', '=PKV_ERSTATTUNG({870;"801a"}, 2.3, 4, , 0.9)']);
    expect(r.lines).toEqual(["53.63", "482.65"]);
  });

  test("English syntax, no prefix, no equals sign, TRUE", () => {
    const r = honorar(["eval", "GOAE_BETRAG(870, 2.3)", "=praxis.ebm_honorar(35401, \"3/2024\", 2)", "=GOAE_BETRAG(870,3.8,1,TRUE)", "=ROUND(EBM_HONORAR(35401,2023)/2,2)"]);
    expect(r.lines).toEqual(["100.55", "224.6", "166.12", "54.07"]);
  });

  test("German built-in functions work beside ours", () => {
    expect(honorar(["eval", "=RUNDEN(EBM_HONORAR(35401;2023)/3;2)", "=WENN(GOAE_BEGRUENDUNG(870;2,5);1;0)"]).lines).toEqual(["36,05", "1"]);
    expect(honorar(["eval", "=GOAE_BEGRUENDUNG(870;2,5)"]).lines).toEqual(["WAHR"]);
  });

  test("--de forces German syntax where no semicolon tells it", () => {
    expect(honorar(["eval", "--de", "=KAPAZITAETSGRENZE(0,5)"]).lines).toEqual(["13.545"]);
    expect(honorar(["eval", "--en", "=GOAE_BETRAG(870,2.3)"]).lines).toEqual(["100.55"]);
  });

  test("reads formulas line by line from standard input", () => {
    const r = honorar(["eval"], "=EBM_PUNKTWERT(2023)\n\n=EBM_PUNKTE(35401;2023)\n");
    expect(r.lines).toEqual(["11.4915", "941"]);
    expect(r.status).toBe(0);
  });

  test("--stichtag sets the date for formulas without one", () => {
    expect(honorar(["eval", "--stichtag", "2019", "=EBM_PUNKTWERT()", "=EBM_HONORAR(35150)"]).lines).toEqual(["10.8226", "67.21"]);
  });

  test("errors print as CODE: message and make the exit status non-zero", () => {
    const r = honorar(["eval", "=EBM_HONORAR(35401;2023)", "=EBM_HONORAR(35401;2023;-1)", '=EBM_HONORAR(35401;"x")', "=GOAE_BETRAG(870;3,8)", "=EBM_PUNKTE(99999)"]);
    expect(r.status).toBe(1);
    // German formulas: the codes as German Excel shows them.
    expect(r.lines[0]).toBe("108,14");
    expect(r.lines[1]).toMatch(/^#ZAHL!: Anzahl darf nicht negativ sein/);
    expect(r.lines[2]).toMatch(/^#WERT!: Stichtag "x" ist nicht lesbar/);
    expect(r.lines[3]).toMatch(/^#ZAHL!: .*Abdingung/);
    expect(r.lines[4]).toMatch(/^#N\/A: GOP 99999 ist in den Tabellen nicht enthalten/);
  });

  test("a malformed formula or unknown function is an error, not a crash", () => {
    const r = honorar(["eval", "=EBM_HONORAR(35401;", "=GIBTESNICHT(1)"]);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/^#ERROR!: /);
    expect(r.lines[1]).toMatch(/^#NAME\?: /);
  });

  test("usage on no command, exit 2 on an unknown one", () => {
    expect(honorar([]).status).toBe(2);
    const r = honorar(["rechne"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unbekannter Befehl/);
  });
});

describe("honorar --version", () => {
  test("prints the package's version, with the commit when run from a git clone", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("../package.json") as { version: string };
    const r = honorar(["--version"]);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(new RegExp(`^honorar ${version.replace(/\./g, "\\.")}( \\(Commit [0-9a-f]{12}\\))?$`));
    expect(honorar(["-V"]).lines).toEqual(r.lines);
  });
});

describe("honorar eval: German output", () => {
  test("a German formula prints German numbers: points between thousands, decimal comma, every digit the value has", () => {
    const r = honorar([
      "eval",
      "--de",
      // seed 002: 30 × 100,55 € − 30 × 52,46 € = 3.016,50 € − 1.573,80 € = 1.442,70 €; the value 1442.7 has one decimal, so one is shown
      '=GOAE_BETRAG(870; 2,3; 30) - GOAE_BETRAG(870; "Basistarif"; 30)',
      // seed 001: the reduced weekly fee 2.239,65 € (ABSTAFFELUNG, above) × 43 weeks = 96.304,95 €
      '=HONORAR_JAHR(1575 + ABSTAFFELUNG(2362,5; 1575; "KVNO"; 2011) - 1575)',
      // 123.456.789 × 100,55 € = 12.413.580.133,95 €
      "=GOAE_BETRAG(870;2,3;123456789)",
      "=-GOAE_BETRAG(870;2,3;30)",
      "=RUNDEN(173560,214;2)",
      // no rounding beyond what the double has: 0,1 + 0,2 is not 0,3 in binary
      "=0,1+0,2",
      "=10^21*1,5",
      "=1/10^7",
      "=0-0",
    ]);
    expect(r.lines).toEqual(["1.442,7", "96.304,95", "12.413.580.133,95", "-3.016,5", "173.560,21", "0,30000000000000004", "1,5E+21", "1E-07", "0"]);
    expect(r.status).toBe(0);
  });

  test("English formulas print as before; --de makes a formula without a semicolon German, --en one with commas English", () => {
    expect(honorar(["eval", "=HONORAR_JAHR(2240)", "=GOAE_BETRAG(870,2.3,30)", "=1=2"]).lines).toEqual(["96320", "3016.5", "FALSE"]);
    expect(honorar(["eval", "--de", "=HONORAR_JAHR(2240)", "=1=2"]).lines).toEqual(["96.320", "FALSCH"]);
    expect(honorar(["eval", "=HONORAR_JAHR(2240)", "--de"]).lines).toEqual(["96.320"]);
    expect(honorar(["eval", "--en", "=GOAE_BETRAG(870,2.3,30)"]).lines).toEqual(["3016.5"]);
  });

  test("errors of a German formula carry German Excel's codes", () => {
    const r = honorar(["eval", "--de", '=EBM_HONORAR(35401;"x")', "=EBM_PUNKTE(99999)", "=GOAE_BETRAG(870;3,8)", "=1/0", "=BEREICH.VERSCHIEBEN(A1;-1;0)", "=GIBTESNICHT(1)"]);
    expect(r.status).toBe(1);
    expect(r.lines.map((l) => l.split(":")[0])).toEqual(["#WERT!", "#NV", "#ZAHL!", "#DIV/0!", "#BEZUG!", "#NAME?"]);
    expect(r.lines[1]).toMatch(/^#NV: GOP 99999 ist in den Tabellen nicht enthalten/);
    const en = honorar(["eval", '=EBM_HONORAR(35401,"x")', "=OFFSET(A1,-1,0)"]);
    expect(en.lines.map((l) => l.split(":")[0])).toEqual(["#VALUE!", "#REF!"]);
  });

  test("the German codes are the engine's own (EXCEL_CODE_DE) for #WERT!, #NV, #ZAHL!", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { germanErrorCode } = require("../src/cli/formula") as typeof import("../src/cli/formula");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EXCEL_CODE, EXCEL_CODE_DE } = require("../src/engine/errors") as typeof import("../src/engine/errors");
    for (const kind of ["wert", "nv", "zahl"] as const) expect(germanErrorCode(EXCEL_CODE[kind])).toBe(EXCEL_CODE_DE[kind]);
    expect(germanErrorCode("#SPILL!")).toBe("#ÜBERLAUF!");
    expect(germanErrorCode("#CYCLE!")).toBe("#CYCLE!");
  });

  test("a spilled table of a German formula: German numbers in every cell, tab-separated", () => {
    // 0,9 × 81 € + 0,1 × 57 € = 78,60 € a session, × 43 weeks = 3.379,80 € per weekly session: 20 → 67.596, 25 → 84.495, 30 → 101.394
    expect(honorar(["eval", "=HONORAR_JAHR(HONORAR_WOCHE({20|25|30};0,9;81;57))"]).lines).toEqual(["67.596", "84.495", "101.394"]);
    expect(honorar(["eval", "=HONORAR_JAHR(HONORAR_WOCHE({20;25;30},0.9,81,57))"]).lines).toEqual(["67596", "84495", "101394"]);
    // ebm.json: 35401 has 941 points until 31.03.2026 and 899 from 01.04.2026; Orientierungswert 12,7404 ct in 2026.
    // 941 × 12,7404 / 100 = 119,887164 → 119,89 €; 899 × 12,7404 / 100 = 114,536196 → 114,54 €; change −5,35 € = −4,4624… % of 119,89
    const r = honorar(["eval", '=EBM_VERLAUF(35401;"1/2026";"2/2026")']);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[1].split("\t")).toEqual(["1/2026", "941", "12,7404", "119,89", "", ""]);
    const q2 = r.lines[2].split("\t");
    expect(q2.slice(0, 5)).toEqual(["2/2026", "899", "12,7404", "114,54", "-5,35"]);
    expect(q2[5]).toMatch(/^-4,4624\d*$/);
  });

  test("a formula that contains --de is a formula, not the option", () => {
    const r = honorar(["eval", '=WENN(1;"--de";"x")', '=LEN("--de")']);
    expect(r.lines).toEqual(["--de", "4"]);
    expect(r.status).toBe(0);
  });
});

describe("honorar: options", () => {
  const USAGE_START = "honorar – PRAXIS-Formeln ohne Excel berechnen";

  test.each([
    [["eval", "--foo", "=1"]],
    [["eval", "=1", "--Stichtag", "2020"]],
    [["recalc", "examples/seed-002-privatrechnung.xlsx", "--foo"]],
    [["recalc", "--csv=x.csv", "examples/seed-002-privatrechnung.xlsx"]],
    [["diff", "--bar", "a.xlsx", "b.xlsx"]],
    [["daten", "--json", "--foo"]],
  ])("unknown option refused with the usage text, exit 2: %j", (args) => {
    const r = honorar(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Unbekannte Option "--/);
    expect(r.stderr).toContain(USAGE_START);
    expect(r.lines).toEqual([]);
  });

  test("--stichtag=2020 says how to write it", () => {
    expect(honorar(["eval", "--stichtag=2020", "=1"]).stderr).toMatch(/Den Wert mit Leerzeichen abtrennen: --stichtag 2020/);
  });

  test("an option given twice, --de with --en, or an option without its value: exit 2 with a German message", () => {
    const twice = honorar(["eval", "--stichtag", "2020", "--stichtag", "2021", "=EBM_PUNKTWERT()"]);
    expect(twice).toMatchObject({ status: 2, lines: [] });
    expect(twice.stderr).toMatch(/--stichtag ist zweimal angegeben \("2020" und "2021"\)/);
    expect(honorar(["recalc", "x.xlsx", "--kv", "NO", "--kv", "WL"]).stderr).toMatch(/--kv ist zweimal angegeben/);
    expect(honorar(["eval", "--de", "--en", "=1"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--de und --en schließen einander aus/) });
    expect(honorar(["eval", "=1", "--stichtag"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^--stichtag: Wert fehlt\.\n$/) });
    expect(honorar(["eval", "--stichtag", "--de", "=1"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^--stichtag: Wert fehlt \(es folgt die Option --de\)/) });
  });

  test("options count wherever they stand; after -- everything is a formula", () => {
    // seed 001: 0,5 × 27.090 Minuten = 13.545
    expect(honorar(["eval", "=KAPAZITAETSGRENZE(0,5)", "--de"]).lines).toEqual(["13.545"]);
    expect(honorar(["eval", "--stichtag", "2019", "=EBM_HONORAR(35150)"]).lines).toEqual(["67.21"]);
    expect(honorar(["eval", "=EBM_HONORAR(35150)", "--stichtag", "2019"]).lines).toEqual(["67.21"]);
    const r = honorar(["eval", "--", "--1", "--de"]);
    expect(r.lines[0]).toBe("1");
    expect(r.lines[1]).toMatch(/^#NAME\?/);
    const dash = honorar(["eval", "--1"]);
    expect(dash.status).toBe(2);
    expect(dash.stderr).toMatch(/mit = davor schreiben \(=--A1\) oder nach -- angeben/);
  });

  test("--help after a command prints the usage with exit 0", () => {
    for (const command of ["eval", "recalc", "diff", "daten"]) {
      const r = honorar([command, "--help"]);
      expect(r.status).toBe(0);
      expect(r.lines[0]).toBe(USAGE_START);
    }
  });
});

describe("WB_DEFIZIT's assumptions in the CLI: a range Name | Wert as an array constant (README)", () => {
  test("half time and 20 % probatory sessions: (8 × 108,14 € + 2 × 81,47 €) × 43 = 44.206,58 € a year from sessions", () => {
    // The DPtV-2023 preset: 20 sessions a week full time, 43 weeks (860 sessions a year in the DPtV statement), Stichtag 2023.
    // 2023: Orientierungswert 11,4915 ct; GOP 35401 941 points → 108,135015 → 108,14 €; GOP 35150 709 points → 81,474735 → 81,47 €.
    // umfang 0,5: 10 sessions, 20 % = 2 probatory, 8 approved: 8 × 108,14 + 2 × 81,47 = 865,12 + 162,94 = 1.028,06 € a week, × 43 = 44.206,58 €.
    const r = honorar([
      "eval",
      '=WB_DEFIZIT({"preset";"DPtV-2023"|"umfang";0,5|"probatorik_anteil";0,2}; "umsatz_sitzungen")',
      '=WB_DEFIZIT({"preset","DPtV-2023";"umfang",0.5;"probatorik_anteil",0.2}, "umsatz_sitzungen")',
    ]);
    expect(r.lines).toEqual(["44.206,58", "44206.58"]);
    const table = honorar(["eval", '=WB_DEFIZIT({"preset";"DPtV-2023"|"umfang";0,5|"probatorik_anteil";0,2}; "Aufstellung")']).lines;
    const wert = (name: string) => table.find((l) => l.startsWith(`${name}\t`))!.split("\t")[2];
    expect([wert("sitzungen"), wert("sitzungen_probatorik"), wert("sitzungen_gp"), wert("honorar_sitzung"), wert("honorar_probatorik"), wert("wochen")]).toEqual(["10", "2", "8", "108,14", "81,47", "43"]);
  });

  test("question (d) of the README in the CLI: 32.480,69 €", () => {
    // The example workbook's saved value, computed outside the engine by scripts/make-examples.js (see test/positionspapier.test.ts).
    expect(honorar(["eval", '=WB_DEFIZIT({"preset";"DPtV-2023"|"zuschlag";0|"supervision_schluessel";4}; "Jahr")']).lines).toEqual(["32.480,69"]);
  });

  test("German Excel's own array syntax (columns with a point) is refused, not misread", () => {
    const r = honorar(["eval", '=WB_DEFIZIT({"preset"."DPtV-2023";"umfang".0,5}; "umsatz_sitzungen")']);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/^#ERROR!: Formel nicht lesbar/);
  });
});
