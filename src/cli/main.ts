import { readFileSync } from "fs";
import { isMainThread, parentPort, workerData } from "worker_threads";
import { parseStichtag } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { setSettings } from "../settings/settings";
import { datenstatus } from "../engine/datenstatus";
import { todayIso } from "../engine/dates";
import { datenJson, datenReport } from "./daten";
import { diff, diffExitStatus, diffJsonChunks, diffReport } from "./diff";
import { Override } from "../data/overrides";
import { detectSyntax, evaluateFormula, shownText, Syntax } from "./formula";
import { exitStatus, jsonChunks, printable, recalc, RecalcOptions, report, toolVersion, UnusableInput } from "./recalc";
import { parseWerte, szenarioText, useSzenario } from "./szenario";

const USAGE = `honorar – PRAXIS-Formeln ohne Excel berechnen

  honorar eval [--stichtag DATUM] [--de | --en] [--wert SERIE=WERT@DATUM --quelle "…"] 'FORMEL' …
      Berechnet jede Formel und gibt je Formel eine Zeile aus (eine Tabelle:
      eine Zeile je Tabellenzeile, Spalten durch Tabulatoren getrennt). Ohne
      Formel werden Formeln zeilenweise von der Standardeingabe gelesen.
      Deutsche (;  2,3  WAHR  {"a";1|"b";2}) und englische (,  2.3  TRUE
      {"a",1;"b",2}) Schreibweise, mit oder ohne Präfix PRAXIS.
      --stichtag  Stichtag für Formeln ohne eigenen (Standard: heute),
                  z. B. 2025, "3/2025", "2025Q3", 2025-07-01.
      --de, --en  Schreibweise erzwingen. Ohne Angabe gilt: ein Semikolon
                  (außerhalb von Text und {…}) oder ein | in {…} heißt
                  deutsch, sonst englisch; "=KAPAZITAETSGRENZE(0,5)" braucht
                  daher --de.
      Ausgabe in der Schreibweise der Formel: deutsch 173.560,21, WAHR,
                  #WERT!, #NV, #ZAHL!, #BEZUG!; englisch 173560.21, TRUE,
                  #VALUE!, #N/A, #NUM!, #REF!. Zahlen mit jeder Stelle, die
                  der Wert hat, nie gerundet.
      --wert SERIE=WERT@DATUM  ein eigener Tabellenwert nur für diesen Aufruf
                  (ein Szenario), wie im Aufgabenbereich: SERIE z. B.
                  ebm.punkte.35401, ebm.orientierungswert, kv.NO.quote,
                  praxis.arbeitswochen_pro_jahr (QUELLE und ERKLAERUNG nennen
                  sie); WERT 941, 11,4915 oder 11.4915, ohne Tausender-
                  trennzeichen; DATUM wie bei --stichtag (2/2026 = 01.04.2026),
                  ab dem der Wert gilt, bis zum nächsten Eintrag der Reihe.
                  Mehrfach möglich.
      --quelle "…" Pflicht zu --wert: woher der Wert stammt. Eine --quelle für
                  alle --wert oder je --wert eine, in derselben Reihenfolge.
                  Das Szenario steht auf der Fehlerausgabe; ERKLAERUNG, QUELLE
                  und DATENSTAND nennen es als Szenario der Befehlszeile.
      Fehler erscheinen als "#VALUE!: Meldung" (deutsch "#WERT!: Meldung");
      der Exit-Status ist dann 1. Eine Formel, die mit -- beginnt: =--A1
      schreiben oder nach -- angeben.

  honorar recalc MAPPE.xlsx [--out NEU.xlsx [--markieren]] [--csv DATEI] [--bericht DATEI.html] [--json] [--streng]
                 [--stichtag DATUM] [--kv KV] [--wert SERIE=WERT@DATUM --quelle "…"]
      Rechnet jede Formel der Arbeitsmappe neu (alle Blätter, auch
      PRAXIS-Formeln, wie Excel sie speichert: _xldudf_PRAXIS_…) und
      vergleicht mit den gespeicherten Werten. Ausgabe: Tabelle der
      Abweichungen, Fehler je Zelle und eine Zusammenfassung. Zellen
      ohne gespeicherten Wert werden berechnet, aber nicht verglichen.
      Zahlen gelten nur bitgleich als gleich; Unterschiede in den letzten
      Binärstellen erscheinen als Rundungsrauschen, nie als gleich.
      --out       schreibt die neu berechneten Werte in NEU.xlsx (Formeln
                  bleiben); nie auf die Eingabe, immer über eine temporäre
                  Datei, sodass eine vorhandene NEU.xlsx nie halb entsteht.
                  Übergelaufene Tabellen (dynamische Matrizen) stehen in
                  ihrer neuen Größe darin, wie Excel sie speichert.
      --markieren mit --out: abweichende Zellen und Zellen mit Fehler rot,
                  Zahlen statt Formel gelb hinterlegt, jede mit einer Notiz
                  (gespeichert, neu berechnet, Differenz oder Meldung).
      --json      ein JSON-Dokument mit allen Formelzellen.
      --bericht DATEI.html  Prüfbericht als eine HTML-Datei (druckbar auf A4):
                  Herkunft, Zusammenfassung, Befunde, Abweichungen mit
                  Differenz und Formel, Fehler mit Meldung.
      --csv DATEI eine Zeile je Formelzelle (Semikolon, Dezimalkomma, UTF-8):
                  Blatt, Zelle, Formel, gespeichert, neu berechnet,
                  Differenz, relative Differenz, Urteil, Meldung.
      --streng    Exit-Status 4, wenn keine Zahl abweicht, aber ein Befund
                  vorliegt (Zahl statt Formel zwischen gleichen Formeln,
                  Formelzellen ohne gespeicherten Wert, keine Add-in-
                  Einstellungen, nichts verglichen) oder eine Zelle Fehler hat.
      --stichtag, --kv  für Formeln ohne eigenen Stichtag oder KV; ohne
                  Angabe gelten die im Aufgabenbereich gespeicherten.
      --wert, --quelle  ein Szenario wie bei eval, über den eigenen Werten
                  der Mappe (einen am selben Tag ersetzt es für diesen Lauf).
                  Die Herkunft (Bericht, JSON) nennt es getrennt von den
                  eigenen Werten der Mappe, die CSV im Spaltenkopf; Abweichungen
                  zeigen, was es bewegt. Nicht mit --out: die Kopie sähe aus
                  wie die Mappe mit eigenen Werten.
      Exit-Status: 0 keine Abweichung, 1 Abweichungen, 2 unbrauchbare
      Eingabe oder Ausgabe (auch über den Grenzen: 256 MiB Datei,
      1.048.576 Formelzellen, 8.192 Zeichen je Formel), 3 interner Fehler,
      4 mit --streng: Befunde oder Fehlerzellen.

  honorar diff ALT.xlsx NEU.xlsx [--csv DATEI] [--bericht DATEI.html] [--json]
               [--stichtag DATUM] [--kv KV] [--wert SERIE=WERT@DATUM --quelle "…"]
      Vergleicht zwei Fassungen einer Arbeitsmappe Zelle für Zelle (Blätter
      nach Namen): geänderte Eingaben (Konstanten) mit den Ergebnissen, die
      sie bewegt haben, geänderte Formeln, geänderte Ergebnisse (die neu
      berechneten Werte der Formelzellen, „gespeichert“, wo eine Zelle sich
      nicht nachrechnen lässt), hinzugefügte und entfernte Blätter, Stichtag,
      KV, eigene Werte und Datenstand. Zahlen gelten nur bitgleich als gleich;
      eine leere und eine fehlende Zelle sind gleich.
      --json      ein JSON-Dokument mit allen Änderungen.
      --bericht DATEI.html  der Vergleich als eine HTML-Datei (druckbar auf A4).
      --csv DATEI eine Zeile je geänderter Zelle, Blatt und Einstellung
                  (Semikolon, Dezimalkomma, UTF-8): Art, Blatt, Zelle, alt,
                  neu, Differenz, Formel alt, Formel neu, bewegt durch, bewegt,
                  Herkunft alt, Herkunft neu.
      --stichtag, --kv, --wert, --quelle  gelten für beide Fassungen.
      Exit-Status: 0 keine Unterschiede, 1 Unterschiede, 2 unbrauchbare
      Eingabe oder Ausgabe (auch eine Ausgabe auf eine der beiden Mappen),
      3 interner Fehler.

  honorar daten [--json] [--alle] [--ab DATUM]
      Zeigt, was die Tabellen enthalten und was ihnen fehlt: jede Reihe mit
      ihrem letzten Eintrag, bis wann ihr letzter belegter Wert gilt und wie
      viele Einträge bestätigt, abgeleitet oder unbestätigt sind; dazu, was
      einem Stichtag von heute bis zum Ende des vierten folgenden Quartals
      fehlen würde: Reihen, deren nächster Wert noch nicht in der Ausgabe
      steht (etwa der Orientierungswert des nächsten Jahres, MFA-Gehälter),
      Zeiträume ohne Quelle und jährliche Reihen ohne Eintrag für ein Jahr.
      Die Punktzahlen der GOÄ-Ziffern stehen je Abschnitt in einer Zeile.
      --json      ein JSON-Dokument mit allen Reihen und Lücken.
      --alle      auch jede GOÄ-Ziffer in einer eigenen Zeile.
      --ab DATUM  statt heute ab diesem Tag prüfen (Datum, Jahr oder Quartal).
      Exit-Status: 0, auch wenn etwas fehlt; 2 bei unbrauchbarer Eingabe.

  honorar --version
      Version (und Commit, wenn die CLI aus einem Git-Klon läuft).

Jeder Befehl weist eine unbekannte Option mit dieser Hilfe ab und eine
zweimal angegebene (außer --wert und --quelle) mit einer Meldung, Exit-Status
2; --help zeigt diese Hilfe.

Beispiele:
  npx honorar eval '=PRAXIS.GOAE_BETRAG(812;2,3)'     → 67,03
  npx honorar eval '=PRAXIS.GOAE_BETRAG(812,2.3)'     → 67.03
  npx honorar eval --wert ebm.punkte.35401=941@2026-04-01 --quelle "Szenario" '=EBM_HONORAR(35401;"2026-05-01")'   → 119,89
  npx honorar recalc examples/seed-002-privatrechnung.xlsx
  npx honorar diff alt.xlsx neu.xlsx --bericht vergleich.html
`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: () => string;
}

export function run(argv: string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === "--version" || command === "-V") {
    const v = toolVersion();
    io.out(`honorar ${v.version}${v.commit ? ` (Commit ${v.commit.slice(0, 12)})` : ""}`);
    return 0;
  }
  if (command === "recalc") return runRecalc(rest, io);
  if (command === "diff") return runDiff(rest, io);
  if (command === "daten") return runDaten(rest, io);
  if (command === "eval") return runEval(rest, io);
  io.err(`Unbekannter Befehl "${command}".\n\n${USAGE}`);
  return 2;
}

function runEval(args: string[], io: Io): number {
  const parsed = parseArgs(args, ["de", "en"], ["stichtag", "wert", "quelle"], io);
  if (parsed === "hilfe") return help(io);
  if (!parsed) return 2;
  const { flags, values, lists, files: formulas } = parsed;
  if (flags.has("de") && flags.has("en")) {
    io.err("--de und --en schließen einander aus: eine Schreibweise für alle Formeln eines Aufrufs.");
    return 2;
  }
  const syntax: Syntax | undefined = flags.has("de") ? "de" : flags.has("en") ? "en" : undefined;
  if (values.stichtag !== undefined) {
    try {
      setSettings({ stichtag: parseStichtag(/^\d+$/.test(values.stichtag) ? Number(values.stichtag) : values.stichtag) });
    } catch (e) {
      io.err(`--stichtag: ${e instanceof EngineError ? e.message : String(e)}`);
      return 2;
    }
  }
  try {
    const szenario = useSzenario(parseWerte(lists.wert, lists.quelle));
    // On standard error: the results stay one line per formula, and whoever reads them is told they rest on a scenario.
    if (szenario.length > 0) io.err(["Szenario (--wert, nur für diesen Aufruf):", ...szenario.map((w) => `  ${printable(szenarioText(w))}`)].join("\n"));
  } catch (e) {
    if (e instanceof UnusableInput) {
      io.err(printable(e.message));
      return 2;
    }
    throw e;
  }
  if (formulas.length === 0) {
    formulas.push(...io.stdin().split(/\r?\n/).filter((l) => l.trim() !== ""));
  }
  let failed = false;
  for (const formula of formulas) {
    const used = syntax ?? detectSyntax(formula);
    const r = evaluateFormula(formula, used);
    // One line per formula (a table: one per row); a line break or control character inside a value is shown escaped.
    if (r.ok) io.out(r.cells ? r.cells.map((row) => row.map((cell) => printable(shownText(cell, used))).join("\t")).join("\n") : printable(shownText(r, used)));
    else {
      failed = true;
      io.out(`${shownText(r, used)}: ${printable(r.error!.message)}`);
    }
  }
  return failed ? 1 : 0;
}

function help(io: Io): number {
  io.out(USAGE);
  return 0;
}

interface Parsed<F extends string, V extends string> {
  flags: Set<F>;
  values: Partial<Record<V, string>>;
  /** The options that may be given more than once (--wert, --quelle), in their order. */
  lists: Record<Repeatable, string[]>;
  files: string[];
}

/** Options that may be repeated; every other option given twice is refused rather than one of them silently winning. */
const REPEATABLE = ["wert", "quelle"] as const;
type Repeatable = (typeof REPEATABLE)[number];

/**
 * A command's arguments: its flags, its options with a value, and the files
 * (for eval: the formulas). Every argument starting with "--" is an option;
 * after "--" alone, every argument is a file or formula. "hilfe" for --help;
 * undefined after a usage error, which is already reported.
 */
function parseArgs<F extends string, V extends string>(args: string[], flags: readonly F[], valued: readonly V[], io: Io): Parsed<F, V> | "hilfe" | undefined {
  const out: Parsed<F, V> = { flags: new Set<F>(), values: {}, lists: { wert: [], quelle: [] }, files: [] };
  const known = new Set<string>([...flags, ...valued].map((n) => `--${n}`));
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.slice(2);
    if (onlyFiles || !a.startsWith("--")) out.files.push(a);
    else if (a === "--") onlyFiles = true;
    else if (a === "--help") return "hilfe";
    else if ((flags as readonly string[]).includes(name)) {
      if (out.flags.has(name as F)) {
        io.err(`${a} ist zweimal angegeben.`);
        return undefined;
      }
      out.flags.add(name as F);
    }
    else if ((valued as readonly string[]).includes(name)) {
      const value = args[++i];
      if (value === undefined || known.has(value)) {
        io.err(`${a}: Wert fehlt${value === undefined ? "" : ` (es folgt die Option ${value})`}.`);
        return undefined;
      }
      if ((REPEATABLE as readonly string[]).includes(name)) out.lists[name as Repeatable].push(value);
      else if (out.values[name as V] !== undefined) {
        io.err(`${a} ist zweimal angegeben ("${out.values[name as V]}" und "${value}"); welcher gelten soll, bleibt sonst offen.`);
        return undefined;
      } else out.values[name as V] = value;
    } else {
      const eq = a.indexOf("=");
      const option = a.slice(0, eq);
      const hint =
        eq > 2 && (flags as readonly string[]).includes(option.slice(2))
          ? ` ${option} nimmt keinen Wert.`
          : eq > 2 && known.has(option)
            ? ` Den Wert mit Leerzeichen abtrennen: ${option} ${a.slice(eq + 1)}.`
            : "";
      const formula = flags.includes("de" as F) ? " Eine Formel, die mit -- beginnt, mit = davor schreiben (=--A1) oder nach -- angeben." : "";
      io.err(`Unbekannte Option "${printable(a)}".${hint}${formula}\n\n${USAGE}`);
      return undefined;
    }
  }
  return out;
}

/** Runs a command on workbooks; unusable input or output ends with its German message and exit 2. */
async function onWorkbooks(io: Io, task: () => Promise<number>): Promise<number> {
  try {
    return await task();
  } catch (e) {
    if (e instanceof UnusableInput) {
      io.err(printable(e.message));
      return 2;
    }
    throw e;
  }
}

/** The scenario of --wert and --quelle, checked before any workbook is read; undefined after its message. */
function szenarioOf(lists: Record<Repeatable, string[]>, io: Io): Override[] | undefined {
  try {
    return parseWerte(lists.wert, lists.quelle);
  } catch (e) {
    if (e instanceof UnusableInput) {
      io.err(printable(e.message));
      return undefined;
    }
    throw e;
  }
}

async function runRecalc(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, ["json", "streng", "markieren"], ["out", "csv", "bericht", "stichtag", "kv", "wert", "quelle"], io);
  if (parsed === "hilfe") return help(io);
  if (!parsed) return 2;
  const { flags, values, lists, files } = parsed;
  const szenario = szenarioOf(lists, io);
  if (!szenario) return 2;
  const options: RecalcOptions = { ...values, ...(flags.has("markieren") ? { markieren: true } : {}), ...(szenario.length > 0 ? { szenario } : {}) };
  if (files.length !== 1) {
    io.err(`honorar recalc braucht genau eine Arbeitsmappe (.xlsx).\n\n${USAGE}`);
    return 2;
  }
  if (options.markieren && options.out === undefined) {
    io.err("--markieren markiert in der Kopie: dazu gehört --out NEU.xlsx.");
    return 2;
  }
  if (szenario.length > 0 && options.out !== undefined) {
    // The copy would hold results of values its settings do not have: in Excel they would pass for the workbook's own.
    io.err("--wert rechnet ein Szenario, das in keiner Arbeitsmappe steht; eine Kopie mit seinen Ergebnissen (--out) sähe aus wie die Mappe mit eigenen Werten. Ohne --out rechnen (Bericht, CSV, JSON nennen das Szenario) oder den Wert im Aufgabenbereich als eigenen Wert setzen.");
    return 2;
  }
  return onWorkbooks(io, async () => {
    const result = await recalc(files[0], options);
    if (flags.has("json")) for (const chunk of jsonChunks(result)) io.out(chunk);
    else report(result).forEach((line) => io.out(line));
    return exitStatus(result, flags.has("streng"));
  });
}

async function runDiff(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, ["json"], ["csv", "bericht", "stichtag", "kv", "wert", "quelle"], io);
  if (parsed === "hilfe") return help(io);
  if (!parsed) return 2;
  const { flags, values, lists, files } = parsed;
  const szenario = szenarioOf(lists, io);
  if (!szenario) return 2;
  const options = { ...values, ...(szenario.length > 0 ? { szenario } : {}) };
  if (files.length !== 2) {
    io.err(`honorar diff braucht genau zwei Arbeitsmappen: die alte und die neue Fassung.\n\n${USAGE}`);
    return 2;
  }
  return onWorkbooks(io, async () => {
    const result = await diff(files[0], files[1], options);
    if (flags.has("json")) for (const chunk of diffJsonChunks(result)) io.out(chunk);
    else diffReport(result).forEach((line) => io.out(line));
    return diffExitStatus(result);
  });
}

function runDaten(args: string[], io: Io): number {
  const parsed = parseArgs(args, ["json", "alle"], ["ab"], io);
  if (parsed === "hilfe") return help(io);
  if (!parsed) return 2;
  if (parsed.files.length > 0) {
    io.err(`honorar daten nimmt keine Datei, nur --json, --alle und --ab.\n\n${USAGE}`);
    return 2;
  }
  const ab = parsed.values.ab;
  let d;
  try {
    d = datenstatus(ab === undefined ? todayIso() : parseStichtag(/^\d+$/.test(ab) ? Number(ab) : ab));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    io.err(`--ab: ${e.message}`);
    return 2;
  }
  if (parsed.flags.has("json")) io.out(datenJson(d));
  else datenReport(d, parsed.flags.has("alle")).forEach((line) => io.out(line));
  return 0;
}

/** Inside the worker: run, then hand the exit status to the main thread. */
function inWorker(): void {
  void Promise.resolve(
    run(process.argv.slice(2), {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
      stdin: () => readFileSync(0, "utf8"),
    }),
  ).then(
    (code) => parentPort!.postMessage({ exit: code }),
    (e: unknown) => {
      process.stderr.write(`Interner Fehler: ${e instanceof Error ? e.message : String(e)}\n`);
      parentPort!.postMessage({ exit: 3 });
    },
  );
}

if (!isMainThread && (workerData as { honorarCli?: boolean } | undefined)?.honorarCli) inWorker();
