import fs from "fs";
import path from "path";
import vm from "vm";
import ebmJson from "../src/data/ebm.json";
import { RawSeries } from "../src/data/types";
import { todayIso } from "../src/engine/dates";
import { PRAXIS } from "../src/api/praxis";
import { applyOverrides } from "../src/data/overrides";
import { RAW } from "../src/data/tables";
import { tablesHash } from "../src/data/datenstand";
import { fakeDocument } from "./vm-bundle";

/*
 * Excel's shared runtime runs the functions and the task pane on one page. The
 * built chunks are loaded here in one VM, in the order of taskpane.html, with
 * Office faked: the settings the task pane restores from the workbook must be
 * the ones the bound functions see (one module instance, not two copies).
 */
const DIST = path.join(__dirname, "..", "dist");

class FakeError {
  constructor(readonly code: string, readonly message?: string) {}
}

function load(stored: Record<string, unknown>) {
  const bound = new Map<string, (...a: unknown[]) => unknown>();
  const calculations: string[] = [];
  let ready: (() => void) | undefined;
  const sandbox: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    CustomFunctions: {
      associate: (id: string, fn: (...a: unknown[]) => unknown) => bound.set(id, fn),
      Error: FakeError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    },
    Office: {
      onReady: (cb: () => void) => {
        ready = cb;
      },
      context: {
        document: {
          settings: {
            get: (k: string) => (k in stored ? stored[k] : null),
            set: (k: string, v: unknown) => (stored[k] = v),
            remove: (k: string) => delete stored[k],
            saveAsync: (cb?: (r: { status: string }) => void) => cb?.({ status: "succeeded" }),
          },
        },
      },
    },
    Excel: {
      CalculationType: { full: "Full" },
      run: async (batch: (c: unknown) => Promise<unknown>) =>
        batch({ workbook: { functions: { date: () => ({ value: 1462, load() {} }) }, application: { calculate: (t: string) => calculations.push(t) } }, sync: async () => undefined }),
    },
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  const chunks: string[] = [];
  // A page without the task pane's elements (the pane not shown), where chunks still load.
  sandbox.document = { ...(fakeDocument(sandbox, chunks) as object), getElementById: () => null, addEventListener() {} };
  const context = vm.createContext(sandbox);
  for (const file of ["runtime.js", "shared.js", "functions.js", "taskpane.js"]) {
    vm.runInContext(fs.readFileSync(path.join(DIST, file), "utf8"), context, { filename: file });
  }
  const start = async () => {
    ready!();
    // Let the restore and the recalculation (promises) finish.
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  };
  return { bound, calculations, start, chunks };
}

function shipped(date: string, series = ebmJson.orientierungswert as RawSeries): number {
  const entry = [...series.values].reverse().find((e) => e.valid_from <= date)!;
  return Number(entry.value);
}

test("settings the task pane restores are the ones the bound functions use", async () => {
  const { bound, calculations, start } = load({ "honorar.stichtag": "2016-01-01", "honorar.kv": "NO" });
  // Before the runtime is ready the defaults hold: today (read on a GOP's points, which exist on any day).
  const punkte = ebmJson.gops.find((g) => g.gop === "35401")!.punkte as RawSeries;
  expect(bound.get("EBM_PUNKTE")!(35401, null)).toBe(shipped(todayIso(), punkte));
  await start();
  expect(bound.get("EBM_PUNKTWERT")!(null)).toBe(shipped("2016-01-01"));
  expect(bound.get("ABSTAFFELUNG")!(4725, 3150, null, 2011, null)).toBe(PRAXIS.ABSTAFFELUNG.run([4725, 3150, "KVNO", 2011]));
  expect(calculations).toEqual(["Full"]);
});

test("stored overrides reach the functions; tampered ones make them #VALUE!", async () => {
  const ok = load({ "honorar.overrides": JSON.stringify([{ series: "ebm.orientierungswert", valid_from: "2016-01-01", value: "10.5", quelle: "Test" }]) });
  await ok.start();
  expect(ok.bound.get("EBM_PUNKTWERT")!(2016)).toBe(10.5);
  expect(ok.bound.get("EBM_PUNKTWERT")!(2015)).toBe(shipped("2015-01-01"));

  const bad = load({ "honorar.overrides": "[{" });
  await bad.start();
  let thrown: unknown;
  try {
    bad.bound.get("EBM_PUNKTWERT")!(2016);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(FakeError);
  expect((thrown as FakeError).code).toBe("#VALUE!");
  expect((thrown as FakeError).message).toMatch(/^Gespeicherte Liste eigener Werte der Arbeitsmappe ist ungültig/);
});

test("own values in force when the texts arrive stay in force, and are cited and hashed", async () => {
  const overrides = [{ series: "ebm.orientierungswert", valid_from: "2016-01-01", value: "10.5", quelle: "Rundschreiben der KV, Test" }];
  const book = load({ "honorar.overrides": JSON.stringify(overrides) });
  await book.start();
  expect(book.chunks).toEqual([]);
  expect(book.bound.get("EBM_PUNKTWERT")!(2016)).toBe(10.5);
  const zitat = await book.bound.get("QUELLE")!("ebm.orientierungswert", 2016);
  expect(zitat).toMatch(/^Orientierungswert: 10,5 ct\/Punkt, gültig ab 01\.01\.2016 .*Quelle: Eigener Wert der Arbeitsmappe: Rundschreiben der KV, Test/);
  expect(book.bound.get("EBM_PUNKTWERT")!(2016)).toBe(10.5);
  const hash = tablesHash(applyOverrides(RAW, overrides));
  expect(await book.bound.get("DATENSTAND")!()).toContain(hash);
  expect(book.chunks).toHaveLength(1);
});
