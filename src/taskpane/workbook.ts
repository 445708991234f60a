/* global Excel */
import { DateSystem, useDateSystem } from "../engine/dates";
import { DocumentSettings, getSettings, restoreSettings, saveSettings, setSettings, Settings } from "../settings/settings";

/**
 * What the task pane does to the workbook: store the choice and make Excel
 * recompute. Custom functions re-run only when their inputs change, so a new
 * default (KV, Stichtag, an override) needs a full recalculation or cells keep
 * stale values.
 */
export interface ExcelApi {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  CalculationType: { full: Excel.CalculationType.full | "Full" };
}

export async function recalculate(excel: ExcelApi | undefined): Promise<void> {
  if (!excel) return;
  await excel.run(async (context) => {
    context.workbook.application.calculate(excel.CalculationType.full as Excel.CalculationType);
    await context.sync();
  });
}

/** Applies a change (throws on invalid values, nothing is written then), saves it in the workbook and recalculates. */
export async function changeSettings(next: Settings, doc: DocumentSettings | undefined, excel: ExcelApi | undefined): Promise<void> {
  setSettings(next);
  if (doc) await saveSettings(doc);
  await recalculate(excel);
}

/**
 * The workbook's date system. Excel hands a date to a function as a bare serial
 * number; DATE(1904;1;1) is serial 0 only in the 1904 system (1462 in the 1900 system).
 */
async function readDateSystem(excel: ExcelApi): Promise<DateSystem> {
  return excel.run(async (context) => {
    const probe = context.workbook.functions.date(1904, 1, 1);
    probe.load("value");
    await context.sync();
    return probe.value === 0 ? 1904 : 1900;
  });
}

/**
 * When the shared runtime starts: read the workbook's choices and its date
 * system. Cells computed before this (Excel may call functions first) used the
 * defaults, so a stored choice or a 1904 workbook is followed by a
 * recalculation. Returns the problems with stored values.
 */
export async function startWorkbook(doc: DocumentSettings | undefined, excel: ExcelApi | undefined): Promise<string[]> {
  if (!doc) return [];
  const problems = restoreSettings(doc);
  let system: DateSystem = 1900;
  try {
    if (excel) system = await readDateSystem(excel);
  } catch (e) {
    // A host without the probe keeps Excel's default system, as the functions did before.
    console.error(e);
  }
  useDateSystem(system);
  if (Object.keys(getSettings()).length > 0 || problems.length > 0 || system === 1904) await recalculate(excel);
  return problems;
}

/**
 * Writes a formula into the selected cell (the first cell of a larger
 * selection, so a block selection does not need a formula per cell) and
 * returns where it went. `formula` is in the syntax range.formulas takes:
 * English separators and decimal point, whatever the user's language.
 */
export async function insertFormula(excel: ExcelApi, formula: string): Promise<string> {
  return excel.run(async (context) => {
    const cell = context.workbook.getSelectedRange().getCell(0, 0);
    cell.formulas = [[formula]];
    cell.load("address");
    await context.sync();
    return cell.address;
  });
}
