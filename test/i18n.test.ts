import fs from "fs";
import path from "path";
import { PRAXIS } from "../src/api/praxis";
import { evaluateFormula } from "../src/cli/formula";
import en from "../src/i18n/functions.en.json";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { localize } = require("../scripts/localize-functions");

/*
 * German (functions.json, from the JSDoc) and English (functions-en.json, built
 * from src/i18n/functions.en.json) metadata must describe the same functions
 * with the same parameters, and every catalogue function needs both languages
 * and an example in each syntax.
 */
const DIST = path.join(__dirname, "..", "dist");

interface Param {
  name: string;
  description: string;
  type?: string;
  optional?: boolean;
  dimensionality?: string;
  repeating?: boolean;
}
interface Fn {
  id: string;
  name: string;
  description: string;
  parameters: Param[];
  result: unknown;
  options?: unknown;
}
const read = (file: string): { functions: Fn[] } => JSON.parse(fs.readFileSync(path.join(DIST, file), "utf8"));
const de = read("functions.json");
const english = read("functions-en.json");
const translations = en as Record<string, { description: string; parameters: Record<string, string>; beispiel: string; example: string }>;

const shape = (meta: { functions: Fn[] }) =>
  meta.functions.map((f) => ({ id: f.id, name: f.name, result: f.result, options: f.options, parameters: f.parameters.map(({ description, ...rest }) => rest) }));

test("the German metadata names every function and parameter of the English one, and vice versa, with identical types and options", () => {
  expect(shape(de)).toEqual(shape(english));
  expect(de.functions.length).toBe(Object.keys(PRAXIS).length);
});

test("every description is really translated: no English text equals its German one", () => {
  english.functions.forEach((f, i) => {
    expect(f.description).not.toBe(de.functions[i].description);
    f.parameters.forEach((p, j) => {
      expect(p.description.length).toBeGreaterThan(5);
      expect(p.description).not.toBe(de.functions[i].parameters[j].description);
    });
  });
});

test.each(Object.keys(PRAXIS))("%s has German and English help and an example in both syntaxes", (id) => {
  const german = de.functions.find((f) => f.id === id)!;
  expect(german.description.length).toBeGreaterThan(20);
  const t = translations[id];
  expect(t).toBeDefined();
  expect(Object.keys(t.parameters)).toEqual(PRAXIS[id].params);
  expect(t.beispiel.startsWith(`=PRAXIS.${id}(`)).toBe(true);
  expect(t.example.startsWith(`=PRAXIS.${id}(`)).toBe(true);
  // Both examples are real formulas, and they mean the same.
  const a = evaluateFormula(t.beispiel, "de");
  const b = evaluateFormula(t.example, "en");
  expect(a.error).toBeUndefined();
  expect(a.ok).toBe(true);
  expect(b.value).toEqual(a.value);
});

test("the build refuses a missing, partial or stray translation", () => {
  const meta = { functions: [{ id: "EBM_PUNKTWERT", name: "EBM_PUNKTWERT", description: "d", parameters: [{ name: "stichtag", description: "s" }] }] };
  const full = { EBM_PUNKTWERT: translations.EBM_PUNKTWERT };
  expect(localize(meta, full).functions[0].description).toBe(translations.EBM_PUNKTWERT.description);
  expect(() => localize(meta, {})).toThrow(/EBM_PUNKTWERT: keine englische Beschreibung/);
  expect(() => localize(meta, { EBM_PUNKTWERT: { ...full.EBM_PUNKTWERT, parameters: {} } })).toThrow(/EBM_PUNKTWERT.stichtag/);
  expect(() => localize(meta, { EBM_PUNKTWERT: { ...full.EBM_PUNKTWERT, example: "" } })).toThrow(/"example" fehlt/);
  expect(() => localize(meta, { ...full, NEU: full.EBM_PUNKTWERT })).toThrow(/NEU: Übersetzung ohne Funktion/);
});

test("the manifest points Excel in English at functions-en.json and translates its own strings", () => {
  const xml = fs.readFileSync(path.join(__dirname, "..", "manifest.xml"), "utf8");
  const metadataUrl = /<bt:Url id="Functions.Metadata.Url" DefaultValue="([^"]+)">\s*<bt:Override Locale="en-US" Value="([^"]+)"\/>/.exec(xml);
  expect(metadataUrl?.[1]).toMatch(/\/functions\.json$/);
  expect(metadataUrl?.[2]).toMatch(/\/functions-en\.json$/);
  // Every localisable string with a German default has an English override.
  const strings = [...xml.matchAll(/<bt:String id="([^"]+)" DefaultValue="[^"]*"(\/?)>/g)].filter((m) => m[1] !== "Functions.Namespace");
  expect(strings.length).toBeGreaterThan(3);
  for (const m of strings) expect([m[1], m[2]]).toEqual([m[1], ""]);
});
