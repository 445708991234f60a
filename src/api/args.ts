import { Decimal } from "../engine/decimal";
import { IsoDate, parseStichtag } from "../engine/dates";
import { badInput, outOfRange } from "../engine/errors";
import { FaktorArg, parseFaktorText } from "../engine/goae";
import { currentStichtag } from "../settings/settings";

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
    if (!Number.isInteger(raw) || raw < 0) throw badInput(`${name} ${String(raw).replace(".", ",")} ist keine gültige Nummer.`);
    return String(raw);
  }
  if (typeof raw === "string") return raw.trim();
  throw badInput(`${name} muss eine Zahl oder ein Text sein, nicht ${raw ? "WAHR" : "FALSCH"}.`);
}

function numberFromText(raw: string, name: string): number {
  const t = raw.trim().replace(",", ".");
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) throw badInput(`${name} "${raw}" ist keine Zahl.`);
  return Number(t);
}

/** A count of services: a whole number from 0 up to the largest exactly representable integer. */
export function toCount(raw: Raw, name = "Anzahl", fallback = 1): number {
  if (isEmpty(raw)) return fallback;
  if (typeof raw === "boolean") throw badInput(`${name} muss eine Zahl sein.`);
  const n = typeof raw === "string" ? numberFromText(raw, name) : raw;
  if (!Number.isFinite(n)) throw outOfRange(`${name} ist keine endliche Zahl.`);
  if (n < 0) throw outOfRange(`${name} darf nicht negativ sein (${String(n).replace(".", ",")}).`);
  if (!Number.isInteger(n)) throw badInput(`${name} muss eine ganze Zahl sein (${String(n).replace(".", ",")}).`);
  if (!Number.isSafeInteger(n)) throw outOfRange(`${name} ${n} ist zu groß.`);
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

export function toFaktor(raw: Raw): FaktorArg {
  if (isEmpty(raw)) return null;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw outOfRange("Der Faktor ist keine endliche Zahl.");
    return new Decimal(raw);
  }
  if (typeof raw === "string") return parseFaktorText(raw);
  throw badInput("Der Faktor muss eine Zahl oder ein Text wie \"Basistarif\" sein.");
}

/** Decimal out to Excel: a number, or #NUM! if it cannot be one. */
export function toExcelNumber(d: Decimal): number {
  const n = d.toNumber();
  if (!Number.isFinite(n)) throw outOfRange("Das Ergebnis ist zu groß für Excel.");
  return n;
}
