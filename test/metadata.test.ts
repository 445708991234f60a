import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import fs from "fs";
import path from "path";
import { PRAXIS } from "../src/api/praxis";

/*
 * Excel's metadata comes from the JSDoc in functions.ts. The standalone
 * generator exits 0 even on errors, so the API is called and its errors read.
 */
const SOURCE = path.join(__dirname, "..", "src", "functions", "functions.ts");
const EXPECTED = [
  "EBM_HONORAR", "EBM_PUNKTE", "EBM_PUNKTWERT", "EBM_PRUEFZEIT", "EBM_VERLAUF", "STICHTAG_VERGLEICH", "GOAE_BETRAG", "GOAE_PUNKTE", "GOAE_BEGRUENDUNG",
  "ABSTAFFELUNG", "KAPAZITAETSGRENZE", "KAPAZITAET_SITZUNGEN", "KAPAZITAET_MINUTEN", "HONORAR_WOCHE", "HONORAR_JAHR", "HONORAR_ZEITRAUM",
  "PKV_ERSTATTUNG", "PKV_EIGENANTEIL", "STRUKTURZUSCHLAG", "WB_DEFIZIT", "SOZIOTHERAPIE_HONORAR", "FALLMANAGEMENT_HONORAR",
  "STRUKTURZUSCHLAG_ZEITRAUM", "PREISBEREINIGT", "KOSTENTRAEGER_VERGLEICH",
  "ERKLAERUNG", "QUELLE", "DATENSTAND", "EBM_EXTRABUDGETAER",
];

interface Meta {
  functions: {
    id: string;
    name: string;
    description: string;
    parameters: { name: string; description: string; optional?: boolean; dimensionality?: string }[];
    result: { type: string };
  }[];
}

let meta: Meta;
beforeAll(async () => {
  const r = await generateCustomFunctionsMetadata([SOURCE]);
  expect(r.errors).toEqual([]);
  meta = JSON.parse(r.metadataJson);
}, 30_000);

test("generates without errors and lists every function", () => {
  expect(meta.functions.map((f) => f.id)).toEqual(EXPECTED);
  for (const f of meta.functions) {
    expect(f.name).toBe(f.id);
    expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]{2,}$/);
  }
});

test("every function and parameter has a German description", () => {
  for (const f of meta.functions) {
    expect(f.description.length).toBeGreaterThan(20);
    for (const p of f.parameters) expect(p.description.length).toBeGreaterThan(5);
  }
});

test("the JSDoc signatures agree with the engine's catalogue (names, order, required count)", () => {
  for (const f of meta.functions) {
    const def = PRAXIS[f.id];
    expect(f.parameters.map((p) => p.name)).toEqual(def.params);
    expect(f.parameters.filter((p) => !p.optional).length).toBe(def.required);
    expect(f.parameters.filter((p) => p.dimensionality === "matrix").map((p) => p.name)).toEqual(def.ranges ?? []);
  }
  expect(Object.keys(PRAXIS).sort()).toEqual([...EXPECTED].sort());
});

test("the built functions.json is the generated metadata", () => {
  const built = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "dist", "functions.json"), "utf8"));
  expect(built).toEqual(meta);
});
