import { createHash } from "crypto";
import { readFileSync } from "fs";
import path from "path";
import { EXAMPLES, handMade, honorar, recalcJson, ROOT } from "./workbooks";

/*
 * Every recalc run says what it used, so that an auditor can cite it and rerun
 * it: tool version, the data edition as DATENSTAND() shows it for this workbook,
 * the file's SHA-256, the effective Stichtag and KV with their origin, the date
 * system, the time, and each own value of the workbook.
 */
interface Provenance {
  werkzeug: { name: string; version: string; commit?: string };
  datenstand: string;
  datei: { name: string; bytes: number; sha256: string };
  stichtag: { datum: string; herkunft: string };
  kv: { id?: string; name?: string; herkunft: string };
  datumssystem: number;
  zeitpunkt: string;
  eigeneWerte: { reihe: string; gueltigAb: string; wert: string; einheit?: string; quelle: string }[];
}

function provenanceOf(file: string, ...args: string[]): Provenance {
  const r = honorar(["recalc", file, "--json", ...args]);
  return (JSON.parse(r.stdout) as { provenance: Provenance }).provenance;
}

const SEED_002 = path.join(EXAMPLES, "seed-002-privatrechnung.xlsx");

test("the file is named with its size and SHA-256, the tool with the version of package.json", () => {
  const p = provenanceOf(SEED_002);
  const bytes = readFileSync(SEED_002);
  expect(p.datei).toEqual({ name: SEED_002, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  expect(p.werkzeug.name).toBe("honorar");
  expect(p.werkzeug.version).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  if (p.werkzeug.commit !== undefined) expect(p.werkzeug.commit).toMatch(/^[0-9a-f]{40}$/);
  expect(p.datumssystem).toBe(1900);
  expect(Date.now() - Date.parse(p.zeitpunkt)).toBeLessThan(10 * 60 * 1000);
});

test("the effective Stichtag is a date with its origin: workbook, command line, or today", async () => {
  expect(provenanceOf(SEED_002).stichtag).toEqual({ datum: "2025-01-01", herkunft: "Arbeitsmappe" });
  expect(provenanceOf(SEED_002, "--stichtag", "3/2023").stichtag).toEqual({ datum: "2023-07-01", herkunft: "Befehlszeile" });
  const bare = await handMade("ohne-einstellungen.xlsx", { Tabelle1: `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>` });
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  expect(provenanceOf(bare).stichtag).toEqual({ datum: today, herkunft: "heute" });
  expect(provenanceOf(bare).kv).toEqual({ herkunft: "keine" });
  expect(provenanceOf(bare, "--kv", "KVNO").kv).toEqual({ id: "NO", name: "Nordrhein", herkunft: "Befehlszeile" });
});

test("own values are listed one by one, and the data edition is the text DATENSTAND() gives in that workbook", async () => {
  const own = [{ series: "ebm.orientierungswert", valid_from: "2027-01-01", value: "12.7", quelle: "Rundschreiben der KBV (Annahme für die Planung)" }];
  const file = await handMade(
    "eigene-werte.xlsx",
    { Tabelle1: `<row r="1"><c r="A1" t="str"><f>_xldudf_PRAXIS_DATENSTAND()</f><v>?</v></c><c r="B1"><f>_xldudf_PRAXIS_EBM_PUNKTWERT(2027)</f><v>12.7</v></c></row>` },
    { "honorar.overrides": JSON.stringify(JSON.stringify(own)), "honorar.stichtag": JSON.stringify("2027-02-01") },
  );
  const { result } = recalcJson(file);
  const p = (result as unknown as { provenance: Provenance }).provenance;
  expect(p.eigeneWerte).toEqual([{ reihe: "ebm.orientierungswert", gueltigAb: "2027-01-01", wert: "12.7", einheit: "ct/Punkt", quelle: own[0].quelle }]);
  const datenstandCell = result.cells.find((c) => c.address === "A1")!;
  expect(datenstandCell.recomputed).toBe(p.datenstand);
  expect(p.datenstand).toMatch(/^Ausgabe \d\d\.\d\d\.\d{4}, mit 1 eigenen Wert der Arbeitsmappe, SHA-256 [0-9a-f]{64}$/);
  // The own value is the one in force: the 2027 Orientierungswert exists only through it.
  expect(result.cells.find((c) => c.address === "B1")!.status).toBe("match");
  const text = honorar(["recalc", file]).stdout;
  expect(text).toContain("Herkunft des Laufs:");
  expect(text).toContain(`ebm.orientierungswert ab 01.01.2027: 12.7 ct/Punkt; Quelle: ${own[0].quelle}`);
  expect(text).toContain(p.datenstand);
});
