/* global Office, Excel */
import { tables, texteAusstehend } from "../data/tables";
import { Override } from "../data/overrides";
import { formatDe, IsoDate, parseStichtag } from "../engine/dates";
import { currentStichtag, DocumentSettings, getSettings, settingsProblems } from "../settings/settings";
import examples from "../i18n/functions.en.json";
import { Lang, STRINGS } from "./strings";
import { valuesInForce } from "./values";
import { datenstand } from "../engine/quelle";
import { changeSettings, ExcelApi, startWorkbook } from "./workbook";
import { texteBereit } from "../functions/texte";

/**
 * The task pane: the workbook's KV and Stichtag, the table values in force with
 * source and status, the user's own values, and the formula reference, in
 * German or English. This page is also the shared runtime's page: it restores
 * the workbook's settings on start, before the pane is drawn.
 */

interface Metadata {
  functions: { id: string; description: string; parameters: { name: string; description: string; optional?: boolean }[] }[];
}

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

function num(value: string): string {
  return lang === "de" ? value.replace(".", ",") : value;
}

function date(iso: IsoDate): string {
  return lang === "de" ? formatDe(iso) : iso;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showProblems(): void {
  const list = Object.values(settingsProblems());
  const box = $("problem");
  box.hidden = list.length === 0;
  box.textContent = list.length ? `${STRINGS[lang].storedProblem}: ${list.join(" ")}` : "";
}

/** Why the tables' texts could not be loaded, if they could not. */
let textsProblem: string | undefined;

function showValues(): void {
  const s = STRINGS[lang];
  const table = $("werte");
  table.replaceChildren();
  let day: IsoDate;
  try {
    day = currentStichtag();
  } catch (e) {
    table.append(el("caption", message(e), "fehler"));
    return;
  }
  // Values without their sources are never shown: the pane waits for the texts (or names why they are missing).
  if (texteAusstehend()) {
    table.append(el("caption", textsProblem ?? s.textsLoading, textsProblem ? "fehler" : undefined));
    return;
  }
  const head = el("tr");
  for (const h of ["", s.value, s.status]) head.append(el("th", h));
  table.append(el("caption", `${date(day)}${getSettings().stichtag ? "" : ` (${s.today})`}`), head);
  for (const row of valuesInForce(day, getSettings().kv)) {
    const tr = el("tr");
    tr.dataset.key = row.key;
    tr.append(el("th", row.label));
    const value = el("td");
    value.append(el("span", row.missing !== undefined ? `${s.none} ${row.missing}`.trim() : `${num(row.entry!.value!.toString())} ${row.entry!.unit}`, "wert"));
    if (row.entry) {
      const src = row.entry.source;
      const since = `${s.validFrom} ${date(row.entry.valid_from)}`;
      value.append(el("div", `${s.source}: ${src.titel}${src.datum && src.datum !== "o. J." ? ` (${src.datum})` : ""}${row.entry.fundstelle ? `, ${row.entry.fundstelle}` : ""}; ${since}`, "quelle"));
    }
    const status = row.entry?.status;
    tr.append(value, el("td", status ? s.status_[status] : "–", status ? `status-${status}` : undefined));
    table.append(tr);
  }
  // The same text as =PRAXIS.DATENSTAND(): an auditor compares it with the figure printed next to a model.
  const foot = el("tfoot");
  const tr = el("tr");
  const cell = el("td", `${s.dataEdition}: ${datenstand()}`, "datenstand");
  cell.colSpan = 3;
  tr.append(cell);
  foot.append(tr);
  table.append(foot);
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
    const remove = el("button", s.remove);
    remove.type = "button";
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

async function showFormulas(): Promise<void> {
  const s = STRINGS[lang];
  const box = $("formeln");
  const file = lang === "de" ? "functions.json" : "functions-en.json";
  if (metadata[lang] === undefined) {
    try {
      metadata[lang] = (await (await fetch(file)).json()) as Metadata;
    } catch {
      metadata[lang] = null;
    }
  }
  const meta = metadata[lang];
  box.replaceChildren();
  if (!meta) {
    box.append(el("p", s.formulasMissing, "fehler"));
    return;
  }
  const sep = lang === "de" ? "; " : ", ";
  for (const f of meta.functions) {
    const item = el("div", undefined, "formel");
    item.id = `formel-${f.id}`;
    const args = f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(sep);
    item.append(el("code", `=PRAXIS.${f.id}(${args})`), el("p", f.description));
    const params = el("ul");
    for (const p of f.parameters) params.append(el("li", `${p.name}${p.optional ? ` (${s.optional})` : ""}: ${p.description}`));
    item.append(params);
    const ex = (examples as Record<string, { beispiel: string; example: string }>)[f.id];
    if (ex) item.append(el("p", `${s.example}: ${lang === "de" ? ex.beispiel : ex.example}`));
    box.append(item);
  }
}

function translate(): void {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  const text: Record<string, string> = {
    titel: s.title, "sprache-label": s.language, "wahl-h": s.choice, "wahl-hinweis": s.choiceHint, "kv-label": s.kv,
    "stichtag-label": s.stichtag, uebernehmen: s.apply, "werte-h": s.values, "eigene-h": s.overrides,
    "eigene-hinweis": s.overridesHint, "eigene-reihe-label": s.series, "eigene-ab-label": s.validFrom,
    "eigene-wert-label": s.newValue, "eigene-quelle-label": s.sourceText, hinzufuegen: s.add, "formeln-h": s.formulas,
  };
  for (const [id, t] of Object.entries(text)) $(id).textContent = t;
  ($("stichtag") as HTMLInputElement).placeholder = s.stichtagPlaceholder;
  const kv = $("kv") as HTMLSelectElement;
  const chosen = getSettings().kv ?? "";
  kv.replaceChildren();
  kv.append(new Option(s.noKv, ""));
  for (const k of tables().kvs) kv.append(new Option(k.name, k.id));
  kv.value = chosen;
}

function render(): void {
  translate();
  showProblems();
  showValues();
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
    status.textContent = s.applied(`${kvName}, ${stichtag ? date(stichtag) : s.today}`);
    status.className = "";
  } catch (e) {
    status.textContent = message(e);
    status.className = "fehler";
  }
  showProblems();
  showValues();
}

async function updateOverrides(next: Override[]): Promise<boolean> {
  const status = $("eigene-status");
  try {
    const { doc, excel } = office();
    await changeSettings({ overrides: next }, doc, excel);
    status.textContent = "";
    status.className = "";
    return true;
  } catch (e) {
    status.textContent = message(e);
    status.className = "fehler";
    return false;
  } finally {
    showProblems();
    showValues();
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
    $("eigene-status").textContent = message(e);
    $("eigene-status").className = "fehler";
    return;
  }
  const o: Override = { series: value("eigene-reihe"), valid_from: validFrom, value: value("eigene-wert").replace(",", "."), quelle: value("eigene-quelle") };
  if (await updateOverrides([...(getSettings().overrides ?? []), o])) {
    for (const id of ["eigene-wert", "eigene-quelle"]) ($(id) as HTMLInputElement).value = "";
  }
}

function wire(): void {
  const input = $("stichtag") as HTMLInputElement;
  input.value = getSettings().stichtag ? formatDe(getSettings().stichtag!) : "";
  $("wahl-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void applyChoice();
  });
  $("eigene-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    void addOverride();
  });
  $("sprache").addEventListener("change", (ev) => {
    lang = (ev.target as HTMLSelectElement).value === "en" ? "en" : "de";
    render();
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
  wire();
  render();
  texteBereit().then(showValues, (e: unknown) => {
    textsProblem = message(e);
    showValues();
  });
}

if (typeof Office !== "undefined") Office.onReady(() => void start());
else if (typeof document !== "undefined") document.addEventListener("DOMContentLoaded", () => void start());
