import fs from "fs";
import path from "path";
import { PRAXIS } from "../src/api/praxis";
import { DIST, FakeError, loadFunctionsBundle } from "./vm-bundle";

/*
 * The bundle Excel loads, run in Node's vm with a fake CustomFunctions: every
 * id in functions.json must be bound, and calling through the metadata's
 * parameter order must give the engine's answer or the right Excel error.
 */
const { bound, duplicates, meta } = loadFunctionsBundle();

test("every id in functions.json is bound exactly once, and nothing else", () => {
  expect(duplicates).toEqual([]);
  expect([...bound.keys()].sort()).toEqual(meta.functions.map((f) => f.id).sort());
});

test("the taskpane page loads runtime, shared chunk and functions before the task pane", () => {
  const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const order = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]);
  expect(order.filter((s) => !s.startsWith("https://"))).toEqual(["runtime.js", "shared.js", "functions.js", "taskpane.js"]);
});

const CALLS: Record<string, Record<string, unknown>[]> = {
  EBM_HONORAR: [{ gop: 35401, stichtag: 2023, anzahl: 2 }, { gop: "35150", stichtag: "2024Q3" }],
  EBM_PUNKTE: [{ gop: 35401, stichtag: "2/2026" }],
  EBM_PUNKTWERT: [{ stichtag: 2016 }],
  EBM_PRUEFZEIT: [{ gop: 35421, stichtag: 2023 }],
  EBM_VERLAUF: [{ gop: 35401, von: "1/2025", bis: "4/2026" }],
  STICHTAG_VERGLEICH: [{ funktion: "EBM_HONORAR", stichtag_alt: 2023, stichtag_neu: "2/2026", argumente: [[[35401]]] }],
  GOAE_BETRAG: [{ ziffer: 812, faktor: 2.3 }, { ziffer: 870, faktor: "Basistarif", anzahl: 30 }, { ziffer: 870, faktor: 3.8, anzahl: 1, abdingung: true }],
  GOAE_PUNKTE: [{ ziffer: "812a" }],
  GOAE_BEGRUENDUNG: [{ ziffer: 870, faktor: 2.5 }],
  ABSTAFFELUNG: [{ menge: 4725, grenze: 3150, kv: "KVNO", stichtag: 2011 }],
  KAPAZITAETSGRENZE: [{ versorgungsauftrag: 0.5, ngl_minuten: 4000 }, {}],
  KAPAZITAET_SITZUNGEN: [{ minuten: 27090 }],
  KAPAZITAET_MINUTEN: [{ sitzungen_pro_woche: 18 }],
  HONORAR_WOCHE: [{ sitzungen: 40, anteil_gp: 0.9, honorar_gp: 81, honorar_ngp: 57 }],
  HONORAR_JAHR: [{ wochenhonorar: 2240 }],
  HONORAR_ZEITRAUM: [{ sitzungen_pro_woche: 30, von: 2026, bis: 2026 }, { sitzungen_pro_woche: 20, von: "15.02.2026", bis: "2/2026", anteil_gp: 0.8, honorar_gp: 110, honorar_ngp: 80 }],
  // Excel hands matrix parameters over as rows of cells, a single cell as [[v]].
  PKV_ERSTATTUNG: [{ ziffer: [[870], ["801a"]], faktor: [[2.3]], anzahl: [[4]], quote: 0.9 }],
  PKV_EIGENANTEIL: [{ ziffer: [[870]], faktor: [[2.3]], anzahl: [[30]], max_faktor: "Basistarif" }],
  SOZIOTHERAPIE_HONORAR: [{ stunden: 130 }],
  FALLMANAGEMENT_HONORAR: [{ minuten: 1000, stundensatz: 60, verlaengert: true }],
  STRUKTURZUSCHLAG_ZEITRAUM: [{ sitzungen_pro_woche: 30, von: 2026, bis: 2026 }, { sitzungen_pro_woche: 20, von: "15.02.2026", bis: "2/2026", versorgungsauftrag: 0.5, regel: "DPtV-2023" }],
  KOSTENTRAEGER_VERGLEICH: [{ gop: 35421, goae_ziffer: 870, anzahl: 25, stichtag: "01.05.2026" }, { gop: "35421", goae_ziffer: "870", anzahl: 1, stichtag: 2025, faktor: 3.5, beihilfe_quote: 0.7 }],
  PREISBEREINIGT: [{ betrag: 100, von_jahr: 2013 }, { betrag: -5000, von_jahr: "2020", bis_jahr: 2022 }],
  STRUKTURZUSCHLAG: [{ sitzungen_pro_woche: 42, stichtag: 2023 }, { sitzungen_pro_woche: 20, stichtag: 2023, versorgungsauftrag: 0.5, regel: "DPtV-2023" }],
  WB_DEFIZIT: [
    { annahmen: [["DPtV-2023-gedruckt"]] },
    { annahmen: [["preset", "DPtV-2023"], ["umfang", 0.5]], ergebnis: "Monat" },
    { annahmen: [["DPtV-2023"]], ergebnis: "Aufstellung" },
  ],
  // A repeating parameter arrives as one array of its arguments, each a range ([[v]] for a single value).
  ERKLAERUNG: [{ funktion: "EBM_HONORAR", argumente: [[[35401]], [[2023]]] }, { funktion: "PKV_ERSTATTUNG", argumente: [[[870], ["801a"]], [[2.3]], [[4]]] }, { funktion: "DATENSTAND" }, { funktion: "WB_DEFIZIT", argumente: [[["DPtV-2023"]]] }],
  QUELLE: [{ schluessel: "ebm.orientierungswert", stichtag: 2025 }],
  // The data hash of the bundled tables is the one the CLI computes: same data, same hash.
  DATENSTAND: [{}],
  EBM_EXTRABUDGETAER: [{ gop: 35150, stichtag: 2012 }, { gop: "35163", stichtag: "4/2021" }],
};

test.each(meta.functions.map((f) => [f.id, f] as const))("%s called in metadata order gives the engine's answer", async (id, f) => {
  for (const named of CALLS[id]) {
    // Excel passes null for omitted optional arguments.
    const args = f.parameters.map((p) => (p.name in named ? named[p.name] : null));
    const repeating = f.parameters.findIndex((p) => (p as { repeating?: boolean }).repeating);
    const engineArgs = repeating < 0 ? args : [...args.slice(0, repeating), ...((args[repeating] as unknown[] | null) ?? [])];
    const out = PRAXIS[id].run(engineArgs as never);
    // A function declared to return a matrix hands Excel a table even for one value.
    const expected = (f as { result?: { dimensionality?: string } }).result?.dimensionality === "matrix" && !Array.isArray(out) ? [[out]] : out;
    const answer = bound.get(id)!(...args);
    // Functions that show the tables' texts wait for them; every other answer is there at once.
    // (The vm has Promises of its own: a promise is told by its then.)
    expect(typeof (answer as { then?: unknown })?.then === "function").toBe(PRAXIS[id].texte === true);
    expect(await answer).toEqual(expected);
  }
});

describe("the tables' texts, a chunk of their own", () => {
  test("no fee needs them: without the chunk every other function gives the engine's answers and messages", () => {
    const fresh = loadFunctionsBundle();
    for (const f of meta.functions.filter((x) => !PRAXIS[x.id].texte)) {
      for (const named of CALLS[f.id]) {
        const args = f.parameters.map((p) => (p.name in named ? named[p.name] : null));
        // A repeating parameter (STICHTAG_VERGLEICH's arguments) reaches the engine as separate arguments.
        const repeating = f.parameters.findIndex((p) => (p as { repeating?: boolean }).repeating);
        const engineArgs = repeating < 0 ? args : [...args.slice(0, repeating), ...((args[repeating] as unknown[] | null) ?? [])];
        const out = PRAXIS[f.id].run(engineArgs as never);
        const matrix = (f as { result?: { dimensionality?: string } }).result?.dimensionality === "matrix" && !Array.isArray(out);
        expect(fresh.bound.get(f.id)!(...args)).toEqual(matrix ? [[out]] : out);
      }
    }
    // An entry without a value cites its note in the #N/A message: that note travels with the numbers.
    const engine = (() => {
      try {
        return PRAXIS.EBM_PUNKTWERT.run([2027]);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(engine).toMatch(/kein belegter Wert\. .{20,}/);
    expect(() => fresh.bound.get("EBM_PUNKTWERT")!(2027)).toThrow(expect.objectContaining({ code: "#N/A", message: engine }));
    expect(fresh.chunkRequests).toEqual([]);
  });

  test("the first function that shows them requests one chunk, once, from the add-in's folder", async () => {
    const fresh = loadFunctionsBundle();
    const [a, b] = [fresh.bound.get("QUELLE")!("ebm.orientierungswert", 2025), fresh.bound.get("DATENSTAND")!()];
    expect(await a).toBe(PRAXIS.QUELLE.run(["ebm.orientierungswert", 2025]));
    expect(await b).toBe(PRAXIS.DATENSTAND.run([]));
    await fresh.bound.get("ERKLAERUNG")!("EBM_HONORAR", [[[35401]], [[2023]]]);
    expect(fresh.chunkRequests).toHaveLength(1);
    expect(fresh.chunkRequests[0]).toMatch(/^texte\.[0-9a-f]{8}\.js$/);
    expect(fs.existsSync(path.join(DIST, fresh.chunkRequests[0]))).toBe(true);
  });

  test("a failed load is #N/A with the reason, and the next call loads them", async () => {
    const fresh = loadFunctionsBundle({ failChunks: 1 });
    const failed = await (fresh.bound.get("QUELLE")!("ebm.orientierungswert", 2025) as Promise<unknown>).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(fresh.FakeError);
    expect(failed).toMatchObject({ code: "#N/A", message: expect.stringMatching(/^Die Texte der Tabellen \(Quellen, Anmerkungen\) und das Modell von WB_DEFIZIT ließen sich nicht laden: .*texte\.[0-9a-f]{8}\.js.*Bitte neu berechnen\.$/s) });
    // Meanwhile the fees are unaffected.
    expect(fresh.bound.get("EBM_HONORAR")!(35150, 2023, null)).toBe(81.47);
    expect(await fresh.bound.get("QUELLE")!("ebm.orientierungswert", 2025)).toBe(PRAXIS.QUELLE.run(["ebm.orientierungswert", 2025]));
    expect(fresh.chunkRequests).toHaveLength(2);
  });
});

test.each([
  ["EBM_HONORAR", [35401, "gestern", null], "#VALUE!", /Stichtag "gestern"/],
  ["EBM_HONORAR", [99999, 2023, null], "#N/A", /nicht enthalten/],
  ["GOAE_BETRAG", [870, 2.3, -1, null], "#NUM!", undefined],
  ["GOAE_BETRAG", [870, 4, null, null], "#NUM!", undefined],
  ["GOAE_PUNKTE", [null], "#VALUE!", /GOÄ-Nummer fehlt/],
] as const)("%s(%p) throws CustomFunctions.Error %s", (id, args, code, message) => {
  let thrown: unknown;
  try {
    bound.get(id)!(...args);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(FakeError);
  expect((thrown as FakeError).code).toBe(code);
  if (message) expect((thrown as FakeError).message).toMatch(message);
  else expect((thrown as FakeError).message).toBeUndefined();
});

describe("what the functions load, and what only the task pane loads", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundleSize } = require("../bench/bundle");
  const size = bundleSize() as { files: { name: string; bytes: number }[]; bytes: number };
  const fluent = fs.readdirSync(DIST).filter((f) => /^fluent\.[0-9a-f]{8}\.js$/.test(f));

  test("the functions bundle (everything taskpane.html loads up to functions.js) stays within its 150 KB target", () => {
    expect(size.bytes).toBeLessThanOrEqual(150_000);
  });

  test("Fluent UI's web components are a chunk of their own, which only the task pane requests", () => {
    expect(size.files.map((f) => f.name)).toEqual(["runtime.js", "shared.js", "functions.js"]);
    const kb = (file: string) => `${(fs.statSync(path.join(DIST, file)).size / 1000).toFixed(1)} KB`;
    console.log(`Funktions-Bundle ${(size.bytes / 1000).toFixed(1)} KB (${size.files.map((f) => `${f.name} ${kb(f.name)}`).join(", ")}); Aufgabenbereich: taskpane.js ${kb("taskpane.js")}, ${fluent[0]} ${kb(fluent[0])}`);
    expect(fluent).toHaveLength(1);
    // What web components need (custom elements, element internals, adopted style sheets) and names Fluent registers.
    const marks = ["customElements", "attachInternals", "adoptedStyleSheets", "message-bar", "text-input"];
    const has = (file: string) => marks.filter((m) => fs.readFileSync(path.join(DIST, file), "utf8").includes(m));
    for (const f of size.files.map((x) => x.name)) expect([f, has(f)]).toEqual([f, []]);
    // The pane only asks whether the elements are defined (customElements.get), it carries none of them.
    expect(has("taskpane.js")).toEqual(["customElements"]);
    expect(has(fluent[0])).toEqual(marks);
    // The runtime knows the chunk, but only taskpane.js asks for it (webpack's chunk id of "fluent").
    const runtime = fs.readFileSync(path.join(DIST, "runtime.js"), "utf8");
    const id = new RegExp(`(\\d+):"fluent"`).exec(runtime)?.[1];
    expect(id).toBeDefined();
    expect(fs.readFileSync(path.join(DIST, "taskpane.js"), "utf8")).toMatch(new RegExp(`\\.e\\(${id}\\)`));
    for (const f of size.files) expect([f.name, new RegExp(`\\.e\\(${id}\\)`).test(fs.readFileSync(path.join(DIST, f.name), "utf8"))]).toEqual([f.name, false]);
  });

  test("the licence notice of the Fluent chunk names each bundled package at its installed version", () => {
    const notice = fs.readFileSync(path.join(DIST, `${fluent[0]}.LICENSE.txt`), "utf8");
    for (const name of ["@fluentui/web-components", "@microsoft/fast-element", "@fluentui/tokens"]) {
      const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", name, "package.json"), "utf8"));
      expect(notice).toContain(`${name} ${version}`);
    }
    expect(notice).toContain("MIT License");
  });
});
