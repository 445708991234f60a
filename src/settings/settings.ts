import { Override, parseOverrides } from "../data/overrides";
import { useOverrides, useTables } from "../data/tables";
import { isoDate, IsoDate, todayIso, useDateSystem } from "../engine/dates";
import { badInput } from "../engine/errors";
import { findKv } from "../engine/hvm";

/**
 * The workbook's choices that formulas fall back on when an argument is left
 * out (Stichtag, KV) and the user's own table values (overrides). Kept in
 * memory so custom functions stay synchronous; persisted in the workbook's
 * document settings. One module instance is shared by task pane and functions
 * (webpack runtimeChunk "single"), which the bundle test checks.
 */
export interface Settings {
  /** ISO date; absent means "today". */
  stichtag?: IsoDate;
  /** KV id (as in praxis.json); absent means none chosen. */
  kv?: string;
  overrides?: Override[];
}

/** Names under which the choices live in the workbook (Office.context.document.settings). */
export const SETTINGS_KEYS = { stichtag: "honorar.stichtag", kv: "honorar.kv", overrides: "honorar.overrides" } as const;

/** The part of Office.context.document.settings this module uses. */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: { status: string; error?: { message: string } }) => void): void;
}

type Problems = Partial<Record<keyof Settings, string>>;

let state: Settings = {};
// A stored value that cannot be read stays an error until the user replaces it:
// formulas that depend on it say so instead of computing with a default.
let problems: Problems = {};

const LABEL: Record<keyof Settings, string> = { stichtag: "Gespeicherter Stichtag", kv: "Gespeicherte KV", overrides: "Gespeicherte Liste eigener Werte" };

function problem(key: keyof Settings, stored: unknown, why: string): string {
  return `${LABEL[key]} der Arbeitsmappe ist ungültig: ${JSON.stringify(stored)} (${why}). Im Aufgabenbereich neu wählen.`;
}

export function getSettings(): Readonly<Settings> {
  return state;
}

/** Problems with stored values, by setting; empty when everything read. */
export function settingsProblems(): Readonly<Problems> {
  return problems;
}

function checkStichtag(v: unknown): IsoDate {
  const m = typeof v === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (!m) throw new Error("kein Datum JJJJ-MM-TT");
  return isoDate(+m[1], +m[2], +m[3]);
}

/** Any spelling findKv accepts ("KVNO", "Nordrhein"); kept as the KV's id. */
function checkKv(v: unknown): string {
  if (typeof v !== "string") throw new Error("kein Text");
  try {
    return findKv(v).id;
  } catch {
    throw new Error("keine der 17 KVen");
  }
}

/**
 * Changes the settings in memory. Invalid values throw (nothing changes then);
 * a valid value clears an earlier problem with the stored one.
 */
export function setSettings(next: Settings): void {
  if ("stichtag" in next && next.stichtag !== undefined) checkStichtag(next.stichtag);
  if ("kv" in next && next.kv !== undefined) next = { ...next, kv: checkKv(next.kv) };
  // Last of the checks: it swaps the tables in force.
  if ("overrides" in next) useOverrides(next.overrides ?? []);
  const cleared = { ...problems };
  for (const k of Object.keys(next) as (keyof Settings)[]) delete cleared[k];
  problems = cleared;
  state = { ...state, ...next };
}

export function resetSettings(): void {
  state = {};
  problems = {};
  useTables(undefined);
  useDateSystem(1900);
}

/**
 * Reads the workbook's stored choices (when the shared runtime starts). Absent
 * values mean the defaults; a stored value that does not read is recorded as a
 * problem, and formulas depending on it give #VALUE! with that message.
 * Returns the problems found.
 */
export function restoreSettings(doc: DocumentSettings): string[] {
  resetSettings();
  const next: Settings = {};
  const found: Problems = {};
  const read = <T>(key: keyof Settings, check: (v: unknown) => T, put: (v: T) => void): void => {
    const stored = doc.get(SETTINGS_KEYS[key]);
    if (stored === null || stored === undefined) return;
    try {
      put(check(stored));
    } catch (e) {
      found[key] = problem(key, stored, e instanceof Error ? e.message : String(e));
    }
  };
  read("overrides", (v) => {
    const list = parseOverrides(typeof v === "string" ? JSON.parse(v) : v);
    useOverrides(list);
    return list;
  }, (v) => (next.overrides = v));
  read("stichtag", checkStichtag, (v) => (next.stichtag = v));
  read("kv", checkKv, (v) => (next.kv = v));
  state = next;
  problems = found;
  return Object.values(found);
}

/** Writes the settings in memory to the workbook and saves them with it. */
export function saveSettings(doc: DocumentSettings): Promise<void> {
  const put = (name: string, value: unknown) => (value === undefined ? doc.remove(name) : doc.set(name, value));
  put(SETTINGS_KEYS.stichtag, state.stichtag);
  put(SETTINGS_KEYS.kv, state.kv);
  put(SETTINGS_KEYS.overrides, state.overrides && state.overrides.length > 0 ? JSON.stringify(state.overrides) : undefined);
  return new Promise((resolve, reject) =>
    doc.saveAsync((r) => (r && r.status === "failed" ? reject(new Error(r.error?.message ?? "saveAsync")) : resolve())),
  );
}

export function currentStichtag(now?: Date): IsoDate {
  if (problems.stichtag) throw badInput(problems.stichtag);
  return state.stichtag ?? todayIso(now);
}

/** The workbook's KV id, or undefined when none is chosen. */
export function currentKv(): string | undefined {
  if (problems.kv) throw badInput(problems.kv);
  return state.kv;
}

/** Throws when the stored overrides do not read: every table value might be affected. */
export function checkOverrides(): void {
  if (problems.overrides) throw badInput(problems.overrides);
}

