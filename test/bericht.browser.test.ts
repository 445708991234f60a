import { createHash } from "crypto";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import JSZip from "jszip";
import path from "path";
import { Page } from "playwright-core";
import { Launched, launchChromium } from "./browser";
import { EXAMPLES, honorar, ROOT, tmp } from "./workbooks";

/*
 * The audit report as an auditor opens it: each example workbook with one
 * input changed and one saved value changed in its XML (as a careless edit or
 * a tampered file would), recomputed with --bericht, opened in Debian's
 * Chromium and printed to A4. The expected figures are the seeds' printed ones
 * or computed here from the published values, never taken from the tool.
 */
jest.setTimeout(180_000);

const RESULTS = path.join(ROOT, "test-results");

interface Case {
  example: string;
  sheet: string;
  /** The input cell's XML in the example, and what it becomes. */
  input: { from: string; to: string };
  /** The saved value changed behind a formula: the cell, its saved value in the example, and the tampered one. */
  saved: { cell: string; from: string; to: string };
  /** Cells the report must list as differing: saved, recomputed (German notation as the report shows them), and the PRAXIS function explained. */
  rows: { cell: string; saved: string; recomputed: string; difference: string; explains?: string }[];
  /** Text that only the explanation of the changed input's result can contain: a step and its source. */
  steps: RegExp[];
}

const CASES: Case[] = [
  {
    // Seed 001: the printed week's fee 3.150 € becomes 3.200 €; half of it (B27) over 43 working weeks (B29).
    example: "seed-001-einkommen.xlsx",
    sheet: "Einkommen",
    input: { from: '<c r="B10"><v>3150</v></c>', to: '<c r="B10"><v>3200</v></c>' },
    // The capacity limit of a full practice, printed as 27.090 min per quarter, tampered to 27.000.
    saved: { cell: "B14", from: "27090", to: "27000" },
    rows: [
      { cell: "B14", saved: "27000", recomputed: "27090", difference: "90", explains: "KAPAZITAETSGRENZE" },
      { cell: "B27", saved: "1575", recomputed: "1600", difference: "25" },
      // 1.600 € × 43 weeks = 68.800 €, against 1.575 € × 43 = 67.725 € saved.
      { cell: "B29", saved: "67725", recomputed: "68800", difference: "1075", explains: "HONORAR_JAHR" },
    ],
    steps: [/Aufruf\s*HONORAR_JAHR\(1600/],
  },
  {
    // Seed 002: GOÄ 870 four times at factor 3,5 instead of 2,3. 750 points × 5,82873 ct = 43,715475 €;
    // × 3,5 = 153,0041625 → 153,00 € a session (seed 002 prints 153 € at 3,5), × 4 = 612,00 €.
    example: "seed-002-privatrechnung.xlsx",
    sheet: "Privatrechnung",
    input: { from: '<c r="B6"><v>2.3</v></c>', to: '<c r="B6"><v>3.5</v></c>' },
    // 870 + 801a at 2,3, printed as 134,07 €, tampered to 143,07 €.
    saved: { cell: "D11", from: "134.07", to: "143.07" },
    rows: [
      { cell: "D6", saved: "402,2", recomputed: "612", difference: "209,8", explains: "GOAE_BETRAG" },
      { cell: "D11", saved: "143,07", recomputed: "134,07", difference: "-9", explains: "GOAE_BETRAG" },
    ],
    steps: [/Aufruf\s*GOAE_BETRAG\(870; 3,5; 4\)/, /Punktwert/, /Gebührenordnung für Ärzte/],
  },
  {
    // Seed 003: variant 2 read with the printed variant-1 rule ("DPtV-2023" instead of "DPtV-2023-54") gives
    // variant 1's printed figures: structure surcharge 5.516 €, revenue 96.220 €, deficit 34.988 € a year, 2.916 € a month.
    example: "seed-003-weiterbildung.xlsx",
    sheet: "Weiterbildung",
    input: { from: "", to: "DPtV-2023" },
    // The deficit of variant 1 as printed, 34.988 €, tampered to 34.998 €.
    saved: { cell: "C28", from: "34988", to: "34998" },
    rows: [
      { cell: "C28", saved: "34998", recomputed: "34988", difference: "-10", explains: "WB_DEFIZIT" },
      { cell: "C33", saved: "8274", recomputed: "5516", difference: "-2758", explains: "WB_DEFIZIT" },
      { cell: "C35", saved: "32230", recomputed: "34988", difference: "2758", explains: "WB_DEFIZIT" },
      { cell: "C36", saved: "2686", recomputed: "2916", difference: "230", explains: "WB_DEFIZIT" },
    ],
    steps: [/Lesart der Strukturzuschlag-Regel\s+DPtV-2023\s/, /Ergebnis\s+5516/],
  },
];

/** The example with its input and one saved value changed in the sheet XML; fails loudly when the example no longer holds what the case expects. */
async function tampered(c: Case): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path.join(EXAMPLES, c.example)));
  const part = "xl/worksheets/sheet1.xml";
  let xml = await zip.file(part)!.async("string");
  const replace = (from: string | RegExp, to: string) => {
    const before = xml;
    xml = xml.replace(from, to);
    if (xml === before) throw new Error(`${c.example}: ${String(from)} not found`);
  };
  if (c.input.from) replace(c.input.from, c.input.to);
  // Seed 003's rule is a shared string in B8; it becomes inline text, as another tool would write it.
  else replace(/<c r="B8"[^>]*>.*?<\/c>/, `<c r="B8" t="inlineStr"><is><t>${c.input.to}</t></is></c>`);
  replace(new RegExp(`(<c r="${c.saved.cell}"[^>]*>.*?<v>)${c.saved.from.replace(".", "\\.")}(</v>)`), `$1${c.saved.to}$2`);
  zip.file(part, xml);
  const file = path.join(tmp, `geaendert-${c.example}`);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

let chromium: Launched;
let page: Page;

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  chromium = await launchChromium("honorar-bericht-", { width: 794, height: 1123 });
  page = await chromium.browser.newPage();
});

afterAll(async () => {
  await chromium?.close();
});

/** The text of the table row whose first cell is `cell`, in the section titled `title`. */
async function rowOf(title: string, cell: string): Promise<string[]> {
  return page.evaluate(
    ([t, c]) => {
      const section = Array.from(document.querySelectorAll("section")).find((s) => s.querySelector("h2")?.textContent === t);
      const row = Array.from(section?.querySelectorAll("tbody tr") ?? []).find((r) => r.firstElementChild?.textContent === c);
      return row ? Array.from(row.children).map((td) => td.textContent ?? "") : [];
    },
    [title, cell],
  );
}

describe.each(CASES)("the audit report of $example with a changed input and a tampered saved value", (c) => {
  let html: string;
  let file: string;

  beforeAll(async () => {
    file = await tampered(c);
    html = path.join(tmp, `${c.example}.html`);
    const r = honorar(["recalc", file, "--bericht", html]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    await page.goto(`file://${html}`);
  });

  test("shows the run's provenance: the file's SHA-256, the data edition, the tool version", async () => {
    const herkunft = await page.locator("section", { hasText: "Herkunft des Laufs" }).innerText();
    expect(herkunft).toContain(createHash("sha256").update(readFileSync(file)).digest("hex"));
    expect(herkunft).toMatch(/Datenstand: .*SHA-256 [0-9a-f]{64}/);
    const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
    expect(herkunft).toContain(`Werkzeug: honorar ${version}`);
  });

  test("lists both findings with saved value, recomputed value and difference", async () => {
    for (const row of c.rows) {
      const [zelle, formel, saved, recomputed, difference] = await rowOf("Abweichungen", `${c.sheet}!${row.cell}`);
      expect({ zelle, saved, recomputed, difference }).toEqual({ zelle: `${c.sheet}!${row.cell}`, saved: row.saved, recomputed: row.recomputed, difference: row.difference });
      expect(formel.startsWith("=")).toBe(true);
    }
  });

  test("explains each differing PRAXIS cell step by step, with sources", async () => {
    const erklaerungen = await page.locator("section", { hasText: "Erklärungen der PRAXIS-Zellen" }).innerText();
    for (const row of c.rows.filter((r) => r.explains)) expect(erklaerungen).toContain(`${c.sheet}!${row.cell}: ${row.explains}`);
    for (const step of c.steps) expect(erklaerungen).toMatch(step);
    // Every explanation has its source column filled somewhere: a step without a citation would be an unsupported number.
    expect(erklaerungen).toMatch(/bestätigt|abgeleitet|unbestätigt/);
  });

  test("fits A4 and prints: nothing wider than the page, a PDF of whole pages", async () => {
    await page.emulateMedia({ media: "print" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const name = c.example.replace(/\.xlsx$/, "");
    await page.screenshot({ path: path.join(RESULTS, `bericht-${name}.png`), fullPage: true });
    await page.screenshot({ path: path.join(RESULTS, `bericht-${name}-oben.png`) });
    await page.evaluate(() => document.querySelector("h3")?.scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, `bericht-${name}-erklaerung.png`) });
    const pdf = await page.pdf({ format: "A4", path: path.join(RESULTS, `bericht-${name}.pdf`) });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
  });
});

describe("the comparison report of honorar diff, as an auditor opens it", () => {
  test("seed 002 with the factor of GOÄ 870 changed: the input, the results it moved, printable on A4", async () => {
    const c = CASES.find((x) => x.example === "seed-002-privatrechnung.xlsx")!;
    const neu = await tampered(c);
    const html = path.join(tmp, "vergleich.html");
    const r = honorar(["diff", path.join(EXAMPLES, c.example), neu, "--bericht", html]);
    expect(r.status).toBe(1);
    await page.goto(`file://${html}`);
    const [zelle, alt, neuWert, differenz, bewegt] = await rowOf("Eingaben", "Privatrechnung!B6");
    expect({ zelle, alt, neuWert, differenz }).toEqual({ zelle: "Privatrechnung!B6", alt: "2,3", neuWert: "3,5", differenz: "1,2" });
    // 4 × GOÄ 870 at 3,5 = 612 € (seed 002: 153 € a session); the sum and the PKV shares built on it move with it.
    expect(bewegt.split(/,\s*/)).toEqual(expect.arrayContaining(["Privatrechnung!D6", "Privatrechnung!D8", "Privatrechnung!D9", "Privatrechnung!D10"]));
    const d6 = await rowOf("Ergebnisse", "Privatrechnung!D6");
    expect(d6.slice(2, 5)).toEqual(["402,2", "612", "209,8"]);
    await page.emulateMedia({ media: "print" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "vergleich-seed-002.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });
});
