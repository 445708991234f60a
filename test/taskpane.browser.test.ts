import fs from "fs";
import path from "path";
import { Page } from "playwright-core";
import { Launched, launchChromium, OFFICE_JS, ROOT, Served, serveDist } from "./browser";
import ebmJson from "../src/data/ebm.json";
import praxisJson from "../src/data/praxis.json";
import sourcesJson from "../src/data/sources.json";
import { RawSeries } from "../src/data/types";
import { todayIso } from "../src/engine/dates";

/*
 * The built task pane in Debian's Chromium (never a downloaded browser), served
 * from dist/ on localhost, with Office faked: the office.js URL is answered by a
 * script that records settings writes and recalculation requests. CI installs
 * the chromium package; without it this test fails rather than skips.
 */
jest.setTimeout(120_000);


// Stands in for office.js: the parts of Office and Excel the add-in uses, recording every call.
const FAKE_OFFICE = `
window.__honorar = { store: {}, sets: [], saves: 0, calculations: [], fns: {} };
(function (h) {
  window.CustomFunctions = {
    associate: function (id, fn) { h.fns[id] = fn; },
    Error: function (code, message) { this.code = code; this.message = message; },
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" }
  };
  window.Office = {
    onReady: function (cb) { var info = { host: "Excel", platform: "OfficeOnline" }; setTimeout(function () { if (cb) cb(info); }, 0); return Promise.resolve(info); },
    context: { displayLanguage: "de-DE", document: { settings: {
      get: function (k) { return k in h.store ? h.store[k] : null; },
      set: function (k, v) { h.store[k] = v; h.sets.push([k, v]); },
      remove: function (k) { delete h.store[k]; h.sets.push([k, null]); },
      saveAsync: function (cb) { h.saves++; if (cb) cb({ status: "succeeded" }); }
    } } }
  };
  window.Excel = {
    CalculationType: { full: "Full", recalculation: "Recalculation" },
    run: function (batch) {
      var ctx = { workbook: { functions: { date: function () { return { value: 1462, load: function () {} }; } }, application: { calculate: function (t) { h.calculations.push(t); } } }, sync: function () { return Promise.resolve(); } };
      return Promise.resolve(batch(ctx));
    }
  };
})(window.__honorar);
`;


interface Recorded {
  store: Record<string, unknown>;
  saves: number;
  calculations: string[];
}

/** The value of a shipped series on a date, as the German pane writes it. */
function shippedDe(series: RawSeries, date: string): string {
  return [...series.values].reverse().find((e) => e.valid_from <= date)!.value!.replace(".", ",");
}

let served: Served;
let base: string;
let chromium: Launched;
let page: Page;
const external: string[] = [];
const own: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  served = await serveDist();
  base = served.base;
  chromium = await launchChromium("honorar-chromium-", { width: 420, height: 1400 });
  page = await chromium.browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "application/javascript", body: FAKE_OFFICE });
    if (url.startsWith(base)) {
      own.push(url.slice(base.length));
      return route.continue();
    }
    external.push(url);
    return route.abort();
  });
  await page.goto(`${base}/taskpane.html`);
  await page.waitForSelector('#werte tr[data-key="ebm.orientierungswert"]', { timeout: 30_000 });
});

afterAll(async () => {
  await chromium?.close();
  await served?.close();
});

const recorded = (): Promise<Recorded> => page.evaluate(() => (window as unknown as { __honorar: Recorded }).__honorar);
const rowText = (key: string) => page.locator(`#werte tr[data-key="${key}"]`).innerText();

test("each value is shown with its source, whose text arrives as a chunk of its own after the functions", async () => {
  const ow = ebmJson.orientierungswert as RawSeries;
  const entry = [...ow.values].reverse().find((e) => e.valid_from <= todayIso())!;
  const source = (sourcesJson.quellen as Record<string, { titel: string }>)[entry.source];
  expect(await page.locator('#werte tr[data-key="ebm.orientierungswert"] .quelle').innerText()).toContain(source.titel);
  const scripts = own.filter((u) => u.endsWith(".js"));
  expect(scripts.slice(0, 4)).toEqual(["/runtime.js", "/shared.js", "/functions.js", "/taskpane.js"]);
  expect(scripts.slice(4)).toEqual([expect.stringMatching(/^\/texte\.[0-9a-f]{8}\.js$/)]);
});

test("choosing KV and Stichtag changes the shown values, writes the settings and requests a full recalculation", async () => {
  const ow = ebmJson.orientierungswert as RawSeries;
  // Nothing chosen yet: today's values, no KV row.
  // From 2027 the tables record that the year's Orientierungswert is not known yet; the pane says so.
  const owToday = [...ow.values].reverse().find((e) => e.valid_from <= todayIso())!;
  expect(await rowText("ebm.orientierungswert")).toContain(owToday.value === null ? "kein Wert" : shippedDe(ow, todayIso()));
  expect(await page.locator('#werte tr[data-key^="kv."]').count()).toBe(0);
  expect((await recorded()).calculations).toEqual([]);

  await page.selectOption("#kv", "NO");
  await page.fill("#stichtag", "2011");
  await page.click("#uebernehmen");
  await page.waitForFunction(() => document.getElementById("wahl-status")!.textContent!.startsWith("Gespeichert"), undefined, { timeout: 10_000 });

  const row = await rowText("ebm.orientierungswert");
  expect(row).toContain(`${shippedDe(ow, "2011-01-01")} ct/Punkt`);
  expect(row).toContain("bestätigt");
  const quote = praxisJson.kvs.find((k) => k.id === "NO")!.quote as RawSeries;
  expect(await rowText("kv.NO.quote")).toContain(shippedDe(quote, "2011-01-01"));

  const r = await recorded();
  expect(r.store).toEqual({ "honorar.stichtag": "2011-01-01", "honorar.kv": "NO" });
  expect(r.saves).toBe(1);
  expect(r.calculations).toEqual(["Full"]);

  // The functions on the same page follow the choice when kv and stichtag are left out.
  const fromFormula = await page.evaluate(() => (window as unknown as { __honorar: { fns: Record<string, (...a: unknown[]) => number> } }).__honorar.fns.EBM_PUNKTWERT(null));
  expect(String(fromFormula).replace(".", ",")).toBe(shippedDe(ow, "2011-01-01"));
});

test("unconfirmed values are marked; an own value shows as such with its source and is saved", async () => {
  await page.fill("#stichtag", "3/2016");
  await page.click("#uebernehmen");
  await page.waitForFunction(() => document.getElementById("wahl-status")!.textContent!.includes("01.07.2016"), undefined, { timeout: 10_000 });
  // Nordrhein's quota after 2013 is recorded as unsourced in praxis.json.
  const noQuote = praxisJson.kvs.find((k) => k.id === "NO")!.quote.values.filter((e) => e.valid_from <= "2016-07-01").pop()!;
  expect(noQuote.status).toBe("unconfirmed");
  const cell = page.locator('#werte tr[data-key="kv.NO.quote"] td.status-unconfirmed');
  expect(await cell.innerText()).toBe("unbestätigt");

  await page.fill("#eigene-reihe", "kv.NO.quote");
  await page.fill("#eigene-ab", "01.01.2016");
  await page.fill("#eigene-wert", "0,9");
  await page.fill("#eigene-quelle", "Rundschreiben KV Nordrhein (Test)");
  await page.click("#hinzufuegen");
  await page.waitForSelector('#werte tr[data-key="kv.NO.quote"] td.status-override', { timeout: 10_000 });
  const row = await rowText("kv.NO.quote");
  expect(row).toContain("0,9 Anteil");
  expect(row).toContain("eigener Wert");
  expect(row).toContain("Rundschreiben KV Nordrhein (Test)");
  expect(await page.locator("#eigene-liste").innerText()).toContain("Rundschreiben KV Nordrhein (Test)");
  const r = await recorded();
  expect(JSON.parse(r.store["honorar.overrides"] as string)).toEqual([
    { series: "kv.NO.quote", valid_from: "2016-01-01", value: "0.9", quelle: "Rundschreiben KV Nordrhein (Test)" },
  ]);
  expect(r.calculations).toEqual(["Full", "Full", "Full"]);
  // The own value enters the data hash: the pane's Datenstand says so and is what =PRAXIS.DATENSTAND() gives on the same page.
  const stand = await page.locator("#werte td.datenstand").innerText();
  expect(stand).toMatch(/mit 1 eigenen Wert der Arbeitsmappe, SHA-256 [0-9a-f]{64}$/);
  const fromFormula = await page.evaluate(() => (window as unknown as { __honorar: { fns: Record<string, () => string> } }).__honorar.fns.DATENSTAND());
  expect(stand.endsWith(fromFormula)).toBe(true);
});

test("English: the pane and the formula reference switch language", async () => {
  await page.waitForSelector("#formel-EBM_HONORAR");
  expect(await page.locator("#formel-EBM_HONORAR").innerText()).toContain("=PRAXIS.EBM_HONORAR(35401; 2023)");
  await page.selectOption("#sprache", "en");
  await page.waitForFunction(() => document.getElementById("formel-EBM_HONORAR")?.textContent?.includes("=PRAXIS.EBM_HONORAR(35401, 2023)"), undefined, { timeout: 10_000 });
  expect(await page.locator("#werte-h").innerText()).toBe("Values on the reference date");
  expect(await page.locator("#formel-EBM_HONORAR").innerText()).toContain("Fee in euros for an EBM service");
  expect(await rowText("kv.NO.quote")).toContain("own value");
  // A task pane is narrow: nothing may push the page wider than the pane (long source titles, the data hash).
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, "test-results", "taskpane.png"), fullPage: true });
  await page.screenshot({ path: path.join(ROOT, "test-results", "taskpane-top.png") });
  await page.selectOption("#sprache", "de");
  await page.screenshot({ path: path.join(ROOT, "test-results", "taskpane-de.png"), fullPage: true });
});

test("no request left localhost and the page raised no error", () => {
  expect(external).toEqual([]);
  expect(pageErrors).toEqual([]);
});
