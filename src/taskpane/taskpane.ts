/* global Office, Excel */
import { tables, texteAusstehend } from "../data/tables";
import { Override } from "../data/overrides";
import { Status } from "../data/types";
import { formatDe, IsoDate, parseStichtag } from "../engine/dates";
import { Decimal } from "../engine/decimal";
import { nachLetztemOrientierungswert, orientierungswertBelegt } from "../engine/deckung";
import { ebmHonorar } from "../engine/ebm";
import { tabellenwertAusText } from "../engine/tabellenwert";
import { currentStichtag, DocumentSettings, getSettings, settingsProblems } from "../settings/settings";
import examples from "../i18n/functions.en.json";
import { Lang, STRINGS } from "./strings";
import { MAIN_GOPS, ShownValue, valuesInForce } from "./values";
import { datenstand, zitat } from "../engine/quelle";
import { changeSettings, ExcelApi, insertFormula, startWorkbook } from "./workbook";
import { texteBereit } from "../functions/texte";
import { Beispiele, Eintrag, katalog, Metadata, suche } from "./katalog";
import { ChartText, draw, geometrie, Marke, prozent, verlauf } from "./chart";

/**
 * The task pane: the workbook's KV and Stichtag, the table values in force as
 * cards whose source folds out, a GOP's fee over the quarters, a searchable
 * formula catalogue whose examples go into the selected cell, and the user's
 * own values, in German or English, drawn with Fluent UI web components. This
 * page is also the shared runtime's page: it restores the workbook's settings
 * on start, before the pane is drawn.
 */

let lang: Lang = "de";
const metadata: Partial<Record<Lang, Metadata | null>> = {};

function office(): { doc?: DocumentSettings; excel?: ExcelApi } {
  const doc = typeof Office !== "undefined" ? (Office.context?.document?.settings as unknown as DocumentSettings | undefined) : undefined;
  const excel = typeof Excel !== "undefined" ? (Excel as unknown as ExcelApi) : undefined;
  return { doc, excel };
}

function $(id: string): HTMLElement {
  return document.getElementById(id)!;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

/** A Fluent element (custom elements are not in HTMLElementTagNameMap). */
function fluent(tag: "fluent-button" | "fluent-badge", text: string, attrs: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function num(value: string): string {
  return lang === "de" ? value.replace(".", ",") : value;
}

function euro(x: Decimal): string {
  return lang === "de" ? `${num(x.toFixed(2))} €` : `€${x.toFixed(2)}`;
}

function date(iso: IsoDate): string {
  return lang === "de" ? formatDe(iso) : iso;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function setStatus(node: HTMLElement, text: string, problem: boolean): void {
  node.textContent = text;
  node.classList.toggle("fehler", problem);
}

function showProblems(): void {
  const list = Object.values(settingsProblems());
  ($("problem") as HTMLElement).hidden = list.length === 0;
  $("problem-titel").textContent = `${STRINGS[lang].storedProblem}:`;
  $("problem-text").textContent = list.join(" ");
}

/** A Stichtag after the last sourced Orientierungswert (issue 17.5): every EBM fee on it is #N/A, so the pane says so first. */
function showOwWarning(): void {
  const s = STRINGS[lang];
  const bar = $("ow-warnung");
  let day: IsoDate;
  try {
    day = currentStichtag();
  } catch {
    bar.hidden = true;
    return;
  }
  const after = nachLetztemOrientierungswert(day);
  bar.hidden = after === undefined;
  if (!after) return;
  $("ow-warnung-titel").textContent = `${s.owBeyondTitle}.`;
  $("ow-warnung-text").textContent = s.owBeyond(date(day), `${num(after.entry.value!.toString())} ${after.entry.unit}`, date(after.entry.valid_from), date(after.bis));
}

/** Why the tables' texts could not be loaded, if they could not. */
let textsProblem: string | undefined;

const BADGE: Record<Status, string> = { confirmed: "success", derived: "informative", unconfirmed: "warning", override: "brand" };

function card(row: ShownValue, day: IsoDate): HTMLElement {
  const s = STRINGS[lang];
  const card = el("article", undefined, "karte");
  card.dataset.key = row.key;
  const titleId = `karte-${row.key.replace(/[^\w-]/g, "-")}`;
  card.setAttribute("aria-labelledby", titleId);
  const head = el("div", undefined, "karte-kopf");
  const title = el("h3", row.label, "karte-titel");
  title.id = titleId;
  head.append(title);
  const status = row.entry?.status;
  if (status) head.append(fluent("fluent-badge", s.status_[status], { appearance: "tint", color: BADGE[status], class: `status-${status}` }));
  card.append(head);
  if (row.gop) card.append(el("p", row.gop.titel, "karte-unter"));
  const value = el("p", undefined, "wert");
  if (row.missing !== undefined) value.append(el("span", row.before ? s.noneBefore(date(row.before)) : s.none, "kein-wert"));
  else value.append(el("span", num(row.entry!.value!.toString()), "zahl"), el("span", ` ${row.entry!.unit}`, "einheit"));
  card.append(value);
  if (row.missing) card.append(el("p", row.missing, "karte-unter"));
  // The fee the points pay on the day, computed by the engine as EBM_HONORAR would.
  if (row.gop && row.missing === undefined) {
    try {
      card.append(el("p", s.perService(euro(ebmHonorar(row.gop.gop, day, 1))), "karte-unter"));
    } catch {
      // Without an Orientierungswert on the day there is no fee; the warning above says why.
    }
  }
  if (row.entry) {
    const e = row.entry;
    const details = el("details", undefined, "quelle-box");
    details.append(el("summary", `${s.source} · ${s.validFrom} ${date(e.valid_from)}`));
    details.append(el("p", zitat(e.source, e.fundstelle), "quelle"));
    if (e.note) details.append(el("p", `${s.note}: ${e.note}`, "quelle"));
    // The key QUELLE and an own value take.
    const key = el("p", `${s.key}: `, "quelle");
    key.append(el("code", row.key));
    details.append(key);
    card.append(details);
  }
  return card;
}

function showValues(): void {
  const s = STRINGS[lang];
  const box = $("werte");
  const caption = $("werte-stichtag");
  box.replaceChildren();
  $("datenstand").textContent = "";
  setStatus(caption, "", false);
  let day: IsoDate;
  try {
    day = currentStichtag();
  } catch (e) {
    setStatus(caption, message(e), true);
    return;
  }
  // Values without their sources are never shown: the pane waits for the texts (or names why they are missing).
  if (texteAusstehend()) {
    setStatus(caption, textsProblem ?? s.textsLoading, textsProblem !== undefined);
    return;
  }
  caption.textContent = `${s.valuesOn(date(day))}${getSettings().stichtag ? "" : ` (${s.today})`}`;
  // Kept open across redraws: whoever unfolded a source is still reading it.
  const open = new Set(Array.from(document.querySelectorAll<HTMLElement>("#werte .karte:has(details[open])"), (c) => c.dataset.key));
  for (const row of valuesInForce(day, getSettings().kv)) {
    const c = card(row, day);
    if (open.has(row.key)) c.querySelector("details")?.setAttribute("open", "");
    box.append(c);
  }
  // The same text as =PRAXIS.DATENSTAND(): an auditor compares it with the figure printed next to a model.
  $("datenstand").textContent = `${s.dataEdition}: ${datenstand()}`;
}

function chartText(): ChartText {
  const s = STRINGS[lang];
  const pct = (m: Marke) => {
    const p = prozent(m);
    return `${p.isNegative() ? "−" : "+"}${num(p.abs().toFixed(1))} %`;
  };
  return {
    euro: (x) => (lang === "de" ? `${num(String(x))} €` : `€${x}`),
    prozent: pct,
    owGeaendert: (m) => s.owChanged(m.quartal, num(m.alt.toString()), num(m.neu.toString()), pct(m)),
    punkteGeaendert: (m) => s.pointsChanged(m.quartal, m.alt.toString(), m.neu.toString(), pct(m)),
    stichtag: s.legendStichtag,
  };
}

function showChart(): void {
  const s = STRINGS[lang];
  const select = $("verlauf-gop") as HTMLSelectElement;
  const chosen = select.value || MAIN_GOPS[0];
  // Titles arrive with the tables' texts; until then a GOP is its number.
  select.replaceChildren(
    ...[...tables().gops.values()].sort((a, b) => a.gop.localeCompare(b.gop)).map((g) => new Option(g.titel ? `${g.gop} – ${g.titel}` : g.gop, g.gop)),
  );
  select.value = chosen;
  const fig = $("verlauf");
  fig.replaceChildren();
  const belegt = orientierungswertBelegt();
  let day: IsoDate | undefined;
  try {
    day = currentStichtag();
  } catch {
    day = undefined;
  }
  let v;
  try {
    if (!belegt) throw new Error(s.none);
    v = verlauf(select.value, belegt.bis);
  } catch (e) {
    fig.append(el("p", message(e), "fehler"));
    return;
  }
  const fees = v.zeilen.filter((z) => z.honorar !== null).map((z) => z.honorar!);
  if (fees.length === 0) {
    fig.append(el("p", s.noFees, "fehler"));
    return;
  }
  const g = geometrie(v, day);
  const t = chartText();
  const min = Decimal.min(...fees);
  const max = Decimal.max(...fees);
  const punkte = v.marken.filter((m) => m.art === "punkte").map((m) => `${m.quartal} ${t.prozent(m)}`).join(", ");
  const ow = v.marken.filter((m) => m.art === "ow").length;
  const first = v.zeilen[0].quartal;
  const last = v.zeilen[v.zeilen.length - 1].quartal;
  fig.append(draw(g, t, "verlauf-svg", s.chartTitle(v.gop, first, last), s.chartDesc(euro(min), euro(max), ow, punkte)));
  const caption = el("figcaption");
  caption.append(el("span", s.chartTitle(v.gop, first, last), "verlauf-titel"));
  const legend = el("ul", undefined, "legende");
  legend.append(el("li", s.legendOw, "legende-ow"), el("li", s.legendPoints, "legende-punkte"));
  if (g.stichtag !== undefined) legend.append(el("li", s.legendStichtag, "legende-stichtag"));
  caption.append(legend);
  // The marked quarters as a table: the same facts for a screen reader, and exact values for everyone.
  const details = el("details", undefined, "aenderungen");
  details.append(el("summary", s.changesTable));
  const table = el("table");
  const head = el("tr");
  for (const h of [s.quarter, s.points, s.ow, s.fee]) head.append(el("th", h));
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  const marked = new Set(v.marken.map((m) => m.index));
  v.zeilen.forEach((z, i) => {
    if (i !== 0 && !marked.has(i) && i !== v.zeilen.length - 1) return;
    const tr = el("tr");
    tr.dataset.quartal = z.quartal;
    const q = el("th", z.quartal);
    q.setAttribute("scope", "row");
    tr.append(q, el("td", z.punkte?.toString() ?? "–"), el("td", num(z.orientierungswert.toString())), el("td", z.honorar ? num(z.honorar.toFixed(2)) : "–"));
    tbody.append(tr);
  });
  table.append(thead, tbody);
  details.append(table);
  caption.append(details);
  fig.append(caption);
}

function showOverrides(): void {
  const s = STRINGS[lang];
  const list = $("eigene-liste");
  list.replaceChildren();
  const overrides = getSettings().overrides ?? [];
  if (overrides.length === 0) list.append(el("li", s.noOverrides));
  overrides.forEach((o, i) => {
    const label = tables().series.get(o.series)?.label ?? o.series;
    const li = el("li", `${label} (${o.series}), ${s.validFrom} ${date(o.valid_from)}: ${num(o.value)}. ${s.source}: ${o.quelle} `, "status-override");
    const remove = fluent("fluent-button", s.remove, { size: "small", appearance: "subtle" });
    remove.addEventListener("click", () => void updateOverrides(overrides.filter((_, j) => j !== i)));
    li.append(remove);
    list.append(li);
  });
  const names = $("reihen");
  if (names.childElementCount === 0) {
    for (const [key, series] of tables().series) {
      const option = el("option");
      option.value = key;
      option.label = series.label;
      names.append(option);
    }
  }
}

/** The catalogue's entries of the language shown, each with its element. */
let shownCatalogue: { eintrag: Eintrag; node: HTMLElement }[] = [];

async function insert(e: Eintrag, status: HTMLElement, code: HTMLElement): Promise<void> {
  const s = STRINGS[lang];
  for (const other of Array.from(document.querySelectorAll<HTMLElement>("#formeln .status"))) if (other !== status) setStatus(other, "", false);
  const { excel } = office();
  if (!excel) {
    // In a browser without Excel the formula is selected, so Ctrl+C copies it.
    window.getSelection()?.selectAllChildren(code);
    setStatus(status, s.noExcel, true);
    return;
  }
  try {
    const where = await insertFormula(excel, e.formel!);
    setStatus(status, s.inserted(e.beispiel!, where), false);
  } catch (err) {
    setStatus(status, s.insertFailed(message(err).replace(/([^.])$/, "$1.")), true);
  }
}

/** A formula as text with a line break allowed after its opening parenthesis and each separator, never inside a name. */
function breakable(formula: string): Node[] {
  return formula.split(/(?<=\(|; |, )/).flatMap((part, i) => (i === 0 ? [document.createTextNode(part)] : [el("wbr"), document.createTextNode(part)]));
}

function catalogueItem(e: Eintrag): HTMLElement {
  const s = STRINGS[lang];
  const item = el("article", undefined, "formel");
  item.id = `formel-${e.id}`;
  item.setAttribute("aria-labelledby", `formel-${e.id}-name`);
  const name = el("h3", undefined, "formel-name");
  name.id = `formel-${e.id}-name`;
  const signature = el("code");
  signature.append(...breakable(e.signatur));
  name.append(signature);
  item.append(name, el("p", e.beschreibung));
  const args = el("details", undefined, "argumente");
  args.append(el("summary", `${s.arguments} (${e.parameter.length})`));
  const params = el("ul");
  for (const p of e.parameter) {
    const li = el("li");
    li.append(el("code", p.name), document.createTextNode(`${p.optional ? ` (${s.optional})` : ""}: ${p.beschreibung}`));
    params.append(li);
  }
  args.append(params);
  const foot = el("div", undefined, "formel-fuss");
  if (e.parameter.length > 0) foot.append(args);
  if (e.beispiel && e.formel) {
    const code = el("code", undefined, "beispiel");
    code.append(el("span", `${s.example}: `, "unsichtbar"), ...breakable(e.beispiel));
    const button = fluent("fluent-button", s.insert, { size: "small", appearance: "outline", "aria-label": s.insertLabel(e.id), class: "einfuegen" });
    const status = el("p", undefined, "status");
    status.setAttribute("role", "status");
    button.addEventListener("click", () => void insert(e, status, code));
    foot.append(button);
    item.append(code, foot, status);
  } else item.append(foot);
  return item;
}

function filterFormulas(): void {
  const s = STRINGS[lang];
  const query = ((document.getElementById("suche") as HTMLInputElement | null)?.value ?? "").trim();
  const hits = new Set(suche(shownCatalogue.map((c) => c.eintrag), query));
  for (const c of shownCatalogue) c.node.hidden = !hits.has(c.eintrag);
  const count = $("formeln-anzahl");
  if (shownCatalogue.length === 0) return;
  setStatus(count, hits.size === 0 ? s.noMatch(query) : s.found(hits.size, shownCatalogue.length), hits.size === 0);
}

async function showFormulas(): Promise<void> {
  const s = STRINGS[lang];
  const box = $("formeln");
  const file = lang === "de" ? "functions.json" : "functions-en.json";
  const shown = lang;
  if (metadata[lang] === undefined) {
    try {
      metadata[lang] = (await (await fetch(file)).json()) as Metadata;
    } catch {
      metadata[lang] = null;
    }
  }
  // The language may have changed while the list was loading.
  if (shown !== lang) return;
  const meta = metadata[lang];
  box.replaceChildren();
  shownCatalogue = [];
  if (!meta) {
    setStatus($("formeln-anzahl"), s.formulasMissing, true);
    return;
  }
  shownCatalogue = katalog(meta, lang, examples as Beispiele).map((eintrag) => ({ eintrag, node: catalogueItem(eintrag) }));
  box.append(...shownCatalogue.map((c) => c.node));
  filterFormulas();
}

function translate(): void {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  const text: Record<string, string> = {
    titel: s.title, "sprache-label": s.language, "wahl-h": s.choice, "wahl-hinweis": s.choiceHint, "kv-label": s.kv,
    "stichtag-label": s.stichtag, uebernehmen: s.apply, "werte-h": s.values, "eigene-h": s.overrides,
    "eigene-hinweis": s.overridesHint, "eigene-reihe-label": s.series, "eigene-ab-label": s.validFrom,
    "eigene-wert-label": s.newValue, "eigene-quelle-label": s.sourceText, hinzufuegen: s.add, "formeln-h": s.formulas,
    "sprung-h": s.nav, "sprung-werte": s.values, "sprung-verlauf": s.chart, "sprung-formeln": s.formulas, "sprung-eigene": s.overrides,
    "verlauf-h": s.chart, "verlauf-hinweis": s.chartHint, "verlauf-gop-label": s.chartGop, "suche-label": s.search,
  };
  for (const [id, t] of Object.entries(text)) $(id).textContent = t;
  ($("stichtag") as HTMLInputElement).placeholder = s.stichtagPlaceholder;
  $("suche").setAttribute("placeholder", s.searchPlaceholder);
  const kv = $("kv") as HTMLSelectElement;
  const chosen = getSettings().kv ?? "";
  kv.replaceChildren();
  kv.append(new Option(s.noKv, ""));
  for (const k of tables().kvs) kv.append(new Option(k.name, k.id));
  kv.value = chosen;
}

/** Everything that depends on the workbook's choice and own values. */
function showState(): void {
  showProblems();
  showOwWarning();
  showValues();
  showChart();
}

function render(): void {
  translate();
  showState();
  showOverrides();
  void showFormulas();
}

async function applyChoice(): Promise<void> {
  const s = STRINGS[lang];
  const status = $("wahl-status");
  const text = ($("stichtag") as HTMLInputElement).value.trim();
  const kv = ($("kv") as HTMLSelectElement).value || undefined;
  try {
    const stichtag = text === "" ? undefined : parseStichtag(/^\d+$/.test(text) ? Number(text) : text);
    const { doc, excel } = office();
    await changeSettings({ stichtag, kv }, doc, excel);
    const kvName = tables().kvs.find((k) => k.id === kv)?.name ?? s.noKv;
    setStatus(status, s.applied(`${kvName}, ${stichtag ? date(stichtag) : s.today}`), false);
  } catch (e) {
    setStatus(status, message(e), true);
  }
  showState();
}

async function updateOverrides(next: Override[]): Promise<boolean> {
  const status = $("eigene-status");
  try {
    const { doc, excel } = office();
    await changeSettings({ overrides: next }, doc, excel);
    setStatus(status, "", false);
    return true;
  } catch (e) {
    setStatus(status, message(e), true);
    return false;
  } finally {
    showState();
    showOverrides();
  }
}

async function addOverride(): Promise<void> {
  const value = (id: string) => ($(id) as HTMLInputElement).value.trim();
  let validFrom: IsoDate;
  try {
    const t = value("eigene-ab");
    validFrom = parseStichtag(/^\d+$/.test(t) ? Number(t) : t);
  } catch (e) {
    setStatus($("eigene-status"), message(e), true);
    return;
  }
  let wert: string;
  try {
    wert = tabellenwertAusText(value("eigene-wert"));
  } catch (e) {
    setStatus($("eigene-status"), message(e), true);
    return;
  }
  const o: Override = { series: value("eigene-reihe"), valid_from: validFrom, value: wert, quelle: value("eigene-quelle") };
  if (await updateOverrides([...(getSettings().overrides ?? []), o])) {
    for (const id of ["eigene-wert", "eigene-quelle"]) ($(id) as HTMLInputElement).value = "";
  }
}

function wire(): void {
  const input = $("stichtag") as HTMLInputElement;
  input.value = getSettings().stichtag ? formatDe(getSettings().stichtag!) : "";
  for (const [id, handler] of [["wahl-form", applyChoice], ["eigene-form", addOverride]] as const) {
    const form = $(id) as HTMLFormElement;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void handler();
    });
    // Should Fluent's chunk not have loaded, its submit button is an unknown element that submits nothing.
    form.querySelector("fluent-button[type=submit]")!.addEventListener("click", () => {
      if (!customElements.get("fluent-button")) form.requestSubmit();
    });
    // Enter in a field submits, as with a native submit button (a Fluent button is none for the browser's implicit submission).
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && ev.target instanceof HTMLInputElement && !ev.isComposing) {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
  }
  $("sprache").addEventListener("change", (ev) => {
    lang = (ev.target as HTMLSelectElement).value === "en" ? "en" : "de";
    // A message about an earlier action would stay in the other language.
    for (const id of ["wahl-status", "eigene-status"]) setStatus($(id), "", false);
    render();
  });
  $("verlauf-gop").addEventListener("change", showChart);
  const search = $("suche") as HTMLInputElement;
  search.addEventListener("input", filterFormulas);
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && search.value !== "") {
      ev.preventDefault();
      search.value = "";
      filterFormulas();
    }
  });
}

async function start(): Promise<void> {
  const { doc, excel } = office();
  try {
    await startWorkbook(doc, excel);
  } catch (e) {
    // Recalculation can fail while Excel is still starting; the restored settings hold regardless.
    console.error(e);
  }
  if (typeof document === "undefined" || !document.getElementById("werte")) return;
  // Fluent's elements come as a chunk of their own, requested only here, where the pane is drawn (a page
  // without it, or the functions, never load them); defined before the first drawing, so nothing shows unstyled.
  try {
    await import(/* webpackChunkName: "fluent" */ "./fluent");
  } catch (e) {
    // Without them the pane still shows everything; its buttons then answer to clicks only.
    console.error(e);
  }
  wire();
  render();
  texteBereit().then(
    () => {
      showValues();
      showChart();
    },
    (e: unknown) => {
      textsProblem = message(e);
      showValues();
    },
  );
}

if (typeof Office !== "undefined") Office.onReady(() => void start());
else if (typeof document !== "undefined") document.addEventListener("DOMContentLoaded", () => void start());
