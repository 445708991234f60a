import { CellResult, germanNumber, isError, provenanceLines, RecalcResult } from "./recalc";
import { escapeXml } from "./xlsx";

/**
 * The audit report of one recalc run as one HTML file: no external assets, no
 * script, printable on A4. Everything from the workbook is escaped; a sheet
 * name or a formula is text, never markup.
 */

/** A value as the report shows it: numbers with every digit of the double, German decimal comma. */
export function shown(v: CellResult["saved"]): string {
  if (v === undefined) return "(kein Wert)";
  if (v === null) return "(leer)";
  if (isError(v)) return v.error;
  if (typeof v === "boolean") return v ? "WAHR" : "FALSCH";
  if (typeof v === "number") return germanNumber(v);
  return v;
}

/** Column widths in percent, so that the formula gets room and the numbers stay readable. */
export function table(head: string[], rows: string[][], widths?: number[]): string {
  const cols = widths ? `<colgroup>${widths.map((w) => `<col style="width:${w}%">`).join("")}</colgroup>` : "";
  return `<table>${cols}<thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

/**
 * Difference and relative difference, shown to 15 significant digits as Excel
 * shows numbers: the difference of two doubles carries binary residue
 * (746,08 − 536,28 = 209,80000000000007) that says nothing about the model.
 * The values themselves are shown with every digit.
 */
function difference(c: CellResult): [string, string] {
  if (typeof c.saved !== "number" || typeof c.recomputed !== "number") return ["", ""];
  const d = c.recomputed - c.saved;
  const rel = c.saved !== 0 ? `${(Math.abs(d / c.saved) * 100).toLocaleString("de-DE", { maximumSignificantDigits: 3 })} %` : "";
  return [germanNumber(Number(d.toPrecision(15))), rel];
}

/** The ERKLAERUNG tables of the cells that differ or err: every step with its table entry, source and status. */
function explanations(r: RecalcResult): string {
  if (r.erklaerungen.length === 0) return none("Keine PRAXIS-Zelle weicht ab oder hat einen Fehler.");
  const cell = (v: string | number | boolean) => (typeof v === "number" ? shown(v) : typeof v === "boolean" ? shown(v) : v);
  const more = r.ohneErklaerung > 0 ? none(`Weitere ${r.ohneErklaerung} Zellen ohne Erklärung; der Bericht erklärt höchstens ${r.erklaerungen.length}.`) : "";
  return `<div class="erklaerung">${
    r.erklaerungen
      .map((e) =>
        e.aufrufe
          .map(({ funktion, zeilen }) => {
            const [head, ...rows] = zeilen;
            const title = `<h3>${escapeXml(`${e.blatt}!${e.zelle}: ${funktion}`)}</h3>`;
            // A call whose arguments already fail gives one error value instead of a table.
            if (rows.length === 0) return `${title}<p>${escapeXml(String(head?.[0] ?? ""))}</p>`;
            return `${title}${table(head.map(String), rows.map((row) => row.map(cell)), [22, 14, 10, 14, 29, 11])}`;
          })
          .join(""),
      )
      .join("")
  }</div>${more}`;
}

export function berichtHtml(r: RecalcResult): string {
  const p = r.provenance;
  const m = r.summary;
  const pick = (keep: Parameters<RecalcResult["cells"]>[0]) => [...r.cells(keep)];
  const cellRows = (cells: CellResult[]) =>
    cells.map((c) => [`${c.sheet}!${c.address}`, `=${c.formula}`, shown(c.saved), shown(c.recomputed), ...difference(c)]);
  const mismatches = pick((s) => s === "mismatch");
  const noise = pick((s) => s === "noise");
  const errors = pick((_s, v) => isError(v));
  const head = ["Zelle", "Formel", "gespeichert", "neu berechnet", "Differenz", "relativ"];
  const verdict = `${m.mismatches} abweichend`;
  const widths = [18, 32, 14, 14, 13, 9];
  return page(
    `Prüfbericht ${p.datei.name}`,
    `${m.cells} Formelzellen: ${m.matches} gleich, ${verdict}, ${m.noise} Rundungsrauschen, ${m.missing} ohne gespeicherten Wert, ${m.unchecked} nicht nachgerechnet; ${m.errors} mit Fehler.`,
    `${section("Herkunft des Laufs", `<pre>${escapeXml(provenanceLines(p).slice(1).map((l) => l.trim()).join("\n"))}</pre>`)}
${section("Befunde", r.befunde.length === 0 ? none("Keine Befunde.") : table(["Zelle", "Befund"], r.befunde.map((b) => [b.blatt !== undefined ? `${b.blatt}!${b.zelle}` : "Mappe", b.grund]), [15, 85]))}
${section("Abweichungen", mismatches.length === 0 ? none("Keine Zelle weicht ab.") : table(head, cellRows(mismatches), widths))}
${section("Nur Rundungsrauschen", noise.length === 0 ? none("Keine.") : table(head, cellRows(noise), widths))}
${section("Fehler und nicht nachgerechnete Zellen", errors.length === 0 ? none("Keine.") : table(["Zelle", "Formel", "Fehler", "Meldung"], errors.map((c) => [`${c.sheet}!${c.address}`, `=${c.formula}`, (c.recomputed as { error: string }).error, (c.recomputed as { message?: string }).message ?? ""]), [15, 30, 10, 45]))}
${section("Erklärungen der PRAXIS-Zellen mit Abweichung oder Fehler", explanations(r))}
`,
  );
}

export const section = (title: string, body: string): string => `<section><h2>${escapeXml(title)}</h2>${body}</section>`;
export const none = (text: string): string => `<p class="leer">${escapeXml(text)}</p>`;

/** The page around a report: one file, no external assets (CSP), A4 print layout. Title and lead are text, the body is markup. */
export function page(title: string, lead: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
@page { size: A4; margin: 15mm; }
body { font: 10pt/1.4 system-ui, sans-serif; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; } h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; } th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; overflow-wrap: normal; hyphens: auto; } tr { break-inside: avoid; } pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: 9pt/1.35 ui-monospace, monospace; }
.urteil { font-size: 12pt; font-weight: bold; } .leer { color: #555; } .erklaerung table { font-size: 8.5pt; }
</style></head><body>
<h1>${escapeXml(title)}</h1>
<p class="urteil">${escapeXml(lead)}</p>
${body}
</body></html>
`;
}
