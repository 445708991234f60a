import { Kv, tables } from "../data/tables";
import { normalizeKvName } from "../data/validate";
import { de, Decimal, ZERO } from "./decimal";
import { formatDe, IsoDate } from "./dates";
import { badInput, noValue } from "./errors";
import { regel } from "./regeln";
import { Trace } from "./trace";

export function findKv(name: string): Kv {
  const key = normalizeKvName(name);
  // "KV Nordrhein" and "Kassenärztliche Vereinigung Nordrhein" name the region after the prefix.
  const kv = tables().kvByName.get(key) ?? (key.startsWith("kv") ? tables().kvByName.get(key.slice(2)) : undefined);
  if (!kv) {
    const known = tables().kvs.map((k) => k.name).join(", ");
    throw badInput(`KV "${name}" ist unbekannt. Bekannt sind: ${known} (auch Kürzel wie "KVNO", "KVWL").`);
  }
  return kv;
}

/** The KV's quota above the limit from the table, or #N/A that says to pass one. */
export function abstaffelungsquote(kv: Kv, date: IsoDate, trace: Trace): Decimal {
  const entry = kv.quote.at(date);
  if (!entry || entry.value === null) {
    const why = entry?.note ?? `Für die KV ${kv.name} gibt es vor dem ${formatDe(kv.quote.firstDate)} keinen Tabellenwert.`;
    throw noValue(`Abstaffelungsquote der KV ${kv.name} am ${formatDe(date)} nicht belegt: ${why} Die Quote als Argument quote (0 bis 1) angeben oder im Aufgabenbereich eintragen.`);
  }
  trace?.push({ schritt: `Abstaffelungsquote KV ${kv.name}`, wert: entry.value.toString(), einheit: entry.unit, eintrag: entry });
  return entry.value;
}

/**
 * What a KV pays of `menge` (euros or minutes) under its HVM: everything up to
 * the limit, the quota between 100 % and the upper bound (150 %), nothing above.
 */
export function abstaffelung(menge: Decimal, grenze: Decimal, kv: Kv, date: IsoDate, quote: Decimal | null, trace?: Trace): Decimal {
  // The HVM distributes the budgeted part of the total only; an explanation must say so, since a menge with extrabudgetary services in it reduces what is paid in full.
  trace?.push({ schritt: "Menge: nur budgetierte Leistungen (EBM_EXTRABUDGETAER = FALSCH); extrabudgetäre zahlt die Krankenkasse voll und ohne Abstaffelung", wert: menge.toString(), einheit: "" });
  const faktor = regel("abstaffelung_obergrenze", date, trace);
  const obergrenze = grenze.times(faktor);
  const voll = Decimal.min(menge, grenze);
  const ueber = Decimal.max(0, Decimal.min(menge, obergrenze).minus(grenze));
  let q: Decimal;
  if (quote !== null) {
    q = quote;
    trace?.push({ schritt: `Abstaffelungsquote (Argument, KV ${kv.name})`, wert: q.toString(), einheit: "Anteil" });
  } else if (ueber.isZero()) {
    q = ZERO; // nothing above the limit: the quota does not matter, so a missing one is no error
  } else {
    q = abstaffelungsquote(kv, date, trace);
  }
  const paid = voll.plus(ueber.times(q));
  if (trace) {
    trace.push({ schritt: "voll vergütet bis zur Grenze", wert: voll.toString(), einheit: "" });
    trace.push({ schritt: `abgestaffelt vergütet: ${de(ueber)} × ${de(q)}`, wert: ueber.times(q).toString(), einheit: "" });
    trace.push({ schritt: `nicht vergütet über ${de(faktor.times(100))} % der Grenze`, wert: Decimal.max(0, menge.minus(obergrenze)).toString(), einheit: "" });
    trace.push({ schritt: "vergütet", wert: paid.toString(), einheit: "" });
  }
  return paid;
}
