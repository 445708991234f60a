import { OfficeMockObject } from "office-addin-mock";
import ebmJson from "../src/data/ebm.json";
import { activeRaw, RAW, tables } from "../src/data/tables";
import { RawSeries } from "../src/data/types";
import { todayIso } from "../src/engine/dates";
import { Step } from "../src/engine/trace";
import { PRAXIS } from "../src/api/praxis";
import { checkOverrides, getSettings, resetSettings, settingsProblems, SETTINGS_KEYS, setSettings } from "../src/settings/settings";
import { changeSettings, ExcelApi, startWorkbook } from "../src/taskpane/workbook";
import { praxis, praxisError } from "./helpers";

/*
 * The workbook's settings with Office faked by office-addin-mock: what the task
 * pane writes, what the shared runtime restores, and that a stored value which
 * does not read gives an error in the formulas that depend on it.
 */

interface Fake {
  store: Record<string, unknown>;
  saves: number;
  calculations: string[];
  doc: OfficeMockObject;
  excel: ExcelApi;
}

/** `dateOf1904`: what Excel's DATE(1904;1;1) gives in the workbook (0 in the 1904 date system, 1462 in the 1900 system); null: a host without the probe. */
function fakeOffice(stored: Record<string, unknown> = {}, dateOf1904: number | null = 1462): Fake {
  const f = { store: { ...stored }, saves: 0, calculations: [] as string[] } as Fake;
  f.doc = new OfficeMockObject({
    get: (name: string) => (name in f.store ? f.store[name] : null),
    set: (name: string, value: unknown) => {
      f.store[name] = value;
    },
    remove: (name: string) => {
      delete f.store[name];
    },
    saveAsync: (cb?: (r: { status: string }) => void) => {
      f.saves++;
      cb?.({ status: "succeeded" });
    },
  });
  const functions = dateOf1904 === null ? {} : { functions: { date: () => ({ value: dateOf1904, load() {} }) } };
  const context = new OfficeMockObject({ workbook: { application: { calculate: (type: string) => f.calculations.push(type) }, ...functions } });
  f.excel = Object.assign(new OfficeMockObject({ run: async (batch: (c: unknown) => Promise<unknown>) => batch(context) }), {
    CalculationType: { full: "Full" as const },
  }) as unknown as ExcelApi;
  return f;
}

/** The value a series of the shipped data file holds on a date, read from the JSON itself. */
function shipped(series: RawSeries, date: string): number {
  const entry = [...series.values].reverse().find((e) => e.valid_from <= date)!;
  return Number(entry.value);
}

afterEach(() => resetSettings());

test("defaults: no stored choice means today's Stichtag and no KV", async () => {
  const f = fakeOffice();
  expect(await startWorkbook(f.doc as never, f.excel)).toEqual([]);
  expect(getSettings()).toEqual({});
  expect(f.calculations).toEqual([]);
  // Points hold until changed, so there is a value on any day (the Orientierungswert ends with the last year in the tables).
  const punkte = ebmJson.gops.find((g) => g.gop === "35401")!.punkte as RawSeries;
  expect(praxis("EBM_PUNKTE", 35401)).toBe(shipped(punkte, todayIso()));
  expect(praxisError("ABSTAFFELUNG", 4725, 3150).message).toMatch(/KV fehlt/);
});

test("a change is saved in the workbook, recalculated in full, and restored when the workbook opens", async () => {
  const f = fakeOffice();
  await changeSettings({ stichtag: "2016-01-01", kv: "NO" }, f.doc as never, f.excel);
  expect(f.store).toEqual({ [SETTINGS_KEYS.stichtag]: "2016-01-01", [SETTINGS_KEYS.kv]: "NO" });
  expect(f.saves).toBe(1);
  expect(f.calculations).toEqual(["Full"]);

  resetSettings();
  expect(praxisError("ABSTAFFELUNG", 4725, 3150).message).toMatch(/KV fehlt/);
  const reopened = fakeOffice(f.store);
  expect(await startWorkbook(reopened.doc as never, reopened.excel)).toEqual([]);
  expect(reopened.calculations).toEqual(["Full"]);
  expect(getSettings()).toEqual({ stichtag: "2016-01-01", kv: "NO" });
  // Formulas without stichtag/kv follow the restored choice.
  expect(praxis("EBM_PUNKTWERT")).toBe(shipped(ebmJson.orientierungswert as RawSeries, "2016-01-01"));
  expect(praxis("EBM_PUNKTWERT")).not.toBe(praxis("EBM_PUNKTWERT", 2026));
  setSettings({ stichtag: "2011-06-30" });
  expect(praxis("ABSTAFFELUNG", 4725, 3150)).toBe(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", "30.06.2011"));
});

describe("the workbook's date system", () => {
  // 01.07.2023 is serial 45108 in the 1900 system and 1462 less in the 1904 system; 35150 was 709 points × 11,4915 ct = 81,47 € then (seed 003).
  const JULI_2023_1904 = 45108 - 1462;

  test("a 1904 workbook: dates in cells are read in its system, and the cells computed before are recalculated", async () => {
    const f = fakeOffice({}, 0);
    expect(await startWorkbook(f.doc as never, f.excel)).toEqual([]);
    expect(f.calculations).toEqual(["Full"]);
    expect(praxis("EBM_HONORAR", 35150, JULI_2023_1904)).toBe(81.47);
    expect(praxis("WB_DEFIZIT", [["preset", "DPtV-2023-gedruckt"], ["stichtag", JULI_2023_1904]])).toEqual(praxis("WB_DEFIZIT", [["preset", "DPtV-2023-gedruckt"], ["stichtag", "2023-07-01"]]));
  });

  test("a 1900 workbook needs no recalculation; the same serial is another day there", async () => {
    const f = fakeOffice({}, 1462);
    await startWorkbook(f.doc as never, f.excel);
    expect(f.calculations).toEqual([]);
    expect(praxis("EBM_HONORAR", 35150, 45108)).toBe(81.47);
    expect(praxis("EBM_HONORAR", 35150, JULI_2023_1904)).not.toBe(81.47);
  });

  test("a host without the probe keeps the 1900 system", async () => {
    const f = fakeOffice({}, 0);
    await startWorkbook(f.doc as never, f.excel);
    const plain = fakeOffice({}, null);
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await startWorkbook(plain.doc as never, plain.excel);
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
    expect(praxis("EBM_HONORAR", 35150, 45108)).toBe(81.47);
  });
});

test("a KV given by any accepted spelling is kept as its id", () => {
  setSettings({ kv: "Kassenärztliche Vereinigung Nordrhein" });
  expect(getSettings().kv).toBe("NO");
  expect(() => setSettings({ kv: "Atlantis" })).toThrow(/keine der 17 KVen/);
  expect(getSettings().kv).toBe("NO");
});

test("choosing no KV and today removes the stored values", async () => {
  const f = fakeOffice({ [SETTINGS_KEYS.stichtag]: "2016-01-01", [SETTINGS_KEYS.kv]: "NO" });
  await startWorkbook(f.doc as never, f.excel);
  await changeSettings({ stichtag: undefined, kv: undefined }, f.doc as never, f.excel);
  expect(f.store).toEqual({});
});

test.each([
  ["stichtag", "2016-13-45", "EBM_PUNKTWERT", [], /^Gespeicherter Stichtag der Arbeitsmappe ist ungültig: "2016-13-45"/],
  ["stichtag", 2016, "EBM_PUNKTWERT", [], /^Gespeicherter Stichtag der Arbeitsmappe ist ungültig: 2016/],
  ["kv", "XX", "ABSTAFFELUNG", [4725, 3150, null, 2011], /^Gespeicherte KV der Arbeitsmappe ist ungültig: "XX"/],
  ["kv", { id: "NO" }, "ABSTAFFELUNG", [4725, 3150, null, 2011], /^Gespeicherte KV der Arbeitsmappe ist ungültig/],
] as const)("a tampered %s (%p) gives #VALUE! in formulas that rely on it, never a default", async (key, value, fn, args, msg) => {
  const f = fakeOffice({ [SETTINGS_KEYS[key]]: value });
  const problems = await startWorkbook(f.doc as never, f.excel);
  expect(problems).toHaveLength(1);
  const err = praxisError(fn, ...(args as unknown as never[]));
  expect(err.kind).toBe("wert");
  expect(err.message).toMatch(msg);
  // An explicit argument does not depend on the stored value.
  if (key === "stichtag") expect(praxis("EBM_PUNKTWERT", 2016)).toBe(shipped(ebmJson.orientierungswert as RawSeries, "2016-01-01"));
  else expect(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2011)).toBeGreaterThan(3150);
  // Choosing again in the pane repairs it.
  await changeSettings(key === "stichtag" ? { stichtag: "2016-01-01" } : { kv: "NO" }, f.doc as never, f.excel);
  expect(settingsProblems()).toEqual({});
  expect(() => PRAXIS[fn].run(args as unknown as never)).not.toThrow();
});

const QUOTE = { series: "kv.NO.quote", valid_from: "2020-01-01", value: "0.9", quelle: "Rundschreiben KV Nordrhein 1/2020 (Beispiel)" };

test("an override fills a gap in the tables, carries the user's source and status \"override\", and enters the raw data", async () => {
  expect(praxisError("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020).kind).toBe("nv");
  const before = JSON.stringify(activeRaw());
  const f = fakeOffice();
  await changeSettings({ overrides: [QUOTE] }, f.doc as never, f.excel);
  expect(JSON.parse(f.store[SETTINGS_KEYS.overrides] as string)).toEqual([QUOTE]);
  expect(f.calculations).toEqual(["Full"]);
  // Same result as passing the quota as an argument.
  expect(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020)).toBe(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020, 0.9));
  const trace: Step[] = [];
  PRAXIS.ABSTAFFELUNG.run([4725, 3150, "KVNO", 2020], trace);
  const step = trace.find((s) => s.eintrag?.status === "override")!;
  expect(step.eintrag!.source.titel).toBe(QUOTE.quelle);
  expect(step.wert).toBe("0.9");
  expect(JSON.stringify(activeRaw())).not.toBe(before);
  expect(RAW.praxis.kvs.find((k) => k.id === "NO")!.quote.values.some((e) => e.status === "override")).toBe(false);

  resetSettings();
  expect(praxisError("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020).kind).toBe("nv");
  await startWorkbook(fakeOffice(f.store).doc as never, undefined);
  expect(tables().kvs.find((k) => k.id === "NO")!.quote.at("2020-01-01")!.status).toBe("override");
});

test("an override on a date the series has replaces that entry", () => {
  const shippedValue = shipped(ebmJson.orientierungswert as RawSeries, "2026-01-01");
  setSettings({ overrides: [{ series: "ebm.orientierungswert", valid_from: "2026-01-01", value: "13", quelle: "Erwarteter Beschluss" }] });
  expect(praxis("EBM_PUNKTWERT", 2026)).toBe(13);
  expect(praxis("EBM_PUNKTWERT", 2026)).not.toBe(shippedValue);
  expect(tables().orientierungswert.entries.filter((e) => e.valid_from === "2026-01-01")).toHaveLength(1);
});

test.each([
  [{ ...QUOTE, series: "kv.XX.quote" }, /Reihe unbekannt/],
  [{ ...QUOTE, value: "0,9 %" }, /keine Dezimalzahl/],
  [{ ...QUOTE, valid_from: "2020-02-30" }, /kein Datum/],
  [{ ...QUOTE, quelle: "  " }, /Quelle fehlt/],
])("an invalid override %p is refused and changes nothing", (o, msg) => {
  setSettings({ overrides: [QUOTE] });
  expect(() => setSettings({ overrides: [o] })).toThrow(msg);
  expect(getSettings().overrides).toEqual([QUOTE]);
  expect(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020)).toBe(praxis("ABSTAFFELUNG", 4725, 3150, "KVNO", 2020, 0.9));
});

test.each([["kein JSON"], [JSON.stringify({ series: "x" })], [JSON.stringify([{ ...QUOTE, value: "abc" }])]])(
  "tampered stored overrides %p: every formula gives #VALUE!, the shipped tables are not silently used",
  async (stored) => {
    await startWorkbook(fakeOffice({ [SETTINGS_KEYS.overrides]: stored }).doc as never, undefined);
    expect(() => checkOverrides()).toThrow(/^Gespeicherte Liste eigener Werte der Arbeitsmappe ist ungültig/);
  },
);
