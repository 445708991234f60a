import { de, Decimal, HUNDRED, roundCent, ZERO } from "./decimal";
import { IsoDate } from "./dates";
import { tables } from "../data/tables";
import { ebmPunkte, ebmPunktwert, findGop } from "./ebm";
import { zeitraumSumme } from "./kapazitaet";
import { badInput, outOfRange } from "./errors";
import { regel } from "./regeln";
import { Trace } from "./trace";

/**
 * The Strukturzuschlag (EBM 35.2, GOP 35571 to each genehmigungspflichtige
 * 50-minute session) in its readings:
 *  - "EBM": none up to the Mindestpunktzahl (18 sessions a week at a full
 *    mandate), the full supplement up to twice that (36), factor 0,5 up to the
 *    cap (42), none above (BA 372. Sitzung 2016; KBV 28281; KV Bremen 2016).
 *  - "DPtV-2023": the 2023 position paper's reading: factor 0,5 for every
 *    session from the 19th to the 42nd.
 *  - "DPtV-2023-54": the paper's proposal, factor 0,5 up to the 54th session.
 * The thresholds are kept as sessions a week and scale with the Versorgungsauftrag
 * (half mandate: 9 / 18 / 21).
 */
export const SZ_REGELN = ["EBM", "DPtV-2023", "DPtV-2023-54"] as const;
export type SzRegel = (typeof SZ_REGELN)[number];

export const SZ_GOP = "35571";

export function toSzRegel(text: string): SzRegel {
  const found = SZ_REGELN.find((r) => r.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw badInput(`Strukturzuschlag-Regel "${text}" unbekannt; möglich: ${SZ_REGELN.join(", ")}.`);
  return found;
}

export interface SzBetraege {
  voll: Decimal;
  halb: Decimal;
}

/** The supplement per session, full and at the reduced factor, each rounded to the cent like every EBM fee. */
export function szBetraege(date: IsoDate, trace?: Trace): SzBetraege {
  const punkte = ebmPunkte(SZ_GOP, date, trace);
  const ow = ebmPunktwert(date, trace);
  const faktor = regel("strukturzuschlag_faktor_oberhalb_vollauslastung", date, trace);
  const voll = roundCent(punkte.times(ow).dividedBy(HUNDRED));
  const halb = roundCent(punkte.times(faktor).times(ow).dividedBy(HUNDRED));
  trace?.push({ schritt: "Strukturzuschlag je Sitzung, voll (Punkte × Orientierungswert, auf den Cent)", wert: voll.toFixed(2), einheit: "€" });
  trace?.push({ schritt: `Strukturzuschlag je Sitzung mit Faktor ${de(faktor)} (auf den Cent)`, wert: halb.toFixed(2), einheit: "€" });
  return { voll, halb };
}

export interface SzAnzahl {
  voll: Decimal;
  halb: Decimal;
}

function clamp(x: Decimal, lo: Decimal, hi: Decimal): Decimal {
  return Decimal.max(lo, Decimal.min(hi, x));
}

/** How many of the week's sessions carry the full and the reduced supplement. */
export function szAnzahl(sitzungen: Decimal, versorgungsauftrag: Decimal, regelName: SzRegel, date: IsoDate, trace?: Trace): SzAnzahl {
  const ab = regel("strukturzuschlag_ab_sitzung", date, trace).times(versorgungsauftrag);
  if (regelName === "EBM") {
    const vollBis = regel("strukturzuschlag_voll_bis_sitzung", date, trace).times(versorgungsauftrag);
    const halbBis = regel("strukturzuschlag_halb_bis_sitzung", date, trace).times(versorgungsauftrag);
    const n = { voll: clamp(sitzungen.minus(ab), ZERO, vollBis.minus(ab)), halb: clamp(sitzungen.minus(vollBis), ZERO, halbBis.minus(vollBis)) };
    trace?.push({ schritt: `Sitzungen mit vollem Zuschlag: über ${ab} bis ${vollBis}`, wert: n.voll.toString(), einheit: "Sitzungen/Woche" });
    trace?.push({ schritt: `Sitzungen mit halbem Zuschlag: über ${vollBis} bis ${halbBis}`, wert: n.halb.toString(), einheit: "Sitzungen/Woche" });
    return n;
  }
  const key = regelName === "DPtV-2023" ? "strukturzuschlag_halb_bis_sitzung" : "strukturzuschlag_dptv_vorschlag_bis_sitzung";
  const bis = regel(key, date, trace).times(versorgungsauftrag);
  const n = { voll: ZERO, halb: clamp(sitzungen.minus(ab), ZERO, bis.minus(ab)) };
  trace?.push({ schritt: `Lesart ${regelName}: Sitzungen mit halbem Zuschlag über ${ab} bis ${bis}`, wert: n.halb.toString(), einheit: "Sitzungen/Woche" });
  return n;
}

/** Minutes in a week: the most a week can hold. */
const MINUTEN_PRO_WOCHE = new Decimal(7 * 24 * 60);

/** Sessions a week beyond what a week can hold (at the Prüfzeit per session) are an input error. */
export function pruefeSitzungenProWoche(sitzungen: Decimal, name: string, date: IsoDate): void {
  const pruefzeit = regel("pruefzeit_sitzung", date, undefined);
  const max = MINUTEN_PRO_WOCHE.dividedBy(pruefzeit).floor();
  if (sitzungen.greaterThan(max)) {
    throw outOfRange(`${name}: ${de(sitzungen)} Sitzungen je Woche passen nicht in eine Woche (höchstens ${max} bei ${pruefzeit} Minuten Prüfzeit je Sitzung).`);
  }
}

/** The week's Strukturzuschlag in euros for `sitzungen` genehmigungspflichtige sessions a week. */
export function strukturzuschlagWoche(sitzungen: Decimal, versorgungsauftrag: Decimal, regelName: SzRegel, date: IsoDate, trace?: Trace): Decimal {
  pruefeSitzungenProWoche(sitzungen, "Sitzungen je Woche", date);
  const n = szAnzahl(sitzungen, versorgungsauftrag, regelName, date, trace);
  const betrag = szBetraege(date, trace);
  const result = roundCent(n.voll.times(betrag.voll).plus(n.halb.times(betrag.halb)));
  trace?.push({ schritt: "Sitzungen voll × Zuschlag + Sitzungen halb × halber Zuschlag", wert: result.toFixed(2), einheit: "€/Woche" });
  return result;
}

/** The rules a week's supplement reads: where one of them changes, a period is cut. */
const SZ_REGELN_KEYS = [
  "strukturzuschlag_ab_sitzung",
  "strukturzuschlag_voll_bis_sitzung",
  "strukturzuschlag_halb_bis_sitzung",
  "strukturzuschlag_faktor_oberhalb_vollauslastung",
  "strukturzuschlag_dptv_vorschlag_bis_sitzung",
];

/**
 * The Strukturzuschlag over a period: each week's supplement (rounded to the cent
 * as every fee is) at the values in force then, over the working weeks of each
 * part (zeitraumSumme), so that a year with a change of points is the weighted
 * sum of its quarters. Not rounded: an estimate of revenue, not a payment.
 */
export function strukturzuschlagZeitraum(sitzungen: Decimal, versorgungsauftrag: Decimal, regelName: SzRegel, von: IsoDate, bis: IsoDate, trace?: Trace): Decimal {
  const t = tables();
  const used = [t.orientierungswert, findGop(SZ_GOP).punkte, ...SZ_REGELN_KEYS.map((k) => t.regeln.get(k))];
  return zeitraumSumme(von, bis, used, (start, steps) => strukturzuschlagWoche(sitzungen, versorgungsauftrag, regelName, start, steps), "Strukturzuschlag je Woche", trace);
}
