import DecimalBase from "decimal.js";

/**
 * One Decimal type for the whole engine. 40 significant digits keep every
 * intermediate product exact for the magnitudes we handle (points × cent values
 * × factors × counts), so the only rounding is the one a rule prescribes.
 */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Commercial rounding to the cent (half away from zero; amounts are never negative). */
export function roundCent(x: Decimal): Decimal {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * decimal.js turns a Decimal into a JavaScript number by a round trip through
 * text. Results kept in a memo (fees per table entry) remember their number
 * once, so a memoised result costs no conversion; any other Decimal converts as before.
 */
const NUMBERS = new WeakMap<Decimal, number>();

export function keepNumber(x: Decimal): Decimal {
  NUMBERS.set(x, x.toNumber());
  return x;
}

export function asNumber(x: Decimal): number {
  const n = NUMBERS.get(x);
  return n === undefined ? x.toNumber() : n;
}

/** A number as German text for messages, as Excel shows it: 3.8 → "3,8", 1e300 → "1E+300". */
export function de(x: Decimal | number): string {
  return x.toString().replace(".", ",").replace("e", "E");
}
