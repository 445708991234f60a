import { Decimal } from "../engine/decimal";
import { IsoDate, quarterOf } from "../engine/dates";
import { ebmVerlauf, VerlaufZeile } from "../engine/ebm";

/**
 * The task pane's chart of a GOP's fee quarter by quarter: the rows are
 * EBM_VERLAUF's (src/engine/ebm.ts), the marks show where the Orientierungswert
 * or the GOP's points changed. Model and geometry are plain data (tested in
 * Node); draw() turns them into SVG elements, without any chart library.
 */

/** A change between one quarter and the one before: of the Orientierungswert ("ow") or of the GOP's points. */
export interface Marke {
  index: number;
  quartal: string;
  art: "ow" | "punkte";
  alt: Decimal;
  neu: Decimal;
}

export interface Verlauf {
  gop: string;
  zeilen: VerlaufZeile[];
  marken: Marke[];
}

/** From the first quarter the tables record for the GOP to the quarter containing `bis`. */
export function verlauf(gop: string, bis: IsoDate): Verlauf {
  const zeilen = ebmVerlauf(gop, undefined, bis);
  const marken: Marke[] = [];
  zeilen.forEach((z, i) => {
    const vorher = zeilen[i - 1];
    if (!vorher) return;
    if (!z.orientierungswert.equals(vorher.orientierungswert)) marken.push({ index: i, quartal: z.quartal, art: "ow", alt: vorher.orientierungswert, neu: z.orientierungswert });
    // A quarter without recorded points is a gap, not a change.
    if (z.punkte && vorher.punkte && !z.punkte.equals(vorher.punkte)) marken.push({ index: i, quartal: z.quartal, art: "punkte", alt: vorher.punkte, neu: z.punkte });
  });
  return { gop, zeilen, marken };
}

/** The change in percent, one decimal, for a label (the tables keep the exact values). */
export function prozent(m: Marke): Decimal {
  return m.neu.minus(m.alt).div(m.alt).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
}

export interface Geometrie {
  breite: number;
  hoehe: number;
  plot: { x0: number; x1: number; y0: number; y1: number };
  /** The fee as a step line (SVG path data); a gap in the tables is a gap in the line. */
  linie: string;
  yTicks: { y: number; wert: number }[];
  xLabels: { x: number; text: string }[];
  marken: (Marke & { x: number; y: number })[];
  /** Where the workbook's Stichtag lies, if within the chart. */
  stichtag?: number;
}

const NICE = [1, 2, 2.5, 5, 10];

/** A tick step of 1, 2, 2.5 or 5 times a power of ten, giving about `count` intervals. */
function step(range: number, count: number): number {
  const raw = range / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return NICE.find((n) => n * power >= raw)! * power;
}

/**
 * Positions in the SVG's own units. Pixels are only positions: the fees are
 * turned into numbers here and nowhere else, their labels come from the Decimals.
 */
export function geometrie(v: Verlauf, stichtag: IsoDate | undefined, breite = 320, hoehe = 190): Geometrie {
  const plot = { x0: 44, x1: breite - 10, y0: 22, y1: hoehe - 24 };
  const fees = v.zeilen.map((z) => (z.honorar === null ? null : z.honorar.toNumber()));
  const known = fees.filter((f): f is number => f !== null);
  let lo = Math.min(...known);
  let hi = Math.max(...known);
  const spread = hi - lo || hi * 0.1 || 1;
  // Room below the line for the labels of changed points, a little above it.
  lo -= spread * 0.3;
  hi += spread * 0.05;
  const s = step(hi - lo, 5);
  lo = Math.floor(lo / s) * s;
  hi = Math.ceil(hi / s) * s;
  const n = v.zeilen.length;
  const xAt = (i: number) => plot.x0 + ((plot.x1 - plot.x0) * i) / n;
  const yAt = (f: number) => plot.y1 - ((plot.y1 - plot.y0) * (f - lo)) / (hi - lo);
  const r = (x: number) => Math.round(x * 10) / 10;

  let linie = "";
  fees.forEach((f, i) => {
    if (f === null) return;
    const y = r(yAt(f));
    linie += `${i > 0 && fees[i - 1] !== null ? "V" : "M"}${i > 0 && fees[i - 1] !== null ? y : `${r(xAt(i))} ${y}`}H${r(xAt(i + 1))}`;
  });

  const yTicks: Geometrie["yTicks"] = [];
  for (let t = lo; t <= hi + s / 1000; t += s) yTicks.push({ y: r(yAt(t)), wert: Math.round(t * 100) / 100 });

  // Year labels at each year's first quarter shown, thinned so they never touch (a year is about 28 units wide).
  const starts = v.zeilen.map((z, i) => ({ i, ...quarterOf(z.beginn) })).filter((q) => q.quarter === 1 || q.i === 0);
  const perYear = ((plot.x1 - plot.x0) / n) * 4;
  const every = Math.max(1, Math.ceil(34 / perYear));
  const xLabels =
    n <= 4
      ? v.zeilen.map((z, i) => ({ x: r(xAt(i + 0.5)), text: z.quartal }))
      : starts.filter((q) => q.year % every === 0 && xAt(q.i) >= plot.x0 + (q.i === 0 ? 0 : 10)).map((q) => ({ x: r(xAt(q.i)), text: String(q.year) }));

  const marken = v.marken.map((m) => {
    const f = fees[m.index];
    return { ...m, x: r(xAt(m.index)), y: r(f === null ? plot.y1 : yAt(f)) };
  });

  // The Stichtag's quarter, in the middle of its step, when the chart shows that quarter.
  let stichtagX: number | undefined;
  if (stichtag) {
    const q = quarterOf(stichtag);
    const i = v.zeilen.findIndex((z) => z.quartal === `${q.quarter}/${q.year}`);
    if (i >= 0) stichtagX = r(xAt(i + 0.5));
  }
  return { breite, hoehe, plot, linie, yTicks, xLabels, marken, stichtag: stichtagX };
}

/** Text of the chart, in the pane's language. */
export interface ChartText {
  euro: (x: number) => string;
  owGeaendert: (m: Marke) => string;
  punkteGeaendert: (m: Marke) => string;
  prozent: (m: Marke) => string;
  stichtag: string;
}

const SVG = "http://www.w3.org/2000/svg";

function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The chart as SVG: axes with fee ticks and years, the step line, a dot where
 * the Orientierungswert changed and a triangle with the change in percent
 * where the points changed (up or down, below the line), a dashed line at the Stichtag. Colours
 * are attributes, not styles (the pane's policy allows no inline style).
 */
export function draw(g: Geometrie, t: ChartText, titleId: string, title: string, desc: string): SVGElement {
  const svg = svgEl("svg", { viewBox: `0 0 ${g.breite} ${g.hoehe}`, role: "img", "aria-labelledby": `${titleId}-t ${titleId}-d`, class: "verlauf-svg" });
  svg.append(svgEl("title", { id: `${titleId}-t` }, title), svgEl("desc", { id: `${titleId}-d` }, desc));
  const axes = svgEl("g", { "font-size": 11, fill: "#424242", "aria-hidden": "true" });
  for (const tick of g.yTicks) {
    axes.append(svgEl("line", { x1: g.plot.x0, x2: g.plot.x1, y1: tick.y, y2: tick.y, stroke: "#e0e0e0", "stroke-width": 1 }));
    axes.append(svgEl("text", { x: g.plot.x0 - 4, y: tick.y + 4, "text-anchor": "end" }, t.euro(tick.wert)));
  }
  axes.append(svgEl("line", { x1: g.plot.x0, x2: g.plot.x1, y1: g.plot.y1, y2: g.plot.y1, stroke: "#616161", "stroke-width": 1 }));
  for (const l of g.xLabels) {
    axes.append(svgEl("line", { x1: l.x, x2: l.x, y1: g.plot.y1, y2: g.plot.y1 + 4, stroke: "#616161", "stroke-width": 1 }));
    axes.append(svgEl("text", { x: l.x, y: g.plot.y1 + 16, "text-anchor": "middle" }, l.text));
  }
  svg.append(axes);
  if (g.stichtag !== undefined) {
    const s = svgEl("g", { class: "stichtag", "aria-hidden": "true" });
    s.append(svgEl("line", { x1: g.stichtag, x2: g.stichtag, y1: g.plot.y0 - 4, y2: g.plot.y1, stroke: "#616161", "stroke-width": 1, "stroke-dasharray": "3 3" }));
    const right = g.stichtag > g.plot.x1 - 40;
    s.append(svgEl("text", { x: g.stichtag + (right ? -3 : 3), y: g.plot.y0 - 8, "font-size": 10, fill: "#424242", "text-anchor": right ? "end" : "start" }, t.stichtag));
    svg.append(s);
  }
  svg.append(svgEl("path", { d: g.linie, fill: "none", stroke: "#0f6cbd", "stroke-width": 2, "stroke-linejoin": "round", class: "linie" }));
  for (const m of g.marken) {
    const mark = svgEl("g", { class: `marke marke-${m.art}`, "data-quartal": m.quartal });
    if (m.art === "ow") {
      mark.append(svgEl("circle", { cx: m.x, cy: m.y, r: 3.5, fill: "#ffffff", stroke: "#242424", "stroke-width": 1.5 }));
      mark.append(svgEl("title", {}, t.owGeaendert(m)));
    } else {
      const up = m.neu.greaterThan(m.alt);
      const colour = up ? "#0e700e" : "#b10e1c";
      // Below the line, where the step left room: a triangle pointing the way the points went, the percent beside it.
      const d = up ? `M${m.x} ${m.y + 4}l-5 9h10z` : `M${m.x} ${m.y + 13}l-5 -9h10z`;
      mark.append(svgEl("path", { d, fill: colour }));
      const right = m.x > g.plot.x1 - 44;
      mark.append(svgEl("text", { x: m.x + (right ? -7 : 7), y: m.y + 13, "font-size": 11, "font-weight": 600, fill: colour, "text-anchor": right ? "end" : "start", class: "marke-text" }, t.prozent(m)));
      mark.append(svgEl("title", {}, t.punkteGeaendert(m)));
    }
    svg.append(mark);
  }
  return svg;
}
