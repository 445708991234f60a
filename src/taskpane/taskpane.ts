/* global Office */
import { PRAXIS } from "../api/praxis";
import { tables } from "../data/tables";
import { formatDe, parseStichtag } from "../engine/dates";
import { EngineError } from "../engine/errors";
import { currentStichtag, getSettings, setSettings } from "../settings/settings";

/**
 * Minimal task pane: choose the workbook's Stichtag and look up the formulas.
 * The fuller pane (KV region, overrides, recalculation, English) is its own issue.
 */

const SETTINGS_KEY = "honorar.stichtag";

interface Metadata {
  functions: { id: string; description: string; parameters: { name: string; description: string; optional?: boolean }[] }[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function showValues(): void {
  const list = document.getElementById("werte")!;
  list.replaceChildren();
  const date = currentStichtag();
  const rows: [string, () => string][] = [
    ["Stichtag", () => formatDe(date) + (getSettings().stichtag ? "" : " (heute)")],
    ["Orientierungswert", () => `${PRAXIS.EBM_PUNKTWERT.run([date])} ct/Punkt`],
    ["35401 Einzeltherapie", () => `${PRAXIS.EBM_PUNKTE.run(["35401", date])} Punkte`],
    ["GOÄ-Punktwert", () => `${tables().goaePunktwert.at(date)?.value?.toString() ?? "–"} ct/Punkt`],
  ];
  for (const [label, value] of rows) {
    list.append(el("dt", label));
    try {
      list.append(el("dd", value()));
    } catch (e) {
      list.append(el("dd", e instanceof EngineError ? e.message : String(e), "fehler"));
    }
  }
}

async function showFormulas(): Promise<void> {
  const box = document.getElementById("formeln")!;
  try {
    const meta = (await (await fetch("functions.json")).json()) as Metadata;
    for (const f of meta.functions) {
      const item = el("div", undefined, "formel");
      const args = f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join("; ");
      item.append(el("code", `=PRAXIS.${f.id}(${args})`), el("p", f.description));
      for (const p of f.parameters) item.append(el("p", `${p.name}: ${p.description}`));
      box.append(item);
    }
  } catch {
    box.append(el("p", "Formelliste nicht verfügbar.", "fehler"));
  }
}

function applyStichtag(text: string): void {
  const status = document.getElementById("stichtag-status")!;
  try {
    const iso = text.trim() === "" ? undefined : parseStichtag(/^\d+$/.test(text.trim()) ? Number(text) : text);
    setSettings({ stichtag: iso });
    status.textContent = iso ? `Stichtag ${formatDe(iso)} gesetzt.` : "Stichtag: heute.";
    status.className = "";
    if (typeof Office !== "undefined" && Office.context?.document?.settings) {
      Office.context.document.settings.set(SETTINGS_KEY, iso ?? null);
      Office.context.document.settings.saveAsync();
    }
  } catch (e) {
    status.textContent = e instanceof EngineError ? e.message : String(e);
    status.className = "fehler";
  }
  showValues();
}

function start(): void {
  const stored = typeof Office !== "undefined" ? Office.context?.document?.settings?.get(SETTINGS_KEY) : undefined;
  if (typeof stored === "string") {
    try {
      setSettings({ stichtag: parseStichtag(stored) });
    } catch {
      // A stored value that no longer parses is ignored; the pane shows today's date instead.
    }
  }
  const form = document.getElementById("stichtag-form") as HTMLFormElement;
  const input = document.getElementById("stichtag") as HTMLInputElement;
  input.value = getSettings().stichtag ? formatDe(getSettings().stichtag!) : "";
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    applyStichtag(input.value);
  });
  showValues();
  void showFormulas();
}

if (typeof Office !== "undefined") Office.onReady(() => start());
else document.addEventListener("DOMContentLoaded", start);
