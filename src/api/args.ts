import { asNumber, de, Decimal, ONE } from "../engine/decimal";
import { zahlAusText } from "../engine/zahltext";
import { IsoDate, parseStichtag } from "../engine/dates";
import { badInput, outOfRange } from "../engine/errors";
import { FaktorArg, parseFaktorText } from "../engine/goae";
import { currentKv, currentStichtag } from "../settings/settings";

/**
 * Converting what Excel (or the CLI's formula engine) hands over into the
 * engine's types. An omitted optional argument arrives as null or undefined;
 * an empty cell as null or "".
 */
export type Raw = number | string | boolean | null | undefined;

export function isEmpty(raw: Raw): raw is null | undefined | "" {
  return raw === null || raw === undefined || raw === "";
}

export function toCode(raw: Raw, name: string): string {
  if (isEmpty(raw)) throw badInput(`${name} fehlt.`);
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw badInput(`${name} ist keine endliche Zahl.`);
    if (!Number.isSafeInteger(raw) || raw < 0) throw badInput(`${name} ${de(raw)} ist keine gültige Nummer.`);
    return String(raw);
  }
  if (typeof raw === "string") return raw.trim();
  throw badInput(`${name} muss eine Zahl oder ein Text sein, nicht ${raw ? "WAHR" : "FALSCH"}.`);
}

function numberFromText(raw: string, name: string): number {
  const t = zahlAusText(raw, `${name} `);
  if (t === undefined) throw badInput(`${name} "${raw}" ist keine Zahl.`);
  return Number(t);
}

/** A count of services: a whole number from 0 up to the largest exactly representable integer. */
export function toCount(raw: Raw, name = "Anzahl", fallback = 1): number {
  if (isEmpty(raw)) return fallback;
  if (typeof raw === "boolean") throw badInput(`${name} muss eine Zahl sein.`);
  const n = typeof raw === "string" ? numberFromText(raw, name) : raw;
  if (!Number.isFinite(n)) throw outOfRange(`${name} ist keine endliche Zahl.`);
  if (n < 0) throw outOfRange(`${name} darf nicht negativ sein (${de(n)}).`);
  if (!Number.isInteger(n)) throw badInput(`${name} muss eine ganze Zahl sein (${de(n)}).`);
  if (!Number.isSafeInteger(n)) throw outOfRange(`${name} ${de(n)} ist zu groß.`);
  return n;
}

export function toBool(raw: Raw, name: string, fallback = false): boolean {
  if (isEmpty(raw)) return fallback;
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number" && (raw === 0 || raw === 1)) return raw === 1;
  if (typeof raw === "string") {
    const t = raw.trim().toUpperCase();
    if (t === "WAHR" || t === "TRUE") return true;
    if (t === "FALSCH" || t === "FALSE") return false;
  }
  throw badInput(`${name} muss WAHR oder FALSCH sein.`);
}

export function toStichtag(raw: Raw): IsoDate {
  return isEmpty(raw) ? currentStichtag() : parseStichtag(raw);
}

/**
 * The same factor number gives the same Decimal: cheaper than building one per
 * call, and the GOÄ fee memo keys on it. Bounded, since a sheet may hold any
 * number of different factors.
 */
const faktoren = new Map<number, Decimal>();
const MAX_FAKTOREN = 4096;

/** The highest factor a tariff reimburses: a factor, or a payer's name ("PKV", "Beihilfe"). */
export function toMaxFaktor(raw: Raw): FaktorArg {
  return typeof raw === "string" ? parseFaktorText(raw, true) : toFaktor(raw);
}

export function toFaktor(raw: Raw): FaktorArg {
  if (isEmpty(raw)) return null;
  if (typeof raw === "number") {
    let d = faktoren.get(raw);
    if (d === undefined) {
      if (!Number.isFinite(raw)) throw outOfRange("Der Faktor ist keine endliche Zahl.");
      d = new Decimal(raw);
      // 0 and -0 are one key of a Map but two Decimals.
      if (raw !== 0) {
        if (faktoren.size >= MAX_FAKTOREN) faktoren.clear();
        faktoren.set(raw, d);
      }
    }
    return d;
  }
  if (typeof raw === "string") return parseFaktorText(raw);
  throw badInput("Der Faktor muss eine Zahl oder ein Text wie \"Basistarif\" sein.");
}

/** Decimal out to Excel: a number, or #NUM! if it cannot be one. */
export function toExcelNumber(d: Decimal): number {
  const n = asNumber(d);
  if (!Number.isFinite(n)) throw outOfRange("Das Ergebnis ist zu groß für Excel.");
  return n;
}

/** A cell range as Excel passes it (rows of cells), or a single value. */
export type Arg = Raw | Raw[][];

/** Row by row, as a column or row of cells reads. */
export function flatten(arg: Arg): Raw[] {
  return Array.isArray(arg) ? arg.flat() : [arg];
}

/** A single value; a range of one cell counts as that cell. */
export function scalar(arg: Arg, name: string): Raw {
  if (!Array.isArray(arg)) return arg;
  const cells = arg.flat();
  if (cells.length !== 1) throw badInput(`${name} muss ein einzelner Wert sein, kein Bereich.`);
  return cells[0];
}

function toNumber(raw: Raw, name: string): number {
  if (typeof raw === "boolean") throw badInput(`${name} muss eine Zahl sein, nicht ${raw ? "WAHR" : "FALSCH"}.`);
  const n = typeof raw === "string" ? numberFromText(raw, name) : (raw as number);
  if (!Number.isFinite(n)) throw outOfRange(`${name} ist keine endliche Zahl.`);
  return n;
}

/** An amount (euros, minutes, hours) that may be zero but not negative. */
export function toAmount(raw: Raw, name: string, fallback?: Decimal | null): Decimal | null {
  if (isEmpty(raw)) {
    if (fallback === undefined) throw badInput(`${name} fehlt.`);
    return fallback;
  }
  const n = toNumber(raw, name);
  if (n < 0) throw outOfRange(`${name} darf nicht negativ sein (${de(n)}).`);
  return new Decimal(n);
}

/** An amount that may be negative as well (a deficit in euros). */
export function toSigned(raw: Raw, name: string): Decimal {
  if (isEmpty(raw)) throw badInput(`${name} fehlt.`);
  return new Decimal(toNumber(raw, name));
}

/** A year as a whole number (also as text) from 1900 to 9999; null when empty. */
export function toJahr(raw: Raw, name: string): number | null {
  if (isEmpty(raw)) return null;
  const n = typeof raw === "string" && /^\s*\d{4}\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1900 || n > 9999) {
    const shown = typeof raw === "number" ? de(raw) : typeof raw === "boolean" ? (raw ? "WAHR" : "FALSCH") : `"${raw}"`;
    throw badInput(`${name}: ${shown} ist keine Jahreszahl (ganze Zahl von 1900 bis 9999; ein Jahresdurchschnitt gilt für ein ganzes Jahr, nicht für ein Datum oder Quartal).`);
  }
  return n;
}

/** Like toAmount, but zero is not allowed either. */
export function toPositive(raw: Raw, name: string, fallback?: Decimal | null): Decimal | null {
  const d = toAmount(raw, name, fallback);
  if (d !== null && d.isZero()) throw outOfRange(`${name} muss größer als 0 sein.`);
  return d;
}

/** A share from 0 to 1 (a quota, a mandate, a mix). */
export function toShare(raw: Raw, name: string, fallback?: Decimal | null): Decimal | null {
  const d = toAmount(raw, name, fallback);
  if (d !== null && d.greaterThan(1)) {
    throw outOfRange(`${name} muss zwischen 0 und 1 liegen (${de(d)}); Prozent als Anteil schreiben, z. B. 0,844 für 84,4 %.`);
  }
  return d;
}

/** The KV argument, falling back to the workbook's KV. */
export function toKvName(raw: Raw): string {
  if (isEmpty(raw)) {
    const kv = currentKv();
    if (!kv) throw badInput("KV fehlt: als Argument angeben (z. B. \"Nordrhein\" oder \"KVNO\") oder im Aufgabenbereich wählen.");
    return kv;
  }
  if (typeof raw !== "string") throw badInput("Die KV muss als Text angegeben werden, z. B. \"Nordrhein\" oder \"KVNO\".");
  return raw;
}

/** A required argument: an empty one is "… fehlt". */
export function required(raw: Raw, name: string): Raw {
  if (isEmpty(raw)) throw badInput(`${name} fehlt.`);
  return raw;
}

/** A Versorgungsauftrag as a share of a full one (1, 0,75, 0,5 …): above 0, at most 1. */
export function toMandate(raw: Raw): Decimal {
  const d = toShare(raw, "Versorgungsauftrag", ONE)!;
  if (d.isZero()) throw outOfRange("Versorgungsauftrag muss größer als 0 sein (1 = voll, 0,5 = hälftig).");
  return d;
}
