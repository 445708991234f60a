/* global Excel */
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
 * When the shared runtime starts: read the workbook's choices. Cells computed
 * before this (Excel may call functions first) used the defaults, so a stored
 * choice is followed by a recalculation. Returns the problems with stored values.
 */
export async function startWorkbook(doc: DocumentSettings | undefined, excel: ExcelApi | undefined): Promise<string[]> {
  if (!doc) return [];
  const problems = restoreSettings(doc);
  if (Object.keys(getSettings()).length > 0 || problems.length > 0) await recalculate(excel);
  return problems;
}
