import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import JSZip from "jszip";
import os from "os";
import path from "path";

/*
 * Shared by the recalc suites: the CLI as a user runs it (node bin/honorar.js,
 * built into lib/) and minimal workbooks written by hand in raw SpreadsheetML.
 * Each test file loads its own copy of this module, so each gets its own tmp.
 */
export const ROOT = path.join(__dirname, "..");
export const BIN = path.join(ROOT, "bin", "honorar.js");
export const EXAMPLES = path.join(ROOT, "examples");
export const tmp = mkdtempSync(path.join(os.tmpdir(), "honorar-recalc-"));

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs the CLI; `input` goes to its standard input. */
export function honorar(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60000, input, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export interface JsonCell {
  sheet: string;
  address: string;
  formula: string;
  array?: string;
  saved?: unknown;
  recomputed: unknown;
  status: string;
}
export interface JsonResult {
  settings: { stichtag?: string; kv?: string; from: Record<string, string> };
  cells: JsonCell[];
  summary: { cells: number; matches: number; mismatches: number; missing: number; errors: number };
}

export function recalcJson(file: string, ...args: string[]): { result: JsonResult; status: number | null } {
  const r = honorar(["recalc", file, "--json", ...args]);
  return { result: JSON.parse(r.stdout) as JsonResult, status: r.status };
}

export function cellOf(result: JsonResult, sheet: string, address: string): JsonCell {
  const c = result.cells.find((x) => x.sheet === sheet && x.address === address);
  if (!c) throw new Error(`${sheet}!${address} not reported`);
  return c;
}

/* ---------- a workbook as another tool (or Excel) writes it, in raw SpreadsheetML ---------- */

export const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Builds a minimal .xlsx: sheets as <sheetData> rows, optional task-pane settings (JSON-encoded values), workbook properties (<workbookPr …/>). */
export async function handMade(file: string, sheets: Record<string, string>, settings?: Record<string, string>, definedNames = "", workbookPr = ""): Promise<string> {
  const zip = new JSZip();
  const names = Object.keys(sheets);
  const overrides = names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("");
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}</Types>`,
  );
  const taskpane = settings ? `<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/>` : "";
  zip.file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>${taskpane}</Relationships>`);
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${workbookPr}<sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets>${definedNames}</workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}</Relationships>`,
  );
  names.forEach((n, i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN_NS}"><sheetData>${sheets[n]}</sheetData></worksheet>`));
  if (settings) {
    const props = Object.entries(settings).map(([k, v]) => `<we:property name="${k}" value="${v.replace(/"/g, "&quot;")}"/>`).join("");
    zip.file("xl/webextensions/webextension1.xml", `<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{1}"><we:properties>${props}</we:properties></we:webextension>`);
    // Linked as Excel links it: root _rels → taskpanes.xml → its _rels → webextension1.xml.
    zip.file(
      "xl/webextensions/taskpanes.xml",
      `<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="${REL_NS}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
    );
    zip.file(
      "xl/webextensions/_rels/taskpanes.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>`,
    );
  }
  const target = path.join(tmp, file);
  writeFileSync(target, await zip.generateAsync({ type: "nodebuffer" }));
  return target;
}

/** Rewrites one part of a workbook on disk (text in, text out). */
export async function editPart(file: string, part: string, edit: (xml: string) => string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const entry = zip.file(part);
  if (!entry) throw new Error(`${part} not in ${file}`);
  zip.file(part, edit(await entry.async("string")));
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
}

/** One part of a workbook on disk, as text. */
export async function partOf(file: string, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const entry = zip.file(part);
  if (!entry) throw new Error(`${part} not in ${file}`);
  return entry.async("string");
}
