import { de } from "./decimal";
import { badInput } from "./errors";

/**
 * Dates travel through the engine as ISO strings (YYYY-MM-DD): they compare
 * correctly as plain strings, which keeps table look-ups cheap.
 */
export type IsoDate = string;

/**
 * Excel counts dates in one of two systems, chosen per workbook: serial 0 is
 * 30.12.1899 in the 1900 system (the default; its leap-year bug only affects
 * serials < 61) and 01.01.1904 in the 1904 system of old Mac workbooks, 1462
 * days later. A custom function receives the bare serial, so the workbook's
 * system must be known: the add-in asks Excel, the CLI reads the file.
 */
export type DateSystem = 1900 | 1904;
const EPOCH_MS: Record<DateSystem, number> = { 1900: Date.UTC(1899, 11, 30), 1904: Date.UTC(1904, 0, 1) };
const MS_PER_DAY = 86_400_000;
const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;
const FIRST_SERIAL = 10_000; // 1927-05-18 (1900 system): anything smaller would be read as a year or rejected

/** Excel's serial number of a UTC instant (days since the system's serial 0, fractions for the time of day). */
export function serialOf(ms: number, system: DateSystem): number {
  return (ms - EPOCH_MS[system]) / MS_PER_DAY;
}

const LAST_DAY_MS = Date.UTC(9999, 11, 31); // Excel's last date
const LAST_SERIAL: Record<DateSystem, number> = { 1900: serialOf(LAST_DAY_MS, 1900), 1904: serialOf(LAST_DAY_MS, 1904) };

let dateSystem: DateSystem = 1900;

/** Sets the date system of the workbook in force (settings: the add-in on start, recalc from the file). */
export function useDateSystem(system: DateSystem): void {
  dateSystem = system;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  const t = new Date(Date.UTC(year, month - 1, day));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) {
    throw badInput(`Ungültiges Datum: ${pad(day, 2)}.${pad(month, 2)}.${year}.`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function quarterStart(quarter: number, year: number): IsoDate {
  return isoDate(year, (quarter - 1) * 3 + 1, 1);
}

/** The quarter a date lies in. */
export function quarterOf(date: IsoDate): { quarter: number; year: number } {
  return { quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1, year: Number(date.slice(0, 4)) };
}

/** The last day of a quarter, found within its own year (the year after 9999 is no Excel date). */
export function quarterEnd(quarter: number, year: number): IsoDate {
  return quarter === 4 ? `${year}-12-31` : dayBefore(quarterStart(quarter + 1, year));
}

export function dayBefore(date: IsoDate): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
}

/** Days from one date to another, both counted (01.01. to 31.03. is 90 days). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000) + 1;
}

/** A period longer than this many quarters (a century) is refused: no table of EBM history is that long. */
export const MAX_QUARTALE = 400;

/** The number of quarters a period touches; a period that ends before it starts, or runs longer than MAX_QUARTALE, is refused. */
export function periodQuarters(von: IsoDate, bis: IsoDate): number {
  if (von > bis) throw badInput(`Der Beginn (von: ${formatDe(von)}) liegt nicht vor dem Ende (bis: ${formatDe(bis)}).`);
  const [a, b] = [quarterOf(von), quarterOf(bis)];
  const count = (b.year - a.year) * 4 + (b.quarter - a.quarter) + 1;
  if (count > MAX_QUARTALE) throw badInput(`Von ${formatDe(von)} bis ${formatDe(bis)} sind es ${count} Quartale; höchstens ${MAX_QUARTALE}.`);
  return count;
}

function fromSerial(serial: number): IsoDate {
  const t = new Date(EPOCH_MS[dateSystem] + Math.floor(serial) * MS_PER_DAY);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Formats an ISO date the German way for messages: 2024-07-01 → 01.07.2024. */
export function formatDe(iso: IsoDate): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

const TEXT_FORMS: Array<[RegExp, (m: RegExpMatchArray) => IsoDate]> = [
  [/^(\d{4})$/, (m) => isoDate(+m[1], 1, 1)],
  [/^([1-4])\s*\/\s*(\d{4})$/, (m) => quarterStart(+m[1], +m[2])],
  [/^(\d{4})\s*-?\s*Q([1-4])$/i, (m) => quarterStart(+m[2], +m[1])],
  [/^Q([1-4])\s*[/-]?\s*(\d{4})$/i, (m) => quarterStart(+m[1], +m[2])],
  [/^([1-4])\.\s*Quartal\s*(\d{4})$/i, (m) => quarterStart(+m[1], +m[2])],
  [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (m) => isoDate(+m[1], +m[2], +m[3])],
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => isoDate(+m[3], +m[2], +m[1])],
];

/**
 * Reads a Stichtag as Excel users write it: an Excel date (serial number), a year
 * (meaning 1 January), a quarter as text ("3/2024", "2024Q3", "Q3/2024",
 * "3. Quartal 2024") or a date as text ("2024-07-01", "01.07.2024").
 */
export function parseStichtag(raw: unknown): IsoDate {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw badInput("Der Stichtag ist keine gültige Zahl.");
    if (Number.isInteger(raw) && raw >= FIRST_YEAR && raw <= LAST_YEAR) return newYear(raw);
    if (raw >= FIRST_SERIAL && raw <= LAST_SERIAL[dateSystem]) return fromSerial(raw);
    throw badInput(
      `Stichtag ${de(raw)} ist weder eine Jahreszahl noch ein Excel-Datum. Erlaubt: Datum, Jahr (z. B. 2024) oder Quartal als Text ("3/2024", "2024Q3").`,
    );
  }
  if (typeof raw === "string") {
    const text = raw.trim();
    for (const [pattern, build] of TEXT_FORMS) {
      const m = text.match(pattern);
      if (m) return build(m);
    }
    throw badInput(
      `Stichtag "${raw}" ist nicht lesbar. Erlaubt: Datum, Jahr (z. B. 2024) oder Quartal als Text ("3/2024", "2024Q3").`,
    );
  }
  throw badInput("Der Stichtag muss ein Datum, eine Jahreszahl oder ein Quartal als Text sein.");
}

/** 1 January of a year, built once per year: a year is the commonest Stichtag in a sheet. */
const newYears = new Map<number, IsoDate>();

function newYear(year: number): IsoDate {
  let iso = newYears.get(year);
  if (iso === undefined) {
    iso = isoDate(year, 1, 1);
    newYears.set(year, iso);
  }
  return iso;
}

/** Today, kept while the clock stays within that local day (every formula without a Stichtag asks). */
let today: { iso: IsoDate; from: number; until: number } | undefined;

/** A date that stands for today while a command-line run lasts (see pinToday). */
let pinned: IsoDate | undefined;

/**
 * Holds "today" at one date until released (undefined): a recomputation that
 * runs across midnight, or two that are compared, must all use the same day.
 */
export function pinToday(iso: IsoDate | undefined): void {
  pinned = iso;
}

export function todayIso(now?: Date): IsoDate {
  if (now) return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  if (pinned !== undefined) return pinned;
  const ms = Date.now();
  if (!today || ms < today.from || ms >= today.until) {
    const t = new Date(ms);
    const [y, m, d] = [t.getFullYear(), t.getMonth(), t.getDate()];
    today = { iso: isoDate(y, m + 1, d), from: new Date(y, m, d).getTime(), until: new Date(y, m, d + 1).getTime() };
  }
  return today.iso;
}
