import { Decimal } from "./decimal";
import { IsoDate } from "./dates";
import { regel } from "./regeln";
import { Trace } from "./trace";

const SIXTY = new Decimal(60);

/**
 * Soziotherapie (§ 37a SGB V): hours beyond 120 within three years are not
 * paid; `bereitsErbracht` are the hours already used in that period.
 */
export function soziotherapieHonorar(stunden: Decimal, stundensatz: Decimal | null, bereitsErbracht: Decimal, date: IsoDate, trace?: Trace): Decimal {
  const max = regel("soziotherapie_hoechststunden", date, trace);
  const satz = stundensatz ?? regel("soziotherapie_stundensatz", date, trace);
  const rest = Decimal.max(0, max.minus(bereitsErbracht));
  const bezahlt = Decimal.min(stunden, rest);
  const result = bezahlt.times(satz);
  if (trace) {
    trace.push({ schritt: `noch offene Stunden: ${max} − ${bereitsErbracht}`, wert: rest.toString(), einheit: "h" });
    trace.push({ schritt: "vergütete Stunden", wert: bezahlt.toString(), einheit: "h" });
    trace.push({ schritt: `× Stundensatz ${satz}`, wert: result.toString(), einheit: "€" });
  }
  return result;
}

/**
 * DRV Fallmanagement (seed 004): billed to the minute, at most 15 hours, or
 * 15 more with an extension.
 */
export function fallmanagementHonorar(minuten: Decimal, stundensatz: Decimal, verlaengert: boolean, date: IsoDate, trace?: Trace): Decimal {
  let cap = regel("fallmanagement_hoechstminuten", date, trace);
  if (verlaengert) cap = cap.plus(regel("fallmanagement_verlaengerung_minuten", date, trace));
  const bezahlt = Decimal.min(minuten, cap);
  const result = bezahlt.times(stundensatz).dividedBy(SIXTY);
  if (trace) {
    trace.push({ schritt: "vergütete Minuten (höchstens die Obergrenze)", wert: bezahlt.toString(), einheit: "min" });
    trace.push({ schritt: `× Stundensatz ${stundensatz} / 60, minutengenau`, wert: result.toString(), einheit: "€" });
  }
  return result;
}
