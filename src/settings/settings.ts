import { IsoDate, todayIso } from "../engine/dates";

/**
 * The workbook's choices that formulas fall back on when an argument is left out.
 * Kept in memory so custom functions stay synchronous; the task pane persists it
 * in the workbook. One module instance is shared by task pane and functions
 * (webpack runtimeChunk "single"), which the bundle test checks.
 */
export interface Settings {
  /** ISO date; absent means "today". */
  stichtag?: IsoDate;
  /** KV region key; absent means none chosen. */
  kv?: string;
}

let state: Settings = {};

export function getSettings(): Readonly<Settings> {
  return state;
}

export function setSettings(next: Settings): void {
  state = { ...state, ...next };
}

export function resetSettings(): void {
  state = {};
}

export function currentStichtag(now?: Date): IsoDate {
  return state.stichtag ?? todayIso(now);
}
