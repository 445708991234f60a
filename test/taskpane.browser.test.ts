import DecimalJs from "decimal.js";
import fs from "fs";
import path from "path";
import { Page } from "playwright-core";
import { Launched, launchChromium, OFFICE_JS, ROOT, Served, serveDist } from "./browser";
import ebmJson from "../src/data/ebm.json";
import praxisJson from "../src/data/praxis.json";
import sourcesJson from "../src/data/sources.json";
import examplesJson from "../src/i18n/functions.en.json";
import { RawSeries } from "../src/data/types";
import { todayIso } from "../src/engine/dates";

/*
 * The built task pane in Debian's Chromium (never a downloaded browser), served
 * from dist/ on localhost, with Office faked: the office.js URL is answered by a
 * script that records settings writes, recalculation requests and formulas
 * written into the selected cell. CI installs the chromium package; without it
 * this test fails rather than skips.
 */
jest.setTimeout(180_000);

// Stands in for office.js: the parts of Office and Excel the add-in uses, recording every call.
// failRuns makes that many Excel.run calls fail as Excel does in cell-editing mode.
const FAKE_OFFICE = `
window.__honorar = { store: {}, sets: [], saves: 0, calculations: [], fns: {}, formulas: [], cells: [], failRuns: 0, selection: "Tabelle1!B2:C3" };
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
      if (h.failRuns > 0) {
        h.failRuns--;
        return Promise.reject(new Error("Der Vorgang ist fehlgeschlagen, weil sich Excel im Zellbearbeitungsmodus befindet"));
      }
      // Writes are queued and happen at sync, as in Office.js.
      var queued = [];
      var selected = {
        getCell: function (row, column) {
          h.cells.push([row, column]);
          var cell = { load: function () {} };
          Object.defineProperty(cell, "formulas", { set: function (v) { queued.push(function () { h.formulas.push(v); cell.address = h.selection.split(":")[0]; }); } });
          return cell;
        }
      };
      var ctx = {
        workbook: {
          functions: { date: function () { return { value: 1462, load: function () {} }; } },
          application: { calculate: function (t) { h.calculations.push(t); } },
          getSelectedRange: function () { return selected; }
        },
        sync: function () { queued.splice(0).forEach(function (f) { f(); }); return Promise.resolve(); }
      };
      return Promise.resolve(batch(ctx));
    }
  };
})(window.__honorar);
`;

interface Recorded {
  store: Record<string, unknown>;
  saves: number;
  calculations: string[];
  formulas: string[][][];
  cells: number[][];
  failRuns: number;
}

/** The value of a shipped series on a date, as the German pane writes it. */
function shippedDe(series: RawSeries, date: string): string {
  return [...series.values].reverse().find((e) => e.valid_from <= date)!.value!.replace(".", ",");
}

/** 2026-04-01 → 01.04.2026, written here rather than taken from the engine. */
const de = (iso: string) => iso.split("-").reverse().join(".");

let served: Served;
let base: string;
let chromium: Launched;
let page: Page;
const external: string[] = [];
const own: string[] = [];
const pageErrors: string[] = [];
const RESULTS = path.join(ROOT, "test-results");

/** Routes the add-in's origin through, office.js to the fake (or nowhere), and records anything else as external. */
async function open(p: Page, office: boolean, log = true): Promise<void> {
  await p.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return office ? route.fulfill({ status: 200, contentType: "application/javascript", body: FAKE_OFFICE }) : route.abort();
    // axe-core, served from the add-in's own origin so the page's policy lets it in (script-src 'self').
    if (url === `${base}/axe.min.js`) return route.fulfill({ status: 200, contentType: "application/javascript", body: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
    if (url.startsWith(base)) {
      if (log) own.push(url.slice(base.length));
      return route.continue();
    }
    if (log) external.push(url);
    return route.abort();
  });
  await p.goto(`${base}/taskpane.html`);
  await p.waitForSelector('#werte .karte[data-key="ebm.orientierungswert"]', { timeout: 30_000 });
}

beforeAll(async () => {
  served = await serveDist();
  base = served.base;
  // About the width of Excel's task pane.
  chromium = await launchChromium("honorar-chromium-", { width: 350, height: 1000 });
  page = await chromium.browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await open(page, true);
});

afterAll(async () => {
  await chromium?.close();
  await served?.close();
});

const recorded = (): Promise<Recorded> => page.evaluate(() => (window as unknown as { __honorar: Recorded }).__honorar);
const card = (key: string) => page.locator(`#werte .karte[data-key="${key}"]`);
const cardText = (key: string) => card(key).innerText();

async function choose(stichtag: string, kv?: string): Promise<void> {
  if (kv !== undefined) await page.selectOption("#kv", kv);
  await page.fill("#stichtag", stichtag);
  const before = await page.locator("#wahl-status").innerText();
  await page.click("#uebernehmen");
  await page.waitForFunction((b) => document.getElementById("wahl-status")!.textContent !== b && document.getElementById("wahl-status")!.textContent !== "", before, { timeout: 10_000 });
}

test("each value is a card whose source folds out; its text arrives as a chunk of its own after the functions, Fluent UI as another", async () => {
  const ow = ebmJson.orientierungswert as RawSeries;
  const entry = [...ow.values].reverse().find((e) => e.valid_from <= todayIso())!;
  const source = (sourcesJson.quellen as Record<string, { titel: string }>)[entry.source];
  const details = card("ebm.orientierungswert").locator("details");
  // Folded: the card shows value and status, the citation only once unfolded.
  expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  expect(await cardText("ebm.orientierungswert")).not.toContain(source.titel);
  await details.locator("summary").click();
  expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  expect(await card("ebm.orientierungswert").locator(".quelle").first().innerText()).toContain(source.titel);
  expect(await details.locator("summary").innerText()).toBe(`Quelle · gültig ab ${de(entry.valid_from)}`);
  const scripts = own.filter((u) => u.endsWith(".js"));
  expect(scripts.slice(0, 4)).toEqual(["/runtime.js", "/shared.js", "/functions.js", "/taskpane.js"]);
  // Then the chunks the pane asks for: its Fluent UI elements and the tables' texts.
  expect(scripts.slice(4).sort()).toEqual([expect.stringMatching(/^\/fluent\.[0-9a-f]{8}\.js$/), expect.stringMatching(/^\/texte\.[0-9a-f]{8}\.js$/)]);
});

test("choosing KV and Stichtag changes the shown values, writes the settings and requests a full recalculation", async () => {
  const ow = ebmJson.orientierungswert as RawSeries;
  // Nothing chosen yet: today's values, no KV card.
  // From 2027 the tables record that the year's Orientierungswert is not known yet; the pane says so.
  const owToday = [...ow.values].reverse().find((e) => e.valid_from <= todayIso())!;
  expect(await cardText("ebm.orientierungswert")).toContain(owToday.value === null ? "kein Wert" : shippedDe(ow, todayIso()));
  expect(await page.locator('#werte .karte[data-key^="kv."]').count()).toBe(0);
  expect((await recorded()).calculations).toEqual([]);

  await choose("2011", "NO");
  expect(await page.locator("#wahl-status").innerText()).toMatch(/^Gespeichert/);

  const text = await cardText("ebm.orientierungswert");
  expect(text).toContain(`${shippedDe(ow, "2011-01-01")} ct/Punkt`);
  expect(text).toContain("bestätigt");
  const quote = praxisJson.kvs.find((k) => k.id === "NO")!.quote as RawSeries;
  expect(await cardText("kv.NO.quote")).toContain(shippedDe(quote, "2011-01-01"));

  const r = await recorded();
  expect(r.store).toEqual({ "honorar.stichtag": "2011-01-01", "honorar.kv": "NO" });
  expect(r.saves).toBe(1);
  expect(r.calculations).toEqual(["Full"]);

  // The functions on the same page follow the choice when kv and stichtag are left out.
  const fromFormula = await page.evaluate(() => (window as unknown as { __honorar: { fns: Record<string, (...a: unknown[]) => number> } }).__honorar.fns.EBM_PUNKTWERT(null));
  expect(String(fromFormula).replace(".", ",")).toBe(shippedDe(ow, "2011-01-01"));
});

test("unconfirmed values are marked; an own value shows as such with its source and is saved", async () => {
  await choose("3/2016");
  expect(await page.locator("#wahl-status").innerText()).toContain("01.07.2016");
  // Nordrhein's quota after 2013 is recorded as unsourced in praxis.json.
  const noQuote = praxisJson.kvs.find((k) => k.id === "NO")!.quote.values.filter((e) => e.valid_from <= "2016-07-01").pop()!;
  expect(noQuote.status).toBe("unconfirmed");
  expect(await card("kv.NO.quote").locator(".status-unconfirmed").innerText()).toBe("unbestätigt");

  await page.fill("#eigene-reihe", "kv.NO.quote");
  await page.fill("#eigene-ab", "01.01.2016");
  await page.fill("#eigene-wert", "0,9");
  await page.fill("#eigene-quelle", "Rundschreiben KV Nordrhein (Test)");
  await page.click("#hinzufuegen");
  await page.waitForSelector('#werte .karte[data-key="kv.NO.quote"] .status-override', { timeout: 10_000 });
  const quote = card("kv.NO.quote");
  expect(await quote.innerText()).toContain("0,9 Anteil");
  expect(await quote.innerText()).toContain("eigener Wert");
  await quote.locator("summary").click();
  expect(await quote.innerText()).toContain("Rundschreiben KV Nordrhein (Test)");
  expect(await page.locator("#eigene-liste").innerText()).toContain("Rundschreiben KV Nordrhein (Test)");
  const r = await recorded();
  expect(JSON.parse(r.store["honorar.overrides"] as string)).toEqual([
    { series: "kv.NO.quote", valid_from: "2016-01-01", value: "0.9", quelle: "Rundschreiben KV Nordrhein (Test)" },
  ]);
  expect(r.calculations).toEqual(["Full", "Full", "Full"]);
  // The own value enters the data hash: the pane's Datenstand says so and is what =PRAXIS.DATENSTAND() gives on the same page.
  const stand = await page.locator("#datenstand").innerText();
  expect(stand).toMatch(/mit 1 eigenen Wert der Arbeitsmappe, SHA-256 [0-9a-f]{64}$/);
  const fromFormula = await page.evaluate(() => (window as unknown as { __honorar: { fns: Record<string, () => string> } }).__honorar.fns.DATENSTAND());
  expect(stand.endsWith(fromFormula)).toBe(true);
});

describe("a Stichtag after the last sourced Orientierungswert (issue 17.5)", () => {
  const values = (ebmJson.orientierungswert as RawSeries).values;
  const last = [...values].reverse().find((e) => e.value !== null)!;
  const next = values[values.indexOf(last) + 1];
  const lastDay = new Date(Date.parse(`${next.valid_from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  test("is warned about above the values, naming the last sourced value and how far it holds", async () => {
    await choose(de(lastDay));
    expect(await page.locator("#ow-warnung").isVisible()).toBe(false);
    await choose(de(next.valid_from));
    const bar = page.locator("#ow-warnung");
    expect(await bar.isVisible()).toBe(true);
    const text = await bar.innerText();
    expect(text).toContain(`Der Stichtag ${de(next.valid_from)} liegt nach dem letzten belegten Orientierungswert (${last.value!.replace(".", ",")} ct/Punkt, gültig ab ${de(last.valid_from)}, belegt bis ${de(lastDay)})`);
    expect(text).toContain("#NV");
    // The cards say the same: no Orientierungswert on that day.
    expect(await cardText("ebm.orientierungswert")).toContain("kein Wert");
  });

  test("an own Orientierungswert for that year ends the warning; removing it brings it back", async () => {
    const year = next.valid_from.slice(0, 4);
    await page.fill("#eigene-reihe", "ebm.orientierungswert");
    await page.fill("#eigene-ab", `01.01.${year}`);
    await page.fill("#eigene-wert", "13");
    await page.fill("#eigene-quelle", "Beschluss des Bewertungsausschusses (Test)");
    await page.click("#hinzufuegen");
    await page.waitForSelector('#werte .karte[data-key="ebm.orientierungswert"] .status-override', { timeout: 10_000 });
    expect(await page.locator("#ow-warnung").isVisible()).toBe(false);
    await page.locator("#eigene-liste li", { hasText: "Bewertungsausschusses (Test)" }).locator("fluent-button").click();
    await page.waitForSelector("#ow-warnung:not([hidden])", { timeout: 10_000 });
    await choose("");
  });
});

describe("chart of a GOP's fee over the quarters", () => {
  const gops = ebmJson.gops as { gop: string; punkte: RawSeries }[];
  const ow = ebmJson.orientierungswert as RawSeries;
  const at = (s: RawSeries, d: string) => [...s.values].reverse().find((e) => e.valid_from <= d)?.value ?? null;

  /** The quarters from the GOP's first points to the last sourced Orientierungswert, each with what changed, read from ebm.json. */
  const q = (d: string) => `${(Number(d.slice(5, 7)) + 2) / 3}/${d.slice(0, 4)}`;

  function expected(gop: string): { ow: string[]; punkte: string[]; first: string; last: string } {
    const punkte = gops.find((g) => g.gop === gop)!.punkte;
    const lastOw = [...ow.values].reverse().find((e) => e.value !== null)!;
    const quarters: string[] = [];
    for (let y = Number(punkte.values[0].valid_from.slice(0, 4)); y <= Number(lastOw.valid_from.slice(0, 4)); y++) {
      for (const m of ["01", "04", "07", "10"]) {
        const d = `${y}-${m}-01`;
        if (d >= punkte.values[0].valid_from) quarters.push(d);
      }
    }
    const changed = (s: RawSeries) => quarters.filter((d, i) => i > 0 && at(s, d) !== at(s, quarters[i - 1])).map(q);
    return { ow: changed(ow), punkte: changed(punkte), first: q(quarters[0]), last: q(quarters[quarters.length - 1]) };
  }

  test("GOP 35401: a dot at every change of the Orientierungswert, a triangle with the percent at every change of points, the 2026 cut among them", async () => {
    await page.selectOption("#verlauf-gop", "35401");
    const svg = page.locator("#verlauf svg");
    const want = expected("35401");
    expect(await svg.locator(".marke-ow").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-quartal")))).toEqual(want.ow);
    expect(await svg.locator(".marke-punkte").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-quartal")))).toEqual(want.punkte);
    // 941 → 899 points from 1 April 2026.
    const cut = svg.locator('.marke-punkte[data-quartal="2/2026"]');
    expect(await cut.locator("text").textContent()).toBe(`−${Math.abs(Math.round(((899 - 941) / 941) * 1000) / 10).toString().replace(".", ",")} %`);
    expect(await cut.locator("title").textContent()).toBe("2/2026: Punktzahl 941 → 899 (−4,5 %)");
    expect(await page.locator("#verlauf figcaption").innerText()).toContain(`Honorar der GOP 35401 je Leistung, ${want.first} bis ${want.last}`);
    // Title and description name the chart for a screen reader.
    const label = await svg.evaluate((s) => s.getAttribute("aria-labelledby")!.split(" ").map((id) => document.getElementById(id)!.textContent).join(" "));
    expect(label).toContain("Orientierungswert ändert sich");
    // The table of changes holds the exact values: first quarter, each change, last quarter.
    await page.locator("#verlauf details summary").click();
    const row = page.locator('#verlauf tr[data-quartal="2/2026"]');
    const fee = new DecimalJs(899).times(at(ow, "2026-04-01")!).div(100).toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
    expect((await row.innerText()).split("\t")).toEqual(["2/2026", "899", shippedDe(ow, "2026-04-01"), fee.toFixed(2).replace(".", ",")]);
  });

  test("another GOP redraws the chart from its own data", async () => {
    await page.selectOption("#verlauf-gop", "35151");
    const want = expected("35151");
    const svg = page.locator("#verlauf svg");
    expect(await svg.locator(".marke-punkte").evaluateAll((ns) => ns.map((n) => n.getAttribute("data-quartal")))).toEqual(want.punkte);
    expect(await svg.locator(".marke-ow").count()).toBe(want.ow.length);
    await page.selectOption("#verlauf-gop", "35401");
  });
});

describe("formula catalogue", () => {
  const search = () => page.locator("#suche input");
  const visible = () => page.locator("#formeln .formel:not([hidden])");

  test("filters as you type; every word must occur; nothing found says so; Escape shows all again", async () => {
    const all = await page.locator("#formeln .formel").count();
    expect(all).toBe(Object.keys(examplesJson).length);
    expect(await page.locator("#formeln-anzahl").innerText()).toBe(`${all} Formeln`);
    await search().fill("goä");
    const hits = await visible().evaluateAll((ns) => ns.map((n) => n.textContent!));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    expect(hits.length).toBeLessThan(all);
    expect(hits.every((t) => /GOÄ|GOAE/i.test(t))).toBe(true);
    const misses = await page.locator("#formeln .formel[hidden]").evaluateAll((ns) => ns.map((n) => n.textContent!));
    expect(misses.some((t) => /GOÄ|GOAE/i.test(t))).toBe(false);
    expect(await page.locator("#formeln-anzahl").innerText()).toBe(`${hits.length} von ${all} Formeln`);
    await search().fill("goä betrag");
    expect(await visible().count()).toBeLessThan(hits.length);
    await search().fill("kein-solcher-begriff");
    expect(await visible().count()).toBe(0);
    expect(await page.locator("#formeln-anzahl").innerText()).toBe("Keine Formel passt zu „kein-solcher-begriff“.");
    await search().press("Escape");
    expect(await search().inputValue()).toBe("");
    expect(await visible().count()).toBe(all);
  });

  test("Einfügen writes the example into the selected cell, in the English syntax range.formulas takes", async () => {
    const before = (await recorded()).formulas.length;
    await page.locator("#formel-GOAE_BETRAG fluent-button").click();
    await page.waitForFunction((n) => (window as unknown as { __honorar: Recorded }).__honorar.formulas.length > n, before, { timeout: 10_000 });
    const r = await recorded();
    // The German pane shows 2,3; the cell gets 2.3 (Excel shows it in the user's own notation).
    expect(await page.locator("#formel-GOAE_BETRAG code.beispiel").innerText()).toContain("=PRAXIS.GOAE_BETRAG(870; 2,3)");
    expect(r.formulas.slice(before)).toEqual([[[(examplesJson as Record<string, { example: string }>).GOAE_BETRAG.example]]]);
    expect(r.formulas[before]).toEqual([["=PRAXIS.GOAE_BETRAG(870, 2.3)"]]);
    // The first cell of the selection, and the pane says where.
    expect(r.cells[r.cells.length - 1]).toEqual([0, 0]);
    expect(await page.locator("#formel-GOAE_BETRAG .status").innerText()).toBe("=PRAXIS.GOAE_BETRAG(870; 2,3) eingefügt in Tabelle1!B2.");
  });

  test("a failed Excel.run is reported next to the button, and nothing is written", async () => {
    await page.evaluate(() => ((window as unknown as { __honorar: Recorded }).__honorar.failRuns = 1));
    const before = (await recorded()).formulas.length;
    await page.locator("#formel-EBM_HONORAR fluent-button").click();
    const status = page.locator("#formel-EBM_HONORAR .status");
    await page.waitForFunction(() => document.querySelector("#formel-EBM_HONORAR .status")!.textContent !== "", undefined, { timeout: 10_000 });
    expect(await status.innerText()).toBe("Einfügen fehlgeschlagen: Der Vorgang ist fehlgeschlagen, weil sich Excel im Zellbearbeitungsmodus befindet. Eine Zelle auswählen (nicht im Bearbeitungsmodus) und erneut versuchen.");
    expect(await status.evaluate((n) => n.classList.contains("fehler"))).toBe(true);
    expect((await recorded()).formulas.length).toBe(before);
    // The earlier success message is gone, so only one message speaks.
    expect(await page.locator("#formel-GOAE_BETRAG .status").innerText()).toBe("");
    // The next try works.
    await page.locator("#formel-EBM_HONORAR fluent-button").click();
    await page.waitForFunction(() => document.querySelector("#formel-EBM_HONORAR .status")!.textContent!.includes("eingefügt"), undefined, { timeout: 10_000 });
    expect((await recorded()).formulas.slice(before)).toEqual([[["=PRAXIS.EBM_HONORAR(35401, 2023)"]]]);
  });
});

describe("keyboard only", () => {
  /** The focused element as "tag#id" or "tag:text", looking into a Fluent element's shadow root. */
  const focused = () =>
    page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const name = a.id ? `#${a.id}` : `:${(a.getAttribute("aria-label") ?? a.textContent ?? "").trim().slice(0, 80)}`;
      return `${a.tagName.toLowerCase()}${name}`;
    });

  /** Whether the focused element shows that it has focus: an outline, Fluent's focus ring, or the underline of a field (Fluent's grows in, so wait a moment). */
  const focusVisible = () =>
    page
      .waitForFunction(
        () => {
          const a = document.activeElement as HTMLElement;
          const s = getComputedStyle(a);
          const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== "rgba(0, 0, 0, 0)";
          const shadow = /0px 0px 0px 2px/.test(s.boxShadow);
          const underline = parseFloat(s.borderBottomWidth) >= 2;
          // A Fluent text field draws its underline in its shadow root, scaled in from nothing.
          const inner = a.shadowRoot?.querySelector(".root");
          const field = inner ? getComputedStyle(inner, "::after").transform === "matrix(1, 0, 0, 1, 0, 0)" : false;
          return ring || shadow || underline || field;
        },
        undefined,
        { timeout: 2_000 },
      )
      .then(
        () => true,
        () => false,
      );

  test("Tab walks the pane in reading order, and every stop shows its focus", async () => {
    // Start from the top, as on opening: a click on the title sets where Tab goes next.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click("#titel");
    const stops: string[] = [];
    const unseen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const f = await focused();
      stops.push(f);
      if (!(await focusVisible())) unseen.push(f);
      if (f.startsWith("fluent-button") && stops.some((s) => s === "fluent-text-input#suche")) break;
    }
    const summaries = await page.locator("#werte summary").count();
    expect(stops).toEqual([
      "select#sprache",
      "a#sprung-werte",
      "a#sprung-verlauf",
      "a#sprung-formeln",
      "a#sprung-eigene",
      "select#kv",
      "input#stichtag",
      "fluent-button#uebernehmen",
      ...Array(summaries).fill(expect.stringMatching(/^summary:Quelle · gültig ab/)),
      "select#verlauf-gop",
      "summary:Änderungen als Tabelle",
      "fluent-text-input#suche",
      "summary:Argumente (3)",
      "fluent-button:Beispiel für EBM_HONORAR in die ausgewählte Zelle einfügen",
    ]);
    expect(unseen).toEqual([]);
  });

  test("Enter and Space press Fluent buttons, Enter unfolds a source and submits a form, a jump link moves focus to its section", async () => {
    const before = (await recorded()).formulas.length;
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => (window as unknown as { __honorar: Recorded }).__honorar.formulas.length === n + 1, before, { timeout: 10_000 });
    await page.locator("#formel-EBM_PUNKTE fluent-button").focus();
    await page.keyboard.press(" ");
    await page.waitForFunction((n) => (window as unknown as { __honorar: Recorded }).__honorar.formulas.length === n + 2, before, { timeout: 10_000 });
    expect((await recorded()).formulas.slice(before)).toEqual([[["=PRAXIS.EBM_HONORAR(35401, 2023)"]], [["=PRAXIS.EBM_PUNKTE(35401, \"2/2026\")"]]]);

    const summary = card("ebm.orientierungswert").locator("summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    expect(await card("ebm.orientierungswert").locator("details").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);

    // Arrow keys choose in a list box (the GOP of the chart) without leaving it.
    await page.locator("#verlauf-gop").focus();
    const gop = await page.locator("#verlauf-gop").inputValue();
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#verlauf-gop").inputValue()).not.toBe(gop);
    expect(await focused()).toBe("select#verlauf-gop");
    await page.selectOption("#verlauf-gop", gop);

    await page.locator("#stichtag").focus();
    await page.keyboard.type("2/2024");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("wahl-status")!.textContent!.includes("01.04.2024"), undefined, { timeout: 10_000 });
    expect((await recorded()).store["honorar.stichtag"]).toBe("2024-04-01");
    await page.locator("#sprung-formeln").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "formeln-h", undefined, { timeout: 5_000 });
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("fluent-text-input#suche");
    await page.keyboard.type("zeitraum");
    expect(await page.locator("#formeln .formel:not([hidden])").evaluateAll((ns) => ns.map((n) => n.id))).toContain("formel-HONORAR_ZEITRAUM");
    await page.keyboard.press("Escape");
    await choose("");
  });
});

/** axe-core, loaded from the add-in's origin, on the whole page; the rules' ids and the elements for serious and critical findings. */
async function axe(): Promise<string[]> {
  await page.addScriptTag({ url: `${base}/axe.min.js` });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  });
}

describe("accessibility and looks, German and English", () => {
  test.each(["de", "en"])("%s: axe-core finds nothing serious or critical, with sources and tables unfolded", async (lang) => {
    await page.selectOption("#sprache", lang);
    await page.waitForFunction((l) => document.documentElement.lang === l && document.querySelector("#formel-EBM_HONORAR") !== null && document.querySelector("#verlauf svg") !== null, lang, { timeout: 10_000 });
    for (const s of await page.locator("#werte summary, #verlauf summary, #formel-EBM_HONORAR summary").all()) {
      if (!(await s.evaluate((n) => (n.parentElement as HTMLDetailsElement).open))) await s.click();
    }
    expect(await axe()).toEqual([]);
  });

  test("English: the pane and the formula reference switch language", async () => {
    await page.selectOption("#sprache", "en");
    await page.waitForFunction(() => document.getElementById("formel-EBM_HONORAR")?.textContent?.includes("=PRAXIS.EBM_HONORAR(35401, 2023)"), undefined, { timeout: 10_000 });
    expect(await page.locator("#werte-h").innerText()).toBe("Values on the reference date");
    expect(await page.locator("#formel-EBM_HONORAR").innerText()).toContain("Fee in euros for an EBM service");
    expect(await page.locator("#formel-EBM_HONORAR fluent-button").getAttribute("aria-label")).toBe("Insert the example of EBM_HONORAR into the selected cell");
    expect(await card("kv.NO.quote").innerText()).toContain("own value");
    expect(await page.locator("#verlauf figcaption").innerText()).toContain("Fee of GOP 35401 per service");
    expect(await page.locator("#formeln-anzahl").innerText()).toMatch(/^\d+ formulas$/);
  });

  test.each([
    ["de", 350],
    ["en", 350],
    ["de", 300],
    ["en", 300],
  ])("%s at %i px: nothing wider than the pane; screenshots in test-results/", async (lang, width) => {
    await page.setViewportSize({ width, height: 1000 });
    await page.selectOption("#sprache", lang);
    await page.waitForFunction((l) => document.documentElement.lang === l && document.querySelector("#verlauf svg") !== null, lang, { timeout: 10_000 });
    // A task pane is narrow: nothing may push the page wider than the pane (long German words, source titles, the data hash).
    const tooWide = await page.evaluate(() =>
      Array.from(document.querySelectorAll("main *"))
        .filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5 && n.getClientRects().length > 0)
        .map((n) => `${n.tagName}${n.id ? `#${n.id}` : ""}.${n.getAttribute("class") ?? ""} ${(n.textContent ?? "").slice(0, 30)}`),
    );
    expect(tooWide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (width !== 350) return;
    fs.mkdirSync(RESULTS, { recursive: true });
    // Sources and the chart's table folded, the catalogue filtered to the EBM formulas: cards, chart and catalogue on one page.
    for (const d of await page.locator("details[open]").all()) await d.evaluate((n) => (n as HTMLDetailsElement).removeAttribute("open"));
    await card("ebm.orientierungswert").locator("summary").click();
    await page.locator("#suche input").fill("EBM_");
    await page.locator("#formel-EBM_HONORAR fluent-button").click();
    await page.waitForFunction(() => document.querySelector("#formel-EBM_HONORAR .status")!.textContent !== "", undefined, { timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(RESULTS, `taskpane-${lang}.png`), fullPage: true });
    await page.locator("#suche input").fill("");
  });
});

test("keyboard only: Enter in the form of own values submits it too (a value without source is refused with a message)", async () => {
  for (const id of ["#eigene-reihe", "#eigene-ab", "#eigene-wert", "#eigene-quelle"]) await page.fill(id, "");
  await page.locator("#eigene-reihe").focus();
  await page.keyboard.type("kv.NO.quote");
  await page.locator("#eigene-ab").focus();
  await page.keyboard.type("01.01.2017");
  await page.locator("#eigene-wert").focus();
  await page.keyboard.type("0,8");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("eigene-status")!.textContent !== "", undefined, { timeout: 10_000 });
  expect(await page.locator("#eigene-status").innerText()).toContain("Quelle fehlt");
  expect(await page.locator("#eigene-status").evaluate((n) => n.classList.contains("fehler"))).toBe(true);
  expect(JSON.parse((await recorded()).store["honorar.overrides"] as string)).toHaveLength(1);
});

test("without Office (a browser, or office.js unreachable) the pane works and Einfügen says why it cannot insert", async () => {
  const alone = await chromium.browser.newPage();
  const errors: string[] = [];
  alone.on("pageerror", (e) => errors.push(e.message));
  try {
    await open(alone, false, false);
    await alone.waitForSelector("#formel-EBM_HONORAR", { timeout: 30_000 });
    expect(await alone.locator('#werte .karte[data-key="ebm.orientierungswert"]').innerText()).toContain("Orientierungswert");
    expect(await alone.locator("#verlauf svg .marke-punkte").count()).toBeGreaterThan(0);
    await alone.locator("#formel-EBM_HONORAR fluent-button").click();
    expect(await alone.locator("#formel-EBM_HONORAR .status").innerText()).toContain("Kein Excel verbunden");
    // The formula is selected, ready to copy.
    expect(await alone.evaluate(() => window.getSelection()!.toString())).toContain("=PRAXIS.EBM_HONORAR(35401; 2023)");
    // Only the functions cannot register without Excel's CustomFunctions; nothing of the pane fails.
    expect(errors.filter((e) => !/CustomFunctions is not defined/.test(e))).toEqual([]);
  } finally {
    await alone.close();
  }
});

test("should the Fluent chunk not load, the pane still shows everything and its buttons still work", async () => {
  const bare = await chromium.browser.newPage();
  const errors: string[] = [];
  bare.on("pageerror", (e) => errors.push(e.message));
  try {
    await bare.route(/\/fluent\.[0-9a-f]{8}\.js$/, (route) => route.abort());
    await open(bare, true, false);
    await bare.waitForSelector("#formel-EBM_HONORAR", { timeout: 30_000 });
    expect(await bare.evaluate(() => customElements.get("fluent-button"))).toBeUndefined();
    expect(await bare.locator("#verlauf svg .marke-punkte").count()).toBeGreaterThan(0);
    await bare.fill("#stichtag", "2023");
    await bare.click("#uebernehmen");
    await bare.waitForFunction(() => document.getElementById("wahl-status")!.textContent!.includes("01.01.2023"), undefined, { timeout: 10_000 });
    await bare.locator("#formel-EBM_HONORAR fluent-button").click();
    await bare.waitForFunction(() => document.querySelector("#formel-EBM_HONORAR .status")!.textContent!.includes("eingefügt"), undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
  } finally {
    await bare.close();
  }
});

test("every GOP of the tables draws its chart, or says why not", async () => {
  const gops = await page.locator("#verlauf-gop option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(gops.length).toBe((ebmJson.gops as unknown[]).length);
  const without: string[] = [];
  for (const gop of gops) {
    await page.selectOption("#verlauf-gop", gop);
    const drawn = await page.locator("#verlauf svg path.linie").count();
    if (drawn === 0) without.push(`${gop}: ${await page.locator("#verlauf").innerText()}`);
    else expect([gop, await page.locator("#verlauf svg path.linie").getAttribute("d")]).toEqual([gop, expect.stringMatching(/^M[\d.]+ [\d.]+H/)]);
  }
  expect(without).toEqual([]);
  await page.selectOption("#verlauf-gop", "35401");
});

test("no request left localhost and the page raised no error", () => {
  expect(external).toEqual([]);
  expect(pageErrors).toEqual([]);
});
