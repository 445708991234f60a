import { readFileSync } from "fs";
import { parseStichtag } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { setSettings } from "../settings/settings";
import { evaluateFormula, Syntax } from "./formula";

const USAGE = `honorar – PRAXIS-Formeln ohne Excel berechnen

  honorar eval [--stichtag DATUM] 'FORMEL' ['FORMEL' …]
      Berechnet jede Formel und gibt je Formel eine Zeile aus. Ohne Formel
      werden Formeln zeilenweise von der Standardeingabe gelesen.
      Deutsche (;  2,3  WAHR) und englische (,  2.3  TRUE) Schreibweise,
      mit oder ohne Präfix PRAXIS.
      --stichtag  Stichtag für Formeln ohne eigenen (Standard: heute),
                  z. B. 2025, "3/2025", "2025Q3", 2025-07-01.
      --de, --en  Schreibweise erzwingen. Ohne Angabe gilt: ein Semikolon
                  (außerhalb von Text und {…}) heißt deutsch, sonst englisch;
                  "=KAPAZITAETSGRENZE(0,5)" braucht daher --de.
      Fehler erscheinen als "#VALUE!: Meldung"; der Exit-Status ist dann 1.

Beispiel:
  npx honorar eval '=PRAXIS.GOAE_BETRAG(812;2,3)'     → 67.03
`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: () => string;
}

export function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command !== "eval") {
    io.err(`Unbekannter Befehl "${command}".\n\n${USAGE}`);
    return 2;
  }
  const formulas: string[] = [];
  let syntax: Syntax | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--de" || rest[i] === "--en") {
      syntax = rest[i] === "--de" ? "de" : "en";
    } else if (rest[i] === "--stichtag") {
      const value = rest[++i];
      try {
        setSettings({ stichtag: parseStichtag(/^\d+$/.test(value ?? "") ? Number(value) : value) });
      } catch (e) {
        io.err(`--stichtag: ${e instanceof EngineError ? e.message : String(e)}`);
        return 2;
      }
    } else {
      formulas.push(rest[i]);
    }
  }
  if (formulas.length === 0) {
    formulas.push(...io.stdin().split(/\r?\n/).filter((l) => l.trim() !== ""));
  }
  let failed = false;
  for (const formula of formulas) {
    const r = evaluateFormula(formula, syntax);
    if (r.ok) io.out(r.text);
    else {
      failed = true;
      io.out(`${r.error!.code}: ${r.error!.message}`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  const code = run(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    stdin: () => readFileSync(0, "utf8"),
  });
  process.exitCode = code;
}
